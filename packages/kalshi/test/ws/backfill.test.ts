import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kalshi } from '../../src/client.js';
import type { Schema } from '../../src/resources/types.js';
import {
  fillFromRest,
  orderFromRest,
  WebSocketBackfillError,
  type BackfillSource,
  type ChannelMessage,
  type WebSocketError,
} from '../../src/ws/index.js';
import { fakeRest } from './helpers/fake-rest.js';
import type { FakeKalshiServer } from './helpers/fake-server.js';
import { closeClients, fillMsg, makeClient, reconnect, restFill, sleep, startServer, take } from './helpers/fixtures.js';

let server: FakeKalshiServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  await closeClients();
  server.intercept = undefined;
});
afterAll(() => server.close());

const ids = (messages: ChannelMessage<'fill'>[]) => messages.map((m) => m.msg.trade_id);

describe('fill backfill', () => {
  it('takes the REST client itself as its source', () => {
    const accepts = (client: Kalshi): BackfillSource => client;
    expect(accepts).toBeTypeOf('function');
  });

  it('delivers every fill missed while disconnected exactly once, in order, before new live fills', async () => {
    const f1 = fillMsg({ ts_ms: 1_800_000_000_000 });
    const f2 = fillMsg({ ts_ms: 1_800_000_005_000 });
    const f3 = fillMsg({ ts_ms: 1_800_000_006_000 });
    const f4 = fillMsg({ ts_ms: 1_800_000_007_000 });
    // REST lists newest first and reaches back past f1, which was already delivered live.
    const rest = fakeRest([f3, f2, f1].map(restFill));
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('fill');
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    server.publish('fill', 'fill', f1, 'none');
    expect(ids(await take(it, 1))).toEqual([f1.trade_id]);

    await reconnect(server, sub);
    // Live traffic on the new subscription while the backfill is still running, including a repeat.
    server.publish('fill', 'fill', f4, 'none');
    server.publish('fill', 'fill', f3, 'none');
    const got = await take(it, 3);
    expect(ids(got)).toEqual([f2.trade_id, f3.trade_id, f4.trade_id]);
    expect(got.map((m) => 'backfilled' in m)).toEqual([true, true, false]);
    expect(rest.calls.fills).toEqual([{ min_ts: Math.floor((f1.ts_ms - 2_000) / 1000), limit: 1000 }]);
    await sleep(30);
    await expect(take(it, 1, 50)).rejects.toThrow(/got 0 of 1/);
  });

  it('maps REST fills into the socket shape with the current sid', async () => {
    const live = fillMsg({ subaccount: 3 });
    const mapped = fillFromRest({ ...restFill(live), subaccount_number: 3 }, 42, 0);
    const { post_position_fp: _p, purchased_side: _s, client_order_id: _c, ...comparable } = live;
    expect(mapped).toEqual({ type: 'fill', sid: 42, backfilled: true, msg: comparable });
    expect(mapped.msg.post_position_fp).toBeUndefined();
  });

  it('backfills only the markets the subscription is filtered to', async () => {
    const inA = fillMsg({ market_ticker: 'KX-A', ts_ms: 1_800_000_010_000 });
    const inB = fillMsg({ market_ticker: 'KX-B', ts_ms: 1_800_000_011_000 });
    const rest = fakeRest([inB, inA].map(restFill));
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('fill', { market_tickers: ['KX-A'] });
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    server.publish('fill', 'fill', fillMsg({ market_ticker: 'KX-A', ts_ms: 1_800_000_009_000 }), 'none');
    await take(it, 1);
    await reconnect(server, sub);
    expect(ids(await take(it, 1))).toEqual([inA.trade_id]);
    await expect(take(it, 1, 100)).rejects.toThrow(/got 0/);
  });

  it('retries a failed backfill with growing delays, reporting each try, then delivers before the held live fills', async () => {
    const fills: Schema<'Fill'>[] = [];
    const rest = fakeRest(fills, [], { failures: 3 });
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('fill');
    await sub.ready;
    const missed = fillMsg({ ts_ms: Date.now() });
    fills.push(restFill(missed));
    const errors: WebSocketError[] = [];
    sub.on('error', (e) => errors.push(e));
    const it = sub[Symbol.asyncIterator]();
    await reconnect(server, sub);
    const live = fillMsg({ ts_ms: Date.now() });
    server.publish('fill', 'fill', live, 'none');
    const got = await take(it, 2);
    expect(ids(got)).toEqual([missed.trade_id, live.trade_id]);
    expect(got.map((m) => 'backfilled' in m)).toEqual([true, false]);
    expect(rest.calls.fills).toHaveLength(4);
    expect(errors.every((e) => e instanceof WebSocketBackfillError)).toBe(true);
    // The reconnect backoff (10 ms doubling, capped at 40, no jitter in these tests) paces the tries.
    expect(errors.map((e) => /could not backfill fill over REST.*HTTP 500.*try (\d+) failed, retrying in (\d+) ms/.exec(e.message)?.slice(1))).toEqual([
      ['1', '10'],
      ['2', '20'],
      ['3', '40'],
    ]);
  });

  it('recovers a fill whose frame arrived mangled', async () => {
    const fills: Schema<'Fill'>[] = [];
    const rest = fakeRest(fills);
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('fill');
    await sub.ready;
    const lost = fillMsg({ ts_ms: Date.now() });
    fills.push(restFill(lost));
    const it = sub[Symbol.asyncIterator]();
    const errors: WebSocketError[] = [];
    ws.on('error', (e) => errors.push(e));
    server.send(`{"type":"fill","sid":${sub.sid},"msg":{"trade_id":"${lost.trade_id}",`);
    const [recovered] = await take(it, 1);
    expect(recovered!.msg.trade_id).toBe(lost.trade_id);
    expect(errors[0]!.name).toBe('WebSocketFrameError');
  });

  it('drops a repeated live fill even without REST', async () => {
    const ws = makeClient(server);
    const sub = ws.subscribe('fill');
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    const f = fillMsg();
    server.publish('fill', 'fill', f, 'none');
    server.publish('fill', 'fill', f, 'none');
    const g = fillMsg();
    server.publish('fill', 'fill', g, 'none');
    expect(ids(await take(it, 2))).toEqual([f.trade_id, g.trade_id]);
  });
});

