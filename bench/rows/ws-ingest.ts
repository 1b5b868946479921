import { WebSocket } from 'ws';
import { BookManager, type AnyFrame } from '../../packages/kalshi/src/book/index.js';
import { KalshiWS } from '../../packages/kalshi/src/ws/index.js';
import { startChild, stopChild } from '../lib/child.js';
import { measure, type MeasureOptions } from '../lib/measure.js';
import { ratioRow, type Row } from '../lib/report.js';

/**
 * orderbook_delta frames over a loopback WebSocket: our client (seq checks, routing, books kept)
 * against a bare `ws` client that only parses, each receiving the same burst from a server in a
 * child process.
 */
export async function wsIngestRows(options: MeasureOptions): Promise<Row[]> {
  const { child, ready } = await startChild<{ port: number; tickers: string[] }>('./delta-server.ts');
  const url = (count: number) => `ws://127.0.0.1:${ready.port}/trade-api/ws/v2?count=${count}`;
  const tickers = ready.tickers;
  const ours = async (n: number) => {
    const client = new KalshiWS({ url: url(n), heartbeatTimeoutMs: 60_000 });
    const books = new BookManager();
    let deltas = 0;
    await new Promise<void>((resolve, reject) => {
      const sub = client.subscribe('orderbook_delta', { market_tickers: tickers });
      sub.on('message', (frame) => {
        books.handle(frame as AnyFrame);
        if ((frame as { type: string }).type === 'orderbook_delta' && ++deltas === n) resolve();
      });
      client.on('error', reject);
    });
    await client.close();
  };
  const bare = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url(n));
      let deltas = 0;
      socket.on('open', () => socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } })));
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string };
        if (frame.type === 'orderbook_delta' && ++deltas === n) {
          socket.close();
          resolve();
        }
      });
      socket.on('error', reject);
    });
  try {
    const rates = await measure([{ name: 'ours', run: ours }, { name: 'bare', run: bare }], { ...options, startOps: 5000 });
    const row = ratioRow('ws ingest', 'orderbook_delta over loopback WS, books kept', 'msg/s', rates.ours!, 'bare ws client, parse only', rates.bare!, 0.85);
    row.target = '>= 500,000/s and >= 0.85x';
    row.met = rates.ours! >= 500_000 && row.ratio! >= 0.85;
    return [row];
  } finally {
    await stopChild(child);
  }
}
