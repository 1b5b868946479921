import { BadRequestError, NotFoundError } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllableClock } from '../../src/clock.js';
import { dollarsToUnits, unitsToDollars } from '../../src/fixed.js';
import { fund, place, seconds, stillClock } from '../market-data/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

const FED = 'KXFED-26MAR-H0';
const BTC = 'KXBTC-26JAN1517-B97500';
// The SDK signs with the machine's clock, so the exchange clock stands still at (about) now.
const T0 = Date.now();
const window = () => ({ start_ts: seconds(T0) - 3600, end_ts: seconds(T0) + 86_400 });

let s: Session;
let clock: ControllableClock;
let tradePrice: string;
beforeAll(async () => {
  clock = stillClock(T0);
  s = await session({ clock, liquidity: true });
  fund(s.exchange, s.userId);
});
afterAll(() => s.close());

describe('SDK against the local exchange: order books, trades and candlesticks from the engine', () => {
  it('orderbook and orderbooks show the liquidity provider’s quotes, depth-limited', async () => {
    const book = await s.kalshi.markets.orderbook(FED, { depth: 2 });
    expectSpecShape('GetMarketOrderbook', book);
    expect(book.orderbook_fp.yes_dollars).toHaveLength(2);
    expect(book.orderbook_fp.no_dollars).toHaveLength(2);
    const [yesBid] = book.orderbook_fp.yes_dollars.at(-1)!;
    const [noBid] = book.orderbook_fp.no_dollars.at(-1)!;
    expect(dollarsToUnits(yesBid!) + dollarsToUnits(noBid!)).toBeLessThan(10_000);

    const many = await s.kalshi.markets.orderbooks({ tickers: [FED, BTC] });
    expectSpecShape('GetMarketOrderbooks', many);
    expect(many.orderbooks.map((b) => b.ticker)).toEqual([FED, BTC]);
    // The deci-cent market is quoted at 0.001 ticks.
    const btcPrices = many.orderbooks[1]!.orderbook_fp.yes_dollars.map(([p]) => dollarsToUnits(p!));
    expect(btcPrices.some((p) => p % 100 !== 0)).toBe(true);
    await expect(s.kalshi.markets.orderbook('NOPE')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a trade lands on the tape with its prices, size and direction', async () => {
    const ask = s.exchange.state.trading.engine.orderbook(FED, 1).no[0]!;
    tradePrice = unitsToDollars(10_000 - ask[0]);
    place(s.exchange, s.userId, FED, 'bid', Number(tradePrice), 2, 'immediate_or_cancel');
    const page = await s.kalshi.markets.trades({ ticker: FED, limit: 10 });
    expectSpecShape('GetTrades', page);
    expect(page.trades[0]).toMatchObject({
      ticker: FED,
      count_fp: '2.00',
      yes_price_dollars: tradePrice,
      no_price_dollars: unitsToDollars(ask[0]),
      taker_outcome_side: 'yes',
      taker_book_side: 'bid',
      is_block_trade: false,
      created_time: new Date(T0).toISOString(),
    });
  });

  it('the market’s stats agree with its book after the trade', async () => {
    const { market } = await s.kalshi.markets.get(FED);
    const book = (await s.kalshi.markets.orderbook(FED)).orderbook_fp;
    const [yesBid, yesSize] = book.yes_dollars.at(-1)!;
    const [noBid, noSize] = book.no_dollars.at(-1)!;
    expect(market).toMatchObject({
      last_price_dollars: tradePrice,
      yes_bid_dollars: yesBid,
      yes_bid_size_fp: yesSize,
      yes_ask_dollars: unitsToDollars(10_000 - dollarsToUnits(noBid!)),
      yes_ask_size_fp: noSize,
      no_bid_dollars: noBid,
    });
  });

  it('the tape paginates with limit=1, visiting every trade once', async () => {
    for (let i = 0; i < 20; i++) {
      clock.advance(500);
      s.exchange.state.liquidity.step();
    }
    const all = (await s.kalshi.markets.trades({ limit: 1000 })).trades.map((t) => t.trade_id);
    expect(all.length).toBeGreaterThan(1);
    const walked: string[] = [];
    for await (const trade of s.kalshi.markets.trades({ limit: 1 })) walked.push(trade.trade_id);
    expect(walked).toEqual(all);
    const since = await s.kalshi.markets.trades({ min_ts: seconds(T0) + 1, limit: 1000 });
    expect(since.trades.every((t) => Date.parse(t.created_time) >= (seconds(T0) + 1) * 1000)).toBe(true);
    expect(since.trades.length).toBeLessThan(all.length);
  });

  it('candlesticks at 1, 60 and 1440 minutes carry the trade', async () => {
    const periods = [1, 60, 1440] as const;
    for (const period_interval of periods) {
      const res = await s.kalshi.markets.candlesticks('KXFED', FED, { ...window(), period_interval });
      expectSpecShape('GetMarketCandlesticks', res);
      const first = res.candlesticks[0]!;
      expect(first.price.open_dollars, `period ${period_interval}`).toBe(tradePrice);
      expect(Number(first.volume_fp)).toBeGreaterThanOrEqual(2);
    }
    const viaMarkets = await s.kalshi.markets.batchCandlesticks({ market_tickers: `${FED},${BTC}`, ...window(), period_interval: 60 });
    expectSpecShape('BatchGetMarketCandlesticks', viaMarkets);
    expect(viaMarkets.markets.map((m) => m.market_ticker)).toEqual([FED, BTC]);
    expect(viaMarkets.markets[1]!.candlesticks.length).toBeGreaterThan(0);
    const byEvent = await s.kalshi.events.candlesticks('KXFED', 'KXFED-26MAR', { ...window(), period_interval: 1440 });
    expectSpecShape('GetMarketCandlesticksByEvent', byEvent);
    expect(byEvent.market_tickers).toContain(FED);
    expect(byEvent.market_candlesticks[byEvent.market_tickers.indexOf(FED)]![0]!.price.open_dollars).toBe(tradePrice);
    await expect(s.kalshi.markets.batchCandlesticks({ market_tickers: FED, ...window(), period_interval: 5 })).rejects.toBeInstanceOf(BadRequestError);
  });
});
