// Order entry: place, amend, decrease, cancel. Each function validates everything and plans the
// match before its first mutation, so a thrown EngineError leaves the engine untouched.

import type { Core, MarketRec } from './core.js';
import { checkSub, checkUser, clientKey } from './core.js';
import { EngineError, invalid, isInt } from './errors.js';
import { addTotals, attachOrder, makerFeeReserve, removeTotals, syncReserve, unlinkOrder } from './ledger.js';
import type { Plan } from './matching.js';
import { cashAfter, executePlan, hypothesis, planMatch } from './matching.js';
import type { MarketAccount } from './records.js';
import { OrderRec, bookPrice, toOrder } from './records.js';
import { Recorder, emptyResult } from './recorder.js';
import type { AmendRequest, DecreaseRequest, OpResult, PlaceOrderRequest } from './types.js';
import { MAX_ORDER_COUNT } from './types.js';

const SIDES = new Set(['bid', 'ask']);
const TIFS = new Set(['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel']);
const STPS = new Set(['taker_at_cross', 'maker']);

function flag(v: unknown, field: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw invalid(`${field} must be a boolean`, field);
  return v;
}

function optString(v: unknown, field: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw invalid(`${field} must be a non-empty string`, field);
  return v;
}

function checkCount(v: unknown, field: string): number {
  if (!isInt(v) || v <= 0 || v > MAX_ORDER_COUNT) {
    throw invalid(`${field} must be an integer number of centi-contracts in 1..${MAX_ORDER_COUNT}`, field);
  }
  return v;
}

function checkPrice(m: MarketRec, v: unknown): number {
  if (!m.isValidPrice(v)) throw new EngineError('invalid_price', `price ${String(v)} is not valid in ${m.ticker}`, 'price');
  return v;
}

function checkFutureTime(v: unknown, now: number): number {
  if (!isInt(v) || v <= now) throw invalid('expiration_time must be a future time in ms', 'expiration_time');
  return v;
}

function bookSideOf(o: OrderRec): 'yes' | 'no' {
  return o.side === 'bid' ? 'yes' : 'no';
}

export function placeOrder(core: Core, user: string, req: PlaceOrderRequest, ts: number): OpResult {
  checkUser(user);
  const clientOrderId = optString(req.clientOrderId, 'client_order_id');
  if (clientOrderId !== undefined) {
    const first = core.clientIds.get(clientKey(user, clientOrderId));
    if (first !== undefined) return { ...emptyResult(ts), order: toOrder(first), duplicate: true };
  }
  const sub = req.subaccount ?? 0;
  checkSub(sub);
  const m = core.market(req.ticker);
  if (m.status !== 'open') throw new EngineError('market_not_open', `market ${m.ticker} is ${m.status}`, 'ticker');
  if (!SIDES.has(req.side)) throw invalid('side must be bid or ask', 'side');
  if (!TIFS.has(req.timeInForce)) throw invalid('unknown time_in_force', 'time_in_force');
  if (!STPS.has(req.selfTradePrevention)) throw invalid('unknown self_trade_prevention_type', 'self_trade_prevention_type');
  let count = checkCount(req.count, 'count');
  const price = checkPrice(m, req.price);
  const postOnly = flag(req.postOnly, 'post_only');
  const reduceOnly = flag(req.reduceOnly, 'reduce_only');
  const cancelOnPause = flag(req.cancelOnPause, 'cancel_order_on_pause');
  const orderGroupId = optString(req.orderGroupId, 'order_group_id');
  const tif = req.timeInForce;
  let expirationTime: number | undefined;
  if (req.expirationTime !== undefined) {
    if (tif !== 'good_till_canceled') throw invalid('expiration_time needs good_till_canceled', 'expiration_time');
    expirationTime = checkFutureTime(req.expirationTime, ts);
  }
  if (reduceOnly && tif !== 'immediate_or_cancel') throw invalid('reduce_only needs immediate_or_cancel', 'reduce_only');
  if (postOnly && tif !== 'good_till_canceled') throw invalid('post_only needs good_till_canceled', 'post_only');

  const ma0 = core.peekMa(user, sub, m.ticker);
  if (reduceOnly) {
    const pos = ma0.position;
    const cap = req.side === 'bid' ? (pos < 0 ? -pos : 0) : pos > 0 ? pos : 0;
    if (cap === 0) throw new EngineError('reduce_only_no_position', 'no position for a reduce_only order to reduce', 'reduce_only');
    if (count > cap) count = cap;
  }
  const taker = { user, sub, side: req.side, price, count, stp: req.selfTradePrevention };
  const plan = planMatch(m, taker, ts, postOnly);
  if (plan.crosses) throw new EngineError('post_only_cross', 'post_only order would cross the book', 'post_only');
  const killed = tif === 'fill_or_kill' && plan.filled < count;
  if (!killed) {
    const rest = tif === 'good_till_canceled' && !plan.stopped ? count - plan.filled : 0;
    const h = hypothesis(ma0, req.side, plan, user, sub);
    if (rest > 0) {
      h.newSide = req.side;
      h.newRemaining = rest;
      h.newPrice = price;
      h.newFeeRes = makerFeeReserve(m, 0, rest, price);
    }
    if (cashAfter(m, ma0, req.side, plan, 0, h) < 0) {
      throw new EngineError('insufficient_balance', 'insufficient balance for this order', 'count');
    }
  }

  const rec = new Recorder(ts);
  const o = new OrderRec({
    id: core.deps.nextId('order'),
    user,
    sub,
    ticker: m.ticker,
    side: req.side,
    price,
    count,
    timeInForce: tif,
    ts,
    seq: core.nextSeq(),
    expirationTime,
    clientOrderId,
    postOnly,
    reduceOnly,
    selfTradePrevention: req.selfTradePrevention,
    orderGroupId,
    cancelOnPause,
  });
  core.orders.set(o.id, o);
  if (clientOrderId !== undefined) core.clientIds.set(clientKey(user, clientOrderId), o);
  rec.order(o);
  if (killed) {
    // Fill-or-kill that cannot fill completely: recorded as cancelled, nothing else happens.
    o.remainingCount = 0;
    o.status = 'canceled';
    o.lastUpdateReason = 'fok_unfilled';
    return rec.finish(o);
  }
  const ma = core.maOf(o);
  rec.position(ma);
  executePlan(core, m, o, ma, plan, rec);
  settleTaker(core, m, o, ma, plan, rec, false);
  return rec.finish(o);
}

