import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEQUENCED_CHANNELS, WebSocketFrameError, type ResyncEvent, type WebSocketError } from '../../src/ws/index.js';
import type { FakeKalshiServer } from './helpers/fake-server.js';
import { closeClients, deltaMsg, makeClient, sleep, startServer, take, tradeMsg, until } from './helpers/fixtures.js';

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

function collect<T>(on: (fn: (v: T) => void) => unknown): T[] {
  const out: T[] = [];
  on((v) => out.push(v));
  return out;
}

describe('reconnect', () => {
  it('restores every subscription with its current markets on the same handle', async () => {
    const ws = makeClient(server);
    const resyncs = collect<ResyncEvent>((fn) => ws.on('resync', fn));
    const ticker = ws.subscribe('ticker', { market_tickers: ['KX-A'] });
    const trades = ws.subscribe('trade');
    await Promise.all([ticker.ready, trades.ready]);
    await ticker.addMarkets(['KX-B']);
    await ticker.removeMarkets(['KX-A']);
    const it = trades[Symbol.asyncIterator]();
    const oldSid = trades.sid;
    const connections = server.connections;
    server.drop();
    await until(() => server.connections === connections + 1 && server.subs.size === 2, 'restore');
    const restored = server.commands.filter((c) => c.connection === server.connections);
    expect(restored.map((c) => c.params)).toEqual([
      { channels: ['ticker'], market_tickers: ['KX-B'] },
      { channels: ['trade'] },
    ]);
    await until(() => trades.sid !== undefined, 'new sid');
    expect(trades.sid).toBe(server.sub('trade').sid);
    expect(trades.sid).not.toBe(oldSid);
    expect(resyncs.map((r) => [r.channel, r.reason])).toEqual([
      ['ticker', 'reconnect'],
      ['trade', 'reconnect'],
    ]);
    server.publish('trade', 'trade', tradeMsg());
    const [m] = await take(it, 1);
    expect(m!.sid).toBe(trades.sid);
  });

  it('holds commands made while disconnected and applies them after the reconnect', async () => {
    const ws = makeClient(server);
    const ticker = ws.subscribe('ticker', { market_tickers: ['KX-A'] });
    await ticker.ready;
    server.refuseWith = 503;
    server.drop();
    await until(() => ws.state === 'reconnecting', 'disconnected');
    const added = ticker.addMarkets(['KX-B']);
    const trades = ws.subscribe('trade');
    const listed = ws.listSubscriptions();
    await sleep(50);
    expect(ws.state).not.toBe('open');
    server.refuseWith = undefined;
    await Promise.all([added, trades.ready]);
    const list = await listed;
    expect(list.map((s) => s.channel).sort()).toEqual(['ticker', 'trade']);
    const sent = server.commands.filter((c) => c.connection === server.connections);
    expect(sent.map((c) => c.cmd)).toEqual(['subscribe', 'subscribe', 'list_subscriptions']);
    expect(sent[0]!.params).toEqual({ channels: ['ticker'], market_tickers: ['KX-A', 'KX-B'] });
  });

  it('starts without a connection: subscribe() connects, commands wait for it', async () => {
    const ws = makeClient(server);
    expect(ws.state).toBe('idle');
    const sub = ws.subscribe('trade');
    const listed = ws.listSubscriptions();
    await sub.ready;
    await expect(listed).resolves.toHaveLength(1);
  });
});

describe('terminal errors', () => {
  it.each([10, 25])('resubscribes after code %i with a resync event', async (code) => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade', { market_tickers: ['KX-A'] });
    await sub.ready;
    const resyncs = collect<ResyncEvent>((fn) => sub.on('resync', fn));
    const errors = collect<WebSocketError>((fn) => sub.on('error', fn));
    const it = sub[Symbol.asyncIterator]();
    const old = sub.sid!;
    const unsubscribes = server.commandsNamed('unsubscribe').length;
    server.subs.delete(old);
    server.send({ type: 'error', sid: old, msg: { code, msg: 'channel ended' } });
    await until(() => sub.sid !== undefined && sub.sid !== old, 'resubscribed');
    expect(resyncs).toEqual([expect.objectContaining({ sid: old, channel: 'trade', reason: 'terminal_error', code, markets: ['KX-A'] })]);
    expect(errors[0]).toMatchObject({ code, terminal: true });
    expect(server.commandsNamed('unsubscribe').length).toBe(unsubscribes);
    expect(server.commandsNamed('subscribe').at(-1)!.params).toEqual({ channels: ['trade'], market_tickers: ['KX-A'] });
    server.publish('trade', 'trade', tradeMsg());
    expect((await take(it, 1))[0]!.sid).toBe(sub.sid);
  });
});

