/**
 * kalshi.communications — RFQs, quotes and block trades (/communications/...).
 *   id                        -> GetCommunicationsID
 *   rfqs.list|get|create|delete             see rfqs.ts
 *   rfqs.quotes.get|delete|accept|confirm   see rfq-quotes.ts (the live per-RFQ quote paths)
 *   quotes.list|create                       see quotes.ts
 *   quotes.get|delete|accept|confirm         deprecated quote-only paths, see quotes.ts
 *   blockTradeProposals.list|create|accept  see block-trade-proposals.ts
 */
import type { APIPromise } from '../../core/api-promise.js';
import { APIResource } from '../../core/resource.js';
import type { RequestOptions } from '../../internal/request.js';
import type { ResponseOf } from '../types.js';
import { BlockTradeProposals } from './block-trade-proposals.js';
import { Quotes } from './quotes.js';
import { Rfqs } from './rfqs.js';

export class Communications extends APIResource {
  readonly rfqs = new Rfqs(this.client);
  readonly quotes = new Quotes(this.client);
  readonly blockTradeProposals = new BlockTradeProposals(this.client);

  /** Your public communications id: how other users see you on RFQs and quotes. */
  id(options?: RequestOptions): APIPromise<ResponseOf<'GetCommunicationsID'>> {
    return this.client.call('GetCommunicationsID', {}, options);
  }
}
