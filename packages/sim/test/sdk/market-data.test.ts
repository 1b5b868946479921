import { NotFoundError, BadRequestError, Kalshi } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSpecShape, session, type Session } from './harness.js';

let s: Session;
beforeAll(async () => {
  s = await session();
});
afterAll(() => s.close());

describe('SDK against the local exchange: exchange, series, events, markets', () => {
  it('exchange status, schedule and user-data timestamp', async () => {
    const status = await s.kalshi.exchange.status();
    expectSpecShape('GetExchangeStatus', status);
    expect(status.trading_active).toBe(true);
    expectSpecShape('GetExchangeSchedule', await s.kalshi.exchange.schedule());
  });

  it('series list filters by category and get returns one', async () => {
    const all = await s.kalshi.series.list();
    expectSpecShape('GetSeriesList', all);
    const categories = new Set(all.series.map((x) => x.category));
    expect(categories.size).toBeGreaterThan(2);
    const [category] = categories;
    const filtered = await s.kalshi.series.list({ category: category! });
    expect(filtered.series.length).toBeGreaterThan(0);
    expect(filtered.series.every((x) => x.category === category)).toBe(true);
    const one = await s.kalshi.series.get(filtered.series[0]!.ticker);
    expectSpecShape('GetSeries', one);
    expect(one.series.ticker).toBe(filtered.series[0]!.ticker);
  });

  it('events page through every event exactly once and nest markets on request', async () => {
    const tickers: string[] = [];
    for await (const event of s.kalshi.events.list({ limit: 2 })) tickers.push(event.event_ticker);
    expect(new Set(tickers).size).toBe(tickers.length);
    const firstPage = await s.kalshi.events.list({ limit: 200 });
    expectSpecShape('GetEvents', firstPage);
    expect(tickers.sort()).toEqual(firstPage.events.map((e) => e.event_ticker).sort());
    const multi = await s.kalshi.events.get('KXFED-26MAR', { with_nested_markets: true });
    expectSpecShape('GetEvent', multi);
    expect(multi.event.mutually_exclusive).toBe(true);
    expect(multi.event.markets?.length).toBeGreaterThan(1);
  });

  it('markets filter by status, event and tickers, paginate, and 404 on unknown tickers', async () => {
    const open = await s.kalshi.markets.list({ status: 'open', limit: 1000 });
    expectSpecShape('GetMarkets', open);
    expect(open.markets.length).toBeGreaterThan(0);
    expect(open.markets.every((m) => m.status === 'active')).toBe(true);
    const paged: string[] = [];
    for await (const m of s.kalshi.markets.list({ event_ticker: 'KXBTC-26JAN1517', limit: 3 })) paged.push(m.ticker);
    expect(paged).toHaveLength(7);
    const fine = await s.kalshi.markets.get('KXBTC-26JAN1517-B97500');
    expectSpecShape('GetMarket', fine);
    expect(fine.market.price_ranges?.some((r) => r.step === '0.001' || r.step === '0.0010')).toBe(true);
    await expect(s.kalshi.markets.get('NO-SUCH-MARKET')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.markets.list({ limit: 5000 } as never)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('public data works without a key, unsigned', async () => {
    const anonymous = new Kalshi({ baseURL: s.exchange.restUrl, rateLimit: false });
    const { market } = await anonymous.markets.get('KXFED-26MAR-H0');
    expect(market.ticker).toBe('KXFED-26MAR-H0');
    await expect(anonymous.portfolio.balance()).rejects.toThrow(/needs an API key/);
    await anonymous.close();
  });
});
