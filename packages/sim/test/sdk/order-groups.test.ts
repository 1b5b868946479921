import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIError, Kalshi } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, newUser, start } from '../helpers/exchange.js';
import { expectConsistent, freshMarket, fund, gtc, ioc } from '../trading/helpers.js';
import { frames, RawClient } from '../ws/harness.js';
import { expectSpecShape, session, type Session } from './harness.js';

let s: Session;
let bob: { kalshi: Kalshi; userId: string };
beforeAll(async () => {
  s = await session();
  bob = await s.other();
  await fund(s.exchange, s.userId, '1000.00');
  await fund(s.exchange, bob.userId, '1000.00');
});
afterAll(() => s.close());

/** The refusal a promise ends with, as the SDK reports it. */
async function refusal(p: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the request should have been refused').toBeInstanceOf(APIError);
  const e = err as APIError;
  return { status: e.status, code: e.code, message: e.message };
}

const clock = (body: Record<string, unknown>) => admin(s.exchange, 'POST', '/_sim/clock', body);
const group = (id: string) => s.kalshi.orderGroups.get(id);
const status = async (orderId: string) => (await s.kalshi.orders.get(orderId)).order.status;

describe('SDK orderGroups.* against the local exchange', () => {
  it('creates groups per subaccount, lists and gets them, and refuses bad limits without changing anything', async () => {
    const first = await s.kalshi.orderGroups.create({ contracts_limit: 5 });
    expectSpecShape('CreateOrderGroup', first);
    expect(first).toMatchObject({ subaccount: 0, exchange_index: 0 });
    const second = await s.kalshi.orderGroups.create({ contracts_limit_fp: '7', subaccount: 2 });
    expect(second.subaccount).toBe(2);
    expect(second.order_group_id).not.toBe(first.order_group_id);

    const all = await s.kalshi.orderGroups.list();
    expectSpecShape('GetOrderGroups', all);
    const mine = all.order_groups!.filter((g) => [first.order_group_id, second.order_group_id].includes(g.id));
    expect(mine).toEqual([
      { id: first.order_group_id, contracts_limit_fp: '5.00', is_auto_cancel_enabled: false, exchange_index: 0 },
      { id: second.order_group_id, contracts_limit_fp: '7.00', is_auto_cancel_enabled: false, exchange_index: 0 },
    ]);
    const sub2 = await s.kalshi.orderGroups.list({ subaccount: 2 });
    expect(sub2.order_groups!.map((g) => g.id)).toEqual([second.order_group_id]);

    const got = await s.kalshi.orderGroups.get(first.order_group_id);
    expectSpecShape('GetOrderGroup', got);
    expect(got).toEqual({ is_auto_cancel_enabled: false, contracts_limit_fp: '5.00', orders: [], exchange_index: 0 });
    expect((await s.kalshi.orderGroups.get(second.order_group_id, { subaccount: 2 })).contracts_limit_fp).toBe('7.00');

    // Another subaccount's or another user's group is indistinguishable from a missing one.
    expect(await refusal(s.kalshi.orderGroups.get(second.order_group_id, { subaccount: 0 }))).toMatchObject({ status: 404, code: 'order_group_not_found' });
    expect(await refusal(bob.kalshi.orderGroups.get(first.order_group_id))).toMatchObject({ status: 404 });
    expect((await bob.kalshi.orderGroups.list()).order_groups).toEqual([]);

    const before = await s.kalshi.orderGroups.list();
    const bad = (body: Record<string, unknown>) => refusal(s.kalshi.call('CreateOrderGroup', { body }));
    expect(await bad({ contracts_limit: 5, contracts_limit_fp: '6.00' })).toMatchObject({ status: 400, message: expect.stringContaining('contracts_limit_fp') });
    expect(await bad({})).toMatchObject({ status: 400, message: expect.stringContaining('contracts_limit') });
    expect(await bad({ contracts_limit_fp: '2.50' })).toMatchObject({ status: 400, message: expect.stringContaining('contracts_limit_fp') });
    expect(await bad({ contracts_limit: 1_000_001 })).toMatchObject({ status: 400, message: expect.stringContaining('contracts_limit') });
    expect(await bad({ contracts_limit: 5, subaccount: 64 })).toMatchObject({ status: 400, message: expect.stringContaining('subaccount') });
    expect(await bad({ contracts_limit: 5, exchange_index: 3 })).toMatchObject({ status: 400, message: expect.stringContaining('exchange_index') });
    expect(await s.kalshi.orderGroups.list()).toEqual(before);
  });

  it('fills over the limit within 15 s trigger the group: its resting orders are cancelled and new ones refused until reset', async () => {
    await clock({ set_ms: Date.now(), freeze: true });
    try {
      const ticker = await freshMarket(s.exchange);
      const { order_group_id: id } = await s.kalshi.orderGroups.create({ contracts_limit: 5 });
      const a1 = await s.kalshi.orders.create(gtc(ticker, 'bid', '10', '0.40', { order_group_id: id }));
      const a2 = await s.kalshi.orders.create(gtc(ticker, 'bid', '4', '0.30', { order_group_id: id }));
      const outside = await s.kalshi.orders.create(gtc(ticker, 'bid', '2', '0.20'));
      expect((await s.kalshi.orders.get(a1.order_id)).order.order_group_id).toBe(id);
      expect((await group(id)).orders).toEqual([a1.order_id, a2.order_id]);

      // 3 contracts, then 3 more exactly 15 s later: the first fill has left the window.
      await bob.kalshi.orders.create(ioc(ticker, 'ask', '3', '0.40'));
      await clock({ advance_ms: 15_000 });
      await bob.kalshi.orders.create(ioc(ticker, 'ask', '3', '0.40'));
      expect(await group(id)).toMatchObject({ is_auto_cancel_enabled: false, orders: [a1.order_id, a2.order_id] });
      expect(await status(a1.order_id)).toBe('resting');

      // One second on, 3 more: 6 contracts within 15 s is more than 5.
      await clock({ advance_ms: 1_000 });
      const crossing = await bob.kalshi.orders.create(ioc(ticker, 'ask', '3', '0.40'));
      expect(crossing.fill_count).toBe('3.00');
      expect(await group(id)).toMatchObject({ is_auto_cancel_enabled: true, orders: [] });
      const { order: o1 } = await s.kalshi.orders.get(a1.order_id);
      expect(o1).toMatchObject({ status: 'canceled', fill_count_fp: '9.00', remaining_count_fp: '0.00' });
      expect(await status(a2.order_id)).toBe('canceled');
      expect(await status(outside.order_id)).toBe('resting');
      const listed = (await s.kalshi.orderGroups.list()).order_groups!.find((g) => g.id === id);
      expect(listed?.is_auto_cancel_enabled).toBe(true);

      // Refused while triggered, alone or in a batch; nothing is placed.
      const ordersBefore = (await s.kalshi.orders.list({ ticker })).orders.length;
      expect(await refusal(s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.10', { order_group_id: id })))).toMatchObject({
        status: 400,
        code: 'order_group_triggered',
        message: expect.stringContaining('order_group_id'),
      });
      const batch = await s.kalshi.orders.batchCreate({
        orders: [gtc(ticker, 'bid', '1', '0.10', { order_group_id: id }), gtc(ticker, 'bid', '1', '0.11')],
      });
      expect(batch.orders[0]!.error).toMatchObject({ code: 'order_group_triggered' });
      expect(batch.orders[1]!.error ?? null).toBeNull();
      expect((await s.kalshi.orders.list({ ticker })).orders.length).toBe(ordersBefore + 1);
      await expectConsistent(s.exchange);

      const reset = await s.kalshi.orderGroups.reset(id);
      expectSpecShape('ResetOrderGroup', reset);
      expect(await group(id)).toMatchObject({ is_auto_cancel_enabled: false, orders: [] });
      const again = await s.kalshi.orders.create(gtc(ticker, 'bid', '2', '0.40', { order_group_id: id }));
      expect((await group(id)).orders).toEqual([again.order_id]);
      // The reset cleared the window: 2 contracts now do not add to the 6 before it.
      await bob.kalshi.orders.create(ioc(ticker, 'ask', '2', '0.40'));
      expect((await group(id)).is_auto_cancel_enabled).toBe(false);
      await expectConsistent(s.exchange);
    } finally {
      await clock({ set_ms: Date.now(), freeze: false });
    }
  });

  it('a group order that crosses the limit as taker keeps its fills; its remainder is cancelled in the same request', async () => {
    const ticker = await freshMarket(s.exchange);
    const { order_group_id: id } = await s.kalshi.orderGroups.create({ contracts_limit: 2 });
    await bob.kalshi.orders.create(gtc(ticker, 'ask', '3', '0.50'));
    const taker = await s.kalshi.orders.create(gtc(ticker, 'bid', '5', '0.50', { order_group_id: id }));
    expect(taker).toMatchObject({ fill_count: '3.00', remaining_count: '0.00' });
    expect((await s.kalshi.orders.get(taker.order_id)).order).toMatchObject({ status: 'canceled', fill_count_fp: '3.00' });
    expect((await group(id)).is_auto_cancel_enabled).toBe(true);
    const book = await s.kalshi.markets.orderbook(ticker);
    expect(book.orderbook_fp.yes_dollars).toEqual([]);
    await expectConsistent(s.exchange);
  });

  it('trigger, update limit and delete act on the group and its resting orders; order entry checks the group', async () => {
    const ticker = await freshMarket(s.exchange);
    const { order_group_id: id } = await s.kalshi.orderGroups.create({ contracts_limit: 100 });
    const a = await s.kalshi.orders.create(gtc(ticker, 'bid', '5', '0.40', { order_group_id: id }));

    const triggered = await s.kalshi.orderGroups.trigger(id);
    expectSpecShape('TriggerOrderGroup', triggered);
    expect(await status(a.order_id)).toBe('canceled');
    expect(await group(id)).toMatchObject({ is_auto_cancel_enabled: true, orders: [] });
    await s.kalshi.orderGroups.trigger(id);
    await s.kalshi.orderGroups.reset(id);

    // 3 filled in the window: a limit of 10 leaves it active, a limit of 2 triggers it at once.
    const b = await s.kalshi.orders.create(gtc(ticker, 'bid', '5', '0.40', { order_group_id: id }));
    await bob.kalshi.orders.create(ioc(ticker, 'ask', '3', '0.40'));
    const updated = await s.kalshi.orderGroups.updateLimit(id, { contracts_limit: 10 });
    expectSpecShape('UpdateOrderGroupLimit', updated);
    expect(await group(id)).toMatchObject({ is_auto_cancel_enabled: false, contracts_limit_fp: '10.00', orders: [b.order_id] });
    await s.kalshi.orderGroups.updateLimit(id, { contracts_limit_fp: '2' });
    expect(await group(id)).toMatchObject({ is_auto_cancel_enabled: true, contracts_limit_fp: '2.00', orders: [] });
    expect(await status(b.order_id)).toBe('canceled');
    const badLimit = s.kalshi.call('UpdateOrderGroupLimit', { path: `/portfolio/order_groups/${id}/limit`, body: { contracts_limit: 3, contracts_limit_fp: '4' } });
    expect(await refusal(badLimit)).toMatchObject({ status: 400, message: expect.stringContaining('contracts_limit_fp') });
    expect((await group(id)).contracts_limit_fp).toBe('2.00');
    expect(await refusal(bob.kalshi.orderGroups.updateLimit(id, { contracts_limit: 50 }))).toMatchObject({ status: 404 });
    expect(await refusal(bob.kalshi.orderGroups.trigger(id))).toMatchObject({ status: 404 });
    expect(await refusal(s.kalshi.orderGroups.reset(id, { subaccount: 1 }))).toMatchObject({ status: 404 });
    await s.kalshi.orderGroups.reset(id);

    // Order entry: the group must exist, be the placer's own and be in the order's subaccount.
    expect(await refusal(bob.kalshi.orders.create(gtc(ticker, 'ask', '1', '0.90', { order_group_id: id })))).toMatchObject({ status: 400, code: 'order_group_not_found' });
    expect(await refusal(s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.10', { order_group_id: 'no-such-group' })))).toMatchObject({ status: 400 });
    const { order_group_id: sub2 } = await s.kalshi.orderGroups.create({ contracts_limit: 5, subaccount: 2 });
    expect(await refusal(s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.10', { order_group_id: sub2 })))).toMatchObject({
      status: 400,
      message: expect.stringContaining('subaccount'),
    });

    const c = await s.kalshi.orders.create(gtc(ticker, 'bid', '2', '0.35', { order_group_id: id }));
    const deleted = await s.kalshi.orderGroups.delete(id);
    expectSpecShape('DeleteOrderGroup', deleted);
    expect(await status(c.order_id)).toBe('canceled');
    expect(await refusal(group(id))).toMatchObject({ status: 404 });
    expect((await s.kalshi.orderGroups.list()).order_groups!.map((g) => g.id)).not.toContain(id);
    expect(await refusal(s.kalshi.orderGroups.delete(id))).toMatchObject({ status: 404 });
    expect(await refusal(s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.10', { order_group_id: id })))).toMatchObject({ code: 'order_group_not_found' });
    await expectConsistent(s.exchange);
  });

  it('announces created, limit_updated, triggered, reset and deleted on order_group_updates, to the owner only', async () => {
    // Ed25519 keys: generating them is much faster than RSA.
    const user = await newUser(s.exchange, { keyType: 'ed25519' });
    const kalshi = new Kalshi({ baseURL: s.exchange.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, rateLimit: false, maxRetries: 0 });
    const socket = await RawClient.open(s.exchange, user);
    const stranger = await RawClient.open(s.exchange, await newUser(s.exchange, { keyType: 'ed25519' }));
    try {
      const sid = ((await socket.command({ cmd: 'subscribe', params: { channels: ['order_group_updates'] } })).msg as { sid: number }).sid;
      await stranger.command({ cmd: 'subscribe', params: { channels: ['order_group_updates'] } });
      const { order_group_id: id } = await kalshi.orderGroups.create({ contracts_limit: 4 });
      await kalshi.orderGroups.updateLimit(id, { contracts_limit: 6 });
      await kalshi.orderGroups.trigger(id);
      await kalshi.orderGroups.reset(id);
      await kalshi.orderGroups.delete(id);
      await socket.next((f) => f.type === 'order_group_updates' && (f.msg as { event_type: string }).event_type === 'deleted');
      const events = socket.received.filter((f) => f.type === 'order_group_updates');
      expect(events.map((f) => [f.sid, f.seq, (f.msg as { event_type: string }).event_type])).toEqual([
        [sid, 1, 'created'],
        [sid, 2, 'limit_updated'],
        [sid, 3, 'triggered'],
        [sid, 4, 'reset'],
        [sid, 5, 'deleted'],
      ]);
      expect(events[0]!.msg).toMatchObject({ order_group_id: id, contracts_limit_fp: '4.00', ts_ms: expect.any(Number) });
      expect(events[1]!.msg).toMatchObject({ contracts_limit_fp: '6.00' });
      expect(events[2]!.msg).not.toHaveProperty('contracts_limit_fp');
      expect(stranger.received.filter((f) => f.type === 'order_group_updates')).toEqual([]);

      // Triggered by a fill: announced once the fill's operation has committed.
      await fund(s.exchange, user.userId, '10.00');
      const ticker = await freshMarket(s.exchange);
      const { order_group_id: byFill } = await kalshi.orderGroups.create({ contracts_limit: 1 });
      await kalshi.orders.create(gtc(ticker, 'bid', '2', '0.40', { order_group_id: byFill }));
      const fill = await bob.kalshi.orders.create(ioc(ticker, 'ask', '2', '0.40'));
      const frame = await socket.next((f) => f.type === 'order_group_updates' && (f.msg as { order_group_id: string }).order_group_id === byFill && (f.msg as { event_type: string }).event_type === 'triggered');
      expect(frame).toMatchObject({ sid, seq: 7, msg: { ts_ms: fill.ts_ms } });
      // Every frame either socket received matches the spec's payload schema for its type.
      expect(frames.problems).toEqual([]);
      await kalshi.close();
    } finally {
      socket.close();
      stranger.close();
    }
  });

  it('keeps groups, their trigger and their window across a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'order-groups-'));
    const db = join(dir, 'sim.db');
    try {
      let ex = await start({ db, rateLimits: false });
      const [user, taker] = [await newUser(ex, { keyType: 'ed25519' }), await newUser(ex, { keyType: 'ed25519' })];
      const client = (url: string, u = user) => new Kalshi({ baseURL: url, apiKeyId: u.keyId, privateKey: u.privateKeyPem, rateLimit: false, maxRetries: 0 });
      await fund(ex, user.userId, '100.00');
      await fund(ex, taker.userId, '100.00');
      const ticker = await freshMarket(ex);
      let k = client(ex.restUrl);
      const triggered = await k.orderGroups.create({ contracts_limit: 3 });
      const active = await k.orderGroups.create({ contracts_limit_fp: '5.00' });
      await k.orderGroups.trigger(triggered.order_group_id);
      const bid = await k.orders.create(gtc(ticker, 'bid', '10', '0.40', { order_group_id: active.order_group_id }));
      let t = client(ex.restUrl, taker);
      await t.orders.create(ioc(ticker, 'ask', '3', '0.40'));
      await Promise.all([k.close(), t.close()]);
      await ex.close();

      ex = await start({ db, rateLimits: false });
      [k, t] = [client(ex.restUrl), client(ex.restUrl, taker)];
      const list = await k.orderGroups.list();
      expect(list.order_groups).toEqual([
        { id: triggered.order_group_id, contracts_limit_fp: '3.00', is_auto_cancel_enabled: true, exchange_index: 0 },
        { id: active.order_group_id, contracts_limit_fp: '5.00', is_auto_cancel_enabled: false, exchange_index: 0 },
      ]);
      // The 3 contracts filled before the restart still count: 3 more exceed 5.
      await t.orders.create(ioc(ticker, 'ask', '3', '0.40'));
      expect(await k.orderGroups.get(active.order_group_id)).toMatchObject({ is_auto_cancel_enabled: true, orders: [] });
      expect((await k.orders.get(bid.order_id)).order.status).toBe('canceled');
      // Ids continue from the persisted counter.
      const next = await k.orderGroups.create({ contracts_limit: 1 });
      expect(next.order_group_id > active.order_group_id).toBe(true);
      await expectConsistent(ex);
      await Promise.all([k.close(), t.close()]);
      await ex.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
