import { BookManager } from 'kalshi-ts/book';
import type { ResyncEvent } from 'kalshi-ts/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { mulberry32 } from '../../src/seed/prng.js';
import { admin } from '../helpers/exchange.js';
import { engineBook, frames, funded, place, rest, restBook, sdk, sleep, startWs, TICK_CENT, until, type User } from './harness.js';

let ex: Exchange;
let traders: User[];

beforeAll(async () => {
  ex = await startWs();
  traders = await Promise.all([funded(ex), funded(ex), funded(ex)]);
});
afterAll(async () => {
  await ex.close();
  expect(frames.problems).toEqual([]);
});

const random = mulberry32(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** One random order: mostly resting near the middle, sometimes crossing, sometimes a cancel. */
function randomTrade(ex: Exchange, traders: readonly User[], markets: readonly string[]): void {
  const user = pick(traders);
  const ticker = pick(markets);
  if (random() < 0.15) {
    const open = ex.state.trading.engine.listOrders({ user: user.userId, ticker, status: 'resting' });
    if (open.length > 0) {
      ex.state.trading.run((e) => e.cancelOrder(user.userId, pick(open).id));
      return;
    }
  }
  const side = random() < 0.5 ? 'bid' : 'ask';
  const price = 100 * (35 + Math.floor(random() * 30));
  place(ex, user, ticker, side, price, 1 + Math.floor(random() * 5));
}

interface Watched {
  books: BookManager;
  resyncs: ResyncEvent[];
  close(): Promise<void>;
  connection(): Promise<number>;
}

/** An SDK client keeping BookManager books of `markets`, marking them stale whenever it resyncs. */
async function watch(ex: Exchange, user: User, markets: readonly string[]): Promise<Watched> {
  const ws = sdk(ex, user);
  const books = new BookManager();
  const resyncs: ResyncEvent[] = [];
  ws.on('resync', (event) => {
    resyncs.push(event);
    if (event.channel === 'orderbook_delta') books.markStale('all', event.reason);
  });
  const sub = ws.subscribe('orderbook_delta', { market_tickers: [...markets] });
  sub.on('message', (m) => books.handle(m));
  await sub.ready;
  return {
    books,
    resyncs,
    close: () => ws.close(),
    async connection() {
      const { connections } = await admin<{ connections: { id: number; user_id: string }[] }>(ex, 'GET', '/_sim/ws/connections');
      return connections.find((c) => c.user_id === user.userId)!.id;
    },
  };
}

async function expectBooksHeal(ex: Exchange, w: Watched, markets: readonly string[]): Promise<void> {
  const inSync = () => markets.every((t) => w.books.get(t)?.isStale === false && w.books.get(t)!.equals(engineBook(ex, t)));
  await until(inSync, 4_000, 'books equal to the engine');
  const kalshi = rest(ex, await funded(ex));
  for (const t of markets) expect(w.books.get(t)!.diff(await restBook(ex, kalshi, t))).toBeUndefined();
  await kalshi.close();
}

describe('the order book heals under injected faults', () => {
  it('seq gaps, duplicates, malformed frames, delays and drops', async () => {
    const markets = TICK_CENT.slice(0, 3);
    const viewer = await funded(ex);
    const w = await watch(ex, viewer, markets);
    const faults: Record<string, unknown>[] = [
      { fault: 'skip_seq', channel: 'orderbook_delta' },
      { fault: 'repeat_seq', channel: 'orderbook_delta' },
      { fault: 'malformed', channel: 'orderbook_delta' },
    ];
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < 15; i++) randomTrade(ex, traders, markets);
      const connection = await w.connection();
      if (round === 4) await admin(ex, 'POST', '/_sim/ws/drop', { connection });
      else if (round === 7) await admin(ex, 'POST', '/_sim/ws/delay', { connection, ms: 80 });
      else await admin(ex, 'POST', '/_sim/ws/faults', { connection, ...faults[round % 3] });
      for (let i = 0; i < 15; i++) randomTrade(ex, traders, markets);
      await sleep(round === 4 ? 250 : 40);
    }
    await admin(ex, 'POST', '/_sim/ws/delay', { connection: 'all', ms: 0 });
    await expectBooksHeal(ex, w, markets);
    const reasons = new Set(w.resyncs.map((r) => r.reason));
    for (const reason of ['gap', 'duplicate', 'bad_frame', 'reconnect']) expect(reasons).toContain(reason);
    await w.close();
  });

  it('a subscriber that cannot keep up is cut off with error 25 and recovers once it can', async () => {
    const small = await startWs({ ws: { maxBufferedBytes: 8_000 } });
    try {
      const users = await Promise.all([funded(small), funded(small)]);
      const markets = TICK_CENT.slice(3, 5);
      const w = await watch(small, await funded(small), markets);
      const connection = await w.connection();
      // A delay holds frames in the server; past the limit the subscription ends instead of queueing more.
      await admin(small, 'POST', '/_sim/ws/delay', { connection, ms: 300 });
      const conn = small.state.ws!.connections.get(connection)!;
      for (let i = 0; i < 200 && conn.subscriptions.size > 0; i++) {
        randomTrade(small, users, markets);
        expect(conn.bufferedBytes).toBeLessThan(8_000 + 2_000);
      }
      expect(conn.subscriptions.size).toBe(0);
      await admin(small, 'POST', '/_sim/ws/delay', { connection, ms: 0 });
      await until(() => w.resyncs.some((r) => r.reason === 'terminal_error' && r.code === 25), 3_000, 'overflow');
      for (let i = 0; i < 20; i++) randomTrade(small, users, markets);
      await expectBooksHeal(small, w, markets);
      await w.close();
    } finally {
      await small.close();
    }
  });
});

