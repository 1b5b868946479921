import { activeWindow, candleWindow, MAX_CANDLES, readCandles, truncateWindow, type CandleWindow } from '../market-data/candles.js';
import { CANDLE_PERIODS } from '../market-data/record.js';
import { invalidParameters, notFound } from '../server/errors.js';
import type { Handlers } from '../server/handler.js';
import type { ExchangeState } from '../server/state.js';
import { splitList } from './pagination.js';

/*
 * Candles come from the exchange's own activity, recorded as it happens (market-data/record.ts).
 * Every period of the window is present from the market's first recorded activity on; quiet
 * periods carry the last bid/ask flat with null trade prices. That already gives the continuity
 * include_latest_before_start asks for, so the flag is accepted and needs no extra candle.
 */

function checkPeriod(period: number): void {
  if (!(CANDLE_PERIODS as readonly number[]).includes(period)) {
    throw invalidParameters(`period_interval: must be one of ${CANDLE_PERIODS.join(', ')} (minutes), got ${period}`);
  }
}

function windowOf(exchange: ExchangeState, q: { start_ts: number; end_ts: number; period_interval: number }): CandleWindow {
  checkPeriod(q.period_interval);
  if (q.start_ts > q.end_ts) throw invalidParameters(`start_ts: must not be after end_ts (${q.start_ts} > ${q.end_ts})`);
  return candleWindow(q.period_interval, q.start_ts, q.end_ts, exchange.clock.now());
}

function tooMany(total: number): never {
  throw invalidParameters(
    `end_ts: the window holds ${total} candlesticks, more than the ${MAX_CANDLES} allowed`,
    'Narrow start_ts..end_ts or use a longer period_interval.',
  );
}

function seriesOfMarket(exchange: ExchangeState, ticker: string): string | undefined {
  const market = exchange.db.markets.get(ticker);
  return market && exchange.db.events.get(market.event_ticker)?.series_ticker;
}

export const candlestickHandlers: Handlers = {
  GetMarketCandlesticks: ({ exchange, params, query }) => {
    const series = seriesOfMarket(exchange, params.ticker);
    if (series === undefined) throw notFound(`market not found: ${params.ticker}`);
    if (series !== params.series_ticker) throw notFound(`market ${params.ticker} is not in series ${params.series_ticker}`);
    const w = activeWindow(exchange.db, params.ticker, query.period_interval, windowOf(exchange, query));
    if (w.count > MAX_CANDLES) tooMany(w.count);
    return { body: { ticker: params.ticker, candlesticks: readCandles(exchange.db, params.ticker, query.period_interval, w) } };
  },

  BatchGetMarketCandlesticks: ({ exchange, query }) => {
    const tickers = [...new Set(splitList(query.market_tickers))];
    if (tickers.length === 0) throw invalidParameters('market_tickers: is required');
    if (tickers.length > 100) throw invalidParameters(`market_tickers: at most 100 markets per request, got ${tickers.length}`);
    const missing = tickers.filter((t) => !exchange.db.markets.get(t));
    if (missing.length) throw invalidParameters(`market_tickers: no such market: ${missing.join(', ')}`);
    const requested = windowOf(exchange, query);
    const windows = tickers.map((ticker) => activeWindow(exchange.db, ticker, query.period_interval, requested));
    const total = windows.reduce((sum, w) => sum + w.count, 0);
    if (total > MAX_CANDLES) tooMany(total);
    const markets = tickers.map((ticker, i) => ({
      market_ticker: ticker,
      candlesticks: readCandles(exchange.db, ticker, query.period_interval, windows[i]!),
    }));
    return { body: { markets } };
  },

  // One list per market of the event, in ticker order; a window too large for every market is cut
  // at the end and the cut reported in adjusted_end_ts.
  GetMarketCandlesticksByEvent: ({ exchange, params, query }) => {
    const event = exchange.db.events.get(params.ticker);
    if (!event) throw notFound(`event not found: ${params.ticker}`);
    if (event.series_ticker !== params.series_ticker) throw notFound(`event ${params.ticker} is not in series ${params.series_ticker}`);
    const tickers = exchange.db.markets.byEvent(event.event_ticker).map((m) => m.ticker);
    const requested = windowOf(exchange, query);
    // Cut on the span from the earliest active market, so every market keeps the same end.
    const actives = tickers.map((ticker) => activeWindow(exchange.db, ticker, query.period_interval, requested));
    const starts = actives.filter((w) => w.count > 0).map((w) => w.first);
    const union: CandleWindow = starts.length ? { ...requested, first: Math.min(...starts), count: 0 } : { ...requested, count: 0 };
    if (starts.length) union.count = (union.last - union.first) / union.span + 1;
    const cut = truncateWindow(union, Math.max(1, Math.floor(MAX_CANDLES / Math.max(1, tickers.length))));
    const trimmed = cut !== union;
    return {
      body: {
        market_tickers: tickers,
        market_candlesticks: tickers.map((ticker, i) => {
          const w = actives[i]!;
          const last = Math.min(w.last, cut.last);
          const bounded = w.count === 0 || last < w.first ? { ...w, count: 0 } : { ...w, last, count: (last - w.first) / w.span + 1 };
          return readCandles(exchange.db, ticker, query.period_interval, bounded);
        }),
        adjusted_end_ts: trimmed ? cut.last + cut.span : query.end_ts,
      },
    };
  },
};
