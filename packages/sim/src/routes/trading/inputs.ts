import type { Engine, EngineError, PlaceOrderRequest } from '../../engine/index.js';
import { MAX_ORDER_COUNT, MAX_SUBACCOUNT, PRICE_SCALE } from '../../engine/index.js';
import { countToUnits, dollarsToUnits } from '../../fixed.js';
import { ApiError, invalidParameters } from '../../server/errors.js';
import type { HandlerContext } from '../../server/handler.js';
import { moneyDollars, priceDollars } from '../../wire/index.js';
import { apiErrorOf } from './errors.js';

/*
 * Wire inputs -> engine units. Everything a client can get wrong on the wire is checked here, in
 * wire terms, so a refusal speaks dollars, contracts and seconds; the engine's own checks (in
 * price units and centi-contracts) remain as the backstop.
 */

export type CreateBody = NonNullable<HandlerContext<'CreateOrderV2'>['body']>;

const MAX_CONTRACTS = MAX_ORDER_COUNT / 100;

export function parsePrice(text: string, field = 'price'): number {
  let units: number;
  try {
    units = dollarsToUnits(text);
  } catch {
    throw invalidParameters(`${field}: '${text}' is not a dollar price with at most 4 decimals`, 'Send a string like "0.56" or "0.5600".');
  }
  if (units <= 0 || units >= PRICE_SCALE) throw invalidParameters(`${field}: ${text} must be strictly between 0 and 1 dollar`);
  return units;
}

/** Centi-contracts; `allowZero` only where zero means something (reduce_to). */
export function parseCount(text: string, field: string, allowZero = false): number {
  let units: number;
  try {
    units = countToUnits(text);
  } catch {
    throw invalidParameters(`${field}: '${text}' is not a contract count with at most 2 decimals`, 'Send a string like "10" or "10.00".');
  }
  if (units < 0 || (units === 0 && !allowZero)) throw invalidParameters(`${field}: must be ${allowZero ? 'at least 0' : 'positive'}, got ${text}`);
  if (units > MAX_ORDER_COUNT) throw invalidParameters(`${field}: at most ${MAX_CONTRACTS} contracts, got ${text}`);
  return units;
}

export function parseSubaccount(value: number | undefined, field = 'subaccount'): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_SUBACCOUNT) {
    throw invalidParameters(`${field}: must be 0 (primary) to ${MAX_SUBACCOUNT}, got ${value}`);
  }
  return value;
}

/** The simulator is one shard, index 0; -1 (auto-route) and omission route there too. */
export function checkExchangeIndex(value: number | undefined, field = 'exchange_index'): void {
  if (value !== undefined && value !== 0 && value !== -1) {
    throw invalidParameters(`${field}: the local exchange has a single shard, 0 (or -1 to auto-route), got ${value}`);
  }
}

/** Unix seconds (the wire) -> ms (the engine); must lie in the future. */
export function expirationMs(seconds: number, nowMs: number, field = 'expiration_time'): number {
  const ms = seconds * 1000;
  if (!Number.isSafeInteger(ms) || ms <= nowMs) {
    throw invalidParameters(`${field}: must be a future Unix time in seconds, got ${seconds} (now ${Math.floor(nowMs / 1000)})`);
  }
  return ms;
}

export function placeRequest(body: CreateBody, nowMs: number): PlaceOrderRequest {
  checkExchangeIndex(body.exchange_index);
  const req: PlaceOrderRequest = {
    ticker: body.ticker,
    side: body.side,
    count: parseCount(body.count, 'count'),
    price: parsePrice(body.price),
    timeInForce: body.time_in_force,
    selfTradePrevention: body.self_trade_prevention_type,
  };
  if (body.expiration_time !== undefined) {
    if (body.time_in_force !== 'good_till_canceled') {
      throw invalidParameters('expiration_time: only valid with time_in_force good_till_canceled');
    }
    req.expirationTime = expirationMs(body.expiration_time, nowMs);
  }
  if (body.reduce_only && body.time_in_force !== 'immediate_or_cancel') {
    throw invalidParameters('reduce_only: only accepted with time_in_force immediate_or_cancel');
  }
  if (body.post_only && body.time_in_force !== 'good_till_canceled') {
    throw invalidParameters('post_only: only accepted with time_in_force good_till_canceled');
  }
  const sub = parseSubaccount(body.subaccount);
  if (sub !== undefined) req.subaccount = sub;
  if (body.client_order_id !== undefined) req.clientOrderId = body.client_order_id;
  if (body.post_only !== undefined) req.postOnly = body.post_only;
  if (body.reduce_only !== undefined) req.reduceOnly = body.reduce_only;
  if (body.cancel_order_on_pause !== undefined) req.cancelOnPause = body.cancel_order_on_pause;
  if (body.order_group_id !== undefined) req.orderGroupId = body.order_group_id;
  return req;
}

/** "0.0100 to 0.9900 in steps of 0.0100" for each of the market's price ranges. */
function gridHint(engine: Engine, ticker: string): string {
  const m = engine.getMarket(ticker);
  if (!m) return '';
  const ranges = m.priceRanges.length ? m.priceRanges : [{ start: 0, end: PRICE_SCALE, step: m.tick }];
  const parts = ranges.map((r) => `${priceDollars(Math.max(r.start, r.step))} to ${priceDollars(Math.min(r.end, PRICE_SCALE - r.step))} in steps of ${priceDollars(r.step)}`);
  return `Valid prices: ${parts.join('; ')}.`;
}

/**
 * An engine refusal of an order operation, told in wire terms: the price as the client sent it
 * with the market's grid, or the available balance next to an insufficient-balance refusal.
 */
export function orderRefusal(err: EngineError, engine: Engine, order: { user: string; sub: number; ticker: string; price?: string }): ApiError {
  if (err.code === 'invalid_price' && order.price !== undefined) {
    return new ApiError(400, 'invalid_price', `price: ${order.price} is not a valid price in ${order.ticker}`, gridHint(engine, order.ticker));
  }
  if (err.code === 'insufficient_balance') {
    const cash = engine.getAccount(order.user, order.sub)?.cash ?? 0;
    return apiErrorOf(err, `Available balance: $${moneyDollars(cash)}.`);
  }
  return apiErrorOf(err);
}
