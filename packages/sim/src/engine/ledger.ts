// Account ledger: cash flows of fills, positions with immediate YES/NO pair redemption, and the
// collateral rule for resting orders.
//
// Collateral rule (what `reserved` must equal for one account in one market):
//   Resting orders only need collateral for the part of them that would OPEN exposure. A bid
//   (buy YES) can close NO contracts the account holds, an ask (sell YES = buy NO) can close YES
//   contracts. The closing capacity of a side (NO held for bids, YES held for asks) is handed out
//   to that side's resting orders in creation order; each order's remaining count beyond its share
//   needs count × p (bid) or count × (10_000 − p) (ask) micros. On top of that every resting order
//   reserves the maker fee its remaining count can still incur (fees.ts), which is exact because
//   fees are computed on the order's cumulative basis.
// Closing fills pay their cost out of the $1 redemption they trigger, so this reserve is enough
// for every maker fill to settle without cash going negative, and it only ever shrinks on
// fills, cancels, decreases and expiries.

import { feeBasis, hasMakerFees, marginalFee } from './fees.js';
import type { MarketAccount, OrderList, OrderRec } from './records.js';
import { unitCost } from './records.js';
import type { BookSide, FeeType } from './types.js';
import { PRICE_SCALE } from './types.js';

export interface FeeTerms {
  feeType: FeeType;
  feeMultiplierPermille: number;
}

/** Maker fee the remaining `count` of an order at `price` can still incur. */
export function makerFeeReserve(m: FeeTerms, makerBasis: number, count: number, price: number): number {
  if (count === 0 || !hasMakerFees(m.feeType)) return 0;
  return marginalFee(m.feeType, false, m.feeMultiplierPermille, makerBasis, feeBasis(m.feeType, count, price));
}

function listOf(ma: MarketAccount, side: BookSide): OrderList {
  return side === 'bid' ? ma.bids : ma.asks;
}

/** Adds a resting order to its owner's list (at the end: it is the newest) and to the totals. */
export function attachOrder(ma: MarketAccount, o: OrderRec, m: FeeTerms): void {
  const l = listOf(ma, o.side);
  o.acNext = undefined;
  o.acPrev = l.tail;
  if (l.tail === undefined) l.head = o;
  else l.tail.acNext = o;
  l.tail = o;
  l.size += 1;
  addTotals(ma, o, m);
}

export function detachOrder(ma: MarketAccount, o: OrderRec): void {
  removeTotals(ma, o);
  unlinkOrder(ma, o);
}

/** Unlinks an order whose totals were already removed. */
export function unlinkOrder(ma: MarketAccount, o: OrderRec): void {
  const l = listOf(ma, o.side);
  if (o.acPrev === undefined) l.head = o.acNext;
  else o.acPrev.acNext = o.acNext;
  if (o.acNext === undefined) l.tail = o.acPrev;
  else o.acNext.acPrev = o.acPrev;
  o.acPrev = undefined;
  o.acNext = undefined;
  l.size -= 1;
}

/** Takes an order's current remaining/price out of the running totals (links stay). */
export function removeTotals(ma: MarketAccount, o: OrderRec): void {
  const l = listOf(ma, o.side);
  l.remaining -= o.remainingCount;
  l.fullCost -= o.remainingCount * unitCost(o.side, o.price);
  ma.feeResTotal -= o.feeRes;
  o.feeRes = 0;
}

/** Puts an order's current remaining/price into the running totals. */
export function addTotals(ma: MarketAccount, o: OrderRec, m: FeeTerms): void {
  const l = listOf(ma, o.side);
  l.remaining += o.remainingCount;
  l.fullCost += o.remainingCount * unitCost(o.side, o.price);
  o.feeRes = makerFeeReserve(m, o.makerBasis, o.remainingCount, o.price);
  ma.feeResTotal += o.feeRes;
}

/**
 * A state the account is about to be put in, for checking funding before anything is mutated:
 * `skip` orders disappear, `target` (an existing order) gets a new remaining/price and keeps its
 * place in creation order, and a brand-new order of `newSide` is appended last.
 */
export interface Hypothesis {
  position: number;
  skip: readonly OrderRec[];
  target: OrderRec | undefined;
  targetRemaining: number;
  targetPrice: number;
  targetFeeRes: number;
  newSide: BookSide | undefined;
  newRemaining: number;
  newPrice: number;
  newFeeRes: number;
}

