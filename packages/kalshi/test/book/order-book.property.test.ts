/**
 * OrderBook against a deliberately naive model: one Map per leg from micro-dollar price to
 * bigint size, read and printed with the core bigint helpers. The model shares no code with the
 * book's parsers, storage or formatting, so a bug in either shows up as a disagreement.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatDollars, parseCount, parseDollars } from '../../src/core/fixed-point.js';
import { BookCorruptionError, OrderBook, StaleBookError, type Side } from '../../src/book/index.js';

const ONE = 1_000_000n; // micro-dollars
const TICKER = 'KXTEST-26JAN01-B50';

class Model {
  readonly legs: Record<Side, Map<bigint, bigint>> = { yes: new Map(), no: new Map() };

  best(side: Side): bigint | undefined {
    let best: bigint | undefined;
    for (const p of this.legs[side].keys()) if (best === undefined || p > best) best = p;
    return best;
  }

  apply(side: Side, price: bigint, delta: bigint): void {
    const next = (this.legs[side].get(price) ?? 0n) + delta;
    if (next < 0n) throw new Error('the generator produced a negative level');
    if (next === 0n) this.legs[side].delete(price);
    else this.legs[side].set(price, next);
  }

  /** Bids best first; asks are the other leg's bids re-priced, best (lowest) first. */
  depth(side: Side, n: number, book: 'bid' | 'ask'): { price: string; size: string }[] {
    const leg = book === 'bid' ? side : other(side);
    return [...this.legs[leg]]
      .sort((a, b) => (a[0] > b[0] ? -1 : 1))
      .slice(0, n)
      .map(([p, s]) => ({ price: formatDollars(book === 'bid' ? p : ONE - p, { decimals: 4 }), size: formatCount(s) }));
  }

  volume(side: Side, book: 'bid' | 'ask', price: bigint): bigint {
    let total = 0n;
    if (book === 'bid') for (const [p, s] of this.legs[side]) total += p >= price ? s : 0n;
    else for (const [p, s] of this.legs[other(side)]) total += ONE - p <= price ? s : 0n;
    return total;
  }

  rest(): { yes_dollars: string[][]; no_dollars: string[][] } {
    const leg = (side: Side) =>
      [...this.legs[side]].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([p, s]) => [formatDollars(p, { decimals: 4 }), formatCount(s)]);
    return { yes_dollars: leg('yes'), no_dollars: leg('no') };
  }
}

const other = (side: Side): Side => (side === 'yes' ? 'no' : 'yes');
const units = (micros: bigint | undefined) => (micros === undefined ? undefined : Number(micros / 100n));

/** Prints a price the way the wire might: canonical 4 decimals mostly, sometimes 2 or 6. */
function wirePrice(u: number, style: number): string {
  const canonical = formatDollars(BigInt(u) * 100n, { decimals: 4 });
  if (style === 1 && u % 100 === 0) return canonical.slice(0, -2);
  if (style === 2) return `${canonical}00`;
  return canonical;
}

// Prices from a few grids so that markets with 1-cent, 0.1-cent and 0.01-cent steps all occur,
// drawn from a small pool per run so that deltas keep landing on existing levels.
const price = fc.oneof(
  fc.integer({ min: 1, max: 99 }).map((c) => c * 100),
  fc.integer({ min: 1, max: 999 }).map((m) => m * 10),
  fc.integer({ min: 1, max: 9999 }),
);
const size = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 2 ** 45 }));

const op = fc.record({
  side: fc.constantFrom<Side>('yes', 'no'),
  kind: fc.constantFrom('add', 'add', 'addExisting', 'reduce', 'remove'),
  pick: fc.nat(),
  price,
  amount: size,
  style: fc.nat({ max: 2 }),
  raw: fc.boolean(),
  probe: price,
});

const scenario = fc.record({
  split: fc.integer({ min: 2, max: 9998 }),
  yes: fc.array(fc.tuple(price, size), { maxLength: 60 }),
  no: fc.array(fc.tuple(price, size), { maxLength: 60 }),
  ops: fc.array(op, { maxLength: 80 }),
  useYesPrice: fc.boolean(),
});

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Turns a random op into a delta that is valid for the model's current state, or undefined. */
function resolve(model: Model, o: Op): { price: bigint; delta: bigint } | undefined {
  const leg = model.legs[o.side];
  const held = [...leg.keys()];
  const amount = BigInt(o.amount);
  if (o.kind === 'reduce' || o.kind === 'remove' || o.kind === 'addExisting') {
    if (held.length === 0) return undefined;
    const p = held[o.pick % held.length]!;
    const s = leg.get(p)!;
    if (o.kind === 'remove') return { price: p, delta: -s };
    if (o.kind === 'reduce') return { price: p, delta: -(amount < s ? amount : s) };
    return { price: p, delta: amount };
  }
  const p = BigInt(o.price) * 100n;
  const otherBest = model.best(other(o.side));
  // Kalshi never shows a crossed book, so a valid stream never adds a crossing bid.
  if (otherBest !== undefined && p + otherBest >= ONE) return undefined;
  return { price: p, delta: amount };
}

