import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { call } from '../helpers/exchange.js';
import { fund, place, seconds, stillExchange, T0 } from './helpers.js';

const FED = 'KXFED-26MAR-H0';
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** 12:00:00 of the test day, in Unix seconds. */
const NOON = seconds(T0) - 30;

let ex: Exchange & { clock: { advance(ms: number): void; set(ms: number): void } };

const market = async () => (await call(ex, 'GET', `/markets/${FED}`)).json.market;
const candles = async (period: number, start = seconds(T0) - HOUR, end = seconds(T0) + DAY, extra = '') => {
  const res = await call(ex, 'GET', `/series/KXFED/markets/${FED}/candlesticks?start_ts=${start}&end_ts=${end}&period_interval=${period}${extra}`);
  expect(res.status, res.text).toBe(200);
  return res.json.candlesticks;
};
const ohlc = (open: string, high: string, low: string, close: string) => ({ open_dollars: open, high_dollars: high, low_dollars: low, close_dollars: close });

beforeAll(async () => {
  ex = await stillExchange();
  for (const user of ['alice', 'bob', 'carol']) fund(ex, user);
  // 12:00:30 — a bid, an ask, and carol lifting 2 of the ask.
  place(ex, 'alice', FED, 'bid', 0.4, 10);
  place(ex, 'bob', FED, 'ask', 0.45, 5);
  place(ex, 'carol', FED, 'bid', 0.45, 2, 'immediate_or_cancel');
  // 12:02:30.
  ex.clock.advance(2 * MINUTE * 1000);
});
afterAll(() => ex.close());

