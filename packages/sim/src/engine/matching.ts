// Matching in two phases. `planMatch` walks the opposite ladder without touching anything and
// says exactly what would happen (fills, self-trade cancels, expired orders met on the way), so
// callers can run every check — fill-or-kill, post-only, funding — before the first mutation.
// `executePlan` then carries the plan out.
//
// Crossing: a taker at book price t (its own leg) meets opposite levels at price l while
// l + t >= 10_000; fills happen at the maker's price, best level first, FIFO within a level.

import type { Core, MarketRec } from './core.js';
import { feeBasis, marginalFee } from './fees.js';
import type { Hypothesis } from './ledger.js';
import { addTotals, applyFill, detachOrder, positionHypothesis, removeTotals, requiredReserve, syncReserve } from './ledger.js';
import type { MarketAccount, OrderRec } from './records.js';
import { bookPrice, unitCost } from './records.js';
import type { Recorder } from './recorder.js';
import type { BookSide, SelfTradePrevention } from './types.js';
import { PRICE_SCALE } from './types.js';

export interface Plan {
  makers: OrderRec[];
  counts: number[];
  /** Expired resting orders met while walking; they are removed when the plan executes. */
  expired: OrderRec[];
  /** The taker's own resting orders cancelled by `maker` self-trade prevention. */
  selfCancels: OrderRec[];
  filled: number;
  /** Matching stopped at the taker's own order (`taker_at_cross`). */
  stopped: boolean;
  /** Probe mode: a live order is on the crossing side. */
  crosses: boolean;
  /** What the taker pays on its own leg for all fills, micros. */
  cost: number;
  /** Fee basis of all fills (fees.ts). */
  basis: number;
}

export interface Taker {
  user: string;
  sub: number;
  side: BookSide;
  price: number;
  count: number;
  stp: SelfTradePrevention;
}

/**
 * Walks the crossing part of the opposite ladder. In probe mode it only looks for a live crossing
 * order (post-only), collecting the expired ones in front of it.
 */
export function planMatch(m: MarketRec, t: Taker, now: number, probe: boolean): Plan {
  const plan: Plan = {
    makers: [],
    counts: [],
    expired: [],
    selfCancels: [],
    filled: 0,
    stopped: false,
    crosses: false,
    cost: 0,
    basis: 0,
  };
  const ladder = t.side === 'bid' ? m.book.no : m.book.yes;
  const takerPrice = bookPrice(t.side, t.price);
  const prices = ladder.prices;
  let left = t.count;
  outer: for (let i = prices.length - 1; i >= 0; i -= 1) {
    const lp = prices[i] as number;
    if (lp + takerPrice < PRICE_SCALE) break;
    for (let o = ladder.level(lp)?.head; o !== undefined; o = o.lvNext) {
      if (o.expirationTime !== undefined && o.expirationTime <= now) {
        plan.expired.push(o);
        continue;
      }
      if (probe) {
        plan.crosses = true;
        break outer;
      }
      if (o.user === t.user && o.sub === t.sub) {
        if (t.stp === 'taker_at_cross') {
          plan.stopped = true;
          break outer;
        }
        plan.selfCancels.push(o);
        continue;
      }
      const q = o.remainingCount < left ? o.remainingCount : left;
      plan.makers.push(o);
      plan.counts.push(q);
      plan.cost += q * unitCost(t.side, o.price);
      plan.basis += feeBasis(m.feeType, q, o.price);
      left -= q;
      if (left === 0) break outer;
    }
  }
  plan.filled = t.count - left;
  return plan;
}

/** The taker's own orders that the plan removes. */
export function ownRemovals(plan: Plan, user: string, sub: number): OrderRec[] {
  const out = plan.selfCancels.slice();
  for (const o of plan.expired) if (o.user === user && o.sub === sub) out.push(o);
  return out;
}

/**
 * Cash the taker's account would have after the plan runs and its reserve is recomputed for the
 * resulting state; negative means the order cannot be funded.
 */
export function cashAfter(
  m: MarketRec,
  ma: MarketAccount,
  side: BookSide,
  plan: Plan,
  takerBasisBefore: number,
  h: Hypothesis,
): number {
  const pos = ma.position;
  const held = side === 'bid' ? (pos < 0 ? -pos : 0) : pos > 0 ? pos : 0;
  const pairs = plan.filled < held ? plan.filled : held;
  const fee = marginalFee(m.feeType, true, m.feeMultiplierPermille, takerBasisBefore, plan.basis);
  const delta = pairs * PRICE_SCALE - plan.cost - fee;
  return ma.account.cash + ma.reserved + delta - requiredReserve(ma, h);
}

