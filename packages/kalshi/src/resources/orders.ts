import type { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { toRequestCount, toRequestPrice } from '../core/fixed-point.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireOneOf, requireString, requireTicker } from '../internal/validate.js';
import type { BodyOf, ListParams, QueryOf, ResponseOf, Schema } from './types.js';

type CreateBody = BodyOf<'CreateOrderV2'>;

/** A V2 order: `count` may also be a whole number of contracts; `client_order_id` is filled in when left out. */
export type OrderCreateParams = Omit<CreateBody, 'count' | 'client_order_id'> & {
  count: string | number;
  client_order_id?: string;
};

/** The body fields, plus the `subaccount` query parameter, in one object. */
export type OrderAmendParams = Omit<BodyOf<'AmendOrderV2'>, 'count'> & { count: string | number } & QueryOf<'AmendOrderV2'>;

/** `reduce_to: 0` cancels what is left. */
export type OrderDecreaseParams = Omit<BodyOf<'DecreaseOrderV2'>, 'reduce_by' | 'reduce_to'> &
  QueryOf<'DecreaseOrderV2'> &
  ({ reduce_by: string | number; reduce_to?: never } | { reduce_to: string | number; reduce_by?: never });

const SIDES = ['bid', 'ask'] as const;
const TIME_IN_FORCE = ['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel'] as const;
const STP = ['taker_at_cross', 'maker'] as const;

export class Orders extends APIResource {
  list(params?: ListParams<'GetOrders'>, options?: RequestOptions): PagePromise<ResponseOf<'GetOrders'>, Schema<'Order'>> {
    return this.client.paginate('GetOrders', { query: params }, (page: ResponseOf<'GetOrders'>) => page.orders, options);
  }

  get(orderId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetOrder'>> {
    return this.client.call('GetOrder', () => ({ path: path`/portfolio/orders/${orderId}` }), options);
  }

  queuePositions(params?: QueryOf<'GetOrderQueuePositions'>, options?: RequestOptions): APIPromise<ResponseOf<'GetOrderQueuePositions'>> {
    return this.client.call('GetOrderQueuePositions', () => ({ query: params }), options);
  }

  queuePosition(orderId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetOrderQueuePosition'>> {
    return this.client.call('GetOrderQueuePosition', () => ({ path: path`/portfolio/orders/${orderId}/queue_position` }), options);
  }

  /**
   * Places an order. The client_order_id is chosen once, before the first attempt, so a retry after
   * a lost response can never create a second order; it is on the result and on any error.
   */
  create(params: OrderCreateParams, options?: RequestOptions): APIPromise<ResponseOf<'CreateOrderV2'>> {
    return this.client.call(
      'CreateOrderV2',
      () => {
        const body = normalizeCreate(params, 'order');
        return { body, idempotent: true, clientOrderId: body.client_order_id };
      },
      options,
    );
  }

  /** Places up to the tier's batch size at once; each item answers with its own order or error. */
  batchCreate(params: { orders: OrderCreateParams[] }, options?: RequestOptions): APIPromise<ResponseOf<'BatchCreateOrdersV2'>> {
    return this.client.call(
      'BatchCreateOrdersV2',
      () => {
        const orders = nonEmpty(params?.orders).map((order, i) => normalizeCreate(order, `orders[${i}]`));
        return { body: { orders }, idempotent: true, items: orders.length };
      },
      options,
    );
  }

  cancel(orderId: string, params?: QueryOf<'CancelOrderV2'>, options?: RequestOptions): APIPromise<ResponseOf<'CancelOrderV2'>> {
    return this.client.call(
      'CancelOrderV2',
      () => {
        if (params?.market_ticker !== undefined) requireTicker(params.market_ticker, 'market_ticker');
        return { path: path`/portfolio/events/orders/${orderId}`, query: params };
      },
      options,
    );
  }

  batchCancel(params: BodyOf<'BatchCancelOrdersV2'>, options?: RequestOptions): APIPromise<ResponseOf<'BatchCancelOrdersV2'>> {
    return this.client.call(
      'BatchCancelOrdersV2',
      () => {
        nonEmpty(params?.orders).forEach((order, i) => {
          requireString(order?.order_id, `orders[${i}].order_id`);
          if (order.market_ticker !== undefined) requireTicker(order.market_ticker, `orders[${i}].market_ticker`);
        });
        return { body: params, items: params.orders.length };
      },
      options,
    );
  }

  /** Cancels every resting order (of one subaccount when given). */
  cancelAll(params?: QueryOf<'CancelAllOrders'>, options?: RequestOptions): APIPromise<ResponseOf<'CancelAllOrders'>> {
    return this.client.call('CancelAllOrders', () => ({ query: params }), options);
  }

  /** `count` is the new total: already filled plus the desired remainder. */
  amend(orderId: string, params: OrderAmendParams, options?: RequestOptions): APIPromise<ResponseOf<'AmendOrderV2'>> {
    return this.client.call(
      'AmendOrderV2',
      () => {
        if (!params || typeof params !== 'object') throw new ValidationError('params', 'must be an object with ticker, side, price and count');
        return {
          path: path`/portfolio/events/orders/${orderId}/amend`,
          query: subaccountQuery(params),
          body: {
            ...withoutSubaccount(params),
            ticker: requireTicker(params.ticker, 'ticker'),
            side: requireOneOf(params.side, SIDES, 'side'),
            price: toRequestPrice(params.price, 'price'),
            count: toRequestCount(params.count, 'count'),
          },
        };
      },
      options,
    );
  }

  /** Exactly one of `reduce_by` (contracts to remove) or `reduce_to` (contracts left). */
  decrease(orderId: string, params: OrderDecreaseParams, options?: RequestOptions): APIPromise<ResponseOf<'DecreaseOrderV2'>> {
    return this.client.call(
      'DecreaseOrderV2',
      () => {
        const hasBy = params?.reduce_by !== undefined;
        if (hasBy === (params?.reduce_to !== undefined)) throw new ValidationError('reduce_by', 'give exactly one of reduce_by or reduce_to');
        const body = withoutSubaccount(params) as BodyOf<'DecreaseOrderV2'>;
        if (hasBy) body.reduce_by = toRequestCount(params.reduce_by!, 'reduce_by');
        else body.reduce_to = toRequestCount(params.reduce_to!, 'reduce_to', { allowZero: true });
        return { path: path`/portfolio/events/orders/${orderId}/decrease`, query: subaccountQuery(params), body };
      },
      options,
    );
  }
}

// Amend and decrease take `subaccount` in the query string while everything else is body.
function subaccountQuery(params: { subaccount?: number } | undefined) {
  return params?.subaccount === undefined ? undefined : { subaccount: params.subaccount };
}

function withoutSubaccount<T extends { subaccount?: number }>(params: T): Omit<T, 'subaccount'> {
  const { subaccount: _subaccount, ...rest } = params;
  return rest;
}

function nonEmpty<T>(items: T[] | undefined): T[] {
  if (!Array.isArray(items) || items.length === 0) throw new ValidationError('orders', 'must be a non-empty array');
  return items;
}

function normalizeCreate(params: OrderCreateParams, where: string): CreateBody & { client_order_id: string } {
  if (!params || typeof params !== 'object') throw new ValidationError(where, 'must be an object');
  const field = (name: string) => (where === 'order' ? name : `${where}.${name}`);
  const timeInForce = requireOneOf(params.time_in_force, TIME_IN_FORCE, field('time_in_force'));
  if (params.expiration_time !== undefined && timeInForce !== 'good_till_canceled') {
    throw new ValidationError(field('expiration_time'), 'is only valid with time_in_force good_till_canceled');
  }
  if (params.reduce_only && timeInForce !== 'immediate_or_cancel') {
    throw new ValidationError(field('reduce_only'), 'is only accepted with time_in_force immediate_or_cancel');
  }
  return {
    ...params,
    ticker: requireTicker(params.ticker, field('ticker')),
    side: requireOneOf(params.side, SIDES, field('side')),
    count: toRequestCount(params.count, field('count')),
    price: toRequestPrice(params.price, field('price')),
    time_in_force: timeInForce,
    self_trade_prevention_type: requireOneOf(params.self_trade_prevention_type, STP, field('self_trade_prevention_type')),
    client_order_id: params.client_order_id ?? globalThis.crypto.randomUUID(),
  };
}