/** After matching: rest the remainder of a good-till-cancelled order, or close the order out. */
function settleTaker(
  core: Core,
  m: MarketRec,
  o: OrderRec,
  ma: MarketAccount,
  plan: Plan,
  rec: Recorder,
  linked: boolean,
): void {
  if (o.remainingCount > 0 && o.timeInForce === 'good_till_canceled' && !plan.stopped) {
    m.book.add(o);
    rec.delta(m.ticker, bookSideOf(o), bookPrice(o.side, o.price), o.remainingCount);
    if (linked) {
      addTotals(ma, o, m);
    } else {
      attachOrder(ma, o, m);
      if (o.expirationTime !== undefined) core.expiry.push(o, o.expirationTime);
    }
  } else {
    if (linked) unlinkOrder(ma, o);
    if (o.remainingCount > 0) {
      o.remainingCount = 0;
      o.status = 'canceled';
      o.lastUpdateReason = plan.stopped ? 'self_trade' : 'ioc_remainder';
    } else {
      o.status = 'executed';
      o.lastUpdateReason = 'filled';
    }
  }
  syncReserve(ma);
  if (ma.account.cash < 0) throw new EngineError('internal_error', `negative cash after order ${o.id}`);
}

export function amendOrder(core: Core, user: string, orderId: string, req: AmendRequest, ts: number): OpResult {
  checkUser(user);
  const o = core.ownedOrder(user, orderId);
  if (o.status !== 'resting' || (o.expirationTime !== undefined && o.expirationTime <= ts)) {
    throw new EngineError('order_not_resting', `order ${o.id} is no longer resting`, 'order_id');
  }
  const m = core.market(o.ticker);
  if (m.status !== 'open') throw new EngineError('market_not_open', `market ${m.ticker} is ${m.status}`, 'ticker');
  if (req.price === undefined && req.count === undefined && req.expirationTime === undefined) {
    throw invalid('amend needs a price, count or expiration_time');
  }
  const price = req.price === undefined ? o.price : checkPrice(m, req.price);
  let remaining = o.remainingCount;
  if (req.count !== undefined) {
    const total = checkCount(req.count, 'count');
    if (total <= o.filledCount) throw invalid('count is the new total and must exceed the filled count', 'count');
    remaining = total - o.filledCount;
  }
  let expiry = o.expirationTime;
  if (req.expirationTime !== undefined) expiry = req.expirationTime === 0 ? undefined : checkFutureTime(req.expirationTime, ts);
  const ma = core.maOf(o);
  const rec = new Recorder(ts);
  const oldBookPrice = bookPrice(o.side, o.price);

  if (price === o.price && remaining <= o.remainingCount) {
    // Expiry change or size decrease: keeps the queue position.
    const by = o.remainingCount - remaining;
    if (by > 0) {
      removeTotals(ma, o);
      m.book.shrink(o, by);
      rec.delta(m.ticker, bookSideOf(o), oldBookPrice, -by);
      o.remainingCount = remaining;
      addTotals(ma, o, m);
    }
    setExpiry(core, o, expiry);
    o.updatedTs = ts;
    o.lastUpdateReason = 'amended';
    syncReserve(ma);
    rec.order(o);
    rec.position(ma);
    return rec.finish(o);
  }

  // Price change or size increase: the order goes to the back, and may cross like a new taker.
  const taker = { user, sub: o.sub, side: o.side, price, count: remaining, stp: o.selfTradePrevention };
  const plan = planMatch(m, taker, ts, o.postOnly);
  if (plan.crosses) throw new EngineError('post_only_cross', 'post_only order would cross the book', 'post_only');
  const rest = plan.stopped ? 0 : remaining - plan.filled;
  const h = hypothesis(ma, o.side, plan, user, o.sub);
  h.target = o;
  h.targetRemaining = rest;
  h.targetPrice = price;
  h.targetFeeRes = makerFeeReserve(m, o.makerBasis, rest, price);
  if (cashAfter(m, ma, o.side, plan, o.takerBasis, h) < 0) {
    throw new EngineError('insufficient_balance', 'insufficient balance for this amendment', 'count');
  }
  m.book.remove(o);
  rec.delta(m.ticker, bookSideOf(o), oldBookPrice, -o.remainingCount);
  removeTotals(ma, o);
  o.price = price;
  o.remainingCount = remaining;
  o.seq = core.nextSeq();
  o.updatedTs = ts;
  o.lastUpdateReason = 'amended';
  setExpiry(core, o, expiry);
  rec.order(o);
  rec.position(ma);
  executePlan(core, m, o, ma, plan, rec);
  settleTaker(core, m, o, ma, plan, rec, true);
  return rec.finish(o);
}

