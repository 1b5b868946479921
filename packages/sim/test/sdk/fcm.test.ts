import { BadRequestError, ConflictError, Kalshi, NotFoundError, PermissionDeniedError } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capDate } from '../../src/fcm/index.js';
import { admin } from '../helpers/exchange.js';
import { expectConsistent, freshMarket, fund, gtc, ioc } from '../trading/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

let s: Session;
const clients: Kalshi[] = [];
let fcm: Kalshi;
let fcmId: string;
let A: string;
let B: string;
let a: Kalshi;
let b: Kalshi;

function client(apiKeyId: string, privateKey: string): Kalshi {
  const k = new Kalshi({ baseURL: s.exchange.restUrl, apiKeyId, privateKey, rateLimit: false, maxRetries: 0 });
  clients.push(k);
  return k;
}

/** A user with an Ed25519 key (cheap to generate); `fcm` makes it an FCM member. */
async function member(fcmFlag: boolean): Promise<{ kalshi: Kalshi; userId: string }> {
  const { user_id } = await admin<{ user_id: string }>(s.exchange, 'POST', '/_sim/users', { fcm: fcmFlag });
  const key = await admin<{ api_key_id: string; private_key_pem: string }>(s.exchange, 'POST', `/_sim/users/${user_id}/keys`, { key_type: 'ed25519' });
  return { kalshi: client(key.api_key_id, key.private_key_pem), userId: user_id };
}

/** A key the FCM mints for one of its subtraders: the subtrader trades with it. */
async function subtraderClient(owner: Kalshi, subtraderId: string): Promise<Kalshi> {
  const key = await owner.apiKeys.generate({ name: `key of ${subtraderId}`, key_type: 'ed25519', fcm_subtrader_id: subtraderId });
  return client(key.api_key_id, key.private_key);
}

const rejection = (p: PromiseLike<unknown>) => Promise.resolve(p).then(() => undefined, (err: unknown) => err as { status?: number; code?: string; message: string });

beforeAll(async () => {
  s = await session();
  ({ kalshi: fcm, userId: fcmId } = await member(true));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await s.close();
});