describe('candlesticks built from the exchange’s own trades and quotes', () => {
  it('a trade moves the candle in progress', async () => {
    const quiet = (await candles(1)).at(-1);
    expect(quiet).toMatchObject({ end_period_ts: NOON + 3 * MINUTE, volume_fp: '0.00' });
    expect(quiet.price.close_dollars).toBeNull();

    place(ex, 'carol', FED, 'ask', 0.4, 1, 'immediate_or_cancel');
    place(ex, 'alice', FED, 'bid', 0.43, 1);
    const moved = (await candles(1)).at(-1);
    expect(moved).toEqual({
      end_period_ts: NOON + 3 * MINUTE,
      yes_bid: ohlc('0.4000', '0.4300', '0.4000', '0.4300'),
      yes_ask: ohlc('0.4500', '0.4500', '0.4500', '0.4500'),
      price: { ...ohlc('0.4000', '0.4000', '0.4000', '0.4000'), mean_dollars: '0.4000', previous_dollars: '0.4500' },
      volume_fp: '1.00',
      open_interest_fp: (await market()).open_interest_fp,
    });
  });

  it('1-minute candles: one per period from the first activity, quiet periods carried flat', async () => {
    const list = await candles(1);
    expect(list.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([NOON + MINUTE, NOON + 2 * MINUTE, NOON + 3 * MINUTE]);
    expect(list[0]).toEqual({
      end_period_ts: NOON + MINUTE,
      // The book was empty when the period began: bid $0, ask $1.
      yes_bid: ohlc('0.0000', '0.4000', '0.0000', '0.4000'),
      yes_ask: ohlc('1.0000', '1.0000', '0.4500', '0.4500'),
      price: { ...ohlc('0.4500', '0.4500', '0.4500', '0.4500'), mean_dollars: '0.4500', previous_dollars: null },
      volume_fp: '2.00',
      open_interest_fp: list[0].open_interest_fp,
    });
    expect(list[1]).toEqual({
      end_period_ts: NOON + 2 * MINUTE,
      yes_bid: ohlc('0.4000', '0.4000', '0.4000', '0.4000'),
      yes_ask: ohlc('0.4500', '0.4500', '0.4500', '0.4500'),
      price: { open_dollars: null, high_dollars: null, low_dollars: null, close_dollars: null, mean_dollars: null, previous_dollars: '0.4500' },
      volume_fp: '0.00',
      open_interest_fp: list[0].open_interest_fp,
    });
    // Two contracts opened in the first minute; carol's sale handed one to alice.
    expect(Number(list[2].open_interest_fp) - Number(list[0].open_interest_fp)).toBe(0);
  });

  it('60- and 1440-minute candles aggregate the same trades', async () => {
    const hourly = await candles(60);
    expect(hourly).toHaveLength(1);
    expect(hourly[0]).toMatchObject({
      end_period_ts: NOON + HOUR,
      yes_bid: ohlc('0.0000', '0.4300', '0.0000', '0.4300'),
      yes_ask: ohlc('1.0000', '1.0000', '0.4500', '0.4500'),
      price: { ...ohlc('0.4500', '0.4500', '0.4000', '0.4000'), mean_dollars: '0.4333', previous_dollars: null },
      volume_fp: '3.00',
    });
    const daily = await candles(1440, seconds(T0) - DAY, seconds(T0) + DAY);
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ end_period_ts: NOON - 12 * HOUR + DAY, volume_fp: '3.00', price: { open_dollars: '0.4500', close_dollars: '0.4000' } });
    expect(daily[0].open_interest_fp).toBe((await market()).open_interest_fp);
  });

  it('includes only candles ending inside [start_ts, end_ts]', async () => {
    // The day's candle ends at midnight: not yet, so a window ending now has none.
    expect(await candles(1440, seconds(T0) - DAY, seconds(T0))).toEqual([]);
    const middle = await candles(1, NOON + 2 * MINUTE, NOON + 2 * MINUTE);
    expect(middle.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([NOON + 2 * MINUTE]);
    // A window after the first activity starts with a carried candle that knows the last trade.
    expect((await candles(1, NOON + 2 * MINUTE, NOON + 2 * MINUTE)).at(0).price.previous_dollars).toBe('0.4500');
    expect(await candles(1, 0, NOON)).toEqual([]);
    // Continuity is already there, so include_latest_before_start changes nothing.
    expect(await candles(1, NOON + MINUTE, NOON + DAY, '&include_latest_before_start=true')).toEqual(await candles(1, NOON + MINUTE, NOON + DAY));
  });

  it('batch and by-event answers carry the same candles per market', async () => {
    const single = await candles(1);
    const q = `start_ts=${seconds(T0) - HOUR}&end_ts=${seconds(T0) + DAY}&period_interval=1`;
    const batch = await call(ex, 'GET', `/markets/candlesticks?market_tickers=${FED},KXFED-26MAR-C25&${q}`);
    expect(batch.status).toBe(200);
    expect(batch.json.markets).toEqual([
      { market_ticker: FED, candlesticks: single },
      { market_ticker: 'KXFED-26MAR-C25', candlesticks: [] },
    ]);
    const byEvent = await call(ex, 'GET', `/series/KXFED/events/KXFED-26MAR/candlesticks?${q}`);
    expect(byEvent.status).toBe(200);
    expect(byEvent.json.market_tickers).toEqual(['KXFED-26MAR-C25', 'KXFED-26MAR-C50', FED, 'KXFED-26MAR-H25']);
    expect(byEvent.json.market_candlesticks).toEqual([[], [], single, []]);
    expect(byEvent.json.adjusted_end_ts).toBe(seconds(T0) + DAY);
  });

  it('refuses bad windows, periods and mismatched series', async () => {
    const status = async (path: string) => (await call(ex, 'GET', path)).status;
    const q = `start_ts=${NOON}&end_ts=${NOON + HOUR}`;
    expect(await status(`/series/KXFED/markets/${FED}/candlesticks?${q}&period_interval=5`)).toBe(400);
    expect(await status(`/markets/candlesticks?market_tickers=${FED}&${q}&period_interval=5`)).toBe(400);
    expect(await status(`/markets/candlesticks?market_tickers=${FED},NOPE&${q}&period_interval=1`)).toBe(400);
    expect(await status(`/series/KXFED/markets/${FED}/candlesticks?start_ts=${NOON + HOUR}&end_ts=${NOON}&period_interval=1`)).toBe(400);
    expect(await status(`/series/KXCPIYOY/markets/${FED}/candlesticks?${q}&period_interval=1`)).toBe(404);
    expect(await status(`/series/KXFED/markets/NOPE/candlesticks?${q}&period_interval=1`)).toBe(404);
    expect(await status(`/series/KXFED/events/NOPE/candlesticks?${q}&period_interval=1`)).toBe(404);
    expect(await status(`/series/KXCPIYOY/events/KXFED-26MAR/candlesticks?${q}&period_interval=1`)).toBe(404);
  });

  it('caps a request at 10,000 candlesticks: 400 per market, a cut end for an event', async () => {
    ex.clock.advance(8 * DAY * 1000);
    const now = seconds(T0) + 8 * DAY + 2 * MINUTE;
    const res = await call(ex, 'GET', `/series/KXFED/markets/${FED}/candlesticks?start_ts=0&end_ts=${now}&period_interval=1`);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/more than the 10000 allowed/);
    // From the first activity on only: start_ts=0 costs nothing extra at coarser periods.
    expect(await candles(60, 0, now)).toHaveLength(8 * 24);
    const byEvent = await call(ex, 'GET', `/series/KXFED/events/KXFED-26MAR/candlesticks?start_ts=0&end_ts=${now}&period_interval=1`);
    expect(byEvent.status).toBe(200);
    // Four markets share 10,000 candlesticks: 2,500 periods from noon on the first day.
    expect(byEvent.json.adjusted_end_ts).toBe(NOON + 2500 * MINUTE);
    expect(byEvent.json.market_candlesticks[2]).toHaveLength(2500);
  });
});
