import type { SimDatabase } from '../db/database.js';
import { feeBasis, feeForBasis, PRICE_SCALE, type BookSide, type Engine } from '../engine/index.js';
import { fcmStore } from './store.js';

/*
 * The event-contract daily premium cap of a subtrader, in micro-dollars (count in centi-contracts
 * × price in $0.0001 is exactly micros).
 *
 * - executed: premium deployed by today's fills, net: contracts that open or add to a position
 *   cost their leg price plus fee; contracts that close one credit what the sale brought in
 *   (the other leg's price), and today's settlement payouts credit back too. Reported and
 *   enforced at no less than zero.
 * - resting: every resting order at its full worst-case cost: remaining × leg price plus the taker
 *   fee on the remainder (a maker never pays more than a taker).
 * - pending: orders in flight; the simulator places orders synchronously, so always zero.
 *
 * The trading day is the New York calendar day, as on Kalshi.
 */

const DAY_ZONE = 'America/New_York';
const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: DAY_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const wall = new Intl.DateTimeFormat('en-US', {
  timeZone: DAY_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** "YYYY-MM-DD" in New York for `ms`. */
export const capDate = (ms: number): string => ymd.format(ms);

/** UTC offset of New York at `ms`, in ms (negative: behind UTC). */
function zoneOffset(ms: number): number {
  const parts = Object.fromEntries(wall.formatToParts(ms).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant the New York day containing `ms` began. */
export function dayStartMs(ms: number): number {
  const [y, m, d] = capDate(ms).split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d);
  // The offset at midnight can differ from the offset now on a DST day; one correction settles it.
  const guess = midnightUtc - zoneOffset(ms);
  return midnightUtc - zoneOffset(guess);
}

const legCost = (side: BookSide, price: number): number => (side === 'bid' ? price : PRICE_SCALE - price);

/** Most an order of `count` at `price` can cost: the leg's price plus the taker fee. */
export function worstCaseCost(engine: Engine, ticker: string, side: BookSide, price: number, count: number): number {
  const m = engine.getMarket(ticker);
  const fee = m ? feeForBasis(m.seriesFeeType, true, m.feeMultiplierPermille, feeBasis(m.seriesFeeType, count, price)) : 0;
  return count * legCost(side, price) + fee;
}

export function restingUtilization(engine: Engine, user: string): number {
  let micros = 0;
  for (const o of engine.listOrders({ user, status: 'resting' })) micros += worstCaseCost(engine, o.ticker, o.side, o.price, o.remainingCount);
  return micros;
}

export function executedUtilization(db: SimDatabase, user: string, nowMs: number): number {
  const since = dayStartMs(nowMs);
  // Positions are rebuilt from the whole fill history: only then is it known whether one of
  // today's fills opened or closed contracts.
  const store = fcmStore(db);
  const positions = new Map<string, number>();
  let net = 0;
  for (const f of store.fillsOf(user)) {
    const key = `${f.sub}|${f.ticker}`;
    const before = positions.get(key) ?? 0;
    // A bid adds YES (+), an ask adds NO (−); whatever opposes the held side closes it.
    const signed = f.side === 'bid' ? f.count : -f.count;
    positions.set(key, before + signed);
    if (f.ts < since) continue;
    const closing = before !== 0 && Math.sign(before) !== Math.sign(signed) ? Math.min(Math.abs(before), f.count) : 0;
    const cost = legCost(f.side, f.price);
    net += (f.count - closing) * cost - closing * (PRICE_SCALE - cost) + f.fee;
  }
  for (const s of store.settlementsSince(user, since)) net -= s.revenue;
  return Math.max(0, net);
}

export interface Utilization {
  executed: number;
  resting: number;
  pending: number;
}

export function utilization(db: SimDatabase, engine: Engine, user: string, nowMs: number): Utilization {
  return { executed: executedUtilization(db, user, nowMs), resting: restingUtilization(engine, user), pending: 0 };
}

export const used = (u: Utilization): number => u.executed + u.resting + u.pending;
