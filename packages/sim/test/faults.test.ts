import { Kalshi } from 'kalshi-ts';
import { KalshiWS } from 'kalshi-ts/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../src/index.js';
import { admin, call, newUser, start } from './helpers/exchange.js';
import type { Credentials } from './helpers/sign.js';
import { freshMarket, fund, gtc } from './trading/helpers.js';

// REST fault injection (/_sim/http/faults): what each kind does to a request, before and after the
// handler, and that the route refuses bodies it would otherwise misread.

let ex: Exchange;
let alice: Credentials & { userId: string };
let bob: Credentials & { userId: string };
let ticker: string;
beforeAll(async () => {
  ex = await start({ rateLimits: false });
  [alice, bob] = [await newUser(ex), await newUser(ex)];
  await fund(ex, alice.userId, '1000.00');
  await fund(ex, bob.userId, '1000.00');
  ticker = await freshMarket(ex);
});
afterAll(() => ex.close());

const inject = (body: Record<string, unknown>) => admin<{ fault: { id: number } }>(ex, 'POST', '/_sim/http/faults', body);
const pending = () => admin<{ faults: { id: number; remaining: number }[]; injected: Record<string, number> }>(ex, 'GET', '/_sim/http/faults');
const balance = (creds: Credentials) => call(ex, 'GET', '/portfolio/balance', { creds });
const ordersWith = (clientOrderId: string) => ex.state.trading.engine.listOrders({ user: alice.userId }).filter((o) => o.clientOrderId === clientOrderId);