describe('SDK fcm.* against the local exchange', () => {
  it('non-FCM users get 403 on every FCM endpoint', async () => {
    const k = s.kalshi;
    // Thunks: an APIPromise starts at once, and each is awaited in turn.
    const calls: (() => PromiseLike<unknown>)[] = [
      () => k.fcm.subtraders.list(),
      () => k.fcm.subtraders.create({ subtrader_suffix: 'X' }),
      () => k.fcm.orders({ subtrader_id: 'x_1' }),
      () => k.fcm.fills(),
      () => k.fcm.positions({ subtrader_id: 'x_1' }),
      () => k.fcm.subtraders.getDailyCap({ subtrader_id: 'x_1' }),
      () => k.fcm.subtraders.updateDailyCap({ subtrader_id: 'x_1', limit: '1.00' }),
      () => k.fcm.subtraders.deleteDailyCap({ subtrader_id: 'x_1' }),
      () => k.fcm.subtraders.getBlockedCategories({ subtrader_id: 'x_1' }),
      () => k.fcm.subtraders.updateBlockedCategories({ subtrader_id: 'x_1', category: 'Politics', blocked: true }),
    ];
    for (const call of calls) {
      const err = await rejection(call());
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err?.code).toBe('fcm_access_required');
    }
  });

  it('creates subtraders under the FCM, once each, and lists them', async () => {
    const created = await fcm.fcm.subtraders.create({ subtrader_suffix: 'A1' });
    expectSpecShape('CreateFCMSubtrader', created);
    A = created.subtrader_id;
    expect(A).toBe(`${fcmId}_A1`);
    B = (await fcm.fcm.subtraders.create({ subtrader_suffix: 'B2' })).subtrader_id;
    expect(await rejection(fcm.fcm.subtraders.create({ subtrader_suffix: 'A1' }))).toBeInstanceOf(ConflictError);
    const bad = await rejection(fcm.fcm.subtraders.create({ subtrader_suffix: 'no-dash' }));
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad?.message).toContain('subtrader_suffix:');

    const list = await fcm.fcm.subtraders.list();
    expectSpecShape('ListFCMSubtraders', list);
    expect(list.subtraders).toEqual(
      [A, B].map((id) => ({ subtrader_id: id, exchange_indices: [0], trading_blocked: false, fcm_trading_blocked: false, propagation_pending: false })),
    );
    const rival = await member(true);
    expect((await rival.kalshi.fcm.subtraders.list()).subtraders).toEqual([]);
  });

  it('binds keys to subtraders, warns while no cap is set, and keeps them out of key management', async () => {
    const key = await fcm.apiKeys.generate({ name: 'desk A', key_type: 'ed25519', fcm_subtrader_id: A });
    expect(key.warning).toContain('daily cap');
    a = client(key.api_key_id, key.private_key);
    b = await subtraderClient(fcm, B);

    const bound = await fcm.apiKeys.list({ fcm_subtrader_id: A });
    expect(bound.api_keys).toEqual([{ api_key_id: key.api_key_id, name: 'desk A', scopes: ['read', 'write'], fcm_subtrader_id: A }]);
    expect((await fcm.apiKeys.list()).api_keys).toHaveLength(3);
    expect(await rejection(a.apiKeys.list())).toMatchObject({ status: 403, code: 'bound_api_key' });
    expect(await rejection(s.kalshi.apiKeys.generate({ name: 'x', fcm_subtrader_id: A }))).toBeInstanceOf(PermissionDeniedError);
    expect(await rejection(fcm.apiKeys.generate({ name: 'x', fcm_subtrader_id: `${fcmId}_nope` }))).toBeInstanceOf(BadRequestError);
  });

  it('enforces the daily cap on orders, reports its utilization, and removes it', async () => {
    await fund(s.exchange, A, '50.00');
    await fund(s.exchange, B, '50.00');
    const ticker = await freshMarket(s.exchange);
    expect(await rejection(a.orders.create(gtc(ticker, 'bid', '5', '0.40')))).toMatchObject({ status: 403, code: 'daily_cap_not_set' });
    expect(await rejection(fcm.fcm.subtraders.getDailyCap({ subtrader_id: A }))).toBeInstanceOf(NotFoundError);

    const set = await fcm.fcm.subtraders.updateDailyCap({ subtrader_id: A, limit: '5.00' });
    expectSpecShape('UpdateFCMEventContractDailyCap', set);
    await fcm.fcm.subtraders.updateDailyCap({ subtrader_id: B, limit: '100.00' });
    const fresh = await fcm.fcm.subtraders.getDailyCap({ subtrader_id: A });
    expectSpecShape('GetFCMEventContractDailyCap', fresh);
    expect(fresh).toEqual({
      subtrader_id: A,
      limit: '5.0000',
      executed_utilization: '0.0000',
      resting_order_utilization: '0.0000',
      pending_order_utilization: '0.0000',
      cap_date: capDate(s.exchange.clock.now()),
    });

    // 5 × $0.40 plus the worst-case taker fee 0.07 × 5 × 0.4 × 0.6 = $2.0840.
    const first = await a.orders.create(gtc(ticker, 'bid', '5', '0.40'));
    expect((await a.fcm.subtraders.getDailyCap({})).resting_order_utilization).toBe('2.0840');
    // A further $3.1470 would take it to $5.2310.
    expect(await rejection(a.orders.create(gtc(ticker, 'bid', '10', '0.30')))).toMatchObject({ status: 403, code: 'daily_cap_exceeded' });
    const batch = await a.orders.batchCreate({ orders: [gtc(ticker, 'bid', '1', '0.10'), gtc(ticker, 'bid', '10', '0.30')] });
    expect(batch.orders[0]!.order_id).toBeTruthy();
    expect(batch.orders[1]!.error).toMatchObject({ code: 'daily_cap_exceeded' });
    // Growing the first order to 12 would need $2.9176 more than its $2.0840.
    expect(await rejection(a.orders.amend(first.order_id, { ticker, side: 'bid', count: '12', price: '0.40' }))).toMatchObject({ code: 'daily_cap_exceeded' });
    expect((await a.orders.list({ ticker })).orders).toHaveLength(2);

    await b.orders.create(ioc(ticker, 'ask', '5', '0.40'));
    const after = await fcm.fcm.subtraders.getDailyCap({ subtrader_id: A });
    expect(after).toMatchObject({ executed_utilization: '2.0000', resting_order_utilization: '0.1063' });
    // B opened 5 NO at $0.60 and paid the $0.0840 taker fee.
    expect((await b.fcm.subtraders.getDailyCap({ subtrader_id: B })).executed_utilization).toBe('3.0840');
    expect(await rejection(b.fcm.subtraders.getDailyCap({ subtrader_id: A }))).toMatchObject({ status: 403, code: 'subtrader_mismatch' });

    const removed = await fcm.fcm.subtraders.deleteDailyCap({ subtrader_id: A });
    expectSpecShape('DeleteFCMEventContractDailyCap', removed);
    expect(await rejection(fcm.fcm.subtraders.getDailyCap({ subtrader_id: A }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(fcm.fcm.subtraders.deleteDailyCap({ subtrader_id: A }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(a.orders.create(gtc(ticker, 'bid', '1', '0.10')))).toMatchObject({ code: 'daily_cap_not_set' });
    await fcm.fcm.subtraders.updateDailyCap({ subtrader_id: A, limit: '100.00' });
    await expectConsistent(s.exchange);
  });

  it('blocks and unblocks categories for a subtrader\'s new orders', async () => {
    const ticker = await freshMarket(s.exchange); // a Politics market
    const none = await fcm.fcm.subtraders.getBlockedCategories({ subtrader_id: A });
    expectSpecShape('GetFCMSubtraderBlockedCategories', none);
    expect(none.categories).toEqual([]);
    const blocked = await fcm.fcm.subtraders.updateBlockedCategories({ subtrader_id: A, category: 'Politics', blocked: true });
    expectSpecShape('UpdateFCMSubtraderBlockedCategories', blocked);
    expect(blocked.categories).toEqual(['Politics']);
    await fcm.fcm.subtraders.updateBlockedCategories({ subtrader_id: A, category: 'Economics', blocked: true });
    expect((await fcm.fcm.subtraders.getBlockedCategories({ subtrader_id: A })).categories).toEqual(['Economics', 'Politics']);

    expect(await rejection(a.orders.create(gtc(ticker, 'bid', '1', '0.10')))).toMatchObject({ status: 403, code: 'category_blocked' });
    await b.orders.create(gtc(ticker, 'bid', '1', '0.10')); // B is not blocked
    expect(await rejection(fcm.fcm.subtraders.updateBlockedCategories({ subtrader_id: A, category: 'Astrology', blocked: true }))).toBeInstanceOf(BadRequestError);
    expect(await rejection(fcm.fcm.subtraders.getBlockedCategories({ subtrader_id: `${fcmId}_ZZ` }))).toBeInstanceOf(NotFoundError);

    const lifted = await fcm.fcm.subtraders.updateBlockedCategories({ subtrader_id: A, category: 'Politics', blocked: false });
    expect(lifted.categories).toEqual(['Economics']);
    expect((await a.orders.create(gtc(ticker, 'bid', '1', '0.10'))).order_id).toBeTruthy();
  });

  it('reads a subtrader\'s orders and positions, filtered and paginated', async () => {
    const [m1, m2] = [await freshMarket(s.exchange), await freshMarket(s.exchange)];
    for (const m of [m1, m2]) {
      await a.orders.create(gtc(m, 'bid', '2', '0.50', { client_order_id: `a-${m}` }));
      await b.orders.create(ioc(m, 'ask', '2', '0.50'));
    }
    const orders = await fcm.fcm.orders({ subtrader_id: A });
    expectSpecShape('GetFCMOrders', orders);
    expect(orders.orders.every((o) => o.user_id === A)).toBe(true);
    expect(orders.orders.length).toBeGreaterThanOrEqual(5);
    const paged: string[] = [];
    for await (const page of fcm.fcm.orders({ subtrader_id: A, limit: 2 }).pages()) {
      expect(page.orders.length).toBeLessThanOrEqual(2);
      paged.push(...page.orders.map((o) => o.order_id));
    }
    expect(paged).toEqual(orders.orders.map((o) => o.order_id));
    expect((await fcm.fcm.orders({ subtrader_id: A, ticker: m1 })).orders.map((o) => o.ticker)).toEqual([m1]);
    expect((await fcm.fcm.orders({ subtrader_id: B, status: 'resting' })).orders.every((o) => o.status === 'resting')).toBe(true);
    const byClientId = await fcm.fcm.orders({ client_order_ids: `a-${m1},a-${m2}` });
    expect(byClientId.orders.map((o) => o.client_order_id).sort()).toEqual([`a-${m1}`, `a-${m2}`].sort());
    expect(await rejection(fcm.fcm.orders({}))).toBeInstanceOf(BadRequestError);
    expect((await a.fcm.orders({})).orders.map((o) => o.order_id)).toEqual(orders.orders.map((o) => o.order_id));
    expect(await rejection(a.fcm.orders({ subtrader_id: B }))).toMatchObject({ status: 403 });

    const positions = await fcm.fcm.positions({ subtrader_id: A });
    expectSpecShape('GetFCMPositions', positions);
    const held = new Map(positions.market_positions.map((p) => [p.ticker, p.position_fp]));
    expect(held.get(m1)).toBe('2.00');
    expect(held.get(m2)).toBe('2.00');
    const pagedTickers: string[] = [];
    for await (const p of fcm.fcm.positions({ subtrader_id: A, limit: 1 })) pagedTickers.push(p.ticker);
    expect(pagedTickers).toEqual(positions.market_positions.map((p) => p.ticker));
    expect((await fcm.fcm.positions({ subtrader_id: A, ticker: m2 })).market_positions.map((p) => p.ticker)).toEqual([m2]);
    expect((await fcm.fcm.positions({ subtrader_id: A, settlement_status: 'settled' })).market_positions).toEqual([]);
    expect((await a.fcm.positions({})).market_positions).toEqual(positions.market_positions);
    const rival = await member(true);
    expect(await rejection(rival.kalshi.fcm.positions({ subtrader_id: A }))).toBeInstanceOf(NotFoundError);
    await expectConsistent(s.exchange);
  });

  it('lists fills by trade across the FCM\'s subtraders, one page of 100 trades at a time', async () => {
    const { kalshi: desk } = await member(true);
    const C = (await desk.fcm.subtraders.create({ subtrader_suffix: 'C' })).subtrader_id;
    const D = (await desk.fcm.subtraders.create({ subtrader_suffix: 'D' })).subtrader_id;
    await fund(s.exchange, C, '100.00');
    await fund(s.exchange, D, '100.00');
    await desk.fcm.subtraders.updateDailyCap({ subtrader_id: D, limit: '1000.00' });
    const ticker = await freshMarket(s.exchange);
    // 101 resting one-lots for C, placed straight through the engine to keep the test fast.
    for (let i = 0; i < 101; i++) {
      s.exchange.state.trading.run((e) => e.placeOrder(C, { ticker, side: 'bid', count: 100, price: 4000, timeInForce: 'good_till_canceled', selfTradePrevention: 'taker_at_cross' }));
    }
    const d = await subtraderClient(desk, D);
    await d.orders.create(ioc(ticker, 'ask', '101', '0.40'));

    const first = await desk.fcm.fills();
    expectSpecShape('GetFCMFills', first);
    expect(first.fills).toHaveLength(100);
    expect(first.cursor).not.toBe('');
    expect(first.fills[0]).toMatchObject({
      exchange_index: 0,
      ticker,
      taker_outcome_side: 'no',
      count_fp: '1.00',
      yes_price_dollars: '0.4000',
      maker_subtrader_id: C,
      taker_subtrader_id: D,
      maker_fee_cost: '0.0000',
    });
    const ids: string[] = [];
    for await (const page of desk.fcm.fills().pages()) ids.push(...page.fills.map((f) => f.fill_id));
    expect(ids).toHaveLength(101);
    expect(new Set(ids).size).toBe(101);
    // Another FCM's subtraders traded too, but none of it shows here, nor this desk's in theirs.
    expect((await fcm.fcm.fills()).fills.every((f) => f.ticker !== ticker)).toBe(true);
    expect((await desk.fcm.fills({ max_ts: Math.floor(s.exchange.clock.now() / 1000) - 3600 })).fills).toEqual([]);
    await expectConsistent(s.exchange);
  });
});
