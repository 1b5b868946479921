import type { rest } from 'kalshi-ts/generated';
import type { MarketFilter } from '../../db/markets.js';
import { currentCutoffs } from '../../historical/cutoff.js';
import { isHistoricalMarket, settledMs, tradeBounds } from '../../historical/split.js';
import { activeWindow, candleWindow, MAX_CANDLES, readCandles, type CandleWindow } from '../../market-data/candles.js';
import { CANDLE_PERIODS } from '../../market-data/record.js';
import { invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { isoMs } from '../../wire/index.js';
import { tradeToWire } from '../market-data.js';
import { paginate, splitList } from '../pagination.js';

/*
 * Public historical data: markets settled before the cutoff, their candles, and the tape before
 * the cutoff. The rows are the same ones the live endpoints read; historical/split.ts decides
 * which side of the cutoff each one is on.
 */

/** The market, if it exists and is historical; otherwise 404 (pointing at the live endpoint). */
function historicalMarket(exchange: ExchangeState, ticker: string): rest.Market {
  const market = exchange.db.markets.get(ticker);
  if (!market) throw notFound(`market not found: ${ticker}`);
  if (!isHistoricalMarket(market, currentCutoffs(exchange))) {
    throw notFound(`market not found in historical data: ${ticker}`, `It has not settled before the historical cutoff: GET /markets/${ticker}`);
  }
  return market;
}

// Only one of these narrows a historical market list at a time.
const EXCLUSIVE = ['tickers', 'event_ticker', 'series_ticker'] as const;

/** The live candle (…_dollars / …_fp names) in the historical schema's names. */
function toHistorical(c: rest.MarketCandlestick): rest.MarketCandlestickHistorical {
  const ohlc = (d: rest.BidAskDistribution) => ({ open: d.open_dollars, low: d.low_dollars, high: d.high_dollars, close: d.close_dollars });
  const p = c.price;
  return {
    end_period_ts: c.end_period_ts,
    yes_bid: ohlc(c.yes_bid),
    yes_ask: ohlc(c.yes_ask),
    // Null where the period had no trade, as on the live candle.
    price: {
      open: p.open_dollars ?? null,
      low: p.low_dollars ?? null,
      high: p.high_dollars ?? null,
      close: p.close_dollars ?? null,
      mean: p.mean_dollars ?? null,
      previous: p.previous_dollars ?? null,
    },
    volume: c.volume_fp,
    open_interest: c.open_interest_fp,
  };
}

/** The window cut at the period holding the settlement: a settled market has nothing after it. */
function untilSettlement(w: CandleWindow, settled: number): CandleWindow {
  const lastStart = Math.floor(Math.floor(settled / 1000) / w.span) * w.span;
  if (w.last <= lastStart) return w;
  const count = lastStart < w.first ? 0 : (lastStart - w.first) / w.span + 1;
  return { ...w, last: lastStart, count };
}

export const historicalMarketHandlers: Handlers = {
  GetHistoricalCutoff: ({ exchange }) => {
    const c = currentCutoffs(exchange);
    return {
      body: {
        market_settled_ts: isoMs(c.market_settled),
        trades_created_ts: isoMs(c.trades_created),
        orders_updated_ts: isoMs(c.orders_updated),
        market_positions_last_updated_ts: isoMs(c.market_positions_last_updated),
      },
    };
  },

  GetHistoricalMarkets: ({ exchange, query }) => {
    const given = EXCLUSIVE.filter((k) => query[k] !== undefined && query[k] !== '');
    if (given.length > 1) {
      throw invalidParameters(`${given[1]}: cannot be combined with ${given[0]}`, 'The historical market filters are mutually exclusive: send one.');
    }
    const filter: MarketFilter = {
      tickers: splitList(query.tickers || undefined),
      eventTicker: query.event_ticker || undefined,
      seriesTicker: query.series_ticker || undefined,
      // settled_ts is only set once a market paid out, so this also keeps unsettled ones out.
      maxSettledTs: currentCutoffs(exchange).market_settled - 1,
      mve: query.mve_filter === 'exclude' ? 'exclude' : undefined,
    };
    // limit=0 is allowed by the spec (minimum 0) and, like an omitted limit, means the default.
    const page = paginate(
      query.limit || 100,
      query.cursor,
      (after, limit) => exchange.db.markets.list(filter, { after, limit }),
      (m) => m.ticker,
    );
    return { body: { markets: page.rows, cursor: page.cursor } };
  },

  GetHistoricalMarket: ({ exchange, params }) => ({ body: { market: historicalMarket(exchange, params.ticker) } }),

  GetMarketCandlesticksHistorical: ({ exchange, params, query }) => {
    const market = historicalMarket(exchange, params.ticker);
    if (!(CANDLE_PERIODS as readonly number[]).includes(query.period_interval)) {
      throw invalidParameters(`period_interval: must be one of ${CANDLE_PERIODS.join(', ')} (minutes), got ${query.period_interval}`);
    }
    if (query.start_ts > query.end_ts) throw invalidParameters(`start_ts: must not be after end_ts (${query.start_ts} > ${query.end_ts})`);
    const requested = candleWindow(query.period_interval, query.start_ts, query.end_ts, exchange.clock.now());
    const w = activeWindow(exchange.db, market.ticker, query.period_interval, untilSettlement(requested, settledMs(market)!));
    if (w.count > MAX_CANDLES) {
      throw invalidParameters(
        `end_ts: the window holds ${w.count} candlesticks, more than the ${MAX_CANDLES} allowed`,
        'Narrow start_ts..end_ts or use a longer period_interval.',
      );
    }
    const candlesticks = readCandles(exchange.db, market.ticker, query.period_interval, w).map(toHistorical);
    return { body: { ticker: market.ticker, candlesticks } };
  },

  // min_ts / max_ts are Unix seconds, inclusive at second resolution, as on GET /markets/trades.
  GetTradesHistorical: ({ exchange, query }) => {
    const minTs = query.min_ts === undefined ? undefined : query.min_ts * 1000;
    const maxTs = query.max_ts === undefined ? undefined : query.max_ts * 1000 + 999;
    const filter = { ticker: query.ticker || undefined, block: query.is_block_trade, ...tradeBounds(true, currentCutoffs(exchange), minTs, maxTs) };
    const page = paginate(
      query.limit || 100,
      query.cursor,
      (after, limit) => exchange.db.trades.list(filter, { after, limit }),
      (t) => t.id,
    );
    return { body: { trades: page.rows.map(tradeToWire), cursor: page.cursor } };
  },
};
