import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import type { FillPayload, TickerPayload } from '../../src/generated/ws-types.js';
import {
  WebSocketCommandTimeoutError,
  WebSocketServerError,
  type BackfilledFill,
  type ChannelMessage,
  type Subscription,
  type WebSocketError,
} from '../../src/ws/index.js';
import type { FakeKalshiServer } from './helpers/fake-server.js';
import { closeClients, makeClient, sleep, startServer, take, tradeMsg, until } from './helpers/fixtures.js';

let server: FakeKalshiServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  await closeClients();
  server.intercept = undefined;
  server.refuseWith = undefined;
});
afterAll(() => server.close());

describe('subscribe', () => {
  it('resolves ready with the handle on the subscribed ack, with incrementing command ids', async () => {
    const ws = makeClient(server);
    const before = server.commands.length;
    const a = ws.subscribe('ticker', { market_tickers: ['KX-A'] });
    expect(a.state).toBe('subscribing');
    expect(a.sid).toBeUndefined();
    await expect(a.ready).resolves.toBe(a);
    expect(a.state).toBe('active');
    expect(a.sid).toBe(server.sub('ticker').sid);
    await ws.subscribe('trade').ready;
    const sent = server.commands.slice(before);
    expect(sent.map((c) => c.cmd)).toEqual(['subscribe', 'subscribe']);
    expect(sent[0]!.params).toEqual({ channels: ['ticker'], market_tickers: ['KX-A'] });
    expect(sent[1]!.id).toBe(sent[0]!.id + 1);
  });

  it('iterates messages in order, including those sent before the loop started', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade');
    await sub.ready;
    const msgs = [tradeMsg(), tradeMsg(), tradeMsg()];
    server.publish('trade', 'trade', msgs[0]!);
    await sleep(20);
    server.publish('trade', 'trade', msgs[1]!);
    server.publish('trade', 'trade', msgs[2]!);
    const got: ChannelMessage<'trade'>[] = [];
    for await (const m of sub) {
      got.push(m);
      if (got.length === 3) break;
    }
    expect(got.map((m) => m.msg.trade_id)).toEqual(msgs.map((m) => m.trade_id));
    expect(got.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('pushes typed messages to listeners; a throwing listener does not stop the others', async () => {
    const error = vi.fn();
    const logger: Logger = { debug() {}, info() {}, warn() {}, error };
    const ws = makeClient(server, { logger });
    const sub = ws.subscribe('trade');
    sub.on('message', () => {
      throw new Error('user bug');
    });
    const seen: string[] = [];
    sub.on('message', (m) => seen.push(m.msg.trade_id));
    await sub.ready;
    server.publish('trade', 'trade', tradeMsg());
    await until(() => seen.length === 1, 'delivery');
    expect(error).toHaveBeenCalledWith("a 'message' listener threw", expect.anything());
  });

  it('makes one server subscription per channel behind one handle', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe(['ticker', 'trade'], { market_ticker: 'KX-A' });
    await sub.ready;
    expect([...sub.sids.keys()]).toEqual(['ticker', 'trade']);
    const it = sub[Symbol.asyncIterator]();
    server.publish('trade', 'trade', tradeMsg());
    const [m] = await take(it, 1);
    expect(m!.type).toBe('trade');
  });

  it('warns through the logger when a consumer falls behind', async () => {
    const warn = vi.fn();
    const ws = makeClient(server, { logger: { debug() {}, info() {}, warn, error() {} }, highWaterMark: 3 });
    const sub = ws.subscribe('trade');
    await sub.ready;
    for (let i = 0; i < 4; i++) server.publish('trade', 'trade', tradeMsg());
    await until(() => warn.mock.calls.length > 0, 'warning');
    expect(warn.mock.calls[0]![0]).toMatch(/high-water/);
    expect(await take(sub[Symbol.asyncIterator](), 4)).toHaveLength(4);
  });

  it('types messages per channel from the generated payloads', () => {
    expectTypeOf<ChannelMessage<'orderbook_delta'>['type']>().toEqualTypeOf<'orderbook_snapshot' | 'orderbook_delta'>();
    expectTypeOf<ChannelMessage<'ticker'>>().toEqualTypeOf<TickerPayload>();
    expectTypeOf<ChannelMessage<'fill'>>().toEqualTypeOf<FillPayload | BackfilledFill>();
    expectTypeOf<Subscription<'trade' | 'ticker'>['ready']>().resolves.toEqualTypeOf<Subscription<'trade' | 'ticker'>>();
  });

  it('refuses channels and parameters it knows are wrong before sending', () => {
    const ws = makeClient(server);
    expect(() => ws.subscribe('bogus' as 'ticker')).toThrow(/not a Kalshi WebSocket channel/);
    expect(() => ws.subscribe('orderbook_delta')).toThrow(/needs market_ticker/);
    expect(() => ws.subscribe('fill', { market_tickers: [] })).toThrow(/must not be empty/);
  });
});

describe('amending markets', () => {
  it('sends add_markets / delete_markets for the sid and tracks the list', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('ticker', { market_tickers: ['KX-A'] });
    await sub.ready;
    await sub.addMarkets(['KX-B', 'KX-C']);
    await sub.removeMarkets(['KX-A']);
    expect(sub.markets).toEqual(['KX-B', 'KX-C']);
    expect(server.sub('ticker').markets).toEqual(['KX-B', 'KX-C']);
    const updates = server.commandsNamed('update_subscription').slice(-2);
    expect(updates.map((c) => c.params)).toEqual([
      { sid: sub.sid, market_tickers: ['KX-B', 'KX-C'], action: 'add_markets' },
      { sid: sub.sid, market_tickers: ['KX-A'], action: 'delete_markets' },
    ]);
  });

  it('sends an amendment made before the ack once the sid is known', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('ticker', { market_tickers: ['KX-A'] });
    const added = sub.addMarkets(['KX-B']);
    await added;
    expect(server.sub('ticker').markets).toEqual(['KX-A', 'KX-B']);
  });

  it('undoes a change Kalshi refuses, so a reconnect does not bring it back', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('ticker', { market_tickers: ['KX-A'] });
    await sub.ready;
    server.intercept = (c) => {
      if (c.cmd !== 'update_subscription') return;
      server.send({ type: 'error', id: c.id, msg: { code: 26, msg: 'Subscription market limit exceeded' } });
      return true;
    };
    const error = await sub.addMarkets(['KX-Z']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketServerError);
    expect(error).toMatchObject({ code: 26, codeName: 'Subscription market limit exceeded', command: 'update_subscription' });
    expect(sub.markets).toEqual(['KX-A']);
  });

  it('rejects amendments on a subscription without a market filter', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade');
    await expect(sub.addMarkets(['KX-A'])).rejects.toThrow(/no market filter/);
    await expect(sub.snapshot()).rejects.toThrow(/orderbook_delta/);
  });
});

