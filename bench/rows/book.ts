import { makeMarket, rng, snapshotFrame } from '../book/frames.js';
import { bookTraffic, DeltaFeed, timedOverFeed } from '../book/traffic.js';
import { inProcessLink } from '../../packages/kalshi/test/ws/helpers/in-process-socket.js';
import { measure, type MeasureOptions } from '../lib/measure.js';
import { ratioRow, type Row } from '../lib/report.js';
import { BookManager, KalshiWS } from '../lib/sdk.js';

function gc(): void {
  const run = (globalThis as { gc?: () => void }).gc;
  if (!run) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  run();
  run();
}

/**
 * The path a user gets: a KalshiWS subscription (frame reading, sequence check, routing) whose
 * 'message' listener feeds a BookManager. Only the socket is replaced, through the client's public
 * `WebSocket` option, by one that hands over frame texts in process.
 */
export async function clientIntoBooks() {
  const { markets, snapshots, frames } = bookTraffic();
  const link = inProcessLink();
  const client = new KalshiWS({ url: 'ws://127.0.0.1:1/trade-api/ws/v2', WebSocket: link.WebSocket, heartbeatTimeoutMs: 3_600_000 });
  const problems: string[] = [];
  client.on('resync', (event) => problems.push(`resync: ${event.reason}`));
  client.on('error', (error) => problems.push(`error: ${error.message}`));
  const books = new BookManager();
  books.on('stale', (ticker, reason) => problems.push(`stale ${ticker}: ${reason}`));
  let deltas = 0;
  const sub = client.subscribe('orderbook_delta', { market_tickers: markets.map((m) => m.ticker) });
  sub.on('message', (frame) => {
    books.handle(frame);
    if (frame.type === 'orderbook_delta') deltas++;
  });
  await sub.ready;
  for (const snapshot of snapshots) link.socket!.deliver(JSON.stringify(snapshot));
  const feed = new DeltaFeed(frames, snapshots.length + 1);
  const state = { cycle: [] as string[], at: 0 };
  let offered = 0;
  return {
    feed: new DeltaFeed(frames, 1),
    run: (n: number) => {
      offered += n;
      const socket = link.socket!;
      return timedOverFeed(feed, state, n, (texts, from, to) => {
        for (let i = from; i < to; i++) socket.deliver(texts[i]!);
      });
    },
    /** Throws unless every frame offered reached the books with nothing stale, resynced or failed. */
    async verify() {
      await client.close();
      if (problems.length > 0 || deltas !== offered || books.staleTickers().length > 0) {
        throw new Error(`book ingest went wrong: ${deltas}/${offered} deltas delivered; ${problems.slice(0, 3).join('; ')}`);
      }
    },
  };
}

/**
 * In-process ingest: delta frames through the client into books, per second, against JSON.parse
 * alone on the same frame texts. The client does not JSON.parse deltas in Kalshi's layout (see
 * packages/kalshi/src/ws/delta-frame.ts), so the ratio can exceed 1: it then says the whole path
 * costs less per frame than parsing the frame does for a consumer who only calls JSON.parse.
 * Also the memory of 10,000 books x 50 levels x 2 legs, typed arrays included.
 */
export async function bookRows(options: MeasureOptions): Promise<Row[]> {
  const ours = await clientIntoBooks();
  const parseState = { cycle: [] as string[], at: 0 };
  let sink = 0;
  const rates = await measure(
    [
      { name: 'ours', selfTimed: true, run: ours.run },
      {
        name: 'parse',
        selfTimed: true,
        run: (n) =>
          timedOverFeed(ours.feed, parseState, n, (texts, from, to) => {
            for (let i = from; i < to; i++) sink += (JSON.parse(texts[i]!) as { seq: number }).seq;
          }),
      },
    ],
    { ...options, startOps: 1000 },
  );
  await ours.verify();
  if (sink === 0.5) throw new Error('unreachable: keeps the parse loop from being optimised away');
  const ingest = ratioRow('book ingest', 'orderbook_delta via KalshiWS into BookManager', 'msg/s', rates.ours!, 'JSON.parse only', rates.parse!, 0.8);
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