describe('fills across a dropped connection', () => {
  it('reach the consumer exactly once, the missed ones by REST backfill', async () => {
    // A fresh user: the backfill looks a little before the last fill seen and would rightly find older fills.
    const [me, other] = [await funded(ex), traders[1]!];
    const kalshi = rest(ex, me);
    const ws = sdk(ex, me, { rest: kalshi });
    const sub = ws.subscribe('fill');
    const seen: string[] = [];
    let backfilled = 0;
    sub.on('message', (m) => {
      seen.push(m.msg.trade_id);
      if ('backfilled' in m) backfilled++;
    });
    await sub.ready;
    const T = 'KXFED-26MAR-C50';
    const cross = () => {
      place(ex, other, T, 'bid', 5000, 1);
      place(ex, me, T, 'ask', 5000, 1);
    };
    for (let i = 0; i < 3; i++) cross();
    await until(() => seen.length === 3, 2_000, 'live fills');
    const { connections } = await admin<{ connections: { id: number; user_id: string }[] }>(ex, 'GET', '/_sim/ws/connections');
    await admin(ex, 'POST', '/_sim/ws/drop', { connection: connections.find((c) => c.user_id === me.userId)!.id });
    for (let i = 0; i < 4; i++) cross(); // while the client is away
    await until(() => ws.state === 'open', 2_000, 'reconnect');
    for (let i = 0; i < 2; i++) cross();

    const mine = ex.state.db.raw.prepare('SELECT id FROM fills WHERE user_id = ?').pluck().all(me.userId) as string[];
    expect(mine).toHaveLength(9);
    await until(() => seen.length >= 9, 3_000, 'every fill');
    await sleep(100);
    expect([...seen].sort()).toEqual([...mine].sort());
    expect(backfilled).toBeGreaterThan(0);
    await ws.close();
    await kalshi.close();
  });
});

describe('heartbeat faults', () => {
  it('a client whose pings go unanswered reconnects and resubscribes', async () => {
    const user = await funded(ex);
    const ws = sdk(ex, user, { heartbeatTimeoutMs: 500 });
    const resyncs: ResyncEvent[] = [];
    ws.on('resync', (e) => resyncs.push(e));
    const sub = ws.subscribe('trade', { market_ticker: TICK_CENT[0]! });
    await sub.ready;
    const { connections } = await admin<{ connections: { id: number; user_id: string }[] }>(ex, 'GET', '/_sim/ws/connections');
    const id = connections.find((c) => c.user_id === user.userId)!.id;
    await admin(ex, 'POST', '/_sim/ws/heartbeat', { connection: id, enabled: false });
    await until(() => resyncs.some((r) => r.reason === 'reconnect') && ws.state === 'open' && sub.state === 'active', 3_000, 'reconnect');
    expect(ex.state.ws!.connections.has(id)).toBe(false);
    // A frame that is not JSON at all, outside any subscription, is reported and harms nothing.
    const errors: Error[] = [];
    ws.on('error', (e) => errors.push(e));
    await admin(ex, 'POST', '/_sim/ws/faults', { connection: 'all', user_id: user.userId, fault: 'malformed' });
    await until(() => errors.length > 0, 2_000, 'frame error');
    expect(sub.state).toBe('active');
    await ws.close();
  });
});
