/**
 * Realistic `orderbook_delta` traffic for the book benchmark: ~100 markets (most on a 1-cent
 * tick, some on 0.1 cent), activity concentrated near the touch, adds, partial cancels and
 * level removals, fractional sizes now and then. The sequence returns every book to its
 * snapshot, so a benchmark can replay it in a loop without ever going negative or crossing.
 */

import type { OrderbookSnapshotPayload } from '../../packages/kalshi/src/generated/ws-types.js';
import { formatCentis, formatUnits } from '../lib/sdk.js';

const ONE = 10_000;

/** Deterministic PRNG (mulberry32), so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Market {
  ticker: string;
  id: string;
  tick: number;
  yes: Map<number, number>;
  no: Map<number, number>;
}

export interface Delta {
  market: number;
  side: 'yes' | 'no';
  price: number;
  delta: number;
}

function uuid(r: () => number): string {
  const hex = () => Math.floor(r() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}

function size(r: () => number): number {
  // Whole contracts mostly, a fractional size one time in ten.
  const contracts = 1 + Math.floor(r() ** 3 * 2000);
  return contracts * 100 + (r() < 0.1 ? Math.floor(r() * 100) : 0);
}

/**
 * A book on each leg with `levels` bids per side (fewer if the tick leaves no room), a spread
 * of 1-3 ticks. One market in five trades on a 0.1-cent tick unless `tick` says otherwise.
 */
export function makeMarket(r: () => number, index: number, levels: number, tick = index % 5 === 4 ? 10 : 100): Market {
  const slots = Math.floor(ONE / tick);
  const spread = 1 + Math.floor(r() * 3);
  const bestYesSlot = levels + 1 + Math.floor(r() * Math.max(1, slots - 2 * levels - spread - 2));
  const bestNoSlot = slots - bestYesSlot - spread;
  const yes = new Map<number, number>();
  const no = new Map<number, number>();
  for (let k = 0; k < levels; k++) {
    if (bestYesSlot - k > 0) yes.set((bestYesSlot - k) * tick, size(r));
    if (bestNoSlot - k > 0) no.set((bestNoSlot - k) * tick, size(r));
  }
  const strike = (60_000 + index * 250).toString();
  return { ticker: `KXBTCD-25AUG0517-T${strike}.99`, id: uuid(r), tick, yes, no };
}

function best(levels: Map<number, number>): number {
  let b = 0;
  for (const p of levels.keys()) if (p > b) b = p;
  return b;
}

/** One valid delta against the current state, applied to it. */
function step(r: () => number, markets: Market[]): Delta {
  // A few markets carry most of the traffic, as on the real feed.
  const market = Math.floor(r() ** 2 * markets.length);
  const m = markets[market]!;
  const side = r() < 0.5 ? 'yes' : 'no';
  const own = side === 'yes' ? m.yes : m.no;
  const other = side === 'yes' ? m.no : m.yes;
  const top = best(own) || m.tick;
  const ceiling = ONE - best(other) - m.tick; // highest bid that does not cross
  const distance = Math.floor(-Math.log(1 - r()) * 3) - 1; // -1 = improve the touch
  const price = Math.max(m.tick, Math.min(ceiling, top - distance * m.tick));
  // Only possible when the other leg has climbed to the last tick: draw again.
  if (price + best(other) >= ONE) return step(r, markets);
  const held = own.get(price) ?? 0;
  let delta: number;
  if (held > 0 && r() < 0.55) delta = r() < 0.4 ? -held : -Math.max(1, Math.floor(held * r()));
  else delta = size(r);
  if (held + delta === 0) own.delete(price);
  else own.set(price, held + delta);
  return { market, side, price, delta };
}

/** `count` deltas that leave every book where it started: a walk out, then the same walk back. */
export function makeDeltas(r: () => number, markets: Market[], count: number): Delta[] {
  const out: Delta[] = [];
  for (let i = 0; i < count / 2; i++) out.push(step(r, markets));
  for (let i = out.length - 1; i >= 0; i--) {
    const d = out[i]!;
    out.push({ ...d, delta: -d.delta });
  }
  // Undo the walk on the models too, so they match the snapshots again.
  for (let i = out.length / 2; i < out.length; i++) {
    const d = out[i]!;
    const own = d.side === 'yes' ? markets[d.market]!.yes : markets[d.market]!.no;
    const next = (own.get(d.price) ?? 0) + d.delta;
    if (next === 0) own.delete(d.price);
    else own.set(d.price, next);
  }
  return out;
}

function levelsOf(levels: Map<number, number>): string[][] {
  return [...levels].sort((a, b) => a[0] - b[0]).map(([p, s]) => [formatUnits(p), formatCentis(s)]);
}

export function snapshotFrame(m: Market, seq: number): OrderbookSnapshotPayload {
  const msg: OrderbookSnapshotPayload['msg'] = { market_ticker: m.ticker, market_id: m.id };
  // The socket leaves an empty side's key out, so the benchmark does too.
  if (m.yes.size > 0) msg.yes_dollars_fp = levelsOf(m.yes);
  if (m.no.size > 0) msg.no_dollars_fp = levelsOf(m.no);
  return { type: 'orderbook_snapshot', sid: 1, seq, msg };
}

/** The frame text as the socket delivers it, with both the deprecated `ts` and `ts_ms`. */
export function deltaFrameText(m: Market, d: Delta, seq: number, tsMs: number): string {
  return JSON.stringify({
    type: 'orderbook_delta',
    sid: 1,
    seq,
    msg: {
      market_ticker: m.ticker,
      market_id: m.id,
      price_dollars: formatUnits(d.price),
      delta_fp: formatCentis(d.delta),
      side: d.side,
      ts: new Date(tsMs).toISOString(),
      ts_ms: tsMs,
    },
  });
}
