import type { AmendRequest, DecreaseRequest, EngineError, OpResult, PlaceOrderRequest } from '../../engine/index.js';
import { checkOrderGroup } from '../../order-groups/index.js';
import { invalidParameters } from '../../server/errors.js';
import type { Handlers, SuccessBodyOf } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { countFp } from '../../wire/index.js';
import { itemError } from './errors.js';
import { checkExchangeIndex, expirationMs, orderRefusal, parseCount, parsePrice, parseSubaccount, placeRequest, type CreateBody } from './inputs.js';
import { ownOrder, runOp, summarizeFills, summarizeOrder, userOf } from './shared.js';

type CreateResult = SuccessBodyOf<'CreateOrderV2'>;
type BatchCreateItem = SuccessBodyOf<'BatchCreateOrdersV2'>['orders'][number];
type BatchCancelItem = SuccessBodyOf<'BatchCancelOrdersV2'>['orders'][number];

/** Places one order; a client_order_id repeat comes back as the first order, unchanged. */
function place(exchange: ExchangeState, user: string, body: CreateBody): CreateResult {
  const req: PlaceOrderRequest = placeRequest(body, exchange.clock.now());
  const scope = { user, sub: req.subaccount ?? 0, ticker: req.ticker, price: body.price };
  // A group must exist, be the placer's own and not be triggered (order-groups/service.ts).
  if (req.orderGroupId !== undefined) checkOrderGroup(exchange, user, scope.sub, req.orderGroupId);
  const result = runOp(exchange, (e) => e.placeOrder(user, req), (err) => orderRefusal(err, exchange.trading.engine, scope));
  const o = result.order!;
  const summary = result.duplicate ? summarizeOrder(o) : summarizeFills(result.fills, o.id);
  const out: CreateResult = {
    order_id: o.id,
    fill_count: countFp(summary.count),
    remaining_count: countFp(o.remainingCount),
    ts_ms: result.ts,
  };
  if (o.clientOrderId !== undefined) out.client_order_id = o.clientOrderId;
  if (summary.averagePrice !== undefined) out.average_fill_price = summary.averagePrice;
  if (summary.averageFee !== undefined) out.average_fee_paid = summary.averageFee;
  return out;
}

function cancelOne(exchange: ExchangeState, user: string, orderId: string, scope: { sub?: number | undefined; ticker?: string | undefined }) {
  const o = ownOrder(exchange.trading.engine, user, orderId, scope);
  const result: OpResult = runOp(exchange, (e) => e.cancelOrder(user, o.id));
  return { order: o, reducedBy: result.reducedBy ?? 0, ts: result.ts };
}

