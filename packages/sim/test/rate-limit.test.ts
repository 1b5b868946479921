import { afterEach, describe, expect, it } from 'vitest';
import { operations } from 'kalshi-ts/generated';
import { ControllableClock, type Exchange } from '../src/index.js';
import { RateLimiter, requestCost } from '../src/server/rate-limit.js';
import { admin, call, newUser, start } from './helpers/exchange.js';

describe('RateLimiter', () => {
  it('refills continuously at the tier rate, capped at capacity', () => {
    const rl = new RateLimiter();
    let t = 0;
    for (let i = 0; i < 20; i++) expect(rl.take('k', 'read', 'basic', 10, t)).toBe(true);
    expect(rl.take('k', 'read', 'basic', 10, t)).toBe(false);
    t += 49; // 9.8 tokens
    expect(rl.take('k', 'read', 'basic', 10, t)).toBe(false);
    t += 1;
    expect(rl.take('k', 'read', 'basic', 10, t)).toBe(true);
    t += 60_000;
    for (let i = 0; i < 20; i++) expect(rl.take('k', 'read', 'basic', 10, t)).toBe(true);
    expect(rl.take('k', 'read', 'basic', 10, t)).toBe(false);
  });

  it('keeps read and write and each subject apart', () => {
    const rl = new RateLimiter();
    for (let i = 0; i < 10; i++) expect(rl.take('a', 'write', 'basic', 10, 0)).toBe(true);
    expect(rl.take('a', 'write', 'basic', 10, 0)).toBe(false);
    expect(rl.take('a', 'read', 'basic', 10, 0)).toBe(true);
    expect(rl.take('b', 'write', 'basic', 10, 0)).toBe(true);
  });

  it('gives write buckets above basic two seconds of capacity', () => {
    const rl = new RateLimiter();
    for (let i = 0; i < 60; i++) expect(rl.take('a', 'write', 'advanced', 10, 0)).toBe(true);
    expect(rl.take('a', 'write', 'advanced', 10, 0)).toBe(false);
    for (let i = 0; i < 30; i++) expect(rl.take('a', 'read', 'advanced', 10, 0)).toBe(true);
    expect(rl.take('a', 'read', 'advanced', 10, 0)).toBe(false);
  });

  it('prices requests from the catalog', () => {
    expect(requestCost(operations.GetMarkets, undefined)).toBe(10);
    expect(requestCost(operations.GetOrder, undefined)).toBe(2);
    expect(requestCost(operations.BatchCreateOrdersV2, { orders: [{}, {}, {}] })).toBe(30);
    expect(requestCost(operations.BatchCancelOrdersV2, { orders: [{}, {}] })).toBe(4);
  });
});

describe('rate limits over HTTP', () => {
  let ex: Exchange;
  afterEach(() => ex.close());

  it('answers exactly {"error":"too many requests"} with no Retry-After, per client, on the exchange clock', async () => {
    const clock = new ControllableClock();
    clock.freeze();
    ex = await start({ clock });
    for (let i = 0; i < 20; i++) expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
    const res = await call(ex, 'GET', '/exchange/status');
    expect(res.status).toBe(429);
    expect(res.text).toBe('{"error":"too many requests"}');
    expect(res.headers.get('retry-after')).toBeNull();

    // A signed client has its own bucket, separate from the IP's.
    const user = await newUser(ex);
    expect((await call(ex, 'GET', '/exchange/status', { creds: user })).status).toBe(200);

    clock.advance(100); // 20 tokens: two more requests
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(429);
  });

  it('bills batches per item to the write bucket, and refused batches run nothing', async () => {
    const clock = new ControllableClock();
    clock.freeze();
    ex = await start({ clock });
    let runs = 0;
    ex.handlers.BatchCreateOrdersV2 = () => {
      runs++;
      return { status: 201, body: { orders: [] } };
    };
    const user = await newUser(ex);
    const order = { ticker: 'T', side: 'bid', count: '1', price: '0.50', time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'maker' };
    const batch = (n: number) => ({ orders: Array.from({ length: n }, () => order) });
    expect((await call(ex, 'POST', '/portfolio/events/orders/batched', { creds: user, body: batch(6) })).status).toBe(201);
    const refused = await call(ex, 'POST', '/portfolio/events/orders/batched', { creds: user, body: batch(5) });
    expect(refused.status).toBe(429);
    expect(runs).toBe(1);
    expect((await call(ex, 'POST', '/portfolio/events/orders/batched', { creds: user, body: batch(4) })).status).toBe(201);
  });

  it('follows the user tier and can be switched off through the admin API', async () => {
    const clock = new ControllableClock();
    clock.freeze();
    ex = await start({ clock });
    const user = await newUser(ex, { tier: 'advanced' });
    for (let i = 0; i < 30; i++) expect((await call(ex, 'GET', '/markets/KXFED-26MAR-H0', { creds: user })).status).toBe(200);
    expect((await call(ex, 'GET', '/markets/KXFED-26MAR-H0', { creds: user })).status).toBe(429);

    await admin(ex, 'POST', `/_sim/users/${user.userId}/tier`, { tier: 'premier' });
    clock.advance(1000);
    for (let i = 0; i < 100; i++) expect((await call(ex, 'GET', '/exchange/status', { creds: user })).status).toBe(200);
    expect((await call(ex, 'GET', '/exchange/status', { creds: user })).status).toBe(429);

    await admin(ex, 'POST', '/_sim/rate-limits', { enabled: false });
    for (let i = 0; i < 50; i++) expect((await call(ex, 'GET', '/exchange/status', { creds: user })).status).toBe(200);
    expect((await admin(ex, 'GET', '/_sim/health')).rate_limits_enabled).toBe(false);
  });
});
