import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../internal/request.js';
import type { ListParams, QueryOf, ResponseOf, Schema } from './types.js';

export class Portfolio extends APIResource {
  balance(params?: QueryOf<'GetBalance'>, options?: RequestOptions): APIPromise<ResponseOf<'GetBalance'>> {
    return this.client.call('GetBalance', () => ({ query: params }), options);
  }

  /** Market positions across pages; each page also carries `event_positions`. */
  positions(
    params?: ListParams<'GetPositions'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetPositions'>, Schema<'MarketPosition'>> {
    return this.client.paginate('GetPositions', { query: params }, (page: ResponseOf<'GetPositions'>) => page.market_positions, options);
  }

  fills(params?: ListParams<'GetFills'>, options?: RequestOptions): PagePromise<ResponseOf<'GetFills'>, Schema<'Fill'>> {
    return this.client.paginate('GetFills', { query: params }, (page: ResponseOf<'GetFills'>) => page.fills, options);
  }

  settlements(
    params?: ListParams<'GetSettlements'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetSettlements'>, Schema<'Settlement'>> {
    return this.client.paginate('GetSettlements', { query: params }, (page: ResponseOf<'GetSettlements'>) => page.settlements, options);
  }
}
