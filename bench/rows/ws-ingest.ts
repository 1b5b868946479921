import { WebSocket } from 'ws';
import { startChild, stopChild } from '../lib/child.js';
import { measure, type MeasureOptions } from '../lib/measure.js';
import { ratioRow, type Row } from '../lib/report.js';
import { BookManager, KalshiWS, type AnyFrame } from '../lib/sdk.js';

/** The snapshot per market the server sends before the deltas, plus its `subscribed` reply. */
const FRAMES_BEFORE_DELTAS = 101;

/**
 * The three clients of the loopback row, each run(n) connecting to the delta server at `port`,
 * subscribing, and resolving once n deltas arrived: ours (KalshiWS into a BookManager), a bare `ws`
 * client that JSON.parses every frame, and a bare `ws` client that only counts frames.
 */
export function loopbackClients(port: number, tickers: string[]) {
  const url = (count: number) => `ws://127.0.0.1:${port}/trade-api/ws/v2?count=${count}`;
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
    if (books.staleTickers().length > 0) throw new Error('ws ingest left stale books');
  };
  const bareClient = (n: number, parse: boolean) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url(n));
      let deltas = 0;
      let frames = 0;
      socket.on('open', () => socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } })));
      socket.on('message', (data) => {
        const done = parse
          ? (JSON.parse(data.toString()) as { type: string }).type === 'orderbook_delta' && ++deltas === n
          : ++frames === n + FRAMES_BEFORE_DELTAS;
        if (done) {
          socket.close();
          resolve();
        }
      });
      socket.on('error', reject);
    });
  return { ours, bare: (n: number) => bareClient(n, true), transport: (n: number) => bareClient(n, false) };
}

/**
 * orderbook_delta frames over a loopback WebSocket: our client (seq checks, routing, books kept)
 * against a bare `ws` client that only parses, each receiving the same burst from a server in a
 * child process (bench/lib/delta-server.ts, which writes pre-rendered frames so that it is never
 * the bottleneck). A third client, `ws` counting frames without reading them, records what the
 * transport alone allows on this machine: the ceiling both figures live under.
 */
export async function wsIngestRows(options: MeasureOptions): Promise<Row[]> {
  const { child, ready } = await startChild<{ port: number; tickers: string[] }>('./delta-server.ts');
  const clients = loopbackClients(ready.port, ready.tickers);
  try {
    const rates = await measure(
      [
        { name: 'ours', run: clients.ours },
        { name: 'bare', run: clients.bare },
        { name: 'transport', run: clients.transport },
      ],
      // One batch size for all: every run pays a connection and 100 snapshots before its deltas.
      { ...options, startOps: 5000, equalBatches: true },
    );
    const row = ratioRow('ws ingest', 'orderbook_delta over loopback WS, books kept', 'msg/s', rates.ours!, 'bare ws client, parse only', rates.bare!, 0.85);
    row.target = '>= 500,000/s and >= 0.85x';
    row.met = rates.ours! >= 500_000 && row.ratio! >= 0.85;
    const transport: Row = { area: 'ws ingest', name: 'ws client receiving only (no parse): the transport ceiling', ours: rates.transport!, unit: 'msg/s' };
    return [row, transport];
  } finally {
    await stopChild(child);
  }
}
