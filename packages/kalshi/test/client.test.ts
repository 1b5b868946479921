import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError, APITimeoutError, APIUserAbortError, AuthenticationError, BadRequestError, InsufficientBalanceError,
  InternalServerError, Kalshi, KalshiError, KeyError, NotFoundError, PaginationError, RateLimitError, ValidationError,
  type ClientOptions,
} from '../src/index.js';
import { FakeClock, scriptedFetch, type Reply } from './helpers/fake.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const rsaPem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const edPem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const BASE = 'http://127.0.0.1:9/trade-api/v2';

function client(replies: Reply[] | Parameters<typeof scriptedFetch>[0], options: ClientOptions = {}) {
  const clock = new FakeClock();
  const { fetch, calls } = scriptedFetch(replies);
  const kalshi = new Kalshi({ baseURL: BASE, fetch, clock, rateLimit: false, apiKeyId: 'key-1', privateKey: rsaPem, ...options });
  return { kalshi, calls, clock };
}

const order = { ticker: 'KXTEST-1', side: 'bid', count: 2, price: '0.56', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' } as const;

afterEach(() => vi.unstubAllEnvs());

describe('signing', () => {
  it.each([
    ['RSA-PSS', rsaPem, (data: Buffer, sig: Buffer) => verify('sha256', data, { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)],
    ['Ed25519', edPem, (data: Buffer, sig: Buffer) => verify(null, data, ed.publicKey, sig)],
  ])('signs timestamp + METHOD + full path without query with %s', async (_name, pem, check) => {
    const { kalshi, calls, clock } = client([{ status: 200, body: { orders: [], cursor: '' } }], { privateKey: pem });
    await kalshi.orders.list({ limit: 5, ticker: 'A' });
    const { headers, url } = calls[0]!;
    expect(url).toBe(`${BASE}/portfolio/orders?limit=5&ticker=A`);
    expect(headers['KALSHI-ACCESS-KEY']).toBe('key-1');
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe(String(clock.time));
    const signed = Buffer.from(`${clock.time}GET/trade-api/v2/portfolio/orders`);
    expect(check(signed, Buffer.from(headers['KALSHI-ACCESS-SIGNATURE']!, 'base64'))).toBe(true);
    expect(check(Buffer.from(`${clock.time}GET/trade-api/v2/portfolio/orders?limit=5&ticker=A`), Buffer.from(headers['KALSHI-ACCESS-SIGNATURE']!, 'base64'))).toBe(false);
  });

  it('sends public requests unsigned when no key is set, and refuses private ones before sending', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 200, body: { market: { ticker: 'X' } } }]);
    const kalshi = new Kalshi({ baseURL: BASE, fetch, rateLimit: false });
    await kalshi.markets.get('X');
    expect(Object.keys(calls[0]!.headers).filter((h) => h.startsWith('KALSHI'))).toEqual([]);
    await expect(kalshi.portfolio.balance()).rejects.toThrow(KalshiError);
    expect(calls).toHaveLength(1);
  });

  it('signs every attempt afresh', async () => {
    const { kalshi, calls } = client([{ status: 503 }, { status: 200, body: { balance: 1 } }]);
    await kalshi.portfolio.balance();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers['KALSHI-ACCESS-TIMESTAMP']).not.toBe(calls[1]!.headers['KALSHI-ACCESS-TIMESTAMP']);
  });

  it('keeps key material out of inspect, JSON and errors', () => {
    const { kalshi } = client([]);
    const body = rsaPem.split('\n')[5]!;
    expect(inspect(kalshi, { showHidden: true, depth: 10 })).not.toContain(body);
    expect(JSON.stringify(kalshi)).not.toContain(body);
    try {
      new Kalshi({ apiKeyId: 'k', privateKey: rsaPem.split('\n').slice(0, 12).join('\n') });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyError);
      expect(inspect(error, { showHidden: true })).not.toContain(body.slice(0, 20));
    }
  });
});

