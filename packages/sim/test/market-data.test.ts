import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, restSchemas } from 'kalshi-ts/generated';
import type { Exchange } from '../src/index.js';
import { createHandlers } from '../src/routes/index.js';
import { call, start } from './helpers/exchange.js';

// An Ajv of the test's own, set up as the SDK's users would, so the check does not lean on the server's.
const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(s) });
ajv.addSchema({ $id: 'rest', $defs: restSchemas });

function expectSchema(operationId: keyof typeof operations, body: unknown): void {
  const name = operations[operationId].response!;
  const validate = ajv.getSchema(`rest#/$defs/${name}`)!;
  const ok = validate(body);
  expect(ok, `${operationId}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

let ex: Exchange;
beforeAll(async () => {
  ex = await start({ rateLimits: false });
});
afterAll(() => ex.close());

// One representative request per implemented operation (a second table entry adds variants).
const REQUESTS: [keyof typeof operations, string][] = [
  ['GetExchangeStatus', '/exchange/status'],
  ['GetExchangeSchedule', '/exchange/schedule'],
  ['GetSeriesList', '/series'],
  ['GetSeriesList', '/series?include_volume=true&include_product_metadata=true'],
  ['GetSeries', '/series/KXFED?include_volume=true'],
  ['GetEvents', '/events'],
  ['GetEvents', '/events?with_nested_markets=true&with_milestones=true&limit=5'],
  ['GetEvent', '/events/KXFED-26MAR'],
  ['GetEvent', '/events/KXHIGHNY-26JAN13?with_nested_markets=true'],
  ['GetMarkets', '/markets'],
  ['GetMarkets', '/markets?status=settled'],
  ['GetMarket', '/markets/KXBTC-26JAN1517-B97500'],
  ['GetMarketOrderbook', '/markets/KXFED-26MAR-H0/orderbook?depth=2'],
  ['GetMarketOrderbooks', '/markets/orderbooks?tickers=KXFED-26MAR-H0,KXBTC-26JAN1517-B97500'],
  ['GetTrades', '/markets/trades?limit=5'],
  ['GetMarketCandlesticks', '/series/KXFED/markets/KXFED-26MAR-H0/candlesticks?start_ts=0&end_ts=4000000000&period_interval=1440'],
  ['BatchGetMarketCandlesticks', '/markets/candlesticks?market_tickers=KXFED-26MAR-H0&start_ts=0&end_ts=4000000000&period_interval=1440'],
  ['GetMarketCandlesticksByEvent', '/series/KXFED/events/KXFED-26MAR/candlesticks?start_ts=0&end_ts=4000000000&period_interval=1440'],
];

describe('market data over HTTP', () => {
  it('every request below reaches an implemented operation', () => {
    // Completeness across all 117 operations is test/sdk/coverage.test.ts's job; this file's
    // requests must at least hit real handlers, not the 501 fallback.
    const implemented = new Set(Object.keys(createHandlers()));
    expect(REQUESTS.map(([id]) => id).filter((id) => !implemented.has(id))).toEqual([]);
  });

  it.each(REQUESTS)('%s %s matches its response schema', async (id, path) => {
    const res = await call(ex, 'GET', path);
    expect(res.status).toBe(operations[id].successStatus);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectSchema(id, res.json);
  });

  it('GetMarkets applies each documented filter', async () => {
    const byEvent = await call(ex, 'GET', '/markets?event_ticker=KXFED-26MAR');
    expect(byEvent.json.markets.map((m: { ticker: string }) => m.ticker)).toEqual(['KXFED-26MAR-C25', 'KXFED-26MAR-C50', 'KXFED-26MAR-H0', 'KXFED-26MAR-H25']);

    const bySeries = await call(ex, 'GET', '/markets?series_ticker=KXHIGHNY&limit=1000');
    expect(bySeries.json.markets).toHaveLength(24);

    const byTickers = await call(ex, 'GET', '/markets?tickers=KXFED-26MAR-H0,KXINXY-26DEC31-T7000,NOPE');
    expect(byTickers.json.markets.map((m: { ticker: string }) => m.ticker)).toEqual(['KXFED-26MAR-H0', 'KXINXY-26DEC31-T7000']);

    const statuses = async (status: string) =>
      new Set((await call(ex, 'GET', `/markets?status=${status}&limit=1000`)).json.markets.map((m: { status: string }) => m.status));
    expect(await statuses('open')).toEqual(new Set(['active']));
    expect(await statuses('unopened')).toEqual(new Set(['initialized']));
    expect(await statuses('paused')).toEqual(new Set(['inactive']));
    expect(await statuses('closed')).toEqual(new Set(['closed', 'determined']));
    expect(await statuses('settled')).toEqual(new Set(['finalized']));

    const now = Math.floor(ex.clock.now() / 1000);
    const closingSoon = await call(ex, 'GET', `/markets?min_close_ts=${now}&max_close_ts=${now + 3 * 3600}&limit=1000`);
    const events = new Set(closingSoon.json.markets.map((m: { event_ticker: string }) => m.event_ticker));
    expect(events).toEqual(new Set(['KXBTC-26JAN1517', 'KXNBAGAME-26JAN15NYKMIA']));

    const settledRecently = await call(ex, 'GET', `/markets?min_settled_ts=${now - 3 * 86400}&limit=1000`);
    expect(settledRecently.json.markets.length).toBeGreaterThan(0);
    for (const m of settledRecently.json.markets) expect(m.status).toBe('finalized');

    const created = await call(ex, 'GET', `/markets?max_created_ts=${now - 300 * 86400}&limit=1000`);
    expect(created.json.markets.map((m: { event_ticker: string }) => m.event_ticker)).toEqual(['KXPRESPARTY-2028', 'KXPRESPARTY-2028', 'KXPRESPARTY-2028']);

    expect((await call(ex, 'GET', '/markets?mve_filter=only')).json.markets).toEqual([]);
    expect((await call(ex, 'GET', '/markets?mve_filter=exclude&limit=1000')).json.markets).toHaveLength(57);
  });

  it('GetMarkets refuses filter combinations Kalshi refuses', async () => {
    const now = Math.floor(ex.clock.now() / 1000);
    const mixed = await call(ex, 'GET', `/markets?min_close_ts=${now}&min_created_ts=${now}`);
    expect(mixed.status).toBe(400);
    expect(mixed.json.message).toMatch(/min_created_ts|min_close_ts/);
    expect((await call(ex, 'GET', `/markets?min_close_ts=${now}&status=open`)).status).toBe(400);
    expect((await call(ex, 'GET', `/markets?min_updated_ts=${now}&series_ticker=KXFED`)).status).toBe(400);
    expect((await call(ex, 'GET', `/markets?min_updated_ts=0&series_ticker=KXFED&mve_filter=exclude`)).status).toBe(200);
  });

  it('limit=2 walks the whole market list exactly once', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const res = await call(ex, 'GET', `/markets?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.json.markets.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.markets.map((m: { ticker: string }) => m.ticker));
      cursor = res.json.cursor;
      pages++;
    } while (cursor !== '' && pages < 100);
    const all = (await call(ex, 'GET', '/markets?limit=1000')).json.markets.map((m: { ticker: string }) => m.ticker);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(57);
    expect(pages).toBe(Math.ceil(57 / 2));
  });

  it('an exact last page has an empty cursor', async () => {
    const res = await call(ex, 'GET', '/markets?event_ticker=KXFED-26MAR&limit=4');
    expect(res.json.markets).toHaveLength(4);
    expect(res.json.cursor).toBe('');
    const first = await call(ex, 'GET', '/markets?event_ticker=KXFED-26MAR&limit=3');
    expect(first.json.cursor).not.toBe('');
    const second = await call(ex, 'GET', `/markets?event_ticker=KXFED-26MAR&limit=3&cursor=${first.json.cursor}`);
    expect(second.json.markets.map((m: { ticker: string }) => m.ticker)).toEqual(['KXFED-26MAR-H25']);
    expect(second.json.cursor).toBe('');
  });

  it('GetEvents paginates, filters and nests markets on request', async () => {
    const seen: string[] = [];
    let cursor = '';
    do {
      const res = await call(ex, 'GET', `/events?limit=2&cursor=${cursor}`);
      seen.push(...res.json.events.map((e: { event_ticker: string }) => e.event_ticker));
      cursor = res.json.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    // 15 seeded live events and 2 settled long ago (served with the historical data); combo
    // events are excluded from GetEvents, as Kalshi does.
    expect(seen).toHaveLength(17);

    const open = await call(ex, 'GET', '/events?status=open&series_ticker=KXHIGHNY');
    expect(open.json.events.map((e: { event_ticker: string }) => e.event_ticker)).toEqual(['KXHIGHNY-26JAN15']);
    expect(open.json.events[0].markets).toBeUndefined();
    const settled = await call(ex, 'GET', '/events?status=settled');
    expect(settled.json.events.map((e: { event_ticker: string }) => e.event_ticker)).toEqual(['KXFED-25DEC', 'KXFED-25OCT', 'KXHIGHNY-25NOV20', 'KXHIGHNY-26JAN13']);
    const unopened = await call(ex, 'GET', '/events?status=unopened');
    expect(unopened.json.events.map((e: { event_ticker: string }) => e.event_ticker)).toEqual(['KXGOVPARTYNY-26', 'KXHIGHNY-26JAN16']);
    const tickers = await call(ex, 'GET', '/events?tickers=KXFED-26MAR,KXINXY-26DEC31&with_nested_markets=true');
    expect(tickers.json.events.map((e: { markets: unknown[] }) => e.markets.length)).toEqual([4, 1]);

    const nested = await call(ex, 'GET', '/events/KXFED-26MAR?with_nested_markets=true');
    expect(nested.json.event.markets).toHaveLength(4);
    expect(nested.json.markets).toEqual([]);
    const flat = await call(ex, 'GET', '/events/KXFED-26MAR');
    expect(flat.json.event.markets).toBeUndefined();
    expect(flat.json.markets).toHaveLength(4);
  });

  it('GetSeriesList filters by category and tags; metadata and volume are opt-in', async () => {
    const econ = await call(ex, 'GET', '/series?category=Economics');
    expect(econ.json.series.map((s: { ticker: string }) => s.ticker)).toEqual(['KXCPIYOY', 'KXFED', 'KXRECSSNBER']);
    const tagged = await call(ex, 'GET', '/series?tags=BTC,Basketball');
    expect(tagged.json.series.map((s: { ticker: string }) => s.ticker)).toEqual(['KXBTC', 'KXNBAGAME']);
    expect(econ.json.series[0].volume_fp).toBeUndefined();
    const withVolume = await call(ex, 'GET', '/series?category=Crypto&include_volume=true');
    expect(withVolume.json.series[0].volume_fp).toMatch(/^\d+\.00$/);
  });

  it('unknown tickers answer a Kalshi-shaped 404', async () => {
    for (const path of ['/markets/NOPE', '/events/NOPE', '/series/NOPE']) {
      const res = await call(ex, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'not_found', message: expect.stringContaining('NOPE') });
    }
  });

  it('a bad limit is a 400 naming limit', async () => {
    for (const limit of ['abc', '1001', '-1', '2.5']) {
      const res = await call(ex, 'GET', `/markets?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.json.message, limit).toMatch(/^limit: /);
    }
    expect((await call(ex, 'GET', '/events?limit=0')).json.message).toMatch(/^limit: must be at least 1/);
    expect((await call(ex, 'GET', '/events?limit=201')).status).toBe(400);
    expect((await call(ex, 'GET', '/markets?limit=0')).json.markets).toHaveLength(57);
  });

  it('a forged cursor is a 400 naming cursor', async () => {
    const res = await call(ex, 'GET', '/markets?cursor=not-a-cursor!');
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^cursor: /);
  });

  it('answers 501 for an operation without a handler', async () => {
    // Every operation has a handler now, so take one away at run time to see the fallback.
    const saved = ex.handlers.GetStructuredTargets;
    delete ex.handlers.GetStructuredTargets;
    try {
      const res = await call(ex, 'GET', '/structured_targets');
      expect(res.status).toBe(501);
      expect(res.json).toMatchObject({ code: 'not_implemented' });
    } finally {
      ex.handlers.GetStructuredTargets = saved;
    }
  });
});
