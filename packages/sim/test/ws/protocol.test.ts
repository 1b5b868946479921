import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { signHeaders } from '../helpers/sign.js';
import { admin } from '../helpers/exchange.js';
import { checkFrame, frames, funded, place, RawClient, startWs, TICK_CENT, until, type User } from './harness.js';

let ex: Exchange;
let user: User;
let c: RawClient;
const [T1, T2, T3] = TICK_CENT as [string, string, string];

beforeAll(async () => {
  ex = await startWs({ ws: { maxMarketsPerSubscription: 3 } });
  user = await funded(ex);
  c = await RawClient.open(ex, user);
});
afterAll(async () => {
  c.close();
  await ex.close();
  expect(frames.problems).toEqual([]);
});

/** The code of the error frame the command is answered with. */
async function error(command: Record<string, unknown>): Promise<number> {
  const reply = await c.command(command);
  expect(reply.type).toBe('error');
  return (reply.msg as { code: number }).code;
}

/** The HTTP status a refused upgrade answered with. */
function handshakeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => reject(new Error('the handshake was accepted')));
    socket.on('error', () => {});
  });
}

describe('handshake and heartbeat', () => {
  it('refuses unsigned, badly signed, stale and misdirected upgrades', async () => {
    const path = new URL(ex.wsUrl).pathname;
    const good = signHeaders(user, { method: 'GET', path, timestampMs: Date.now() });
    expect(await handshakeStatus(ex.wsUrl, {})).toBe(401);
    expect(await handshakeStatus(ex.wsUrl, { ...good, 'KALSHI-ACCESS-SIGNATURE': signHeaders(user, { method: 'GET', path: '/trade-api/v2/x', timestampMs: Date.now() })['KALSHI-ACCESS-SIGNATURE']! })).toBe(401);
    expect(await handshakeStatus(ex.wsUrl, signHeaders(user, { method: 'GET', path, timestampMs: Date.now() - 120_000 }))).toBe(401);
    expect(await handshakeStatus(ex.wsUrl.replace('/ws/v2', '/ws/v3'), good)).toBe(404);
  });

  it('pings with "heartbeat" on the configured interval and answers client pings', async () => {
    await until(() => c.pings.length >= 2, 2_000, 'two heartbeats');
    expect(new Set(c.pings)).toEqual(new Set(['heartbeat']));
    const pong = new Promise<string>((resolve) => c.socket.once('pong', (data) => resolve(String(data))));
    c.socket.ping('are-you-there');
    expect(await pong).toBe('are-you-there');
  });
});