describe('configuration', () => {
  it('reads key id, key file and environment from the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-'));
    writeFileSync(join(dir, 'key.pem'), edPem);
    vi.stubEnv('KALSHI_API_KEY_ID', 'env-key');
    vi.stubEnv('KALSHI_PRIVATE_KEY_PATH', join(dir, 'key.pem'));
    vi.stubEnv('KALSHI_ENV', 'demo');
    const kalshi = new Kalshi({ rateLimit: false });
    expect(kalshi.apiKeyId).toBe('env-key');
    expect(kalshi.baseURL).toBe('https://external-api.demo.kalshi.co/trade-api/v2');
    expect(new Kalshi({ environment: 'production', apiKeyId: 'k', privateKey: edPem }).baseURL).toBe('https://external-api.kalshi.com/trade-api/v2');
    await kalshi.close();
  });

  it('rejects half a credential and bad options with clear errors', () => {
    expect(() => new Kalshi({ apiKeyId: 'k' })).toThrow(/no private key/);
    expect(() => new Kalshi({ privateKey: edPem })).toThrow(/no API key id/);
    expect(() => new Kalshi({ environment: 'staging' as 'demo' })).toThrow(/environment/);
    expect(() => new Kalshi({ baseURL: 'not a url' })).toThrow(/not a URL/);
    expect(() => new Kalshi({ timeout: -1 })).toThrow(/timeout/);
  });
});

