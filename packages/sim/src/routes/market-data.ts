import type { rest } from 'kalshi-ts/generated';
import type { TradeRow } from '../db/trades.js';
import { PRICE_SCALE } from '../engine/index.js';
import { unitsToCount, unitsToDollars } from '../fixed.js';
import { currentCutoffs } from '../historical/cutoff.js';
import { tradeBounds } from '../historical/split.js';
import { invalidParameters, notFound } from '../server/errors.js';
import type { Handlers } from '../server/handler.js';
import type { ExchangeState } from '../server/state.js';
import { paginate } from './pagination.js';

/** Bids only, ascending with the best last (as Kalshi lists them); depth 0 means every level. */
function orderbookOf(exchange: ExchangeState, ticker: string, depth: number): rest.OrderbookCountFp {
  const engine = exchange.trading.engine;
  // A catalog market the engine has not taken in yet (created moments ago) simply has no orders.
  if (!engine.getMarket(ticker)) return { yes_dollars: [], no_dollars: [] };
  const book = engine.orderbook(ticker, depth > 0 ? depth : undefined);
  const levels = (side: [number, number][]) => side.map(([price, count]) => [unitsToDollars(price), unitsToCount(count)]);
  return { yes_dollars: levels(book.yes), no_dollars: levels(book.no) };
}

export function tradeToWire(t: TradeRow): rest.Trade {
  return {
    trade_id: t.id,
    ticker: t.ticker,
    count_fp: unitsToCount(t.count),
    yes_price_dollars: unitsToDollars(t.price),
    no_price_dollars: unitsToDollars(PRICE_SCALE - t.price),
    taker_outcome_side: t.takerSide,
    taker_book_side: t.takerSide === 'yes' ? 'bid' : 'ask',
    taker_side: t.takerSide,
    // Milliseconds are kept: several trades often share a second, and clients sort by this.
    created_time: new Date(t.ts).toISOString(),
    is_block_trade: t.block,
  };
}

export const marketDataHandlers: Handlers = {
  GetMarketOrderbook: ({ exchange, params, query }) => {
    if (!exchange.db.markets.get(params.ticker)) throw notFound(`market not found: ${params.ticker}`);
    return { body: { orderbook_fp: orderbookOf(exchange, params.ticker, query.depth ?? 0) } };
  },

  GetMarketOrderbooks: ({ exchange, query }) => {
    const tickers = [...new Set(query.tickers)];
    if (tickers.length > 100) throw invalidParameters(`tickers: at most 100 markets per request, got ${tickers.length}`);
    const missing = tickers.filter((t) => !exchange.db.markets.get(t));
    if (missing.length) throw invalidParameters(`tickers: no such market: ${missing.join(', ')}`);
    return { body: { orderbooks: tickers.map((ticker) => ({ ticker, orderbook_fp: orderbookOf(exchange, ticker, 0) })) } };
  },

  /*
   * min_ts / max_ts are Unix seconds and both inclusive at second resolution: a trade at
   * 12.345 s matches min_ts=12 and max_ts=12.
   */
  GetTrades: ({ exchange, query }) => {
    const minTs = query.min_ts === undefined ? undefined : query.min_ts * 1000;
    const maxTs = query.max_ts === undefined ? undefined : query.max_ts * 1000 + 999;
    // Trades before the historical cutoff are served by GET /historical/trades only.
    const filter = { ticker: query.ticker, block: query.is_block_trade, ...tradeBounds(false, currentCutoffs(exchange), minTs, maxTs) };
    // limit=0 is allowed by the spec (minimum 0) and, like an omitted limit, means the default.
    const page = paginate(
      query.limit || 100,
      query.cursor,
      (after, limit) => exchange.db.trades.list(filter, { after, limit }),
      (t) => t.id,
    );
    return { body: { trades: page.rows.map(tradeToWire), cursor: page.cursor } };
  },
};
