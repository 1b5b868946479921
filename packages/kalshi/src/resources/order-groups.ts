/**
 * kalshi.orderGroups — GET/POST/PUT/DELETE /portfolio/order_groups...
 *   list        -> GetOrderGroups
 *   get         -> GetOrderGroup
 *   create      -> CreateOrderGroup
 *   delete      -> DeleteOrderGroup
 *   reset       -> ResetOrderGroup
 *   trigger     -> TriggerOrderGroup
 *   updateLimit -> UpdateOrderGroupLimit
 */
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { countPair } from '../internal/amounts.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

/** `contracts_limit_fp` may also be given as a whole number of contracts. */
export type OrderGroupCreateParams = Omit<BodyOf<'CreateOrderGroup'>, 'contracts_limit_fp'> & { contracts_limit_fp?: string | number };
export type OrderGroupLimitParams = Omit<BodyOf<'UpdateOrderGroupLimit'>, 'contracts_limit_fp'> &
  QueryOf<'UpdateOrderGroupLimit'> & { contracts_limit_fp?: string | number };

export class OrderGroups extends APIResource {
  /** Not paginated: the response carries every group at once. */
  list(params?: QueryOf<'GetOrderGroups'>, options?: RequestOptions): APIPromise<ResponseOf<'GetOrderGroups'>> {
    return this.client.call('GetOrderGroups', () => ({ query: params }), options);
  }

  get(orderGroupId: string, params?: QueryOf<'GetOrderGroup'>, options?: RequestOptions): APIPromise<ResponseOf<'GetOrderGroup'>> {
    return this.client.call('GetOrderGroup', () => ({ path: path`/portfolio/order_groups/${orderGroupId}`, query: params }), options);
  }

  /** The limit counts contracts matched over a rolling 15 s; give `contracts_limit` or `contracts_limit_fp`. */
  create(params: OrderGroupCreateParams, options?: RequestOptions): APIPromise<ResponseOf<'CreateOrderGroup'>> {
    return this.client.call('CreateOrderGroup', () => ({ body: withLimit(params) }), options);
  }

  delete(orderGroupId: string, params?: QueryOf<'DeleteOrderGroup'>, options?: RequestOptions): APIPromise<ResponseOf<'DeleteOrderGroup'>> {
    return this.client.call('DeleteOrderGroup', () => ({ path: path`/portfolio/order_groups/${orderGroupId}`, query: params }), options);
  }

  /** Lets a triggered group take orders again. */
  reset(orderGroupId: string, params?: QueryOf<'ResetOrderGroup'>, options?: RequestOptions): APIPromise<ResponseOf<'ResetOrderGroup'>> {
    return this.client.call(
      'ResetOrderGroup',
      () => ({ path: path`/portfolio/order_groups/${orderGroupId}/reset`, query: params, body: {} }),
      options,
    );
  }

  /** Trips the group by hand: its orders are cancelled and new ones refused until `reset`. */
  trigger(orderGroupId: string, params?: QueryOf<'TriggerOrderGroup'>, options?: RequestOptions): APIPromise<ResponseOf<'TriggerOrderGroup'>> {
    return this.client.call(
      'TriggerOrderGroup',
      () => ({ path: path`/portfolio/order_groups/${orderGroupId}/trigger`, query: params, body: {} }),
      options,
    );
  }

  /**
   * Sets the limit (a new value, not a change), so a retry after a lost response is harmless.
   * `subaccount` and `exchange_index` go to the query string, the limit to the body.
   */
  updateLimit(orderGroupId: string, params: OrderGroupLimitParams, options?: RequestOptions): APIPromise<ResponseOf<'UpdateOrderGroupLimit'>> {
    return this.client.call(
      'UpdateOrderGroupLimit',
      () => {
        const { subaccount, exchange_index, ...body } = params ?? {};
        return {
          path: path`/portfolio/order_groups/${orderGroupId}/limit`,
          query: { subaccount, exchange_index },
          body: withLimit(body),
          idempotent: true,
        };
      },
      options,
    );
  }
}

function withLimit<T extends { contracts_limit?: number; contracts_limit_fp?: string | number }>(params: T): T & { contracts_limit_fp?: string } {
  const fixed = countPair(params?.contracts_limit, params?.contracts_limit_fp, {
    whole: 'contracts_limit', fixed: 'contracts_limit_fp', required: true,
  });
  return { ...params, contracts_limit_fp: fixed };
}