describe('retries', () => {
  it('retries GET on connection errors, 408, 429 and 5xx with exponential backoff', async () => {
    const { kalshi, calls, clock } = client(
      [new TypeError('socket hang up'), { status: 408 }, { status: 429, body: { error: 'too many requests' } }, { status: 500 }, { status: 200, body: { balance: 5 } }],
      { maxRetries: 4 },
    );
    await expect(kalshi.portfolio.balance()).resolves.toMatchObject({ balance: 5 });
    expect(calls).toHaveLength(5);
    const bases = [500, 1000, 2000, 4000];
    clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeLessThanOrEqual(bases[i]!);
      expect(ms).toBeGreaterThanOrEqual(bases[i]! * 0.75);
    });
  });

  it('caps backoff at 8 s and gives up after maxRetries', async () => {
    const { kalshi, calls, clock } = client([{ status: 502 }], { maxRetries: 6 });
    await expect(kalshi.exchange.status()).rejects.toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(7);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(8000);
    expect(clock.sleeps.at(-1)).toBeGreaterThanOrEqual(6000);
  });

  it('honours Retry-After', async () => {
    const { kalshi, clock } = client([{ status: 429, headers: { 'retry-after': '3' } }, { status: 200, body: {} }]);
    await kalshi.exchange.status();
    expect(clock.sleeps).toEqual([3000]);
  });

  it('does not retry 4xx other than 408 and 429', async () => {
    const { kalshi, calls } = client([{ status: 404, body: { code: 'not_found', message: 'market not found' } }]);
    await expect(kalshi.markets.get('NOPE')).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1);
  });

  it('retries an order create with one client_order_id across attempts and exposes it', async () => {
    const { kalshi, calls } = client([new TypeError('ECONNRESET'), { status: 503 }, { status: 201, body: { order_id: 'o1' } }]);
    await kalshi.orders.create(order);
    expect(calls).toHaveLength(3);
    const ids = calls.map((c) => JSON.parse(c.body!).client_order_id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    const failing = client([{ status: 500 }], { maxRetries: 1 });
    const error = await failing.kalshi.orders.create({ ...order, client_order_id: 'mine-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).clientOrderId).toBe('mine-1');
    expect(failing.calls).toHaveLength(2);
  });

  it('says when a failed write may have been carried out, and only then', async () => {
    const outcome = async (replies: Reply[], call: (k: Kalshi) => Promise<unknown>, maxRetries = 2) => {
      const error = (await call(client(replies, { maxRetries }).kalshi).catch((e: unknown) => e)) as InternalServerError;
      return { unknown: error.outcomeUnknown, message: error.message };
    };
    const create = (k: Kalshi) => k.orders.create({ ...order, client_order_id: 'mine-2' });
    // A 503 after the exchange may have committed, then a 429 storm outlasting the retries: the
    // final error is the 429, but the order may exist.
    const storm = await outcome([{ status: 503 }, { status: 429, body: { error: 'too many requests' } }], create);
    expect(storm.unknown).toBe(true);
    expect(storm.message).toMatch(/an attempt may have been carried out: look the order up by client_order_id mine-2/);
    // Cut off, or timed out, with no retry at all.
    expect((await outcome([new TypeError('socket hang up')], create, 0)).unknown).toBe(true);
    // Refusals only: the exchange said no every time.
    expect((await outcome([{ status: 429 }, { status: 400, body: { code: 'invalid_parameters', message: 'no' } }], create)).unknown).toBe(false);
    // Reads change nothing, whatever happened.
    expect((await outcome([{ status: 503 }], (k) => k.portfolio.balance())).unknown).toBe(false);
    // A write never retried: its one 5xx is enough.
    const amend = await outcome([{ status: 500 }], (k) => k.orders.amend('o1', { ticker: 'T', side: 'bid', price: '0.5', count: 3 }));
    expect(amend.unknown).toBe(true);
    expect(amend.message).toMatch(/check its effect before sending it again/);
  });

  it('never retries other POSTs', async () => {
    const { kalshi, calls } = client([{ status: 503 }]);
    await expect(kalshi.orders.amend('o1', { ticker: 'T', side: 'bid', price: '0.5', count: 3 })).rejects.toBeInstanceOf(InternalServerError);
    await expect(kalshi.call('CreateOrderGroup', { body: { contracts_limit: 5 } })).rejects.toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(2);
  });
});

describe('timeouts and aborts', () => {
  it('times out each attempt and retries GETs', async () => {
    const { kalshi, calls } = client(['hang'], { timeout: 20, maxRetries: 1 });
    const error = await kalshi.exchange.status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/no response within 20 ms/);
    expect(calls).toHaveLength(2);
  });

  it('stops at once when the caller aborts', async () => {
    const { kalshi, calls } = client(['hang'], { maxRetries: 3 });
    const controller = new AbortController();
    const pending = kalshi.exchange.status({ signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(1);
    await expect(kalshi.exchange.status({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('errors', () => {
  it('maps both body shapes, statuses and Kalshi codes', async () => {
    const { kalshi } = client((call) => {
      if (call.url.endsWith('/balance')) return { status: 401, body: { code: 'authentication_error', message: 'bad signature' } };
      if (call.url.endsWith('/status')) return { status: 429, body: { error: 'too many requests' } };
      return { status: 400, body: { error: { code: 'insufficient_balance', message: 'not enough cash', details: 'need 1.12' } } };
    }, { maxRetries: 0 });
    const auth = await kalshi.portfolio.balance().catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect(auth).toMatchObject({ status: 401, code: 'authentication_error' });
    expect((auth as Error).message).toMatch(/bad signature.*clock/);
    const limited = await kalshi.exchange.status().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as Error).message).toContain('too many requests');
    const cash = await kalshi.orders.create(order).catch((e: unknown) => e);
    expect(cash).toBeInstanceOf(InsufficientBalanceError);
    expect(cash).toBeInstanceOf(BadRequestError);
    expect(cash).toMatchObject({ code: 'insufficient_balance', details: 'need 1.12' });
  });

  it('refuses malformed order fields before anything is sent, as rejections', async () => {
    const { kalshi, calls } = client([]);
    await expect(kalshi.orders.create({ ...order, count: 1.5 })).rejects.toThrow(ValidationError);
    await expect(kalshi.orders.create({ ...order, price: '0.123456' })).rejects.toThrow(/price/);
    await expect(kalshi.orders.create({ ...order, price: '1.00' })).rejects.toThrow(/price/);
    await expect(kalshi.orders.create({ ...order, ticker: 'BAD TICKER' })).rejects.toThrow(/ticker/);
    await expect(kalshi.orders.create({ ...order, side: 'buy' as 'bid' })).rejects.toThrow(/side/);
    await expect(kalshi.orders.batchCreate({ orders: [order, { ...order, count: -1 }] })).rejects.toThrow(/orders\[1\]\.count/);
    await expect(kalshi.orders.decrease('o', {} as never)).rejects.toThrow(/exactly one/);
    await expect(kalshi.markets.get('')).rejects.toThrow(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

describe('rate limiting', () => {
  it('waits for tokens instead of sending into a 429', async () => {
    const { kalshi, clock } = client([{ status: 200, body: {} }], { rateLimit: { read: { refillPerSecond: 20, capacity: 20 }, write: { refillPerSecond: 10, capacity: 10 } } });
    const start = clock.now();
    await kalshi.exchange.status();
    await kalshi.exchange.status();
    expect(clock.now()).toBe(start);
    await kalshi.exchange.status();
    expect(clock.now() - start).toBe(500);
  });

  it('bills per-item costs of batches to the write bucket', async () => {
    const { kalshi } = client([{ status: 201, body: { orders: [] } }], { rateLimit: 'basic' });
    const orders = Array.from({ length: 11 }, () => order);
    await expect(kalshi.orders.batchCreate({ orders })).rejects.toThrow(/110.*100|split/);
  });
});

describe('pagination', () => {
  const pages = [
    { markets: [{ ticker: 'A' }, { ticker: 'B' }], cursor: 'c1' },
    { markets: [{ ticker: 'C' }], cursor: 'c2' },
    { markets: [{ ticker: 'D' }], cursor: '' },
  ];

  it('awaits to the first page and iterates all items across pages', async () => {
    const { kalshi, calls } = client((call) => ({ status: 200, body: pages[call.url.includes('cursor=c2') ? 2 : call.url.includes('cursor=c1') ? 1 : 0] }));
    const first = await kalshi.markets.list({ limit: 2 });
    expect(first.markets).toHaveLength(2);
    const tickers: string[] = [];
    for await (const market of kalshi.markets.list({ limit: 2 })) tickers.push(market.ticker);
    expect(tickers).toEqual(['A', 'B', 'C', 'D']);
    expect(calls.slice(1).map((c) => new URL(c.url).searchParams.get('cursor'))).toEqual([null, 'c1', 'c2']);
  });

  it('throws on a cursor that repeats', async () => {
    const { kalshi } = client((call) => ({ status: 200, body: { markets: [{ ticker: 'X' }], cursor: call.url.includes('cursor=a') ? 'b' : 'a' } }));
    await expect(kalshi.markets.list().toArray()).rejects.toBeInstanceOf(PaginationError);
  });
});

describe('order amend and decrease', () => {
  it('send subaccount in the query and accept reduce_to 0', async () => {
    const { kalshi, calls } = client([{ status: 200, body: { order_id: 'o1' } }]);
    await kalshi.orders.decrease('o1', { reduce_to: 0, subaccount: 2 });
    await kalshi.orders.amend('o1', { ticker: 'T', side: 'bid', price: '0.5', count: 3, subaccount: 2 });
    expect(calls.map((c) => new URL(c.url).search)).toEqual(['?subaccount=2', '?subaccount=2']);
    expect(JSON.parse(calls[0]!.body!)).toEqual({ reduce_to: '0.00' });
    expect(JSON.parse(calls[1]!.body!)).not.toHaveProperty('subaccount');
    await expect(kalshi.orders.decrease('o1', { reduce_by: 0 })).rejects.toThrow(/greater than 0/);
  });
});

describe('signing with requests in flight', () => {
  it('signs off-thread when several requests overlap, and every signature still verifies', async () => {
    const { kalshi, calls } = client([{ status: 200, body: { balance: 1 } }]);
    await Promise.all(Array.from({ length: 8 }, () => kalshi.portfolio.balance()));
    expect(calls).toHaveLength(8);
    for (const call of calls) {
      const ts = call.headers['KALSHI-ACCESS-TIMESTAMP']!;
      const ok = verify('sha256', Buffer.from(`${ts}GET/trade-api/v2/portfolio/balance`), { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(call.headers['KALSHI-ACCESS-SIGNATURE']!, 'base64'));
      expect(ok).toBe(true);
    }
  });
});