/** A state that differs from the present only in the position and in resting orders gone. */
export function positionHypothesis(position: number, skip: readonly OrderRec[]): Hypothesis {
  return {
    position,
    skip,
    target: undefined,
    targetRemaining: 0,
    targetPrice: 0,
    targetFeeRes: 0,
    newSide: undefined,
    newRemaining: 0,
    newPrice: 0,
    newFeeRes: 0,
  };
}

/** Collateral the rule above requires, now (`h` absent) or in a hypothetical state. */
export function requiredReserve(ma: MarketAccount, h?: Hypothesis): number {
  const pos = h === undefined ? ma.position : h.position;
  let fee = ma.feeResTotal;
  if (h !== undefined) {
    for (const s of h.skip) fee -= s.feeRes;
    if (h.target !== undefined) fee += h.targetFeeRes - h.target.feeRes;
    fee += h.newFeeRes;
  }
  return fee + openingCost(ma.bids, 'bid', pos < 0 ? -pos : 0, h) + openingCost(ma.asks, 'ask', pos > 0 ? pos : 0, h);
}

function openingCost(l: OrderList, side: BookSide, capacity: number, h: Hypothesis | undefined): number {
  let remaining = l.remaining;
  let full = l.fullCost;
  if (h !== undefined) {
    for (const s of h.skip) {
      if (s.side !== side) continue;
      remaining -= s.remainingCount;
      full -= s.remainingCount * unitCost(side, s.price);
    }
    const t = h.target;
    if (t !== undefined && t.side === side) {
      remaining += h.targetRemaining - t.remainingCount;
      full += h.targetRemaining * unitCost(side, h.targetPrice) - t.remainingCount * unitCost(side, t.price);
    }
    if (h.newSide === side) {
      remaining += h.newRemaining;
      full += h.newRemaining * unitCost(side, h.newPrice);
    }
  }
  if (capacity === 0) return full;
  if (capacity >= remaining) return 0;
  // Partially covered: walk the claims in creation order (only as far as the capacity reaches).
  let left = capacity;
  for (let o = l.head; o !== undefined && left > 0; o = o.acNext) {
    if (h !== undefined && h.skip.length > 0 && h.skip.includes(o)) continue;
    let r = o.remainingCount;
    let u = unitCost(side, o.price);
    if (h !== undefined && o === h.target) {
      r = h.targetRemaining;
      u = unitCost(side, h.targetPrice);
    }
    const c = r < left ? r : left;
    full -= c * u;
    left -= c;
  }
  if (left > 0 && h !== undefined && h.newSide === side) {
    const c = h.newRemaining < left ? h.newRemaining : left;
    full -= c * unitCost(side, h.newPrice);
  }
  return full;
}

/** Moves cash between available and reserved so `reserved` matches the rule. */
export function syncReserve(ma: MarketAccount): void {
  const need = requiredReserve(ma);
  const d = need - ma.reserved;
  if (d === 0) return;
  ma.reserved = need;
  ma.account.reserved += d;
  ma.account.cash -= d;
}

/**
 * Books one side of a fill: the buyer of `buysYes ? YES : NO` pays count × its leg's price plus
 * the fee; any opposite contracts it held are redeemed against the new ones for $1 a pair, so
 * positions stay net. Returns the number of pairs redeemed (they leave open interest).
 */
export function applyFill(
  ma: MarketAccount,
  buysYes: boolean,
  count: number,
  yesPrice: number,
  fee: number,
  ts: number,
): number {
  const unit = buysYes ? yesPrice : PRICE_SCALE - yesPrice;
  const pos = ma.position;
  const held = buysYes ? (pos < 0 ? -pos : 0) : pos > 0 ? pos : 0;
  const closed = count < held ? count : held;
  if (closed > 0) {
    const released = closed === held ? ma.exposure : mulDivFloor(ma.exposure, closed, held);
    ma.exposure -= released;
    ma.realizedPnl += closed * (PRICE_SCALE - unit) - released;
  }
  ma.exposure += (count - closed) * unit;
  ma.position = buysYes ? pos + count : pos - count;
  ma.totalTraded += count * unit;
  ma.feesPaid += fee;
  ma.lastUpdatedTs = ts;
  const acct = ma.account;
  acct.cash += closed * PRICE_SCALE - count * unit - fee;
  acct.feesPaid += fee;
  return closed;
}

/** floor(a·b / c) exactly for non-negative safe integers. */
export function mulDivFloor(a: number, b: number, c: number): number {
  const p = a * b;
  if (p <= Number.MAX_SAFE_INTEGER) {
    let q = Math.floor(p / c);
    // Float division may land one off either way; settle it with exact integer products.
    if (q * c > p) q -= 1;
    else if ((q + 1) * c <= p) q += 1;
    return q;
  }
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