function compare(book: OrderBook, model: Model, probe: number): void {
  for (const side of ['yes', 'no'] as const) {
    expect(book.bestBid(side)).toBe(units(model.best(side)));
    const otherBest = model.best(other(side));
    expect(book.bestAsk(side)).toBe(otherBest === undefined ? undefined : units(ONE - otherBest));
    expect(book.levels(side)).toBe(model.legs[side].size);
    const bid = model.best(side);
    expect(book.bestBidSize(side)).toBe(bid === undefined ? undefined : Number(model.legs[side].get(bid)));
    const both = bid !== undefined && otherBest !== undefined;
    expect(book.spread(side)).toBe(both ? units(ONE - otherBest - bid) : undefined);
    // The model's mid in micro-dollars: half a unit is 50 micro-dollars, so this is exact.
    expect(book.mid(side)).toBe(both ? formatDollars((bid + ONE - otherBest) / 2n, { decimals: 4 }) : undefined);
    for (const b of ['bid', 'ask'] as const) {
      const expected = model.depth(side, 10, b);
      expect(book.depth(side, 10, b)).toEqual(expected);
      expect(book.depthRaw(side, 10, b)).toEqual(
        expected.map((l) => ({ price: Number(parseDollars(l.price) / 100n), size: Number(parseCount(l.size)) })),
      );
      for (const p of [probe, 1, 9999, book.bestBid(side) ?? 5000, book.bestAsk(side) ?? 5000]) {
        expect(book.volumeAtOrBetter(side, b, p)).toBe(Number(model.volume(side, b, BigInt(p) * 100n)));
      }
    }
  }
  const rest = model.rest();
  expect(book.toJSON()).toEqual(rest);
  expect(book.diff({ orderbook_fp: rest })).toBeUndefined();
}

describe('OrderBook vs a reference model', () => {
  it('agrees after a random snapshot and after every delta of a valid random stream', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = new Model();
        // Below the split for YES and below $1 - split for NO keeps the snapshot uncrossed.
        for (const [p, q] of s.yes) if (p < s.split) model.legs.yes.set(BigInt(p) * 100n, BigInt(q));
        for (const [p, q] of s.no) if (p < 10_000 - s.split) model.legs.no.set(BigInt(p) * 100n, BigInt(q));
        const rest = model.rest();
        // On the socket, NO levels are priced on the YES leg when use_yes_price is on.
        const wireNo = s.useYesPrice
          ? rest.no_dollars.map(([p, q]) => [formatDollars(ONE - parseDollars(p!), { decimals: 4 }), q!])
          : rest.no_dollars;
        const book = OrderBook.fromSnapshot(
          { market_ticker: TICKER, market_id: 'id', yes_dollars_fp: rest.yes_dollars, no_dollars_fp: wireNo },
          { useYesPrice: s.useYesPrice },
        );
        compare(book, model, 5000);

        for (const o of s.ops) {
          const d = resolve(model, o);
          if (d === undefined) continue;
          model.apply(o.side, d.price, d.delta);
          const onWire = o.side === 'no' && s.useYesPrice ? ONE - d.price : d.price;
          if (o.raw) book.applyDeltaRaw(Number(onWire / 100n), Number(d.delta), o.side);
          else {
            book.applyDelta({
              market_ticker: TICKER,
              market_id: 'id',
              price_dollars: wirePrice(Number(onWire / 100n), o.style),
              delta_fp: formatCount(d.delta),
              side: o.side,
            });
          }
          compare(book, model, o.probe);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reports any delta that would take a level negative, then recovers from a snapshot', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 4999 }), size), { minLength: 1, selector: (l) => l[0] }),
        fc.nat(),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 4999 }),
        (levels, pick, excess, missing) => {
          const yes = levels.map(([p, q]) => [formatDollars(BigInt(p) * 100n, { decimals: 4 }), formatCount(BigInt(q))]);
          const book = OrderBook.fromSnapshot({ yes_dollars: yes, no_dollars: [] });
          const [p, q] = levels[pick % levels.length]!;
          const target = levels.some((l) => l[0] === missing) ? p : missing;
          const held = target === p ? q : 0;
          expect(() => book.applyDeltaRaw(target, -(held + excess), 'yes')).toThrow(BookCorruptionError);
          expect(() => book.bestBid('yes')).toThrow(StaleBookError);
          book.applySnapshot({ yes_dollars: yes, no_dollars: [] });
          expect(book.equals({ yes_dollars: yes, no_dollars: [] })).toBe(true);
        },
      ),
    );
  });
});