describe('sequence checks', () => {
  it('derives the numbered channels from the schemas', () => {
    expect([...SEQUENCED_CHANNELS].sort()).toEqual([
      'cfbenchmarks_value',
      'cfbenchmarks_value_5hz',
      'communications',
      'market_lifecycle_v2',
      'multivariate_market_lifecycle',
      'order_group_updates',
      'orderbook_delta',
      'pyth_value',
      'trade',
    ]);
  });

  it.each([
    ['gap', 'skip' as const],
    ['duplicate', 'repeat' as const],
  ])('order book %s: not delivered, get_snapshot, frames dropped until the fresh snapshot', async (reason, fault) => {
    const ws = makeClient(server);
    const sub = ws.subscribe('orderbook_delta', { market_ticker: 'KX-A' });
    const it = sub[Symbol.asyncIterator]();
    const resyncs = collect<ResyncEvent>((fn) => ws.on('resync', fn));
    expect((await take(it, 1))[0]!.type).toBe('orderbook_snapshot');
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A', '0.1000'));
    expect((await take(it, 1))[0]!.msg).toMatchObject({ price_dollars: '0.1000' });

    server.intercept = (c) => c.cmd === 'update_subscription';
    const updates = server.commandsNamed('update_subscription').length;
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A', '0.2000'), fault);
    await until(() => server.commandsNamed('update_subscription').length > updates, 'get_snapshot');
    const request = server.commandsNamed('update_subscription').at(-1)!;
    expect(request.params).toEqual({ sid: sub.sid, market_tickers: ['KX-A'], action: 'get_snapshot' });
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A', '0.3000'));
    server.send({ type: 'ok', id: request.id, sid: sub.sid, msg: {} });
    server.snapshot(server.sub('orderbook_delta'), 'KX-A');
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A', '0.4000'));
    const after = await take(it, 2);
    expect(after.map((m) => m.type)).toEqual(['orderbook_snapshot', 'orderbook_delta']);
    expect(after[1]!.msg).toMatchObject({ price_dollars: '0.4000' });
    expect(resyncs).toEqual([expect.objectContaining({ reason, channel: 'orderbook_delta', sid: sub.sid, markets: ['KX-A'], expectedSeq: 3 })]);
  });

  it('resubscribes when a requested snapshot never arrives', async () => {
    const ws = makeClient(server, { commandTimeoutMs: 60 });
    const sub = ws.subscribe('orderbook_delta', { market_ticker: 'KX-A' });
    const it = sub[Symbol.asyncIterator]();
    await take(it, 1);
    const old = sub.sid;
    server.intercept = (c) => {
      if (c.cmd !== 'update_subscription') return;
      server.send({ type: 'ok', id: c.id, sid: c.params?.sid, msg: {} });
      return true;
    };
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A'), 'skip');
    await until(() => sub.sid !== undefined && sub.sid !== old, 'resubscribed');
    expect((await take(it, 1))[0]!.type).toBe('orderbook_snapshot');
  });

  it('holds back a market whose snapshot has not arrived yet', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('orderbook_delta', { market_tickers: ['KX-A', 'KX-B'] });
    const it = sub[Symbol.asyncIterator]();
    await take(it, 2);
    server.intercept = (c) => c.cmd === 'update_subscription';
    const updates = server.commandsNamed('update_subscription').length;
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A'), 'skip');
    await until(() => server.commandsNamed('update_subscription').length > updates, 'get_snapshot');
    expect(server.commandsNamed('update_subscription').at(-1)!.params?.action).toBe('get_snapshot');
    const book = server.sub('orderbook_delta');
    server.snapshot(book, 'KX-A');
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-B', '0.1100'));
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-A', '0.2200'));
    server.snapshot(book, 'KX-B');
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-B', '0.3300'));
    const got = await take(it, 4);
    expect(got.map((m) => `${m.type}:${m.msg.market_ticker}`)).toEqual([
      'orderbook_snapshot:KX-A',
      'orderbook_delta:KX-A',
      'orderbook_snapshot:KX-B',
      'orderbook_delta:KX-B',
    ]);
  });

  it('an out-of-order trade resubscribes: the old sid is ended, the new one delivers', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade');
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    const resyncs = collect<ResyncEvent>((fn) => sub.on('resync', fn));
    const old = sub.sid!;
    server.publish('trade', 'trade', tradeMsg());
    server.publish('trade', 'trade', tradeMsg());
    await take(it, 2);
    server.publish('trade', 'trade', tradeMsg(), 1);
    await until(() => sub.sid !== undefined && sub.sid !== old, 'resubscribed');
    expect(resyncs).toEqual([expect.objectContaining({ reason: 'out_of_order', sid: old, expectedSeq: 3, receivedSeq: 1 })]);
    expect(server.commandsNamed('unsubscribe').at(-1)!.params).toEqual({ sids: [old] });
    const fresh = tradeMsg();
    server.publish('trade', 'trade', fresh);
    expect((await take(it, 1))[0]!.msg.trade_id).toBe(fresh.trade_id);
  });

  it('counts sequenced replies (ok after add_markets) as part of the sequence', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('orderbook_delta', { market_ticker: 'KX-A' });
    const it = sub[Symbol.asyncIterator]();
    const resyncs = collect<ResyncEvent>((fn) => ws.on('resync', fn));
    await take(it, 1);
    await sub.addMarkets(['KX-B']);
    server.publish('orderbook_delta', 'orderbook_delta', deltaMsg('KX-B'));
    const got = await take(it, 2);
    expect(got.map((m) => m.type)).toEqual(['orderbook_snapshot', 'orderbook_delta']);
    expect(resyncs).toEqual([]);
  });
});

