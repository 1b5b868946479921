import { makeDeltas, makeMarket, rng, snapshotFrame } from '../book/frames.js';
import { measure, type MeasureOptions } from '../lib/measure.js';
import type { Row } from '../lib/report.js';
import { engineRate } from './exchange.js';
import { OrderBook } from '../lib/sdk.js';

/** How costs grow: book deltas against depth, engine operations against the number of markets. */
export async function scalingRows(options: MeasureOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const depth of [10, 100, 400]) {
    // A $0.001 tick leaves room for 400 levels a leg.
    const r = rng(depth);
    const market = makeMarket(r, 0, depth, 10);
    const book = OrderBook.fromSnapshot(snapshotFrame(market, 1));
    const deltas = makeDeltas(r, [market], 10_000);
    let next = 0;
    const rates = await measure(
      [{ name: 'book', run: (n) => { for (let i = 0; i < n; i++) { const d = deltas[next++ % deltas.length]!; book.applyDeltaRaw(d.price, d.delta, d.side); } } }],
      { ...options, startOps: 10_000 },
    );
    rows.push({ area: 'scaling', name: `book delta, ${depth} levels a leg`, ours: rates.book!, unit: 'deltas/s' });
  }
  for (const markets of [10, 1000, 10_000]) {
    rows.push({ area: 'scaling', name: `engine place + cancel, ${markets.toLocaleString('en-US')} markets`, ours: await engineRate(options, markets), unit: 'ops/s' });
  }
  return rows;
}
