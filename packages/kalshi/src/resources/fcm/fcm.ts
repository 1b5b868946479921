/**
 * kalshi.fcm — endpoints for FCM members acting for their subtraders (/fcm/...).
 *   fills       -> GetFCMFills (paginated)
 *   orders      -> GetFCMOrders (paginated)
 *   positions   -> GetFCMPositions (paginated)
 *   subtraders.* see subtraders.ts
 */
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import type { RequestOptions } from '../../internal/request.js';
import type { ListParams, ResponseOf, Schema } from '../types.js';
import { Subtraders } from './subtraders.js';

export class Fcm extends APIResource {
  readonly subtraders = new Subtraders(this.client);

  fills(params?: ListParams<'GetFCMFills'>, options?: RequestOptions): PagePromise<ResponseOf<'GetFCMFills'>, Schema<'FcmFill'>> {
    return this.client.paginate('GetFCMFills', { query: params }, (page: ResponseOf<'GetFCMFills'>) => page.fills, options);
  }

  orders(params?: ListParams<'GetFCMOrders'>, options?: RequestOptions): PagePromise<ResponseOf<'GetFCMOrders'>, Schema<'Order'>> {
    return this.client.paginate('GetFCMOrders', { query: params }, (page: ResponseOf<'GetFCMOrders'>) => page.orders, options);
  }

  /** Market positions across pages; each page also carries `event_positions`. */
  positions(
    params?: ListParams<'GetFCMPositions'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetFCMPositions'>, Schema<'MarketPosition'>> {
    return this.client.paginate('GetFCMPositions', { query: params }, (page: ResponseOf<'GetFCMPositions'>) => page.market_positions, options);
  }
}
