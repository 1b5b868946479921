/**
 * kalshi.communications.rfqs — /communications/rfqs...
 *   list   -> GetRFQs (paginated)
 *   get    -> GetRFQ
 *   create -> CreateRFQ
 *   delete -> DeleteRFQ
 *   quotes -> see rfq-quotes.ts
 */
import type { APIPromise } from '../../core/api-promise.js';
import { ValidationError } from '../../core/errors.js';
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import { countPair, toRequestDollars } from '../../internal/amounts.js';
import { path } from '../../internal/path.js';
import type { RequestOptions } from '../../internal/request.js';
import { requireBoolean, requireInteger, requireTicker } from '../../internal/validate.js';
import type { BodyOf, ListParams, ResponseOf, Schema } from '../types.js';
import { RfqQuotes } from './rfq-quotes.js';

/** `contracts_fp` may also be a whole number of contracts. */
export type RfqCreateParams = Omit<BodyOf<'CreateRFQ'>, 'contracts_fp'> & { contracts_fp?: string | number };

export class Rfqs extends APIResource {
  readonly quotes = new RfqQuotes(this.client);

  list(params?: ListParams<'GetRFQs'>, options?: RequestOptions): PagePromise<ResponseOf<'GetRFQs'>, Schema<'RFQ'>> {
    return this.client.paginate('GetRFQs', { query: params }, (page: ResponseOf<'GetRFQs'>) => page.rfqs, options);
  }

  get(rfqId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetRFQ'>> {
    return this.client.call('GetRFQ', () => ({ path: path`/communications/rfqs/${rfqId}` }), options);
  }

  /**
   * Asks makers for quotes on one market. Size it by contracts (`contracts_fp` or `contracts`)
   * or by money (`target_cost_dollars`), exactly one of the two.
   */
  create(params: RfqCreateParams, options?: RequestOptions): APIPromise<ResponseOf<'CreateRFQ'>> {
    return this.client.call('CreateRFQ', () => ({ body: normalizeRfq(params) }), options);
  }

  delete(rfqId: string, options?: RequestOptions): APIPromise<ResponseOf<'DeleteRFQ'>> {
    return this.client.call('DeleteRFQ', () => ({ path: path`/communications/rfqs/${rfqId}` }), options);
  }
}

function normalizeRfq(params: RfqCreateParams): BodyOf<'CreateRFQ'> {
  requireBoolean(params?.rest_remainder, 'rest_remainder');
  const contracts = countPair(params.contracts, params.contracts_fp, { whole: 'contracts', fixed: 'contracts_fp', required: false });
  const bySize = params.contracts !== undefined || contracts !== undefined;
  const byCost = params.target_cost_dollars !== undefined || params.target_cost_centi_cents !== undefined;
  if (bySize === byCost) {
    throw new ValidationError('contracts_fp', 'size the RFQ by exactly one of contracts_fp (or contracts) and target_cost_dollars');
  }
  if (params.target_cost_excludes_fees !== undefined && !byCost) {
    throw new ValidationError('target_cost_excludes_fees', 'only applies to an RFQ sized by target_cost_dollars');
  }
  const body: BodyOf<'CreateRFQ'> = { ...params, market_ticker: requireTicker(params.market_ticker, 'market_ticker'), contracts_fp: contracts };
  if (params.target_cost_dollars !== undefined) {
    body.target_cost_dollars = toRequestDollars(params.target_cost_dollars, 'target_cost_dollars', { allowZero: false });
  }
  if (params.target_cost_centi_cents !== undefined) requireInteger(params.target_cost_centi_cents, 'target_cost_centi_cents', 1);
  return body;
}