describe('bad frames', () => {
  it('reports unparseable JSON with the raw text and resyncs the sid it names', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('orderbook_delta', { market_ticker: 'KX-A' });
    const it = sub[Symbol.asyncIterator]();
    await take(it, 1);
    const errors = collect<WebSocketError>((fn) => ws.on('error', fn));
    const resyncs = collect<ResyncEvent>((fn) => ws.on('resync', fn));
    const raw = `{"type":"orderbook_delta","sid":${sub.sid},"seq":2,"msg":{"market_ticker":"KX-A",`;
    const updates = server.commandsNamed('update_subscription').length;
    server.send(raw);
    await until(() => errors.length === 1 && resyncs.length === 1, 'error and resync');
    expect(errors[0]).toBeInstanceOf(WebSocketFrameError);
    expect(errors[0]).toMatchObject({ raw, sid: sub.sid });
    expect(resyncs[0]).toMatchObject({ reason: 'bad_frame', sid: sub.sid });
    await until(() => server.commandsNamed('update_subscription').length > updates, 'get_snapshot');
    expect(server.commandsNamed('update_subscription').at(-1)!.params?.action).toBe('get_snapshot');
    expect((await take(it, 1))[0]!.type).toBe('orderbook_snapshot');
  });

  it('with validate on, drops a frame that breaks its schema and reports why', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('trade');
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    const errors = collect<WebSocketError>((fn) => ws.on('error', fn));
    const old = sub.sid;
    const { count_fp: _dropped, ...broken } = tradeMsg();
    server.publish('trade', 'trade', broken);
    await until(() => errors.length === 1, 'frame error');
    expect(errors[0]).toBeInstanceOf(WebSocketFrameError);
    expect(errors[0]!.message).toMatch(/does not match the spec.*count_fp/);
    expect((errors[0] as WebSocketFrameError).raw).toContain('"type":"trade"');
    await until(() => sub.sid !== undefined && sub.sid !== old, 'resubscribed');
    expect(server.commandsNamed('unsubscribe').at(-1)!.params).toEqual({ sids: [old] });
    const good = tradeMsg();
    server.publish('trade', 'trade', good);
    expect((await take(it, 1))[0]!.msg.trade_id).toBe(good.trade_id);
  });

  it('reports frames without a sid that are not replies', async () => {
    const ws = makeClient(server, { validate: false });
    await ws.connect();
    const errors = collect<WebSocketError>((fn) => ws.on('error', fn));
    server.send('[1,2]');
    server.send('{"type":"mystery"}');
    await until(() => errors.length === 2, 'two errors');
    expect(errors.map((e) => (e as WebSocketFrameError).raw)).toEqual(['[1,2]', '{"type":"mystery"}']);
  });
});
