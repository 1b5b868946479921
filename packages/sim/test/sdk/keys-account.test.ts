import { generateKeyPairSync } from 'node:crypto';
import { AuthenticationError, BadRequestError, Kalshi, NotFoundError, PermissionDeniedError, RateLimitError, ValidationError, operations, type OperationId } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestCost } from '../../src/server/rate-limit.js';
import { admin, newUser } from '../helpers/exchange.js';
import { freshMarket, fund, gtc, ioc, expectConsistent } from '../trading/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

let s: Session;
const clients: Kalshi[] = [];
beforeAll(async () => {
  s = await session();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await s.close();
});

function client(ex: Session['exchange'], apiKeyId: string, privateKey: string): Kalshi {
  const k = new Kalshi({ baseURL: ex.restUrl, apiKeyId, privateKey, rateLimit: false, maxRetries: 0 });
  clients.push(k);
  return k;
}

/** Another user with an Ed25519 key (generated in microseconds, unlike RSA). */
async function login(): Promise<{ kalshi: Kalshi; userId: string }> {
  const user = await newUser(s.exchange, { keyType: 'ed25519' });
  return { kalshi: client(s.exchange, user.keyId, user.privateKeyPem), userId: user.userId };
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err as { status?: number; code?: string; message: string });

describe('SDK apiKeys.* against the local exchange', () => {
  it('lists the caller\'s keys without any key material', async () => {
    const list = await s.kalshi.apiKeys.list();
    expectSpecShape('GetApiKeys', list);
    expect(list.api_keys).toHaveLength(1);
    expect(list.api_keys[0]).toEqual({ api_key_id: expect.any(String), name: 'rsa key', scopes: ['read', 'write'] });
    expect(JSON.stringify(list)).not.toMatch(/BEGIN|private|public_key/);
  });

  it('generates RSA (PKCS#1) and Ed25519 (PKCS#8) keys that work at once; scopes are enforced', async () => {
    const rsa = await s.kalshi.apiKeys.generate({ name: 'reader', scopes: ['read'] });
    expectSpecShape('GenerateApiKey', rsa);
    expect(rsa.key_type).toBe('rsa');
    expect(rsa.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const ed = await s.kalshi.apiKeys.generate({ name: 'ed', key_type: 'ed25519', subaccount: 3 });
    expect(ed.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const listed = (await s.kalshi.apiKeys.list()).api_keys;
    expect(listed.find((k) => k.api_key_id === rsa.api_key_id)).toEqual({ api_key_id: rsa.api_key_id, name: 'reader', scopes: ['read'] });
    expect(listed.find((k) => k.api_key_id === ed.api_key_id)).toEqual({ api_key_id: ed.api_key_id, name: 'ed', scopes: ['read', 'write'], subaccount: 3 });

    const reader = client(s.exchange, rsa.api_key_id, rsa.private_key);
    expect((await reader.apiKeys.list()).api_keys.length).toBe(listed.length);
    const ticker = await freshMarket(s.exchange);
    const denied = await rejection(reader.orders.create(gtc(ticker, 'bid', '1', '0.10')));
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toMatchObject({ status: 403, code: 'insufficient_scope' });
    expect(await rejection(reader.apiKeys.generate({ name: 'escalate' }))).toMatchObject({ status: 403 });

    const edClient = client(s.exchange, ed.api_key_id, ed.private_key);
    expect((await edClient.account.limits()).usage_tier).toBe('basic');
  });

  it('a key restricted to a subaccount reads and trades only there', async () => {
    const user = await login();
    await fund(s.exchange, user.userId, '5.00');
    await fund(s.exchange, user.userId, '3.00', 3);
    const gen = await user.kalshi.apiKeys.generate({ name: 'sub 3 only', key_type: 'ed25519', subaccount: 3 });
    const sub3 = client(s.exchange, gen.api_key_id, gen.private_key);
    const ticker = await freshMarket(s.exchange);

    expect((await sub3.portfolio.balance()).balance).toBe(300);
    const placed = await sub3.orders.create(gtc(ticker, 'bid', '1', '0.10'));
    expect((await user.kalshi.orders.get(placed.order_id)).order.subaccount_number).toBe(3);
    const elsewhere = await rejection(sub3.orders.create(gtc(ticker, 'bid', '1', '0.10', { subaccount: 0 })));
    expect(elsewhere).toMatchObject({ status: 403, code: 'subaccount_restricted' });
    const primary = await user.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.10'));
    expect(await rejection(sub3.orders.get(primary.order_id))).toBeInstanceOf(NotFoundError);
    expect((await sub3.orders.list({ ticker })).orders.map((o) => o.order_id)).toEqual([placed.order_id]);
    expect(await rejection(sub3.portfolio.subaccounts.transfer({ from_subaccount: 3, to_subaccount: 0, amount_cents: 1 }))).toMatchObject({ code: 'subaccount_restricted' });
    expect((await user.kalshi.portfolio.balance()).balance).toBe(490);
    await expectConsistent(s.exchange);
  });

  it('refuses write without read, and changes nothing', async () => {
    const before = (await s.kalshi.apiKeys.list()).api_keys.length;
    const err = await rejection(s.kalshi.apiKeys.generate({ name: 'bad', scopes: ['write'] }));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err?.message).toContain("scopes: 'write' requires 'read'");
    expect((await s.kalshi.apiKeys.list()).api_keys).toHaveLength(before);
  });

  it('creates a key from a PEM public key for Premier accounts only', async () => {
    const user = await login();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const ed = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

    const low = await rejection(user.kalshi.apiKeys.create({ name: 'mine', public_key: rsa.publicKey }));
    expect(low).toMatchObject({ status: 403, code: 'insufficient_usage_level' });
    await admin(s.exchange, 'POST', `/_sim/users/${user.userId}/tier`, { tier: 'premier' });

    const created = await user.kalshi.apiKeys.create({ name: 'mine', public_key: rsa.publicKey, scopes: ['read', 'write'] });
    expectSpecShape('CreateApiKey', created);
    expect(created.warning ?? undefined).toBeUndefined();
    const mine = client(s.exchange, created.api_key_id, rsa.privateKey);
    expect((await mine.account.limits()).usage_tier).toBe('premier');

    const edKey = await user.kalshi.apiKeys.create({ name: 'mine-ed', public_key: ed.publicKey });
    const edClient = client(s.exchange, edKey.api_key_id, ed.privateKey);
    expect((await edClient.apiKeys.list()).api_keys.map((k) => k.name)).toEqual(['ed25519 key', 'mine', 'mine-ed']);

    const bad = await rejection(user.kalshi.apiKeys.create({ name: 'junk', public_key: 'not a pem' }));
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad?.message).toContain('public_key: not a PEM-encoded public key');
    const secret = await rejection(user.kalshi.apiKeys.create({ name: 'oops', public_key: ed.privateKey }));
    // The SDK refuses it before it leaves the machine; sent anyway (by operation id), the exchange refuses it too.
    expect(secret).toBeInstanceOf(ValidationError);
    expect(secret?.message).toContain('public_key: is a private key');
    const sent = await rejection(user.kalshi.call('CreateApiKey', { body: { name: 'oops', public_key: ed.privateKey } }));
    expect(sent).toBeInstanceOf(BadRequestError);
    expect(sent?.message).toContain('public_key: this is a private key');
    const both = await rejection(user.kalshi.apiKeys.create({ name: 'x', public_key: ed.publicKey, subaccount: 1, fcm_subtrader_id: 'x_1' }));
    expect(both).toMatchObject({ status: 400 });
    expect((await user.kalshi.apiKeys.list()).api_keys).toHaveLength(3);
  });

  it('a deleted key stops authenticating at once, even after it was cached', async () => {
    const gen = await s.kalshi.apiKeys.generate({ name: 'short-lived', key_type: 'ed25519' });
    const temp = client(s.exchange, gen.api_key_id, gen.private_key);
    await temp.apiKeys.list(); // parsed and cached by the exchange's key store
    const del = await s.kalshi.apiKeys.delete(gen.api_key_id);
    expectSpecShape('DeleteApiKey', del);
    const err = await rejection(temp.apiKeys.list());
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err?.code).toBe('unknown_api_key');
    expect((await s.kalshi.apiKeys.list()).api_keys.map((k) => k.api_key_id)).not.toContain(gen.api_key_id);
    expect(await rejection(s.kalshi.apiKeys.delete(gen.api_key_id))).toBeInstanceOf(NotFoundError);

    // Someone else's key is not yours to delete.
    const other = await login();
    const theirs = (await other.kalshi.apiKeys.list()).api_keys[0]!.api_key_id;
    expect(await rejection(s.kalshi.apiKeys.delete(theirs))).toBeInstanceOf(NotFoundError);
    expect((await other.kalshi.apiKeys.list()).api_keys).toHaveLength(1);
  });
});

