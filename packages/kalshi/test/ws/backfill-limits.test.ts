import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../src/resources/types.js';
import type { Logger } from '../../src/core/logger.js';
import { MAX_HELD_ITEMS } from '../../src/ws/channel-sub.js';
import type { ChannelMessage, WebSocketError } from '../../src/ws/index.js';
import { fakeRest } from './helpers/fake-rest.js';
import type { FakeKalshiServer } from './helpers/fake-server.js';
import { closeClients, fillMsg, makeClient, reconnect, restFill, sleep, startServer, take, until } from './helpers/fixtures.js';

// Where a backfill starts and where it stops: never before its subscription began, and not after
// the subscription or the client has ended (its REST calls are aborted, its backoff timer cleared).

let server: FakeKalshiServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  await closeClients();
});
afterAll(() => server.close());

const ids = (messages: ChannelMessage<'fill'>[]) => messages.map((m) => m.msg.trade_id);
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('backfill never reaches before its subscription', () => {
  it('drops REST fills from before the start that the 2 s slack brings in, with or without a live fill seen', async () => {
    const fills: Schema<'Fill'>[] = [];
    const rest = fakeRest(fills);
    const ws = makeClient(server, { rest: rest.source });
    const beforeStart = Date.now();
    const sub = ws.subscribe('fill');
    await sub.ready;
    const afterStart = Date.now();
    const it = sub[Symbol.asyncIterator]();

    // No live fill yet: the query reaches 2 s before the start, the delivery must not.
    const early = fillMsg({ ts_ms: beforeStart - 1 });
    const first = fillMsg({ ts_ms: afterStart + 1 });
    fills.push(restFill(first), restFill(early));
    await reconnect(server, sub);
    expect(ids(await take(it, 1))).toEqual([first.trade_id]);
    // The query did reach back to it (unless subscribing took 2 s, which would make this test moot).
    expect(rest.calls.fills[0]!.min_ts! * 1000).toBeLessThanOrEqual(early.ts_ms);

    // Seen up to `first`, which is within 2 s of the start: the next query reaches before it again.
    const earlier = fillMsg({ ts_ms: beforeStart - 1 });
    const second = fillMsg({ ts_ms: afterStart + 2 });
    fills.unshift(restFill(second), restFill(earlier));
    await reconnect(server, sub);
    expect(ids(await take(it, 1))).toEqual([second.trade_id]);
    await expect(take(it, 1, 150)).rejects.toThrow(/got 0 of 1/);
    expect(rest.calls.fills).toHaveLength(2);
  });

  it('takes a live fill stamped before the local start as proof the subscription was on by then', async () => {
    // A local clock running ahead of Kalshi's puts the start after fills the subscription carried.
    const fills: Schema<'Fill'>[] = [];
    const rest = fakeRest(fills);
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('fill');
    await sub.ready;
    const start = Date.now();
    const it = sub[Symbol.asyncIterator]();
    const live = fillMsg({ ts_ms: start - 5_000 });
    server.publish('fill', 'fill', live, 'none');
    expect(ids(await take(it, 1))).toEqual([live.trade_id]);
    const missed = fillMsg({ ts_ms: start - 4_000 });
    const tooEarly = fillMsg({ ts_ms: start - 5_500 });
    fills.push(restFill(missed), restFill(live), restFill(tooEarly));
    await reconnect(server, sub);
    expect(ids(await take(it, 1))).toEqual([missed.trade_id]);
    await expect(take(it, 1, 150)).rejects.toThrow(/got 0 of 1/);
  });
});

describe('backfill ends with its subscription', () => {
  it('unsubscribe() aborts a REST call under way and nothing more is asked', async () => {
    const rest = fakeRest([], [], { hang: true });
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('fill');
    await sub.ready;
    const errors: WebSocketError[] = [];
    ws.on('error', (e) => errors.push(e));
    await reconnect(server, sub);
    await until(() => rest.signals.length === 1, 'backfill call');
    expect(rest.signals[0]!.aborted).toBe(false);
    await sub.unsubscribe();
    expect(rest.signals[0]!.aborted).toBe(true);
    await sleep(100);
    expect(rest.calls.fills).toHaveLength(1);
    // The abort is the client's own doing: no error is reported for it.
    expect(errors).toEqual([]);
  });

  it('close() during the wait between tries clears the timer and makes no further call', async () => {
    await sleep(20);
    const baseline = timers();
    const rest = fakeRest([], [], { failures: Infinity });
    // Long delays between tries, so the client is surely waiting when close() comes.
    const ws = makeClient(server, { rest: rest.source, reconnect: { initialDelayMs: 10_000, maxDelayMs: 10_000, jitter: 0 } });
    const sub = ws.subscribe('fill');
    await sub.ready;
    const errors: WebSocketError[] = [];
    ws.on('error', (e) => errors.push(e));
    // A mangled fill resubscribes at once (the socket stays up), and the resubscribe backfills.
    server.send(`{"type":"fill","sid":${sub.sid},"msg":{`);
    await until(() => errors.some((e) => e.name === 'WebSocketBackfillError'), 'a failed backfill try');
    expect(errors.find((e) => e.name === 'WebSocketBackfillError')!.message).toMatch(/try 1 failed, retrying in 10000 ms/);
    await ws.close();
    await until(() => server.socket?.readyState === 3, 'server side closed');
    await sleep(20);
    expect(timers()).toBeLessThanOrEqual(baseline);
    expect(rest.calls.fills).toHaveLength(1);
    expect(rest.signals[0]!.aborted).toBe(true);
  });
});

describe('live items held during a REST outage', () => {
  it('past the limit are let go and fetched from REST instead: each fill once, in time order', async () => {
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
    const fills: Schema<'Fill'>[] = [];
    let outage = true;
    const rest = fakeRest(fills, [], { failWhile: () => outage });
    const ws = makeClient(server, { rest: rest.source, logger });
    ws.on('error', () => {}); // each failed try is reported; this test counts deliveries
    const sub = ws.subscribe('fill');
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    const start = Date.now();
    // Missed while disconnected: only REST has it.
    const missed = fillMsg({ ts_ms: start });
    fills.push(restFill(missed));
    await reconnect(server, sub);
    // A busy account during the outage: more live fills than the client may hold. The exchange
    // records each one as it sends it, as Kalshi's REST would.
    const live = Array.from({ length: MAX_HELD_ITEMS + 1_500 }, (_, i) => fillMsg({ ts_ms: start + 1 + i }));
    for (const fill of live) {
      fills.push(restFill(fill));
      server.publish('fill', 'fill', fill, 'none');
    }
    await until(() => warnings.some((w) => /held during a backfill passed the limit/.test(w)), 'the held items let go');
    expect(await take(it, 1, 100).catch(() => [])).toEqual([]); // nothing jumps the queue during the outage
    outage = false;
    const got = await take(it, live.length + 1, 10_000);
    expect(ids(got)).toEqual([missed.trade_id, ...live.map((f) => f.trade_id)]);
    // Those let go came back from REST, marked as such; the newest ones may have stayed held.
    expect(got.slice(0, 1_500).every((m) => 'backfilled' in m)).toBe(true);
    await expect(take(it, 1, 150)).rejects.toThrow(/got 0 of 1/);
  }, 20_000);
});

