import { BadRequestError, NotFoundError, type Kalshi } from 'kalshi-ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, seedCatalog } from '../../src/index.js';
import { admin } from '../helpers/exchange.js';
import { expectConsistent, freshMarket, fund, gtc, ioc, settle } from '../trading/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

const DAY = 86_400_000;
const SEEDED = [
  'KXFED-25OCT-C25',
  'KXFED-25OCT-C50',
  'KXFED-25OCT-H0',
  'KXFED-25OCT-H25',
  'KXHIGHNY-25NOV20-B46.5',
  'KXHIGHNY-25NOV20-B48.5',
  'KXHIGHNY-25NOV20-B50.5',
  'KXHIGHNY-25NOV20-B52.5',
  'KXHIGHNY-25NOV20-T46',
  'KXHIGHNY-25NOV20-T53',
];

let s: Session;
let bob: { kalshi: Kalshi; userId: string };
beforeAll(async () => {
  s = await session();
  bob = await s.other();
  await fund(s.exchange, s.userId, '100.00');
  await fund(s.exchange, bob.userId, '100.00');
});
afterAll(() => s.close());
// Every test starts from the default cutoff (30 days behind the exchange clock).
afterEach(() => admin(s.exchange, 'POST', '/_sim/historical', { reset: true }));

/** Pins every kind of cutoff just after everything done so far. */
const cutAfterNow = () => admin(s.exchange, 'POST', '/_sim/historical', { cutoff_ms: s.exchange.clock.now() + 1 });

/** Every page of a paginated call, with the limit given, checking each page's shape. */
async function walk<T>(id: Parameters<typeof expectSpecShape>[0], pages: AsyncIterable<{ cursor?: string }>, items: (page: never) => T[], limit: number): Promise<T[]> {
  const seen: T[] = [];
  for await (const page of pages) {
    expectSpecShape(id, page);
    const rows = items(page as never);
    expect(rows.length).toBeLessThanOrEqual(limit);
    seen.push(...rows);
  }
  return seen;
}

