import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { call, newUser, start } from '../helpers/exchange.js';
import type { Credentials } from '../helpers/sign.js';
import { accounts, expectConsistent, freshMarket, fund, gtc, ioc, setStatus, takerFee } from './helpers.js';

// The wire edges the SDK would refuse client-side, and the exact error bodies, over raw HTTP.

let ex: Exchange;
let alice: Credentials & { userId: string };
let bob: Credentials & { userId: string };
beforeAll(async () => {
  ex = await start({ rateLimits: false });
  alice = await newUser(ex);
  bob = await newUser(ex);
  await fund(ex, alice.userId, '1000.00');
  await fund(ex, bob.userId, '1000.00');
});
afterAll(() => ex.close());

const create = (creds: Credentials, body: unknown) => call(ex, 'POST', '/portfolio/events/orders', { creds, body });

describe('order entry over HTTP', () => {
  it('names the offending field and changes nothing on a refusal', async () => {
    const ticker = await freshMarket(ex);
    const before = await accounts(ex, alice.userId);
    const cases: [unknown, number, string, RegExp][] = [
      [gtc(ticker, 'bid', '1', '0.505'), 400, 'invalid_price', /^price: 0\.505 is not a valid price/],
      [gtc(ticker, 'bid', '1', '0.12345'), 400, 'invalid_parameters', /^price: /],
      [gtc(ticker, 'bid', '1', '1.00'), 400, 'invalid_parameters', /^price: 1\.00 must be strictly between 0 and 1/],
      [gtc(ticker, 'bid', '0', '0.50'), 400, 'invalid_parameters', /^count: must be positive/],
      [gtc(ticker, 'bid', '1.001', '0.50'), 400, 'invalid_parameters', /^count: /],
      [gtc(ticker, 'bid', '1', '0.50', { expiration_time: 1 }), 400, 'invalid_parameters', /^expiration_time: must be a future/],
      [{ ...ioc(ticker, 'bid', '1', '0.50'), expiration_time: 4_000_000_000 }, 400, 'invalid_parameters', /^expiration_time: only valid with/],
      [gtc(ticker, 'bid', '1', '0.50', { subaccount: 64 }), 400, 'invalid_parameters', /^subaccount: /],
      [gtc(ticker, 'bid', '1', '0.50', { exchange_index: 3 }), 400, 'invalid_parameters', /^exchange_index: /],
      [gtc('NO-SUCH-MARKET', 'bid', '1', '0.50'), 404, 'market_not_found', /^ticker: /],
      [gtc(ticker, 'bid', '1', '0.50', { reduce_only: true }), 400, 'invalid_parameters', /^reduce_only: /],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await create(alice, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.code).toBe(code);
      expect(res.json.message).toMatch(message);
    }
    const offTick = await create(alice, gtc(ticker, 'bid', '1', '0.505'));
    expect(offTick.json.details).toBe('Valid prices: 0.0100 to 0.9900 in steps of 0.0100.');
    const poor = await create(alice, gtc(ticker, 'bid', '1000000', '0.50'));
    expect(poor.json).toMatchObject({ code: 'insufficient_balance', message: 'count: insufficient balance for this order' });
    expect(poor.json.details).toMatch(/^Available balance: \$1000\.0000\.$/);
    expect(await accounts(ex, alice.userId)).toEqual(before);
    const list = await call(ex, 'GET', `/portfolio/orders?ticker=${ticker}`, { creds: alice });
    expect(list.json.orders).toEqual([]);
    await expectConsistent(ex);
  });

  it('uses the market grid: a deci-cent market takes $0.001 prices', async () => {
    const ticker = await freshMarket(ex, { structure: 'deci_cent' });
    const res = await create(alice, gtc(ticker, 'bid', '1', '0.505'));
    expect(res.status).toBe(201);
    await call(ex, 'DELETE', '/portfolio/events/orders', { creds: alice });
  });

  it('charges the quadratic taker fee rounded up, and maker fees where the series has them', async () => {
    const ticker = await freshMarket(ex);
    await create(bob, gtc(ticker, 'bid', '7', '0.33'));
    const taker = await create(alice, ioc(ticker, 'ask', '7', '0.33'));
    expect(takerFee(7, 33)).toBe('0.1084'); // 0.07 × 7 × 0.33 × 0.67 = 0.108339
    const fills = await call(ex, 'GET', `/portfolio/fills?order_id=${taker.json.order_id}`, { creds: alice });
    expect(fills.json.fills.map((f: { fee_cost: string }) => f.fee_cost)).toEqual(['0.1084']);

    // KXFED: quadratic_with_maker_fees, the maker pays a quarter of the rate, also rounded up.
    const fed = await freshMarket(ex, { event: 'KXFED-26MAR' });
    const maker = await create(bob, gtc(fed, 'bid', '10', '0.50'));
    const before = (await accounts(ex, bob.userId))[0]!;
    // The maker fee is reserved with the order: 0.0175 × 10 × 0.25 = 0.04375 -> 0.0438.
    expect(before.reserved_micros).toBe(5_000_000 + 43_800);
    await create(alice, ioc(fed, 'ask', '10', '0.50'));
    const makerFills = await call(ex, 'GET', `/portfolio/fills?order_id=${maker.json.order_id}`, { creds: bob });
    expect(makerFills.json.fills[0]).toMatchObject({ is_taker: false, fee_cost: '0.0438' });
    const after = (await accounts(ex, bob.userId))[0]!;
    expect(after.reserved_micros).toBe(0);
    expect(after.balance_micros).toBe(before.balance_micros);
    await expectConsistent(ex);
  });

  it('decrease needs exactly one of reduce_by / reduce_to; reduce_to 0 cancels', async () => {
    const ticker = await freshMarket(ex);
    const { json: o } = await create(alice, gtc(ticker, 'bid', '5', '0.20'));
    const path = `/portfolio/events/orders/${o.order_id}/decrease`;
    const both = await call(ex, 'POST', path, { creds: alice, body: { reduce_by: '1', reduce_to: '1' } });
    expect(both.json).toMatchObject({ code: 'invalid_parameters', message: 'reduce_to: give exactly one of reduce_by or reduce_to' });
    const neither = await call(ex, 'POST', path, { creds: alice, body: {} });
    expect(neither.status).toBe(400);
    const tooMany = await call(ex, 'POST', path, { creds: alice, body: { reduce_to: '6' } });
    expect(tooMany.json.message).toMatch(/^reduce_to: 6 is more than the 5\.00 contracts still resting/);
    const zero = await call(ex, 'POST', path, { creds: alice, body: { reduce_to: '0' } });
    expect(zero.status).toBe(200);
    expect(zero.json.remaining_count).toBe('0.00');
    const again = await call(ex, 'POST', path, { creds: alice, body: { reduce_by: '1' } });
    expect(again.json).toMatchObject({ code: 'order_not_resting' });
    const cancel = await call(ex, 'DELETE', `/portfolio/events/orders/${o.order_id}`, { creds: alice });
    expect(cancel.json.code).toBe('order_not_resting');
    await expectConsistent(ex);
  });

  it('amend checks the order it names and keeps other users out', async () => {
    const ticker = await freshMarket(ex);
    const { json: o } = await create(alice, gtc(ticker, 'ask', '5', '0.70', { client_order_id: 'amend-me' }));
    const path = `/portfolio/events/orders/${o.order_id}/amend`;
    const amend = (creds: Credentials, body: Record<string, unknown>) =>
      call(ex, 'POST', path, { creds, body: { ticker, side: 'ask', price: '0.70', count: '5', ...body } });
    expect((await amend(alice, { ticker: 'KXFED-26MAR-H0' })).json.message).toMatch(/^ticker: /);
    expect((await amend(alice, { side: 'bid' })).json.message).toMatch(/^side: /);
    expect((await amend(alice, { client_order_id: 'other' })).json.message).toMatch(/^client_order_id: /);
    expect((await amend(alice, { updated_client_order_id: 'renamed' })).json.message).toMatch(/^updated_client_order_id: /);
    expect((await amend(bob, {})).status).toBe(404);
    const expiry = await amend(alice, { expiration_time: Math.floor(ex.clock.now() / 1000) + 3600 });
    expect(expiry.status).toBe(200);
    expect(expiry.json.remaining_count).toBeUndefined();
    const got = await call(ex, 'GET', `/portfolio/orders/${o.order_id}`, { creds: alice });
    expect(got.json.order.expiration_time).not.toBeNull();
    expect((await amend(alice, { expiration_time: 0 })).status).toBe(200);
    expect((await call(ex, 'GET', `/portfolio/orders/${o.order_id}`, { creds: alice })).json.order.expiration_time).toBeNull();
    // Crossing on amend fills at the resting price like a new taker.
    await create(bob, gtc(ticker, 'bid', '2', '0.60'));
    const crossed = await amend(alice, { price: '0.60' });
    expect(crossed.json).toMatchObject({ fill_count: '2.00', remaining_count: '3.00', average_fill_price: '0.6000' });
    await call(ex, 'DELETE', '/portfolio/events/orders', { creds: alice });
    await expectConsistent(ex);
  });

  it('subaccounts hold their own cash and orders; cancel-all can target one', async () => {
    const ticker = await freshMarket(ex);
    await fund(ex, alice.userId, '10.00', 2);
    const inSub = await create(alice, gtc(ticker, 'bid', '10', '0.50', { subaccount: 2 }));
    expect(inSub.status).toBe(201);
    const refused = await create(alice, gtc(ticker, 'bid', '30', '0.50', { subaccount: 2 }));
    expect(refused.json.code).toBe('insufficient_balance');
    await create(alice, gtc(ticker, 'bid', '1', '0.10'));
    const balance = await call(ex, 'GET', '/portfolio/balance?subaccount=2', { creds: alice });
    expect(balance.json).toMatchObject({ balance: 500, balance_dollars: '5.0000' });
    const sub2 = await call(ex, 'GET', `/portfolio/orders?subaccount=2&ticker=${ticker}`, { creds: alice });
    expect(sub2.json.orders.map((x: { order_id: string }) => x.order_id)).toEqual([inSub.json.order_id]);
    expect(sub2.json.orders[0].subaccount_number).toBe(2);
    const wrongSub = await call(ex, 'DELETE', `/portfolio/events/orders/${inSub.json.order_id}?subaccount=0`, { creds: alice });
    expect(wrongSub.status).toBe(404);
    expect((await call(ex, 'DELETE', '/portfolio/events/orders?subaccount=0', { creds: alice })).status).toBe(204);
    const left = await call(ex, 'GET', `/portfolio/orders?status=resting&ticker=${ticker}`, { creds: alice });
    expect(left.json.orders.map((x: { order_id: string }) => x.order_id)).toEqual([inSub.json.order_id]);
    await call(ex, 'DELETE', '/portfolio/events/orders', { creds: alice });
    await expectConsistent(ex);
  });

  it('expired orders are cancelled before anyone sees them', async () => {
    const ticker = await freshMarket(ex);
    const expiresAt = Math.floor(ex.clock.now() / 1000) + 2;
    const { json: o } = await create(alice, gtc(ticker, 'bid', '1', '0.15', { expiration_time: expiresAt }));
    await fetch(`${ex.url}/_sim/clock`, { method: 'POST', body: JSON.stringify({ advance_ms: 5000 }) });
    const got = await call(ex, 'GET', `/portfolio/orders/${o.order_id}`, { creds: alice });
    expect(got.json.order).toMatchObject({ status: 'canceled', remaining_count_fp: '0.00' });
    await expectConsistent(ex);
  });

  it('a paused market refuses orders and reopens', async () => {
    const ticker = await freshMarket(ex);
    await setStatus(ex, ticker, 'paused');
    const paused = await create(alice, gtc(ticker, 'bid', '1', '0.50'));
    expect(paused.json).toMatchObject({ code: 'market_closed' });
    expect(paused.json.message).toMatch(/paused/);
    await setStatus(ex, ticker, 'open');
    expect((await create(alice, gtc(ticker, 'bid', '1', '0.50'))).status).toBe(201);
    await call(ex, 'DELETE', '/portfolio/events/orders', { creds: alice });
    await expectConsistent(ex);
  });

  it('filters orders, fills and settlements and rejects malformed filters', async () => {
    const ticker = await freshMarket(ex);
    await create(alice, gtc(ticker, 'bid', '1', '0.45'));
    await create(bob, ioc(ticker, 'ask', '1', '0.45'));
    const nowS = Math.floor(ex.clock.now() / 1000);
    const q = async (path: string) => (await call(ex, 'GET', path, { creds: alice })).json;
    expect((await q(`/portfolio/orders?ticker=${ticker}&min_ts=${nowS + 100}`)).orders).toEqual([]);
    expect((await q(`/portfolio/orders?ticker=${ticker}&max_ts=${nowS}`)).orders).toHaveLength(1);
    expect((await q(`/portfolio/orders?event_ticker=KXPRESPARTY-2028&status=executed`)).orders.some((o: { ticker: string }) => o.ticker === ticker)).toBe(true);
    expect((await q(`/portfolio/orders?event_ticker=KXFED-26MAR&ticker=${ticker}`)).orders).toEqual([]);
    expect((await q(`/portfolio/fills?ticker=${ticker}&min_ts=${nowS - 100}&max_ts=${nowS}`)).fills).toHaveLength(1);
    expect((await q('/portfolio/orders?exchange_index=1')).orders).toEqual([]);
    expect((await call(ex, 'GET', '/portfolio/orders?status=open', { creds: alice })).json.code).toBe('invalid_parameters');
    expect((await call(ex, 'GET', '/portfolio/orders?cursor=bogus', { creds: alice })).status).toBe(400);
    expect((await call(ex, 'GET', '/portfolio/positions?count_filter=volume', { creds: alice })).json.message).toMatch(/^count_filter: /);
    const positions = await q(`/portfolio/positions?event_ticker=KXPRESPARTY-2028&count_filter=position`);
    expect(positions.market_positions.some((p: { ticker: string }) => p.ticker === ticker)).toBe(true);
    expect(positions.event_positions.map((e: { event_ticker: string }) => e.event_ticker)).toEqual(['KXPRESPARTY-2028']);
    await expectConsistent(ex);
  });
});