export const orderWriteHandlers: Handlers = {
  CreateOrderV2: ({ exchange, body, auth }) => ({ status: 201, body: place(exchange, userOf(auth), body!) }),

  // Each item is its own atomic operation: one refused item changes nothing and stops nothing.
  BatchCreateOrdersV2: ({ exchange, body, auth }) => {
    const user = userOf(auth);
    const orders = body!.orders.map((item): BatchCreateItem => {
      try {
        // The create result is exactly an item's success shape.
        return place(exchange, user, item);
      } catch (err) {
        return { client_order_id: item.client_order_id ?? null, error: itemError(err) };
      }
    });
    return { status: 201, body: { orders } };
  },

  CancelOrderV2: ({ exchange, params, query, auth }) => {
    checkExchangeIndex(query.exchange_index);
    const sub = parseSubaccount(query.subaccount);
    const { order, reducedBy, ts } = cancelOne(exchange, userOf(auth), params.order_id, { sub, ticker: query.market_ticker });
    const body: SuccessBodyOf<'CancelOrderV2'> = { order_id: order.id, reduced_by: countFp(reducedBy), ts_ms: ts };
    if (order.clientOrderId !== undefined) body.client_order_id = order.clientOrderId;
    return { body };
  },

  BatchCancelOrdersV2: ({ exchange, body, auth }) => {
    const user = userOf(auth);
    const orders = body!.orders.map((item): BatchCancelItem => {
      try {
        checkExchangeIndex(item.exchange_index, 'exchange_index');
        const sub = parseSubaccount(item.subaccount);
        const { order, reducedBy, ts } = cancelOne(exchange, user, item.order_id, { sub, ticker: item.market_ticker });
        return { order_id: order.id, client_order_id: order.clientOrderId ?? null, reduced_by: countFp(reducedBy), ts_ms: ts, error: null };
      } catch (err) {
        return { order_id: item.order_id, client_order_id: null, reduced_by: countFp(0), ts_ms: null, error: itemError(err) };
      }
    });
    return { body: { orders } };
  },

  CancelAllOrders: ({ exchange, query, auth }) => {
    const user = userOf(auth);
    const sub = parseSubaccount(query.subaccount);
    runOp(exchange, (e) => e.cancelAll(user, sub === undefined ? {} : { subaccount: sub }));
    return { status: 204 };
  },

  /**
   * `count` is the new total (filled + resting). Same price with the same or a smaller size
   * keeps the queue position; a new price or a larger size goes to the back (the engine decides).
   */
  AmendOrderV2: ({ exchange, params, query, body, auth }) => {
    const user = userOf(auth);
    const b = body!;
    checkExchangeIndex(b.exchange_index);
    const before = ownOrder(exchange.trading.engine, user, params.order_id, { sub: parseSubaccount(query.subaccount) });
    if (b.ticker !== before.ticker) throw invalidParameters(`ticker: ${b.ticker} is not the market of order ${before.id} (${before.ticker})`);
    if (b.side !== before.side) throw invalidParameters(`side: order ${before.id} is a${before.side === 'ask' ? 'n ask' : ' bid'}; the side cannot be amended`);
    if (b.client_order_id !== undefined && b.client_order_id !== (before.clientOrderId ?? '')) {
      throw invalidParameters(`client_order_id: does not match order ${before.id}`);
    }
    if (b.updated_client_order_id !== undefined && b.updated_client_order_id !== before.clientOrderId) {
      throw invalidParameters('updated_client_order_id: changing an order\'s client_order_id is not supported by the local exchange');
    }
    const req: AmendRequest = { price: parsePrice(b.price), count: parseCount(b.count, 'count') };
    if (b.expiration_time !== undefined) req.expirationTime = b.expiration_time === 0 ? 0 : expirationMs(b.expiration_time, exchange.clock.now());
    const scope = { user, sub: before.sub, ticker: before.ticker, price: b.price };
    const result = runOp(exchange, (e) => e.amendOrder(user, before.id, req), (err: EngineError) => orderRefusal(err, exchange.trading.engine, scope));
    const after = result.order!;
    const fills = summarizeFills(result.fills, after.id);
    // Per the spec the counts are only reported when the amend filled or resized the order
    // (the optional fields are left out rather than null, as the SDK's types expect).
    const changed = fills.count > 0 || after.remainingCount !== before.remainingCount;
    const out: SuccessBodyOf<'AmendOrderV2'> = { order_id: after.id, ts_ms: result.ts };
    if (after.clientOrderId !== undefined) out.client_order_id = after.clientOrderId;
    if (changed) {
      out.remaining_count = countFp(after.remainingCount);
      out.fill_count = countFp(fills.count);
    }
    if (fills.averagePrice !== undefined) out.average_fill_price = fills.averagePrice;
    if (fills.averageFee !== undefined) out.average_fee_paid = fills.averageFee;
    return { body: out };
  },

  DecreaseOrderV2: ({ exchange, params, query, body, auth }) => {
    const user = userOf(auth);
    const b = body ?? {};
    checkExchangeIndex(b.exchange_index);
    const o = ownOrder(exchange.trading.engine, user, params.order_id, { sub: parseSubaccount(query.subaccount), ticker: b.market_ticker });
    const hasBy = b.reduce_by !== undefined && b.reduce_by !== null;
    const hasTo = b.reduce_to !== undefined && b.reduce_to !== null;
    if (hasBy === hasTo) throw invalidParameters(`${hasBy ? 'reduce_to' : 'reduce_by'}: give exactly one of reduce_by or reduce_to`);
    let req: DecreaseRequest;
    if (hasBy) {
      req = { reduceBy: parseCount(b.reduce_by!, 'reduce_by') };
    } else {
      const to = parseCount(b.reduce_to!, 'reduce_to', true);
      if (o.status === 'resting' && to > o.remainingCount) {
        throw invalidParameters(`reduce_to: ${b.reduce_to} is more than the ${countFp(o.remainingCount)} contracts still resting`);
      }
      req = { reduceTo: to };
    }
    const result = runOp(exchange, (e) => e.decreaseOrder(user, o.id, req));
    const out: SuccessBodyOf<'DecreaseOrderV2'> = { order_id: o.id, remaining_count: countFp(result.order!.remainingCount), ts_ms: result.ts };
    if (o.clientOrderId !== undefined) out.client_order_id = o.clientOrderId;
    return { body: out };
  },
};
