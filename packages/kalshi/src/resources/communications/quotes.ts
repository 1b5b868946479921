/**
 * kalshi.communications.quotes — /communications/quotes...
 *   list    -> GetQuotes (paginated)
 *   create  -> CreateQuote
 *   get     -> GetQuote      (deprecated: rfqs.quotes.get)
 *   delete  -> DeleteQuote   (deprecated: rfqs.quotes.delete)
 *   accept  -> AcceptQuote   (deprecated: rfqs.quotes.accept)
 *   confirm -> ConfirmQuote  (deprecated: rfqs.quotes.confirm)
 */
import type { APIPromise } from '../../core/api-promise.js';
import { ValidationError } from '../../core/errors.js';
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import { toQuotePrice } from '../../internal/amounts.js';
import { path } from '../../internal/path.js';
import type { RequestOptions } from '../../internal/request.js';
import { OUTCOME_SIDES, requireBoolean, requireOneOf, requireString } from '../../internal/validate.js';
import type { BodyOf, ListParams, ResponseOf, Schema } from '../types.js';

export class Quotes extends APIResource {
  list(params?: ListParams<'GetQuotes'>, options?: RequestOptions): PagePromise<ResponseOf<'GetQuotes'>, Schema<'Quote'>> {
    return this.client.paginate('GetQuotes', { query: params }, (page: ResponseOf<'GetQuotes'>) => page.quotes, options);
  }

  /**
   * Answers an RFQ with a YES and a NO bid, each a price in dollars; "0" declines that side,
   * but not both. A new quote on the same RFQ replaces your previous one.
   */
  create(params: BodyOf<'CreateQuote'>, options?: RequestOptions): APIPromise<ResponseOf<'CreateQuote'>> {
    return this.client.call(
      'CreateQuote',
      () => {
        requireString(params?.rfq_id, 'rfq_id');
        requireBoolean(params.rest_remainder, 'rest_remainder');
        const yes = toQuotePrice(params.yes_bid, 'yes_bid');
        const no = toQuotePrice(params.no_bid, 'no_bid');
        if (yes === '0' && no === '0') throw new ValidationError('yes_bid', 'yes_bid and no_bid are both 0; quote at least one side');
        return { body: { ...params, yes_bid: yes, no_bid: no } };
      },
      options,
    );
  }

  /** @deprecated Kalshi deprecated the quote-only path; use `communications.rfqs.quotes.get(rfqId, quoteId)`. */
  get(quoteId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetQuote'>> {
    return this.client.call('GetQuote', () => ({ path: path`/communications/quotes/${quoteId}` }), options);
  }

  /** @deprecated Kalshi deprecated the quote-only path; use `communications.rfqs.quotes.delete(rfqId, quoteId)`. */
  delete(quoteId: string, options?: RequestOptions): APIPromise<ResponseOf<'DeleteQuote'>> {
    return this.client.call('DeleteQuote', () => ({ path: path`/communications/quotes/${quoteId}` }), options);
  }

  /** @deprecated Kalshi deprecated the quote-only path; use `communications.rfqs.quotes.accept(rfqId, quoteId, params)`. */
  accept(quoteId: string, params: BodyOf<'AcceptQuote'>, options?: RequestOptions): APIPromise<ResponseOf<'AcceptQuote'>> {
    return this.client.call(
      'AcceptQuote',
      () => ({
        path: path`/communications/quotes/${quoteId}/accept`,
        body: { accepted_side: requireOneOf(params?.accepted_side, OUTCOME_SIDES, 'accepted_side') },
      }),
      options,
    );
  }

  /** @deprecated Kalshi deprecated the quote-only path; use `communications.rfqs.quotes.confirm(rfqId, quoteId)`. */
  confirm(quoteId: string, options?: RequestOptions): APIPromise<ResponseOf<'ConfirmQuote'>> {
    return this.client.call('ConfirmQuote', () => ({ path: path`/communications/quotes/${quoteId}/confirm`, body: {} }), options);
  }
}