describe('historical cutoff', () => {
  it('defaults to 30 days behind the clock and follows the admin API per kind', async () => {
    const before = s.exchange.clock.now();
    const cutoff = await s.kalshi.historical.cutoff();
    expectSpecShape('GetHistoricalCutoff', cutoff);
    for (const field of ['market_settled_ts', 'trades_created_ts', 'orders_updated_ts', 'market_positions_last_updated_ts'] as const) {
      const at = Date.parse(cutoff[field]!);
      expect(at).toBeGreaterThanOrEqual(before - 30 * DAY);
      expect(at).toBeLessThanOrEqual(s.exchange.clock.now() - 30 * DAY);
    }

    await admin(s.exchange, 'POST', '/_sim/historical', { cutoff_ms: Date.UTC(2025, 11, 1), trades_created_ms: Date.UTC(2025, 11, 2) });
    const moved = await s.kalshi.historical.cutoff();
    expect(moved).toEqual({
      market_settled_ts: '2025-12-01T00:00:00.000Z',
      trades_created_ts: '2025-12-02T00:00:00.000Z',
      orders_updated_ts: '2025-12-01T00:00:00.000Z',
      market_positions_last_updated_ts: '2025-12-01T00:00:00.000Z',
    });

    // An age follows the clock; a refused body changes nothing.
    await admin(s.exchange, 'POST', '/_sim/historical', { age_ms: DAY });
    const aged = await s.kalshi.historical.cutoff();
    expect(Date.now() - DAY - Date.parse(aged.orders_updated_ts)).toBeLessThan(60_000);
    const refused = await fetch(`${s.exchange.url}/_sim/historical`, { method: 'POST', body: JSON.stringify({ age_ms: 1, cutoff_ms: 1 }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'invalid_parameters', message: expect.stringContaining('age_ms') });
    const config = await admin<{ cutoffs: Record<string, unknown> }>(s.exchange, 'GET', '/_sim/historical');
    expect(config.cutoffs.trades_created).toMatchObject({ fixed: false, age_ms: DAY });
  });
});

describe('seeded history', () => {
  it('is the same for the same seed and start, with prices varying by seed', () => {
    const start = Date.UTC(2026, 0, 15, 12);
    const history = (seed: number) => {
      const db = openDatabase();
      seedCatalog(db, seed, start);
      const rows = db.raw.prepare("SELECT * FROM trades WHERE id LIKE '00000000-%' ORDER BY id").all() as { ticker: string; price: number }[];
      db.close();
      return rows;
    };
    const one = history(7);
    expect(history(7)).toEqual(one);
    expect(new Set(one.map((t) => t.ticker))).toEqual(new Set(SEEDED));
    const other = history(8);
    expect(new Set(other.map((t) => t.ticker))).toEqual(new Set(SEEDED));
    expect(other.map((t) => t.price)).not.toEqual(one.map((t) => t.price));
  });

  it('lists markets settled before the cutoff only on /historical/markets, a page at a time', async () => {
    const all = await s.kalshi.historical.markets({ limit: 1000 });
    expectSpecShape('GetHistoricalMarkets', all);
    expect(all.markets.map((m) => m.ticker)).toEqual(SEEDED);
    expect(all.cursor).toBe('');
    const cutoff = Date.parse((await s.kalshi.historical.cutoff()).market_settled_ts);
    for (const m of all.markets) {
      expect(m.status).toBe('finalized');
      expect(Date.parse(m.settlement_ts!)).toBeLessThan(cutoff);
    }
    const paged = await walk('GetHistoricalMarkets', s.kalshi.historical.markets({ limit: 2 }).pages(), (p: { markets: { ticker: string }[] }) => p.markets.map((m) => m.ticker), 2);
    expect(paged).toEqual(SEEDED);

    // Absent from the live list however it is asked for.
    const live = (await s.kalshi.markets.list({ limit: 1000 })).markets.map((m) => m.ticker);
    expect(live.filter((t) => SEEDED.includes(t))).toEqual([]);
    expect((await s.kalshi.markets.list({ event_ticker: 'KXFED-25OCT' })).markets).toEqual([]);
    expect(live).toContain('KXFED-25DEC-H0');
  });

  it('filters historical markets one way at a time', async () => {
    const tickers = async (q: Parameters<Kalshi['historical']['markets']>[0]) => (await s.kalshi.historical.markets(q)).markets.map((m) => m.ticker);
    expect(await tickers({ event_ticker: 'KXFED-25OCT' })).toEqual(SEEDED.slice(0, 4));
    expect(await tickers({ series_ticker: 'KXHIGHNY' })).toEqual(SEEDED.slice(4));
    expect(await tickers({ tickers: 'KXFED-25OCT-H0,KXFED-26MAR-H0,NOPE' })).toEqual(['KXFED-25OCT-H0']);
    expect(await tickers({ mve_filter: 'exclude', limit: 0 })).toEqual(SEEDED);
    const both = s.kalshi.historical.markets({ event_ticker: 'KXFED-25OCT', series_ticker: 'KXFED' });
    await expect(both).rejects.toBeInstanceOf(BadRequestError);
    await expect(both).rejects.toMatchObject({ status: 400, message: expect.stringContaining('series_ticker') });
  });

  it('serves one historical market there and nowhere live', async () => {
    const { market } = await s.kalshi.historical.getMarket('KXFED-25OCT-C25');
    expectSpecShape('GetHistoricalMarket', { market });
    expect(market).toMatchObject({ ticker: 'KXFED-25OCT-C25', event_ticker: 'KXFED-25OCT', status: 'finalized', result: 'yes' });
    await expect(s.kalshi.markets.get('KXFED-25OCT-C25')).rejects.toBeInstanceOf(NotFoundError);
    // A live market, and one that does not exist, are not historical.
    await expect(s.kalshi.historical.getMarket('KXFED-26MAR-H0')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('KXFED-26MAR-H0') });
    await expect(s.kalshi.historical.getMarket('NOPE')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('has a historical tape that adds up to the market volume and is walked once with limit=2', async () => {
    const ticker = 'KXHIGHNY-25NOV20-B48.5';
    const page = await s.kalshi.historical.trades({ ticker, limit: 1000 });
    expectSpecShape('GetTradesHistorical', page);
    expect(page.trades.length).toBeGreaterThan(10);
    const { market } = await s.kalshi.historical.getMarket(ticker);
    const volume = page.trades.reduce((sum, t) => sum + Math.round(Number(t.count_fp) * 100), 0);
    expect((volume / 100).toFixed(2)).toBe(market.volume_fp);
    const times = page.trades.map((t) => Date.parse(t.created_time!));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(Math.max(...times)).toBeLessThan(Date.parse(market.close_time));

    const paged = await walk('GetTradesHistorical', s.kalshi.historical.trades({ ticker, limit: 2 }).pages(), (p: { trades: { trade_id: string }[] }) => p.trades.map((t) => t.trade_id), 2);
    expect(paged).toEqual(page.trades.map((t) => t.trade_id));
    // Time filters are inclusive seconds; block trades do not exist here.
    const mid = Math.floor(times[Math.floor(times.length / 2)]! / 1000);
    const older = await s.kalshi.historical.trades({ ticker, max_ts: mid, limit: 1000 });
    expect(older.trades.every((t) => Date.parse(t.created_time!) < (mid + 1) * 1000)).toBe(true);
    expect(older.trades.length).toBeGreaterThan(0);
    expect(older.trades.length).toBeLessThan(page.trades.length);
    expect((await s.kalshi.historical.trades({ is_block_trade: true })).trades).toEqual([]);
    expect((await s.kalshi.markets.trades({ ticker, limit: 1000 })).trades).toEqual([]);
  });

  it('has candles that agree with the tape and stop at the settlement', async () => {
    const ticker = 'KXHIGHNY-25NOV20-B48.5';
    const now = Math.floor(s.exchange.clock.now() / 1000);
    const res = await s.kalshi.historical.candlesticks(ticker, { start_ts: 0, end_ts: now, period_interval: 60 });
    expectSpecShape('GetMarketCandlesticksHistorical', res);
    expect(res.ticker).toBe(ticker);
    const { market } = await s.kalshi.historical.getMarket(ticker);
    const candles = res.candlesticks;
    expect(candles.length).toBeGreaterThan(5);
    expect(candles.length).toBeLessThan(40);
    const volume = candles.reduce((sum, c) => sum + Math.round(Number(c.volume) * 100), 0);
    expect((volume / 100).toFixed(2)).toBe(market.volume_fp);
    expect(candles.at(-1)!.end_period_ts * 1000).toBeLessThanOrEqual(Date.parse(market.settlement_ts!) + 3_600_000);
    expect(candles.at(-1)!.open_interest).toBe(market.open_interest_fp);
    const traded = candles.find((c) => c.volume !== '0.00')!;
    expect(traded.price.close).toMatch(/^0\.\d{4}$/);
    expect(candles.find((c) => c.volume === '0.00')?.price.close ?? null).toBeNull();

    await expect(s.kalshi.historical.candlesticks(ticker, { start_ts: now, end_ts: now - 1, period_interval: 60 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('start_ts'),
    });
    await expect(s.kalshi.historical.candlesticks('KXFED-26MAR-H0', { start_ts: 0, end_ts: now, period_interval: 1440 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('moving the cutoff', () => {
  it('moves finished orders, fills and trades from the live endpoints to the historical ones; resting orders stay', async () => {
    const ticker = await freshMarket(s.exchange);
    const maker = await s.kalshi.orders.create(gtc(ticker, 'bid', '10', '0.40'));
    const taker = await bob.kalshi.orders.create(ioc(ticker, 'ask', '4', '0.40'));
    const gone = await s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.10'));
    await s.kalshi.orders.cancel(gone.order_id);

    const liveFills = (await s.kalshi.portfolio.fills({ ticker })).fills;
    expect(liveFills).toHaveLength(1);
    const tradeIds = (await s.kalshi.markets.trades({ ticker })).trades.map((t) => t.trade_id);
    expect(tradeIds).toHaveLength(1);
    expect((await s.kalshi.historical.fills({ ticker })).fills).toEqual([]);
    expect((await s.kalshi.historical.orders({ ticker })).orders).toEqual([]);
    expect((await s.kalshi.historical.trades({ ticker })).trades).toEqual([]);

    await cutAfterNow();
    // Each one now in exactly one place.
    const fills = await s.kalshi.historical.fills({ ticker });
    expectSpecShape('GetFillsHistorical', fills);
    expect(fills.fills).toEqual(liveFills);
    expect((await s.kalshi.portfolio.fills({ ticker })).fills).toEqual([]);
    expect((await bob.kalshi.historical.fills({ ticker })).fills.map((f) => f.order_id)).toEqual([taker.order_id]);

    expect((await s.kalshi.historical.trades({ ticker })).trades.map((t) => t.trade_id)).toEqual(tradeIds);
    expect((await s.kalshi.markets.trades({ ticker })).trades).toEqual([]);

    const archived = await s.kalshi.historical.orders({ ticker });
    expectSpecShape('GetHistoricalOrders', archived);
    expect(archived.orders.map((o) => [o.order_id, o.status])).toEqual([[gone.order_id, 'canceled']]);
    expect((await bob.kalshi.historical.orders({ ticker })).orders.map((o) => o.order_id)).toEqual([taker.order_id]);
    const live = (await s.kalshi.orders.list({ ticker })).orders;
    expect(live.map((o) => [o.order_id, o.status, o.fill_count_fp])).toEqual([[maker.order_id, 'resting', '4.00']]);
    expect((await s.kalshi.orders.get(maker.order_id)).order.status).toBe('resting');
    await expect(s.kalshi.orders.get(gone.order_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.kalshi.orders.get(taker.order_id)).rejects.toMatchObject({ status: 404, code: 'order_not_found' });

    // Even a cutoff days ahead never archives a resting order.
    await admin(s.exchange, 'POST', '/_sim/historical', { orders_updated_ms: s.exchange.clock.now() + 10 * DAY });
    expect((await s.kalshi.orders.list({ ticker, status: 'resting' })).orders.map((o) => o.order_id)).toEqual([maker.order_id]);
    expect((await s.kalshi.historical.orders({ ticker })).orders.map((o) => o.order_id)).toEqual([gone.order_id]);

    // Back to the default: everything is live again, nothing historical.
    await admin(s.exchange, 'POST', '/_sim/historical', { reset: true });
    expect((await s.kalshi.orders.list({ ticker })).orders).toHaveLength(2);
    expect((await s.kalshi.historical.fills({ ticker })).fills).toEqual([]);
    await s.kalshi.orders.cancel(maker.order_id);
    await expectConsistent(s.exchange);
  });

  it('walks historical fills and orders with limit=1, each once, filtered by time and subaccount', async () => {
    const ticker = await freshMarket(s.exchange);
    const ids: string[] = [];
    for (const price of ['0.30', '0.31', '0.32']) {
      const o = await s.kalshi.orders.create(gtc(ticker, 'bid', '1', price));
      await bob.kalshi.orders.create(ioc(ticker, 'ask', '1', price));
      ids.unshift(o.order_id);
    }
    await cutAfterNow();
    const orders = await walk('GetHistoricalOrders', s.kalshi.historical.orders({ ticker, limit: 1 }).pages(), (p: { orders: { order_id: string }[] }) => p.orders.map((o) => o.order_id), 1);
    expect(orders).toEqual(ids);
    const fills = await walk('GetFillsHistorical', s.kalshi.historical.fills({ ticker, limit: 1 }).pages(), (p: { fills: { order_id: string }[] }) => p.fills.map((f) => f.order_id), 1);
    expect(fills).toEqual(ids);
    const later = Math.floor(s.exchange.clock.now() / 1000) + 5;
    expect((await s.kalshi.historical.fills({ ticker, min_ts: later })).fills).toEqual([]);
    expect((await s.kalshi.historical.orders({ ticker, subaccount: 1 })).orders).toEqual([]);
    expect((await s.kalshi.historical.orders({ ticker, subaccount: 0 })).orders).toHaveLength(3);
    await expect(s.kalshi.historical.fills({ subaccount: 64 })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('subaccount') });
    await expectConsistent(s.exchange);
  });

  it('archives positions per settled event, with the market itself', async () => {
    // An event whose other markets have all settled: settling these two settles the whole event.
    const event = 'KXHIGHNY-26JAN13';
    const settled = [await freshMarket(s.exchange, { event }), await freshMarket(s.exchange, { event })].sort();
    const open = await freshMarket(s.exchange);
    for (const t of [...settled, open]) {
      await s.kalshi.orders.create(gtc(t, 'bid', '5', '0.60'));
      await bob.kalshi.orders.create(ioc(t, 'ask', '5', '0.60'));
    }
    await settle(s.exchange, settled[0]!, 'yes');
    // Half the event settled: nothing moves, whatever the cutoff.
    await cutAfterNow();
    expect((await s.kalshi.historical.positions({ event_ticker: event })).market_positions).toEqual([]);
    await admin(s.exchange, 'POST', '/_sim/historical', { reset: true });
    await settle(s.exchange, settled[1]!, 'no');
    const before = await s.kalshi.portfolio.positions({ limit: 1000 });
    expect(before.market_positions.map((p) => p.ticker)).toEqual(expect.arrayContaining([...settled, open]));
    expect((await s.kalshi.historical.positions()).market_positions).toEqual([]);

    await cutAfterNow();
    const hist = await s.kalshi.historical.positions({ event_ticker: event });
    expectSpecShape('GetHistoricalPositions', hist);
    expect(hist.market_positions).toEqual(before.market_positions.filter((p) => settled.includes(p.ticker)));
    expect(hist.market_positions.map((p) => [p.ticker, p.position_fp, p.realized_pnl_dollars])).toEqual([
      [settled[0], '0.00', '2.0000'],
      [settled[1], '0.00', '-3.0000'],
    ]);
    expect(hist.event_positions.map((e) => [e.event_ticker, e.realized_pnl_dollars])).toEqual([[event, '-1.0000']]);
    const after = (await s.kalshi.portfolio.positions({ limit: 1000 })).market_positions.map((p) => p.ticker);
    expect(after.filter((t) => settled.includes(t))).toEqual([]);
    // The unsettled event's position is live whatever the cutoff.
    expect(after).toContain(open);
    expect((await s.kalshi.historical.positions({ ticker: open })).market_positions).toEqual([]);
    // The markets settled before the cutoff too.
    expect((await s.kalshi.historical.getMarket(settled[0]!)).market.ticker).toBe(settled[0]);
    await expect(s.kalshi.markets.get(settled[0]!)).rejects.toBeInstanceOf(NotFoundError);

    const walked = await walk('GetHistoricalPositions', bob.kalshi.historical.positions({ limit: 1 }).pages(), (p: { market_positions: { ticker: string }[] }) => p.market_positions.map((m) => m.ticker), 1);
    expect(walked).toEqual(settled);
    await expectConsistent(s.exchange);
  });
});