describe('SDK account.* against the local exchange', () => {
  it('reports the tier buckets the rate limiter applies', async () => {
    const limits = await s.kalshi.account.limits();
    expectSpecShape('GetAccountApiLimits', limits);
    expect(limits).toEqual({ usage_tier: 'basic', read: { refill_rate: 200, bucket_capacity: 200 }, write: { refill_rate: 100, bucket_capacity: 100 }, grants: [] });
  });

  it('lists every non-default cost at what the limiter charges, without auth', async () => {
    const costs = await s.kalshi.account.endpointCosts();
    expectSpecShape('GetAccountEndpointCosts', costs);
    expect(costs.default_cost).toBe(10);
    const byKey = new Map(costs.endpoint_costs.map((c) => [`${c.method} ${c.path}`, c.cost]));
    expect(byKey.get('GET /trade-api/v2/portfolio/orders/{order_id}')).toBe(2);
    expect(byKey.get('POST /trade-api/v2/account/api_usage_level/upgrade')).toBe(30);
    expect(byKey.get('DELETE /trade-api/v2/portfolio/events/orders/batched')).toBe(2);
    // Ten per item is the default price of each item: not listed.
    expect(byKey.has('POST /trade-api/v2/portfolio/events/orders/batched')).toBe(false);
    for (const op of Object.values(operations)) {
      const charged = requestCost(op, op.cost?.perItem ? { orders: [{}] } : undefined);
      expect(byKey.get(`${op.method} /trade-api/v2${op.path}`) ?? 10, op.id as OperationId).toBe(charged);
    }
    const res = await fetch(`${s.exchange.restUrl}/account/endpoint_costs`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(costs);
  });

  it('computes volume progress from the user\'s own fills', async () => {
    const maker = await login();
    const taker = await login();
    await fund(s.exchange, maker.userId, '50.00');
    await fund(s.exchange, taker.userId, '50.00');
    const empty = await taker.kalshi.account.volumeProgress();
    expectSpecShape('GetAccountApiUsageLevelVolumeProgress', empty);
    expect(empty.volume_progress[0]!.trailing_30d_volume_fp).toBe('0.00');
    const ticker = await freshMarket(s.exchange);
    await maker.kalshi.orders.create(gtc(ticker, 'bid', '7', '0.40'));
    await taker.kalshi.orders.create(ioc(ticker, 'ask', '4.5', '0.40'));
    const progress = (await taker.kalshi.account.volumeProgress()).volume_progress[0]!;
    expect(progress.trailing_30d_volume_fp).toBe('4.50');
    expect(progress.computed_ts).toBe(Math.floor(s.exchange.clock.now() / 1000));
    expect(progress.goals.map((g) => g.level)).toEqual(['premier', 'paragon', 'prime']);
    expect((await maker.kalshi.account.volumeProgress()).volume_progress[0]!.trailing_30d_volume_fp).toBe('4.50');
    await expectConsistent(s.exchange);
  });

  it('grants Advanced after an order, and the limiter applies it on the next request', async () => {
    const rl = await login();
    await fund(s.exchange, rl.userId, '10.00');
    const ticker = await freshMarket(s.exchange);
    await admin(s.exchange, 'POST', '/_sim/clock', { freeze: true });
    await admin(s.exchange, 'POST', '/_sim/rate-limits', { enabled: true }); // every bucket starts full
    try {
      const refused = await rejection(rl.kalshi.account.upgradeUsageLevel()); // 30 write tokens: 70 left
      expect(refused).toBeInstanceOf(PermissionDeniedError);
      expect(refused?.code).toBe('no_api_orders');
      expect((await rl.kalshi.account.limits()).usage_tier).toBe('basic');

      await rl.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.01')); // 10: 60 left
      // Eleven items cost 110 tokens, more than a Basic write bucket ever holds.
      const batch = { orders: Array.from({ length: 11 }, () => gtc(ticker, 'bid', '1', '0.01')) };
      expect(await rejection(rl.kalshi.orders.batchCreate(batch))).toBeInstanceOf(RateLimitError);

      const upgraded = await rl.kalshi.account.upgradeUsageLevel(); // 30: 30 left
      expectSpecShape('UpgradeAccountApiUsageLevel', upgraded);
      const limits = await rl.kalshi.account.limits();
      expect(limits).toMatchObject({ usage_tier: 'advanced', write: { refill_rate: 300, bucket_capacity: 600 } });
      expect(limits.grants).toEqual([{ exchange_instance: 'event_contract', level: 'advanced', source: 'api_order_activity', expires_ts: null }]);

      expect(await rejection(rl.kalshi.orders.batchCreate(batch))).toBeInstanceOf(RateLimitError); // frozen: still 30
      await admin(s.exchange, 'POST', '/_sim/clock', { advance_ms: 1000 }); // Advanced refills 300/s up to 600
      const placed = await rl.kalshi.orders.batchCreate(batch);
      expect(placed.orders.filter((o) => o.order_id)).toHaveLength(11);
      await expectConsistent(s.exchange);
    } finally {
      await admin(s.exchange, 'POST', '/_sim/rate-limits', { enabled: false });
      await admin(s.exchange, 'POST', '/_sim/clock', { freeze: false });
    }
  });
});