describe('commands and replies', () => {
  it('lists subscriptions', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade');
    await sub.ready;
    await expect(ws.listSubscriptions()).resolves.toEqual([{ channel: 'trade', sid: sub.sid }]);
  });

  it('times out a command with no reply, with a clear error', async () => {
    const ws = makeClient(server, { commandTimeoutMs: 80 });
    await ws.connect();
    server.intercept = (c) => c.cmd === 'list_subscriptions';
    const started = Date.now();
    const error = await ws.listSubscriptions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketCommandTimeoutError);
    expect(error).toMatchObject({ command: 'list_subscriptions', timeoutMs: 80 });
    expect((error as Error).message).toMatch(/did not answer the list_subscriptions command \(id \d+\) within 80 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('fails a subscription whose first subscribe gets no ack, and ends a late ack', async () => {
    const ws = makeClient(server, { commandTimeoutMs: 60 });
    let held: number | undefined;
    server.intercept = (c) => {
      if (c.cmd !== 'subscribe') return;
      held = c.id;
      return true;
    };
    const sub = ws.subscribe('trade');
    await expect(sub.ready).rejects.toBeInstanceOf(WebSocketCommandTimeoutError);
    server.intercept = undefined;
    server.send({ type: 'subscribed', id: held, msg: { channel: 'trade', sid: 999 } });
    await until(() => server.commandsNamed('unsubscribe').some((c) => c.params?.sids?.[0] === 999), 'stray sid unsubscribed');
  });

  it('delivers a server error to the subscription it names, and only there', async () => {
    const ws = makeClient(server);
    const a = ws.subscribe('trade');
    const b = ws.subscribe('ticker');
    await Promise.all([a.ready, b.ready]);
    const aErrors: WebSocketError[] = [];
    const bErrors: WebSocketError[] = [];
    const clientErrors: WebSocketError[] = [];
    a.on('error', (e) => aErrors.push(e));
    b.on('error', (e) => bErrors.push(e));
    ws.on('error', (e) => clientErrors.push(e));
    server.send({ type: 'error', sid: b.sid, msg: { code: 27, msg: 'Too many requests' } });
    await until(() => bErrors.length === 1, 'error on b');
    expect(bErrors[0]).toMatchObject({ name: 'WebSocketServerError', code: 27, codeName: 'Too many requests', sid: b.sid, terminal: false });
    expect(aErrors).toEqual([]);
    expect(clientErrors).toEqual(bErrors);
    expect(b.state).toBe('active');
  });

  it('rejects ready with the server error when the subscribe is refused', async () => {
    const ws = makeClient(server);
    server.intercept = (c) => {
      if (c.cmd !== 'subscribe') return;
      server.send({ type: 'error', id: c.id, msg: { code: 9, msg: 'Authentication required' } });
      return true;
    };
    const sub = ws.subscribe('fill');
    await expect(sub.ready).rejects.toMatchObject({ code: 9, codeName: 'Authentication required', command: 'subscribe' });
    expect(sub.state).toBe('failed');
    await expect(take(sub[Symbol.asyncIterator](), 1)).rejects.toMatchObject({ code: 9 });
  });

  it('unsubscribes: the server forgets the sid and loops end after draining', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade');
    await sub.ready;
    const sid = sub.sid;
    server.publish('trade', 'trade', tradeMsg());
    await sleep(20);
    const it = sub[Symbol.asyncIterator]();
    await sub.unsubscribe();
    expect(server.subs.has(sid!)).toBe(false);
    expect(server.commandsNamed('unsubscribe').at(-1)!.params).toEqual({ sids: [sid] });
    expect((await it.next()).done).toBe(false);
    expect((await it.next()).done).toBe(true);
    expect(sub.state).toBe('closed');
  });

  it('asks for order book snapshots and delivers them', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('orderbook_delta', { market_tickers: ['KX-A', 'KX-B'] });
    const it = sub[Symbol.asyncIterator]();
    const initial = await take(it, 2);
    expect(initial.map((m) => m.type)).toEqual(['orderbook_snapshot', 'orderbook_snapshot']);
    await sub.snapshot();
    const again = await take(it, 2);
    expect(again.map((m) => (m.type === 'orderbook_snapshot' ? m.msg.market_ticker : ''))).toEqual(['KX-A', 'KX-B']);
    expect(server.commandsNamed('update_subscription').at(-1)!.params).toMatchObject({ action: 'get_snapshot', sid: sub.sid });
  });
});
