import { BookManager, type AnyFrame } from '../../packages/kalshi/src/book/index.js';
import { deltaFrameText, makeDeltas, makeMarket, rng, snapshotFrame, type Market } from '../book/frames.js';
import { measure, type MeasureOptions } from '../lib/measure.js';
import { ratioRow, type Row } from '../lib/report.js';

const MARKETS = 100;
const LEVELS = 40;
const DELTAS = 10_000;

/** Realistic delta frames (as text) for 100 markets, with the snapshots they apply to. */
export function bookTraffic() {
  const r = rng(42);
  const markets: Market[] = Array.from({ length: MARKETS }, (_, i) => makeMarket(r, i, LEVELS));
  const deltas = makeDeltas(r, markets, DELTAS);
  const snapshots = markets.map((m, i) => snapshotFrame(m, i + 1));
  const frames = deltas.map((d, i) => deltaFrameText(markets[d.market]!, d, MARKETS + i + 1, 1_754_413_199_000 + i * 7));
  return { markets, snapshots, frames };
}

function gc(): void {
  const run = (globalThis as { gc?: () => void }).gc;
  if (!run) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  run();
  run();
}

/**
 * In-process ingest: delta frames parsed and applied per second against JSON.parse alone (the
 * ceiling), and memory of 10,000 books x 50 levels x 2 legs, typed arrays included.
 */
export async function bookRows(options: MeasureOptions): Promise<Row[]> {
  const { snapshots, frames } = bookTraffic();
  const manager = new BookManager();
  for (const s of snapshots) manager.handle(s);
  let sink = 0;
  // The stream continues across batches (never restarts mid-cycle), so every delta meets the book
  // state it was generated for; a whole cycle nets to zero.
  let next = 0;
  let nextParse = 0;
  const rates = await measure(
    [
      { name: 'ours', run: (n) => { for (let i = 0; i < n; i++) manager.handle(JSON.parse(frames[next++ % frames.length]!) as AnyFrame); } },
      { name: 'parse', run: (n) => { for (let i = 0; i < n; i++) sink += (JSON.parse(frames[nextParse++ % frames.length]!) as { seq: number }).seq; } },
    ],
    { ...options, startOps: 1000 },
  );
  if (manager.staleTickers().length > 0 || sink === 0.5) throw new Error('benchmark traffic left stale books');
  const ingest = ratioRow('book ingest', 'orderbook_delta parsed + applied', 'msg/s', rates.ours!, 'JSON.parse only', rates.parse!, 0.8);
  ingest.target = '>= 1,000,000/s and >= 0.8x';
  ingest.met = rates.ours! >= 1_000_000 && ingest.ratio! >= 0.8;

  gc();
  const before = process.memoryUsage();
  const books = new BookManager();
  const r = rng(7);
  for (let i = 0; i < 10_000; i++) {
    // A 0.1-cent tick: a cent market has only 99 prices, too few for 50 bids on each leg.
    const m = makeMarket(r, i, 50, 10);
    m.ticker = `KXMEM-26JAN01-T${i}`;
    books.handle(snapshotFrame(m, i + 1));
  }
  gc();
  const after = process.memoryUsage();
  const mb = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1e6;
  const memoryRow: Row = { area: 'book memory', name: `${books.size} books x 50 levels x 2 legs`, ours: mb, unit: 'MB', target: '<= 20 MB', met: mb <= 20 };
  return [ingest, memoryRow];
}
