import type { BookSide, MarketInfo } from '../engine/index.js';
import { PRICE_SCALE } from '../engine/index.js';

/** Every price an order may carry in the market, ascending (units of $0.0001, strictly inside 0..1). */
export function priceGrid(info: Pick<MarketInfo, 'priceRanges' | 'tick'>): number[] {
  const ranges = info.priceRanges.length ? info.priceRanges : [{ start: 0, end: PRICE_SCALE, step: info.tick }];
  const prices = new Set<number>();
  for (const r of ranges) {
    if (r.step <= 0) continue;
    for (let p = r.start; p <= r.end; p += r.step) {
      if (p > 0 && p < PRICE_SCALE && p % info.tick === 0) prices.add(p);
    }
  }
  return [...prices].sort((a, b) => a - b);
}

/** Index of the grid price closest to `price` (the lower one on a tie). */
export function nearestIndex(grid: readonly number[], price: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grid[mid]! < price) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && price - grid[lo - 1]! <= grid[lo]! - price) return lo - 1;
  return lo;
}

export interface QuoteLevel {
  side: BookSide;
  /** YES-leg price. */
  price: number;
  /** Centi-contracts. */
  count: number;
}

/**
 * `levels` bids just below the fair price and as many asks just above it, one grid step apart,
 * all of one size so a one-tick move of the fair price changes one level per side, not all of
 * them. The fair price itself is never quoted, so the provider's own bid and ask are always at
 * least two ticks apart and can never cross each other.
 */
export function quoteLevels(grid: readonly number[], fairIndex: number, levels: number, count: number): QuoteLevel[] {
  const out: QuoteLevel[] = [];
  for (let k = 0; k < levels; k++) {
    const bid = grid[fairIndex - 1 - k];
    const ask = grid[fairIndex + 1 + k];
    if (bid !== undefined) out.push({ side: 'bid', price: bid, count });
    if (ask !== undefined) out.push({ side: 'ask', price: ask, count });
  }
  return out;
}

/** Keeps the fair index where every level of both sides exists. */
export function clampFairIndex(grid: readonly number[], index: number, levels: number): number {
  return Math.min(Math.max(index, levels), grid.length - 1 - levels);
}

/** A resting order of the provider, as the planner needs it. */
export interface RestingQuote {
  id: string;
  side: BookSide;
  price: number;
  remaining: number;
}

export interface RequotePlan {
  cancel: string[];
  place: QuoteLevel[];
}

/**
 * What to change so the resting quotes match `desired`. Orders at a wanted price stay (keeping
 * their queue priority) and a partly filled level is topped up with a new order for the shortfall;
 * everything else is cancelled. Cancels run before placements, so a move of the fair price never
 * has the new quotes meet the old ones.
 */
export function planRequote(resting: readonly RestingQuote[], desired: readonly QuoteLevel[]): RequotePlan {
  const key = (side: BookSide, price: number) => `${side}:${price}`;
  const want = new Map(desired.map((l) => [key(l.side, l.price), l]));
  const have = new Map<string, RestingQuote[]>();
  for (const o of resting) {
    const k = key(o.side, o.price);
    have.set(k, [...(have.get(k) ?? []), o]);
  }
  const plan: RequotePlan = { cancel: [], place: [] };
  for (const [k, orders] of have) {
    const level = want.get(k);
    const total = orders.reduce((sum, o) => sum + o.remaining, 0);
    if (!level || total > level.count) plan.cancel.push(...orders.map((o) => o.id));
  }
  for (const [k, level] of want) {
    const orders = have.get(k) ?? [];
    const total = orders.reduce((sum, o) => sum + o.remaining, 0);
    if (total > level.count || total === 0) plan.place.push(level);
    else if (total < level.count) plan.place.push({ ...level, count: level.count - total });
  }
  return plan;
}