async function adminRaw(method: string, body: string) {
  const res = await fetch(`${ex.url}/_sim/http/faults`, { method, body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: (await res.json()) as { code: string; message: string } };
}

describe('REST fault injection', () => {
  it('refuses bodies it cannot apply, naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'explode' }, /^kind: must be one of/],
      [{ kind: 'status' }, /^status: required when kind is "status"/],
      [{ kind: 'status', status: 418 }, /^status: must be one of/],
      [{ kind: 'drop', ms: 10 }, /^ms: only for kind "slow"/],
      [{ kind: 'slow' }, /^ms: required when kind is "slow"/],
      [{ kind: 'slow', ms: 10, status: 500 }, /^status: only for kind "status"/],
      [{ kind: 'drop', count: 0 }, /^count: /],
      [{ kind: 'drop', when: 'during' }, /^when: must be one of/],
      [{ kind: 'drop', path: 'portfolio' }, /^path: /],
      [{ kind: 'drop', colour: 'red' }, /^colour: is not an accepted field/],
    ];
    for (const [body, message] of cases) {
      const res = await adminRaw('POST', JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await pending()).faults).toEqual([]);
  });

  it('a status fault answers Kalshi-shaped errors for the next `count` matching requests, then stops', async () => {
    await inject({ kind: 'status', status: 503, count: 2, operation: 'GetBalance' });
    expect((await pending()).faults).toEqual([expect.objectContaining({ kind: 'status', status: 503, remaining: 2, when: 'before' })]);
    const answers = [await balance(alice), await balance(alice), await balance(alice)];
    expect(answers.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(answers[0]!.json).toEqual({ code: 'service_unavailable', message: expect.stringMatching(/injected/), details: expect.any(String) });
    await inject({ kind: 'status', status: 429, operation: 'GetBalance' });
    const limited = await balance(alice);
    expect([limited.status, limited.json]).toEqual([429, { error: 'too many requests' }]);
    const { faults, injected } = await pending();
    expect(faults).toEqual([]);
    expect(injected).toMatchObject({ 'status_503:before': 2, 'status_429:before': 1 });
  });

  it('before the handler nothing is executed; after it the operation is committed and only the answer is lost', async () => {
    await inject({ kind: 'status', status: 500, operation: 'CreateOrderV2' });
    const refused = await call(ex, 'POST', '/portfolio/events/orders', { creds: alice, body: gtc(ticker, 'bid', '1', '0.10', { client_order_id: 'f-before' }) });
    expect(refused.status).toBe(500);
    expect(ordersWith('f-before')).toHaveLength(0);

    await inject({ kind: 'status', status: 502, when: 'after', operation: 'CreateOrderV2' });
    const lost = await call(ex, 'POST', '/portfolio/events/orders', { creds: alice, body: gtc(ticker, 'bid', '1', '0.11', { client_order_id: 'f-after' }) });
    expect([lost.status, lost.json.code]).toEqual([502, 'bad_gateway']);
    expect(ordersWith('f-after')).toHaveLength(1);
    // The retry a client makes with the same client_order_id finds the first order, not a second.
    const retry = await call(ex, 'POST', '/portfolio/events/orders', { creds: alice, body: gtc(ticker, 'bid', '1', '0.11', { client_order_id: 'f-after' }) });
    expect(retry.status).toBe(201);
    expect(ordersWith('f-after')).toHaveLength(1);
  });

  it('drop cuts the connection with no answer, before or after the operation', async () => {
    await inject({ kind: 'drop', operation: 'CreateOrderV2' });
    await expect(call(ex, 'POST', '/portfolio/events/orders', { creds: alice, body: gtc(ticker, 'bid', '1', '0.12', { client_order_id: 'd-before' }) })).rejects.toThrow();
    expect(ordersWith('d-before')).toHaveLength(0);
    await inject({ kind: 'drop', when: 'after', method: 'POST', path: '/trade-api/v2/portfolio/events/orders' });
    await expect(call(ex, 'POST', '/portfolio/events/orders', { creds: alice, body: gtc(ticker, 'bid', '1', '0.12', { client_order_id: 'd-after' }) })).rejects.toThrow();
    expect(ordersWith('d-after')).toHaveLength(1);
  });

  it('slow holds the request; before the handler the operation itself runs late', async () => {
    await inject({ kind: 'slow', ms: 300, when: 'after', operation: 'GetBalance' });
    let t = performance.now();
    expect((await balance(alice)).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);

    await inject({ kind: 'slow', ms: 300, operation: 'CreateOrderV2' });
    t = performance.now();
    const late = call(ex, 'POST', '/portfolio/events/orders', { creds: alice, body: gtc(ticker, 'bid', '1', '0.13', { client_order_id: 's-before' }) });
    await new Promise((r) => setTimeout(r, 100));
    expect(ordersWith('s-before')).toHaveLength(0);
    expect((await late).status).toBe(201);
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
    expect(ordersWith('s-before')).toHaveLength(1);
  });

  it('user, operation, method and path filters leave other requests alone; DELETE clears', async () => {
    await inject({ kind: 'status', status: 504, user_id: bob.userId, count: 5 });
    await inject({ kind: 'status', status: 500, operation: 'GetOrders', count: 5 });
    await inject({ kind: 'status', status: 500, method: 'DELETE', count: 5 });
    await inject({ kind: 'status', status: 500, path: '/trade-api/v2/markets/', count: 5 });
    expect((await balance(alice)).status).toBe(200);
    expect((await balance(bob)).status).toBe(504);
    expect((await call(ex, 'GET', '/portfolio/orders', { creds: alice })).status).toBe(500);
    expect((await call(ex, 'GET', `/markets/${ticker}`)).status).toBe(500);
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
    expect(await admin(ex, 'DELETE', '/_sim/http/faults')).toEqual({ cleared: 4 });
    expect((await balance(bob)).status).toBe(200);
    expect((await pending()).faults).toEqual([]);
  });

  it('requests that fail before the handler (bad signature) do not use up a fault', async () => {
    await inject({ kind: 'status', status: 500, operation: 'GetBalance' });
    expect((await call(ex, 'GET', '/portfolio/balance', { creds: alice, timestampMs: 1 })).status).toBe(401);
    expect((await pending()).faults).toHaveLength(1);
    expect((await balance(alice)).status).toBe(500);
  });

  it('every answer carries a Date header from the exchange clock', async () => {
    const start = ex.clock.now();
    await admin(ex, 'POST', '/_sim/clock', { advance_ms: 3_600_000 });
    const res = await call(ex, 'GET', '/exchange/status');
    const date = Date.parse(res.headers.get('date')!);
    expect(date).toBeGreaterThanOrEqual(Math.floor((start + 3_600_000) / 1000) * 1000);
    expect(date - Date.now()).toBeGreaterThan(3_590_000);
  });

  it('closing the exchange ends requests a fault is holding', async () => {
    const other = await start({ rateLimits: false });
    const user = await newUser(other);
    await admin(other, 'POST', '/_sim/http/faults', { kind: 'slow', ms: 60_000, operation: 'GetBalance' });
    const held = call(other, 'GET', '/portfolio/balance', { creds: user });
    await new Promise((r) => setTimeout(r, 100));
    const t = performance.now();
    await other.close();
    await expect(held).rejects.toThrow();
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});

describe('clock skew against the exchange', () => {
  it('the SDK reads the Date header after a 401, re-signs, and lends the correction to KalshiWS', async () => {
    const skewed = await start({ rateLimits: false });
    try {
      const user = await newUser(skewed);
      await admin(skewed, 'POST', `/_sim/users/${user.userId}/fund`, { amount_dollars: '100.00' });
      const warnings: string[] = [];
      const logger = { debug() {}, info() {}, error() {}, warn: (message: string) => warnings.push(message) };
      const kalshi = new Kalshi({ baseURL: skewed.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, rateLimit: false, maxRetries: 0, logger });
      // The exchange is 2 minutes ahead: every timestamp the client signs looks 2 minutes old.
      await admin(skewed, 'POST', '/_sim/clock', { advance_ms: 120_000 });
      const stale = await call(skewed, 'GET', '/portfolio/balance', { creds: user, timestampMs: Date.now() });
      expect(stale.status).toBe(401);
      const market = await freshMarket(skewed);
      const created = await kalshi.orders.create({ ...gtc(market, 'bid', '1', '0.20'), count: 1 });
      expect(skewed.state.trading.engine.listOrders({ user: user.userId }).map((o) => o.clientOrderId)).toEqual([created.client_order_id]);
      expect(warnings).toEqual(['kalshi clock skew']);
      expect(Math.abs(kalshi.clock.now() - skewed.clock.now())).toBeLessThan(1_500);
      const ws = new KalshiWS({ url: skewed.wsUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, clock: kalshi.clock });
      await ws.connect();
      await ws.close();
      expect(warnings).toEqual(['kalshi clock skew']);
      await kalshi.close();
    } finally {
      await skewed.close();
    }
  });
});
