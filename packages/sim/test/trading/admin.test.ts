import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { admin, call, newUser, start } from '../helpers/exchange.js';
import type { Credentials } from '../helpers/sign.js';
import { accounts, expectConsistent, freshMarket, fund, gtc, ioc, settle, setStatus } from './helpers.js';

let ex: Exchange;
let alice: Credentials & { userId: string };
let bob: Credentials & { userId: string };
beforeAll(async () => {
  ex = await start({ rateLimits: false });
  alice = await newUser(ex);
  bob = await newUser(ex);
});
afterAll(() => ex.close());

async function raw(method: string, path: string, body?: unknown) {
  const res = await fetch(`${ex.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { code: string; message: string } };
}

const order = (creds: Credentials, body: unknown) => call(ex, 'POST', '/portfolio/events/orders', { creds, body });

describe('admin money and market lifecycle', () => {
  it('funds and withdraws exactly, per subaccount, and refuses what it cannot do', async () => {
    const funded = await fund(ex, alice.userId, '100.00');
    expect(funded).toMatchObject({ user_id: alice.userId, subaccount: 0, balance_micros: 100_000_000, balance_dollars: '100.0000' });
    await fund(ex, alice.userId, '-30.5');
    await fund(ex, alice.userId, '0.000001', 3);
    expect(await accounts(ex, alice.userId)).toEqual([
      expect.objectContaining({ subaccount: 0, balance_micros: 69_500_000, reserved_micros: 0 }),
      expect.objectContaining({ subaccount: 3, balance_micros: 1, balance_dollars: '0.000001' }),
    ]);
    expect((await raw('POST', `/_sim/users/${alice.userId}/fund`, { amount_dollars: '-1000.00' })).json.code).toBe('insufficient_balance');
    expect((await raw('POST', `/_sim/users/${alice.userId}/fund`, { amount_dollars: 'lots' })).json.message).toMatch(/^amount_dollars: /);
    expect((await raw('POST', `/_sim/users/${alice.userId}/fund`, { amount_dollars: '0' })).status).toBe(400);
    expect((await raw('POST', `/_sim/users/${alice.userId}/fund`, { amount_dollars: '1', subaccount: 64 })).status).toBe(400);
    expect((await raw('POST', '/_sim/users/nobody/fund', { amount_dollars: '1' })).status).toBe(404);
    expect((await raw('GET', '/_sim/users/nobody/accounts')).status).toBe(404);
    const balance = await call(ex, 'GET', '/portfolio/balance', { creds: alice });
    expect(balance.json).toMatchObject({ balance: 6950, balance_dollars: '69.5000' });
    await expectConsistent(ex);
  });

  it('creates markets in existing events, visible in the catalog and tradable at once', async () => {
    const ticker = await freshMarket(ex);
    const market = await call(ex, 'GET', `/markets/${ticker}`);
    expect(market.status).toBe(200);
    expect(market.json.market).toMatchObject({ ticker, status: 'active', event_ticker: 'KXPRESPARTY-2028' });
    expect((await raw('POST', '/_sim/markets', { ticker, event_ticker: 'KXPRESPARTY-2028' })).status).toBe(409);
    expect((await raw('POST', '/_sim/markets', { ticker: 'X-NEW', event_ticker: 'NO-EVENT' })).status).toBe(404);
    expect((await raw('POST', '/_sim/markets', { ticker: 'bad ticker', event_ticker: 'KXPRESPARTY-2028' })).status).toBe(400);
    const later = await admin<{ market: { status: string } }>(ex, 'POST', '/_sim/markets', { ticker: `${ticker}-LATER`, event_ticker: 'KXPRESPARTY-2028', status: 'initialized' });
    expect(later.market.status).toBe('initialized');
    expect((await order(alice, gtc(`${ticker}-LATER`, 'bid', '1', '0.10'))).json.code).toBe('market_closed');
    await setStatus(ex, `${ticker}-LATER`, 'open');
    expect((await order(alice, gtc(`${ticker}-LATER`, 'bid', '1', '0.10'))).status).toBe(201);
    await call(ex, 'DELETE', '/portfolio/events/orders', { creds: alice });
    await expectConsistent(ex);
  });

  it('closing cancels every resting order and updates the catalog row in the same step', async () => {
    await fund(ex, bob.userId, '50.00');
    const ticker = await freshMarket(ex);
    const { json: o } = await order(bob, gtc(ticker, 'bid', '10', '0.25'));
    const closed = await admin<{ status: string; canceled_orders: number }>(ex, 'POST', `/_sim/markets/${ticker}/status`, { status: 'closed' });
    expect(closed).toMatchObject({ status: 'closed', canceled_orders: 1 });
    const got = await call(ex, 'GET', `/portfolio/orders/${o.order_id}`, { creds: bob });
    expect(got.json.order.status).toBe('canceled');
    const market = (await call(ex, 'GET', `/markets/${ticker}`)).json.market;
    expect(market.status).toBe('closed');
    expect(Date.parse(market.close_time)).toBeLessThanOrEqual(ex.clock.now());
    expect((await accounts(ex, bob.userId))[0]!.reserved_micros).toBe(0);
    expect((await raw('POST', '/_sim/markets/NOPE/status', { status: 'open' })).status).toBe(404);
    expect((await raw('POST', `/_sim/markets/${ticker}/status`, { status: 'settled' })).status).toBe(400);
    await expectConsistent(ex);
  });

  it('settles a scalar result: payouts, settlement records in cents and the finalized catalog row', async () => {
    await fund(ex, alice.userId, '50.00');
    await fund(ex, bob.userId, '50.00');
    const ticker = await freshMarket(ex);
    await order(alice, gtc(ticker, 'bid', '2', '0.40'));
    await order(bob, ioc(ticker, 'ask', '2', '0.40'));
    const [aliceBefore] = await accounts(ex, alice.userId);
    const [bobBefore] = await accounts(ex, bob.userId);
    expect((await raw('POST', `/_sim/markets/${ticker}/settle`, { result: 'scalar' })).status).toBe(400);
    expect((await raw('POST', `/_sim/markets/${ticker}/settle`, { result: 'yes', value: '0.5' })).status).toBe(400);
    const done = await settle(ex, ticker, 'scalar', '0.3000');
    expect(done).toMatchObject({ status: 'finalized', result: 'scalar', settlement_value_dollars: '0.3000', settlements: 2 });
    const [aliceAfter] = await accounts(ex, alice.userId);
    const [bobAfter] = await accounts(ex, bob.userId);
    expect(aliceAfter!.balance_micros - aliceBefore!.balance_micros).toBe(600_000);
    expect(bobAfter!.balance_micros - bobBefore!.balance_micros).toBe(1_400_000);
    const aliceSettlements = (await call(ex, 'GET', `/portfolio/settlements?ticker=${ticker}`, { creds: alice })).json.settlements;
    expect(aliceSettlements).toEqual([expect.objectContaining({ market_result: 'scalar', revenue: 60, value: 30, yes_count_fp: '2.00' })]);
    const bobSettlements = (await call(ex, 'GET', `/portfolio/settlements?event_ticker=KXPRESPARTY-2028&ticker=${ticker}`, { creds: bob })).json.settlements;
    expect(bobSettlements).toEqual([expect.objectContaining({ revenue: 140, value: 30, no_count_fp: '2.00' })]);
    const market = (await call(ex, 'GET', `/markets/${ticker}`)).json.market;
    expect(market).toMatchObject({ status: 'finalized', result: 'scalar', settlement_value_dollars: '0.3000' });
    expect(market.settlement_ts).toBeTruthy();
    expect((await call(ex, 'GET', `/markets?status=settled&event_ticker=KXPRESPARTY-2028`)).json.markets.map((m: { ticker: string }) => m.ticker)).toContain(ticker);
    expect((await raw('POST', `/_sim/markets/${ticker}/settle`, { result: 'no' })).json.code).toBe('invalid_status_transition');
    expect((await raw('POST', `/_sim/markets/${ticker}/status`, { status: 'open' })).status).toBe(409);
    // Seeded history that the catalog shows as paid out is final too.
    expect((await raw('POST', '/_sim/markets/KXFED-25DEC-H0/settle', { result: 'yes' })).json.code).toBe('invalid_status_transition');
    await expectConsistent(ex);
  });

  it('reports the invariants as a plain list', async () => {
    const res = await fetch(`${ex.url}/_sim/invariants`);
    expect(await res.json()).toEqual([]);
  });
});
