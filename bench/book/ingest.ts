/**
 * Book ingest benchmark. Run: node --expose-gc --import tsx bench/book/ingest.ts
 * (plain `npx tsx bench/book/ingest.ts` works too; gc is then enabled at runtime).
 *
 * (a) deltas/s through BookManager.handle(JSON.parse(frameText)), the path a socket takes
 * (b) JSON.parse alone on the same frames, the ceiling (a) can approach
 * (c) memory of 10,000 books x 50 levels x 2 legs (heapUsed + arrayBuffers, after gc)
 * plus applyDeltaRaw alone, to show what the book itself costs.
 *
 * Targets: (a) >= 1,000,000/s, (c) <= 20 MB. Each rate is the median of 5 interleaved rounds of
 * --seconds=N (default 1).
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BookManager, OrderBook, type AnyFrame } from '../../packages/kalshi/src/book/index.js';
import { deltaFrameText, makeDeltas, makeMarket, rng, snapshotFrame, type Market } from './frames.js';

const MARKETS = 100;
const LEVELS = 40;
const DELTAS = 10_000;
const seconds = Number(/--seconds=(\S+)/.exec(process.argv.join(' '))?.[1] ?? 1);
const ROUNDS = 5;

function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const gc = gcFunction();

function memory(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Runs `pass` (which handles `perPass` deltas) repeatedly for about `seconds`; returns per second. */
function rate(perPass: number, pass: () => void): number {
  for (let i = 0; i < 20; i++) pass(); // warm up so the timed loop runs optimized code
  let done = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    pass();
    done += perPass;
    elapsed = process.hrtime.bigint() - start;
  }
  return done / (Number(elapsed) / 1e9);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---- traffic -------------------------------------------------------------------------------
const r = rng(42);
const markets: Market[] = Array.from({ length: MARKETS }, (_, i) => makeMarket(r, i, LEVELS));
const deltas = makeDeltas(r, markets, DELTAS);
const snapshots = markets.map((m, i) => snapshotFrame(m, i + 1));
const frames = deltas.map((d, i) => deltaFrameText(markets[d.market]!, d, MARKETS + i + 1, 1_754_413_199_000 + i * 7));
const avgBytes = frames.reduce((n, f) => n + f.length, 0) / frames.length;

// ---- throughput ------------------------------------------------------------------------------
const manager = new BookManager();
let staleEvents = 0;
manager.on('stale', () => staleEvents++);
for (const s of snapshots) manager.handle(s);
const parsed = frames.map((f) => JSON.parse(f) as AnyFrame);
const books = markets.map((_, i) => OrderBook.fromSnapshot(snapshots[i]!));
const rawBook = deltas.map((d) => books[d.market]!);
let sink = 0;

const passes = {
  // (a) what a socket loop does with each text frame
  withParse: () => {
    for (let i = 0; i < frames.length; i++) manager.handle(JSON.parse(frames[i]!) as AnyFrame);
  },
  // (b) the ceiling for (a)
  parseOnly: () => {
    for (let i = 0; i < frames.length; i++) sink += (JSON.parse(frames[i]!) as { seq: number }).seq;
  },
  // routing + string parsing + book, on frames parsed once up front
  handleOnly: () => {
    for (let i = 0; i < parsed.length; i++) manager.handle(parsed[i]!);
  },
  // the book alone
  rawOnly: () => {
    for (let i = 0; i < deltas.length; i++) {
      const d = deltas[i]!;
      rawBook[i]!.applyDeltaRaw(d.price, d.delta, d.side);
    }
  },
};
type Pass = keyof typeof passes;
// Interleaved rounds and medians, because a shared machine drifts between measurements.
const samples: Record<Pass, number[]> = { withParse: [], parseOnly: [], handleOnly: [], rawOnly: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const name of Object.keys(passes) as Pass[]) samples[name].push(rate(frames.length, passes[name]));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const withParse = median(samples.withParse);
const parseOnly = median(samples.parseOnly);
const handleOnly = median(samples.handleOnly);
const rawOnly = median(samples.rawOnly);

if (staleEvents > 0) throw new Error('benchmark traffic produced stale books');
// Every pass nets to zero, so each book must still equal its snapshot.
for (let i = 0; i < MARKETS; i++) {
  for (const book of [manager.get(markets[i]!.ticker)!, books[i]!]) {
    const diff = book.diff(snapshots[i]!);
    if (diff !== undefined) throw new Error(`${markets[i]!.ticker} drifted from its snapshot: ${diff}`);
  }
}

// ---- (c) memory -----------------------------------------------------------------------------
const BOOKS = 10_000;
const MEM_LEVELS = 50;
const before = memory();
const big = new BookManager();
const mr = rng(7);
for (let i = 0; i < BOOKS; i++) {
  // A 0.1-cent tick: a 1-cent market has only 99 prices, too few for 50 bids on each leg.
  const m = makeMarket(mr, i, MEM_LEVELS, 10);
  m.ticker = `KXMEM-26JAN01-T${i}`; // distinct tickers for 10k markets
  big.handle(snapshotFrame(m, i + 1));
}
const after = memory();
let levelCount = 0;
for (const t of big.tickers()) levelCount += big.get(t)!.levels('yes') + big.get(t)!.levels('no');
const mb = (after - before) / 1e6;

console.log(`node ${process.version}, ${MARKETS} markets, ${frames.length} distinct delta frames, ${avgBytes.toFixed(0)} bytes avg`);
console.log(`(a) JSON.parse + BookManager.handle : ${fmt(withParse)} deltas/s   (target >= 1,000,000)`);
console.log(`(b) JSON.parse only                : ${fmt(parseOnly)} frames/s`);
console.log(`    ratio (a)/(b)                   : ${(withParse / parseOnly).toFixed(3)}`);
console.log(`    handle() on pre-parsed frames   : ${fmt(handleOnly)} deltas/s (${(1e9 / handleOnly).toFixed(0)} ns each)`);
console.log(`    applyDeltaRaw only              : ${fmt(rawOnly)} deltas/s (${(1e9 / rawOnly).toFixed(0)} ns each)`);
console.log(`(c) ${fmt(big.size)} books, ${fmt(levelCount)} levels    : ${mb.toFixed(2)} MB (target <= 20), ${fmt((after - before) / BOOKS)} B/book`);
if (sink === 0.5) console.log('unreachable'); // keeps the parse-only loop from being optimized away