describe('user order backfill', () => {
  function restOrder(updatedMs: number, status: 'resting' | 'canceled' | 'executed' = 'resting'): Schema<'Order'> {
    return {
      order_id: crypto.randomUUID(),
      user_id: crypto.randomUUID(),
      client_order_id: crypto.randomUUID(),
      ticker: 'KX-A',
      side: 'yes',
      action: 'buy',
      outcome_side: 'yes',
      book_side: 'bid',
      type: 'limit',
      status,
      yes_price_dollars: '0.4000',
      no_price_dollars: '0.6000',
      fill_count_fp: '0.00',
      remaining_count_fp: '5.00',
      initial_count_fp: '5.00',
      taker_fill_cost_dollars: '0.0000',
      maker_fill_cost_dollars: '0.0000',
      taker_fees_dollars: '0.0000',
      maker_fees_dollars: '0.0000',
      created_time: new Date(updatedMs - 1_000).toISOString(),
      last_update_time: new Date(updatedMs).toISOString(),
      exchange_index: 0,
    };
  }

  it('recovers order updates missed while disconnected, deduped against live ones', async () => {
    const t0 = Date.now();
    const seen = restOrder(t0 + 1_000);
    const missed = restOrder(t0 + 2_000, 'canceled');
    const rest = fakeRest([], [missed, seen]);
    const ws = makeClient(server, { rest: rest.source });
    const sub = ws.subscribe('user_orders');
    await sub.ready;
    const it = sub[Symbol.asyncIterator]();
    const liveSeen = orderFromRest(seen, sub.sid!);
    const { backfilled: _b, ...frame } = liveSeen;
    server.send({ ...frame, msg: { ...frame.msg, last_update_reason: 'Amend' } });
    await take(it, 1);
    await reconnect(server, sub);
    const [got] = await take(it, 1);
    expect(got).toMatchObject({ type: 'user_order', backfilled: true, msg: { order_id: missed.order_id, status: 'canceled' } });
    expect(rest.calls.orders[0]).toMatchObject({ limit: 1000 });
    await expect(take(it, 1, 100)).rejects.toThrow(/got 0/);
  });
});
