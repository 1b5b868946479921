import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../src/index.js';
import { call, newUser, start } from './helpers/exchange.js';
import type { Credentials } from './helpers/sign.js';

let ex: Exchange;
let creds: Credentials;
const seen: { query?: unknown; body?: unknown }[] = [];

const order = (over: Record<string, unknown> = {}) => ({
  ticker: 'KXFED-26MAR-H0',
  side: 'bid',
  count: '10',
  price: '0.56',
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'taker_at_cross',
  ...over,
});

beforeAll(async () => {
  // Echo handlers (unchecked responses) expose exactly what validation handed over.
  ex = await start({ rateLimits: false, validateResponses: false });
  creds = await newUser(ex);
  ex.handlers.GetTrades = ({ query }) => {
    seen.push({ query });
    return { body: query as never };
  };
  ex.handlers.GetMarketOrderbooks = ({ query }) => {
    seen.push({ query });
    return { body: query as never };
  };
  ex.handlers.GetEventForecastPercentilesHistory = ({ query, params }) => {
    seen.push({ query });
    return { body: { query, params } as never };
  };
  ex.handlers.BatchCreateOrdersV2 = ({ body }) => {
    seen.push({ body });
    return { status: 201, body: { orders: [] } };
  };
  ex.handlers.CreateOrderV2 = ({ body }) => {
    seen.push({ body });
    return { status: 201, body: body as never };
  };
});
afterAll(() => ex.close());

async function rejected(method: string, path: string, opts: Parameters<typeof call>[3] = {}) {
  const before = seen.length;
  const res = await call(ex, method, path, opts);
  expect(seen.length, 'the handler must not run for a rejected request').toBe(before);
  return res;
}

describe('query parameters', () => {
  it('coerces types and applies catalog defaults', async () => {
    const res = await call(ex, 'GET', '/markets/trades?limit=5&min_ts=1700000000&ticker=X&is_block_trade=false');
    expect(res.json).toEqual({ limit: 5, min_ts: 1700000000, ticker: 'X', is_block_trade: false });
    expect((await call(ex, 'GET', '/markets/trades')).json).toEqual({ limit: 100 });
  });

  it('ignores undeclared parameters and treats empty values as absent', async () => {
    const res = await call(ex, 'GET', '/markets/trades?foo=bar&cursor=&limit=');
    expect(res.json).toEqual({ limit: 100 });
  });

  it('accepts arrays as repeated parameters, comma-separated, or both', async () => {
    const res = await call(ex, 'GET', '/markets/orderbooks?tickers=A&tickers=B,C');
    expect(res.json).toEqual({ tickers: ['A', 'B', 'C'] });
    const ints = await call(ex, 'GET', '/series/S/events/E/forecast_percentile_history?percentiles=10,50&percentiles=90&start_ts=1&end_ts=2&period_interval=60', { creds });
    expect(ints.json.query.percentiles).toEqual([10, 50, 90]);
  });

  it.each([
    ['/markets/trades?limit=abc', /^limit: must be an integer, got 'abc'/],
    ['/markets/trades?limit=1.5', /^limit: must be an integer/],
    ['/markets/trades?limit=1001', /^limit: must be at most 1000/],
    ['/markets/trades?limit=-3', /^limit: must be at least 0/],
    ['/markets/trades?limit=99999999999999999999', /^limit: must be an integer/],
    ['/markets/trades?is_block_trade=yes', /^is_block_trade: must be 'true' or 'false'/],
    ['/markets?status=active', /^status: must be one of unopened, open, paused, closed, settled/],
    ['/markets/orderbooks', /^tickers: is required/],
    ['/markets/orderbooks?tickers=,', /^tickers: is required/],
    ['/markets/trades?limit=1&limit=2', /^limit: given 2 times/],
  ])('%s -> 400', async (path, message) => {
    const res = await rejected('GET', path);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('invalid_parameters');
    expect(res.json.message).toMatch(message);
  });

  it('rejects a wrongly typed array item', async () => {
    const res = await rejected('GET', '/series/S/events/E/forecast_percentile_history?percentiles=10,x&start_ts=1&end_ts=2&period_interval=60', { creds });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^percentiles: must be an integer, got 'x'/);
  });

  it('requires non-empty path parameters', async () => {
    for (const path of ['/markets/%20', '/markets/']) {
      const res = await rejected('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.json.message).toBe('ticker: must not be empty');
    }
  });
});

describe('JSON bodies', () => {
  it('passes a valid body to the handler', async () => {
    const res = await call(ex, 'POST', '/portfolio/events/orders', { creds, body: order() });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual(order());
  });

  it('names the field path of every schema violation', async () => {
    const body = { orders: [order(), order(), order({ price: undefined, count: 5 })] };
    const res = await rejected('POST', '/portfolio/events/orders/batched', { creds, body });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^orders\[2\]\.(price: is required|count: must be string)$/);
    expect(res.json.details).toContain('orders[2].price: is required');
    expect(res.json.details).toContain('orders[2].count: must be string');
  });

  it('checks enums and top-level required fields', async () => {
    const res = await rejected('POST', '/portfolio/events/orders', { creds, body: order({ time_in_force: 'GTT' }) });
    expect(res.json.message).toMatch(/^time_in_force: must be one of/);
    const missing = await rejected('POST', '/portfolio/events/orders/batched', { creds, body: {} });
    expect(missing.json.message).toBe('orders: is required');
    const notObject = await rejected('POST', '/portfolio/events/orders', { creds, body: [1, 2] });
    expect(notObject.json.message).toBe('body: must be object');
  });

  it('requires a body where the operation needs one', async () => {
    const res = await rejected('POST', '/portfolio/events/orders', { creds });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^body: a JSON body is required/);
  });

  it('answers 415 for a non-JSON content type', async () => {
    const res = await rejected('POST', '/portfolio/events/orders', { creds, raw: 'ticker=X', contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.json.code).toBe('unsupported_media_type');
  });

  it('answers 400 for malformed JSON and invalid UTF-8', async () => {
    const bad = await rejected('POST', '/portfolio/events/orders', { creds, raw: '{"ticker": ' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'invalid_json', message: 'body: is not valid JSON' });
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const utf8 = await rejected('POST', '/portfolio/events/orders', { creds, raw: bytes });
    expect(utf8.status).toBe(400);
    expect(utf8.json.message).toBe('body: is not valid UTF-8');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await rejected('POST', '/portfolio/events/orders', { creds, raw: `{"x":"${'a'.repeat(1024 * 1024)}"}` });
    expect(res.status).toBe(413);
    expect(res.json.code).toBe('payload_too_large');
    // The connection stays usable for the next request.
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
  });
});