function setExpiry(core: Core, o: OrderRec, expiry: number | undefined): void {
  if (expiry === o.expirationTime) return;
  o.expirationTime = expiry;
  if (expiry !== undefined) core.expiry.push(o, expiry);
}

export function decreaseOrder(core: Core, user: string, orderId: string, req: DecreaseRequest, ts: number): OpResult {
  checkUser(user);
  const o = core.ownedOrder(user, orderId);
  if (o.status !== 'resting') throw new EngineError('order_not_resting', `order ${o.id} is ${o.status}`, 'order_id');
  const hasBy = req.reduceBy !== undefined;
  const hasTo = req.reduceTo !== undefined;
  if (hasBy === hasTo) throw invalid('exactly one of reduce_by and reduce_to is required');
  let remaining: number;
  if (hasBy) {
    remaining = Math.max(0, o.remainingCount - checkCount(req.reduceBy, 'reduce_by'));
  } else {
    const to = req.reduceTo;
    if (!isInt(to) || to < 0 || to > o.remainingCount) {
      throw invalid('reduce_to must be an integer between 0 and the remaining count', 'reduce_to');
    }
    remaining = to;
  }
  const rec = new Recorder(ts);
  const by = o.remainingCount - remaining;
  if (by === 0) return rec.finish(o, { reducedBy: 0 });
  if (remaining === 0) {
    core.removeResting(o, 'canceled', rec);
    return rec.finish(o, { reducedBy: by });
  }
  const m = core.market(o.ticker);
  const ma = core.maOf(o);
  removeTotals(ma, o);
  m.book.shrink(o, by);
  rec.delta(m.ticker, bookSideOf(o), bookPrice(o.side, o.price), -by);
  o.remainingCount = remaining;
  addTotals(ma, o, m);
  o.updatedTs = ts;
  o.lastUpdateReason = 'decreased';
  syncReserve(ma);
  rec.order(o);
  rec.position(ma);
  return rec.finish(o, { reducedBy: by });
}

export function cancelOrder(core: Core, user: string, orderId: string, ts: number): OpResult {
  checkUser(user);
  const o = core.ownedOrder(user, orderId);
  if (o.status !== 'resting') throw new EngineError('order_not_resting', `order ${o.id} is ${o.status}`, 'order_id');
  const rec = new Recorder(ts);
  const by = core.removeResting(o, 'canceled', rec);
  return rec.finish(o, { reducedBy: by });
}

export function cancelAll(core: Core, user: string, filter: { ticker?: string; subaccount?: number; orderGroupId?: string }, ts: number): OpResult {
  checkUser(user);
  if (filter.subaccount !== undefined) checkSub(filter.subaccount);
  if (filter.ticker !== undefined) core.market(filter.ticker);
  const victims: OrderRec[] = [];
  for (const acct of core.userAccounts(user)) {
    if (acct === undefined || (filter.subaccount !== undefined && acct.sub !== filter.subaccount)) continue;
    for (const ma of acct.positions.values()) {
      if (filter.ticker !== undefined && ma.ticker !== filter.ticker) continue;
      for (let o = ma.bids.head; o !== undefined; o = o.acNext) victims.push(o);
      for (let o = ma.asks.head; o !== undefined; o = o.acNext) victims.push(o);
    }
  }
  const rec = new Recorder(ts);
  for (const o of victims) {
    if (filter.orderGroupId === undefined || o.orderGroupId === filter.orderGroupId) core.removeResting(o, 'canceled', rec);
  }
  return rec.finish();
}
