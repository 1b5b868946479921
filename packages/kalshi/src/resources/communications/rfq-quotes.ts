/**
 * kalshi.communications.rfqs.quotes — one quote addressed through its RFQ
 * (/communications/rfqs/{rfq_id}/quotes/{quote_id}...). These replace the deprecated quote-only
 * paths on kalshi.communications.quotes.
 *   get     -> GetRFQQuote
 *   delete  -> DeleteRFQQuote
 *   accept  -> AcceptRFQQuote
 *   confirm -> ConfirmRFQQuote
 */
import type { APIPromise } from '../../core/api-promise.js';
import { APIResource } from '../../core/resource.js';
import { path } from '../../internal/path.js';
import type { RequestOptions } from '../../internal/request.js';
import { OUTCOME_SIDES, requireOneOf } from '../../internal/validate.js';
import type { BodyOf, ResponseOf } from '../types.js';

export class RfqQuotes extends APIResource {
  get(rfqId: string, quoteId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetRFQQuote'>> {
    return this.client.call('GetRFQQuote', () => ({ path: path`/communications/rfqs/${rfqId}/quotes/${quoteId}` }), options);
  }

  delete(rfqId: string, quoteId: string, options?: RequestOptions): APIPromise<ResponseOf<'DeleteRFQQuote'>> {
    return this.client.call('DeleteRFQQuote', () => ({ path: path`/communications/rfqs/${rfqId}/quotes/${quoteId}` }), options);
  }

  /** The RFQ creator takes one side of a quote; the maker must then `confirm` it. */
  accept(rfqId: string, quoteId: string, params: BodyOf<'AcceptRFQQuote'>, options?: RequestOptions): APIPromise<ResponseOf<'AcceptRFQQuote'>> {
    return this.client.call(
      'AcceptRFQQuote',
      () => ({
        path: path`/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`,
        body: { accepted_side: requireOneOf(params?.accepted_side, OUTCOME_SIDES, 'accepted_side') },
      }),
      options,
    );
  }

  /** The maker commits to an accepted quote; execution follows after Kalshi's timer. */
  confirm(rfqId: string, quoteId: string, options?: RequestOptions): APIPromise<ResponseOf<'ConfirmRFQQuote'>> {
    return this.client.call(
      'ConfirmRFQQuote',
      () => ({ path: path`/communications/rfqs/${rfqId}/quotes/${quoteId}/confirm`, body: {} }),
      options,
    );
  }
}
