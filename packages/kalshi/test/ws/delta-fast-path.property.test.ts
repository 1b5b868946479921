/**
 * The client reads compact delta frames without JSON.parse. This suite proves that path changes
 * nothing a user can see: the same traffic (snapshots, deltas, skipped, repeated and reordered seq
 * numbers, bad deltas, unknown markets) goes to two clients, once as Kalshi writes it (the fast path)
 * and once with whitespace between tokens (which the fast reader declines, so JSON.parse reads it).
 * Both must deliver the same messages, raise the same resyncs and leave the same books.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookManager } from '../../src/book/index.js';
import { readDeltaFrame } from '../../src/ws/delta-frame.js';
import { KalshiWS, type ResyncEvent } from '../../src/ws/index.js';
import { printFigures, SOAK, size } from '../../../sim/test/reliability/support.js';
import { inProcessLink } from './helpers/in-process-socket.js';

const MARKETS = ['KX-A-26JAN01-T1', 'KX-B-26JAN01-T2', 'KX-C'];

type Step =
  | { kind: 'snapshot'; market: number; levels: [number, number][] }
  | { kind: 'delta'; market: number; price: number; delta: number; yes: boolean; ts: boolean }
  | { kind: 'unknown-market'; price: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('snapshot' as const), market: fc.nat(2), levels: fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 500 })), { maxLength: 4 }) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('delta' as const),
      market: fc.nat(2),
      price: fc.integer({ min: 1, max: 99 }),
      delta: fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0),
      yes: fc.boolean(),
      ts: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown-market' as const), price: fc.integer({ min: 1, max: 99 }) }) },
);

/** How each frame's seq relates to the previous one; mostly the next number. */
const seqMove = fc.oneof({ weight: 20, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2, 3, -1) });

const cents = (c: number) => `0.${String(c).padStart(2, '0')}00`;

function frameOf(s: Step, seq: number, i: number): object {
  if (s.kind === 'snapshot') {
    // YES bids low, NO bids low: never crossed.
    const levels = [...new Map(s.levels).entries()].sort((a, b) => a[0] - b[0]).map(([p, q]) => [cents(p), `${q}.00`]);
    return { type: 'orderbook_snapshot', sid: 1, seq, msg: { market_ticker: MARKETS[s.market], market_id: `id-${s.market}`, yes_dollars_fp: levels, no_dollars_fp: levels } };
  }
  const ticker = s.kind === 'delta' ? MARKETS[s.market] : 'KX-UNKNOWN';
  const msg: Record<string, unknown> = {
    market_ticker: ticker,
    market_id: 'id',
    price_dollars: cents(s.price),
    delta_fp: s.kind === 'delta' ? `${s.delta}.00` : '1.00',
    side: s.kind === 'delta' && !s.yes ? 'no' : 'yes',
  };
  if (s.kind === 'delta' && s.ts) Object.assign(msg, { ts: '2026-01-01T00:00:00Z', ts_ms: 1_767_225_600_000 + i });
  return { type: 'orderbook_delta', sid: 1, seq, msg };
}

interface Outcome {
  messages: unknown[];
  resyncs: ResyncEvent[];
  stale: [string, string][];
  books: Record<string, unknown>;
}

async function run(texts: string[]): Promise<Outcome> {
  const link = inProcessLink();
  const client = new KalshiWS({ url: 'ws://127.0.0.1:1/trade-api/ws/v2', WebSocket: link.WebSocket, heartbeatTimeoutMs: 600_000, commandTimeoutMs: 600_000 });
  const outcome: Outcome = { messages: [], resyncs: [], stale: [], books: {} };
  const books = new BookManager();
  books.on('stale', (ticker, reason) => outcome.stale.push([ticker, reason]));
  client.on('resync', (event) => outcome.resyncs.push(event));
  const sub = client.subscribe('orderbook_delta', { market_tickers: MARKETS });
  sub.on('message', (m) => {
    outcome.messages.push(m);
    books.handle(m);
  });
  await sub.ready;
  for (const text of texts) link.socket!.deliver(text);
  for (const ticker of books.tickers()) {
    const book = books.get(ticker)!;
    outcome.books[ticker] = book.isStale ? `stale: ${book.staleReason}` : book.toJSON();
  }
  await client.close();
  return outcome;
}

describe('KalshiWS with and without the fast delta reader', () => {
  it('delivers the same messages, resyncs and books', { timeout: SOAK ? 1_800_000 : 60_000 }, async () => {
    let fastFrames = 0;
    let resyncs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(step, seqMove), { minLength: 1, maxLength: 60 }), async (steps) => {
        // Every market starts from a snapshot so most deltas apply; the steps then do their worst.
        const all: [Step, number][] = [...MARKETS.map((_, market): [Step, number] => [{ kind: 'snapshot', market, levels: [[5, 10]] }, 1]), ...steps];
        let seq = 0;
        const before = fastFrames;
        const frames = all.map(([s, move], i) => frameOf(s, (seq += move), i));
        const compact = frames.map((f) => JSON.stringify(f));
        const spaced = frames.map((f) => JSON.stringify(f, null, 1));
        // Every delta is written in Kalshi's layout, so every one must take the fast path.
        for (const text of compact) if (readDeltaFrame(text) !== undefined) fastFrames++;
        expect(fastFrames - before).toBe(frames.filter((f) => (f as { type: string }).type === 'orderbook_delta').length);
        for (const text of spaced) expect(readDeltaFrame(text)).toBeUndefined();
        const [fast, parsed] = [await run(compact), await run(spaced)];
        resyncs += fast.resyncs.length;
        expect(fast).toStrictEqual(parsed);
      }),
      { numRuns: size(150, 5_000) },
    );
    printFigures('delta fast path vs JSON.parse', { fastFrames, resyncs });
    // The comparison means something only if the fast path ran, and the seq faults were exercised.
    expect(fastFrames).toBeGreaterThan(500);
    expect(resyncs).toBeGreaterThan(10);
  });
});