describe('commands', () => {

  it('answers malformed commands with the spec error codes', async () => {
    c.socket.send('not json');
    const bad = await c.next((f) => f.type === 'error' && f.id === undefined);
    expect((bad.msg as { code: number }).code).toBe(1);
    expect(await error({ cmd: 'subscribe_all' })).toBe(5);
    expect(await error({ cmd: 'subscribe' })).toBe(2);
    expect(await error({ cmd: 'subscribe', params: {} })).toBe(3);
    expect(await error({ cmd: 'subscribe', params: { channels: [] } })).toBe(3);
    expect(await error({ cmd: 'subscribe', params: { channels: ['ticker_v2'] } })).toBe(8);
    expect(await error({ cmd: 'subscribe', params: { channels: ['orderbook_delta'] } })).toBe(14);
    expect(await error({ cmd: 'subscribe', params: { channels: ['trade'], market_tickers: 'KXFED-26MAR-C25' } })).toBe(11);
    expect(await error({ cmd: 'subscribe', params: { channels: ['trade'], market_ticker: T1, market_tickers: [T2] } })).toBe(11);
    const unknown = await c.command({ cmd: 'subscribe', params: { channels: ['trade'], market_tickers: ['NO-SUCH-MARKET'] } });
    expect(unknown.msg).toMatchObject({ code: 11, market_tickers: ['NO-SUCH-MARKET'] });
    expect(await error({ cmd: 'subscribe', params: { channels: ['trade'], market_tickers: [T1, T2, T3, 'KXFED-26MAR-H25'] } })).toBe(26);
    expect(await error({ cmd: 'subscribe', params: { channels: ['communications'], shard_key: 1 } })).toBe(20);
    expect(await error({ cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 0 } })).toBe(19);
    expect(await error({ cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 101 } })).toBe(22);
    expect(await error({ cmd: 'subscribe', params: { channels: ['communications'], shard_factor: 3, shard_key: 3 } })).toBe(21);
    expect(await error({ cmd: 'unsubscribe', params: {} })).toBe(4);
    expect(await error({ cmd: 'unsubscribe', params: { sids: [999] } })).toBe(7);
    expect(await error({ cmd: 'update_subscription', params: { sid: 1 } })).toBe(15);
    expect(await error({ cmd: 'update_subscription', params: { action: 'add_markets' } })).toBe(12);
    expect(await error({ cmd: 'update_subscription', params: { sids: [1, 2], action: 'add_markets' } })).toBe(12);
    expect(await error({ cmd: 'update_subscription', params: { sid: 999, action: 'add_markets' } })).toBe(7);
  });

  it('subscribes, amends, snapshots, lists and unsubscribes an order book', async () => {
    place(ex, user, T1, 'bid', 4000, 3);
    const id = c.send({ cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [T1, T2] } });
    const subscribed = await c.reply(id);
    expect(subscribed).toMatchObject({ type: 'subscribed', msg: { channel: 'orderbook_delta' } });
    const sid = (subscribed.msg as { sid: number }).sid;
    const snaps = await Promise.all([T1, T2].map((t) => c.next((f) => f.type === 'orderbook_snapshot' && f.sid === sid && (f.msg as { market_ticker: string }).market_ticker === t)));
    expect(snaps.map((s) => s.seq)).toEqual([1, 2]);
    expect(snaps[0]!.msg).toMatchObject({ yes_dollars_fp: [['0.4000', '3.00']] });
    expect(snaps[1]!.msg).not.toHaveProperty('yes_dollars_fp');

    const added = await c.command({ cmd: 'update_subscription', params: { sids: [sid], action: 'add_markets', market_tickers: [T3] } });
    expect(added).toMatchObject({ type: 'ok', sid, seq: 3, msg: { market_tickers: [T1, T2, T3] } });
    await c.next((f) => f.type === 'orderbook_snapshot' && f.seq === 4);
    expect(await error({ cmd: 'update_subscription', params: { sid, action: 'add_markets', market_tickers: ['KXFED-26MAR-H25'] } })).toBe(26);
    expect(await error({ cmd: 'update_subscription', params: { sid, action: 'add_markets' } })).toBe(14);
    expect(await error({ cmd: 'update_subscription', params: { sid, action: 'subscribe_indices', index_ids: ['BRTI'] } })).toBe(13);
    const removed = await c.command({ cmd: 'update_subscription', params: { sid, action: 'delete_markets', market_ticker: T2 } });
    expect(removed).toMatchObject({ type: 'ok', sid, seq: 5, msg: { market_tickers: [T1, T3] } });

    const snapId = c.send({ cmd: 'update_subscription', params: { sid, action: 'get_snapshot', market_tickers: [T1] } });
    expect(await c.reply(snapId)).toMatchObject({ type: 'orderbook_snapshot', sid, seq: 6, msg: { market_ticker: T1 } });
    place(ex, user, T1, 'bid', 4000, 2);
    expect(await c.next((f) => f.type === 'orderbook_delta' && f.sid === sid)).toMatchObject({ seq: 7, msg: { price_dollars: '0.4000', delta_fp: '2.00', side: 'yes' } });

    const listed = await c.command({ cmd: 'list_subscriptions' });
    expect(listed).toMatchObject({ type: 'ok', msg: [{ channel: 'orderbook_delta', sid }] });
    expect(await c.command({ cmd: 'unsubscribe', params: { sids: [sid] } })).toMatchObject({ type: 'unsubscribed', sid, seq: 8 });
    expect((await c.command({ cmd: 'list_subscriptions' })).msg).toEqual([]);
  });

  it('reports NO levels on the YES leg with use_yes_price, and market ids on the ticker channel', async () => {
    place(ex, user, T2, 'ask', 6500, 1);
    const sub = await c.command({ cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: T2, use_yes_price: true } });
    const sid = (sub.msg as { sid: number }).sid;
    expect(await c.next((f) => f.type === 'orderbook_snapshot' && f.sid === sid)).toMatchObject({ msg: { no_dollars_fp: [['0.6500', '1.00']] } });
    const marketId = (await c.next((f) => f.type === 'orderbook_snapshot' && f.sid === sid)).msg as { market_id: string };
    const tick = await c.command({ cmd: 'subscribe', params: { channels: ['ticker'], market_id: marketId.market_id, send_initial_snapshot: true } });
    const tsid = (tick.msg as { sid: number }).sid;
    expect(await c.next((f) => f.type === 'ticker' && f.sid === tsid)).toMatchObject({ msg: { market_ticker: T2, yes_ask_dollars: '0.6500', yes_ask_size_fp: '1.00' } });
    expect(await error({ cmd: 'subscribe', params: { channels: ['trade'], market_id: marketId.market_id } })).toBe(11);
    await c.command({ cmd: 'unsubscribe', params: { sids: [sid, tsid] } });
  });

  it('accepts the channels that have no events yet', async () => {
    for (const channel of ['communications', 'order_group_updates', 'multivariate_market_lifecycle']) {
      expect(await c.command({ cmd: 'subscribe', params: { channels: [channel], user_filter: 'self' } })).toMatchObject({ type: 'subscribed', msg: { channel } });
    }
    const sids = ((await c.command({ cmd: 'list_subscriptions' })).msg as { sid: number }[]).map((s) => s.sid);
    expect(sids).toHaveLength(3);
    await c.command({ cmd: 'unsubscribe', params: { sids } });
  });
});