export function hypothesis(
  ma: MarketAccount,
  side: BookSide,
  plan: Plan,
  user: string,
  sub: number,
): Hypothesis {
  return positionHypothesis(side === 'bid' ? ma.position + plan.filled : ma.position - plan.filled, ownRemovals(plan, user, sub));
}

/**
 * Runs a plan for a taker order that is off the book (new, or lifted off for an amend) and whose
 * remaining count is out of its owner's running totals. Leaves the taker's reserve to the caller.
 */
export function executePlan(core: Core, m: MarketRec, taker: OrderRec, takerMa: MarketAccount, plan: Plan, rec: Recorder): void {
  for (const o of plan.expired) core.removeResting(o, 'expired', rec);
  for (const o of plan.selfCancels) core.removeResting(o, 'self_trade', rec);
  for (let i = 0; i < plan.makers.length; i += 1) {
    fillOne(core, m, taker, takerMa, plan.makers[i] as OrderRec, plan.counts[i] as number, rec);
  }
}

function fillOne(core: Core, m: MarketRec, taker: OrderRec, takerMa: MarketAccount, maker: OrderRec, q: number, rec: Recorder): void {
  const ts = rec.ts;
  const price = maker.price;
  const basis = feeBasis(m.feeType, q, price);
  const makerFee = marginalFee(m.feeType, false, m.feeMultiplierPermille, maker.makerBasis, basis);
  const takerFee = marginalFee(m.feeType, true, m.feeMultiplierPermille, taker.takerBasis, basis);
  const makerMa = core.maOf(maker);

  m.book.shrink(maker, q);
  rec.delta(m.ticker, maker.side === 'bid' ? 'yes' : 'no', bookPrice(maker.side, price), -q);
  const done = q === maker.remainingCount;
  if (done) detachOrder(makerMa, maker);
  else removeTotals(makerMa, maker);
  maker.remainingCount -= q;
  maker.filledCount += q;
  maker.makerBasis += basis;
  maker.makerFees += makerFee;
  maker.makerFillCost += q * unitCost(maker.side, price);
  maker.updatedTs = ts;
  maker.lastUpdateReason = 'filled';
  if (done) {
    m.book.remove(maker);
    maker.status = 'executed';
  } else {
    addTotals(makerMa, maker, m);
  }
  const makerPairs = applyFill(makerMa, maker.side === 'bid', q, price, makerFee, ts);
  syncReserve(makerMa);

  const takerPairs = applyFill(takerMa, taker.side === 'bid', q, price, takerFee, ts);
  taker.remainingCount -= q;
  taker.filledCount += q;
  taker.takerBasis += basis;
  taker.takerFees += takerFee;
  taker.takerFillCost += q * unitCost(taker.side, price);
  taker.updatedTs = ts;

  m.openInterest += q - makerPairs - takerPairs;
  m.volume += q;
  m.lastPrice = price;
  core.exchangeFees += makerFee + takerFee;

  const tradeId = core.deps.nextId('trade');
  const takerFillId = core.deps.nextId('fill');
  const makerFillId = core.deps.nextId('fill');
  rec.trades.push({
    id: tradeId,
    ticker: m.ticker,
    price,
    count: q,
    takerSide: taker.side,
    takerOrderId: taker.id,
    makerOrderId: maker.id,
    ts,
  });
  rec.fills.push(fillOf(takerFillId, taker, tradeId, price, q, true, takerFee, ts));
  rec.fills.push(fillOf(makerFillId, maker, tradeId, price, q, false, makerFee, ts));
  rec.order(maker);
  rec.position(makerMa);
  rec.position(takerMa);
}

function fillOf(id: string, o: OrderRec, tradeId: string, price: number, count: number, isTaker: boolean, fee: number, ts: number) {
  const f = {
    id,
    orderId: o.id,
    tradeId,
    user: o.user,
    sub: o.sub,
    ticker: o.ticker,
    side: o.side,
    price,
    count,
    isTaker,
    fee,
    ts,
  };
  return o.clientOrderId === undefined ? f : { ...f, clientOrderId: o.clientOrderId };
}