describe('index feeds', () => {
  it('streams seeded CF Benchmarks and Pyth values, numbered, with list and filter actions', async () => {
    const other = await startWs({ seed: 1 });
    const otherUser = await funded(other);
    const d = await RawClient.open(other, otherUser);
    try {
      const sid = async (client: RawClient, channel: string, key: string, ids: string[]) =>
        ((await client.command({ cmd: 'subscribe', params: { channels: [channel], [key]: ids } })).msg as { sid: number }).sid;
      const cf = await sid(c, 'cfbenchmarks_value', 'index_ids', ['BRTI']);
      const fast = await sid(c, 'cfbenchmarks_value_5hz', 'index_ids', ['all']);
      const pyth = await sid(c, 'pyth_value', 'underlying_tickers', ['Metal.XAU/USD']);
      const cf2 = await sid(d, 'cfbenchmarks_value', 'index_ids', ['BRTI']);

      const first = await c.next((f) => f.sid === cf && f.type === 'cfbenchmarks_value', 2_500);
      expect(first).toMatchObject({ seq: 1, msg: { index_id: 'BRTI', avg_60s_data: { window_size: 0 } } });
      // Same seed, same walk: the other exchange's first BRTI tick has the same value.
      const firstElsewhere = await d.next((f) => f.sid === cf2 && f.type === 'cfbenchmarks_value', 2_500);
      expect(JSON.parse((firstElsewhere.msg as { data: string }).data).value).toBe(JSON.parse((first.msg as { data: string }).data).value);

      await c.next((f) => f.sid === pyth && f.type === 'pyth_value', 2_500);
      const fastFrames = () => c.received.filter((f) => f.sid === fast && f.type === 'cfbenchmarks_value_5hz');
      await until(() => new Set(fastFrames().map((f) => (f.msg as { index_id: string }).index_id)).size === 5, 2_000, '5 Hz indices');
      expect(fastFrames().map((f) => f.seq)).toEqual(fastFrames().map((_, i) => i + 1));

      const list = await c.command({ cmd: 'update_subscription', params: { sid: cf, action: 'indexlist' } });
      expect(list).toMatchObject({ type: 'cfbenchmarks_value_indexlist', sid: cf });
      expect((list.msg as { index_ids: string[] }).index_ids).toContain('SHIBUSD_RTI');
      expect(await c.command({ cmd: 'update_subscription', params: { sid: cf, action: 'subscribe_indices', index_ids: ['ETHUSD_RTI'] } })).toMatchObject({
        type: 'ok',
        sid: cf,
        msg: { index_ids: ['BRTI', 'ETHUSD_RTI'] },
      });
      expect(await error({ cmd: 'update_subscription', params: { sid: cf, action: 'subscribe_indices' } })).toBe(24);
      expect(await error({ cmd: 'update_subscription', params: { sid: pyth, action: 'subscribe_underlyings' } })).toBe(28);
      expect(await c.command({ cmd: 'update_subscription', params: { sid: pyth, action: 'underlying_list' } })).toMatchObject({ type: 'pyth_value_underlying_list', sid: pyth });
      expect(await c.command({ cmd: 'update_subscription', params: { sid: pyth, action: 'subscribe_underlyings', underlying_tickers: ['all'] } })).toMatchObject({
        msg: { underlying_tickers: ['all'] },
      });
      await c.command({ cmd: 'unsubscribe', params: { sids: [cf, fast, pyth] } });
    } finally {
      d.close();
      await other.close();
    }
  });
});

describe('backpressure', () => {
  it('ends the subscriptions of a client that does not keep up with error 25, without buffering without bound', async () => {
    const small = await startWs({ ws: { maxBufferedBytes: 2_000 } });
    const u = await funded(small);
    const slow = await RawClient.open(small, u);
    try {
      const sub = await slow.command({ cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: T1 } });
      const sid = (sub.msg as { sid: number }).sid;
      await slow.next((f) => f.type === 'orderbook_snapshot');
      await admin(small, 'POST', '/_sim/ws/delay', { connection: 'all', ms: 300 });
      for (let i = 0; i < 60; i++) place(small, u, T1, 'bid', 1000 + 100 * (i % 30), 1);
      const { connections } = await admin<{ connections: { buffered_bytes: number; subscriptions: unknown[] }[] }>(small, 'GET', '/_sim/ws/connections');
      expect(connections[0]!.subscriptions).toEqual([]);
      expect(connections[0]!.buffered_bytes).toBeLessThan(4_000);
      const overflow = await slow.next((f) => f.type === 'error' && f.sid === sid);
      expect(overflow.msg).toMatchObject({ code: 25 });
    } finally {
      slow.close();
      await small.close();
    }
  });
});

it('checked every frame against the spec, the checker included', () => {
  const before = frames.problems.length;
  checkFrame({ type: 'trade', sid: 1, msg: { market_ticker: 'X' } });
  expect(frames.problems.splice(before)).toHaveLength(1);
  for (const type of ['subscribed', 'unsubscribed', 'ok', 'error', 'cfbenchmarks_value', 'cfbenchmarks_value_5hz', 'pyth_value', 'cfbenchmarks_value_indexlist', 'pyth_value_underlying_list']) {
    expect(frames.types, `a ${type} frame was checked`).toContain(type);
  }
});
