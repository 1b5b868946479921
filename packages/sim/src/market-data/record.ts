import type { rest } from 'kalshi-ts/generated';
import type { CandleRow } from '../db/candles.js';
import type { SimDatabase } from '../db/database.js';
import type { Engine, OpResult, Trade } from '../engine/index.js';
import { PRICE_SCALE } from '../engine/index.js';
import { countToUnits, dollarsToUnits, unitsToCount, unitsToDollars } from '../fixed.js';
import { topOfBook, type TopOfBook } from './quote.js';

/** Candle periods Kalshi serves, in minutes. */
export const CANDLE_PERIODS = [1, 60, 1440] as const;
const DAY_MS = 86_400_000;

/**
 * Derived market data, written inside every engine operation's transaction (registered with
 * `trading.onTransaction`), so the catalog row, the candles and the engine can never disagree:
 * a GET /markets/{ticker} after any operation shows the book that operation left.
 *
 * Candles are recorded as things happen rather than recomputed from the tape, because the tape
 * holds trades only and candles also carry the best bid and ask over time.
 */
export function recordMarketData(db: SimDatabase, result: OpResult, engine: Engine): void {
  const tickers = new Set<string>();
  for (const d of result.bookDeltas) tickers.add(d.ticker);
  for (const t of result.trades) tickers.add(t.ticker);
  for (const p of result.touchedPositions) tickers.add(p.ticker);
  for (const ticker of tickers) {
    recordMarket(db, engine, ticker, result.trades.filter((t) => t.ticker === ticker), result.ts);
  }
}

// A malformed stored value must not fail the trader's operation; the next write repairs it.
function parseOr(parse: (text: string) => number, text: string | null | undefined, fallback: number): number {
  if (text === undefined || text === null) return fallback;
  try {
    return parse(text);
  } catch {
    return fallback;
  }
}

function recordMarket(db: SimDatabase, engine: Engine, ticker: string, trades: Trade[], ts: number): void {
  const info = engine.getMarket(ticker);
  const market = db.markets.get(ticker);
  if (!info || !market) return;
  const top = topOfBook(engine, ticker);
  const before = {
    bid: parseOr(dollarsToUnits, market.yes_bid_dollars, 0),
    ask: parseOr(dollarsToUnits, market.yes_ask_dollars, PRICE_SCALE),
  };

  // The seeded catalog carries invented history (volume, open interest); engine activity is added
  // on top of it, as a delta from the engine totals already folded in.
  const seenBefore = db.marketActivity.get(ticker);
  const activity = seenBefore ?? {
    engineVolume: 0,
    engineOpenInterest: 0,
    seedVolume24h: parseOr(countToUnits, market.volume_24h_fp, 0),
  };
  const oldOpenInterest = parseOr(countToUnits, market.open_interest_fp, 0);
  const volume = parseOr(countToUnits, market.volume_fp, 0) + info.volume - activity.engineVolume;
  const openInterest = oldOpenInterest + info.openInterest - activity.engineOpenInterest;
  if (!seenBefore || info.volume !== activity.engineVolume || info.openInterest !== activity.engineOpenInterest) {
    db.marketActivity.put(ticker, { ...activity, engineVolume: info.volume, engineOpenInterest: info.openInterest });
  }

  if (trades.length > 0 || top.yesBid !== before.bid || top.yesAsk !== before.ask || openInterest !== oldOpenInterest) {
    updateCandles(db, ticker, ts, before, top, trades, openInterest);
  }

  const patch: Partial<rest.Market> = {
    yes_bid_dollars: unitsToDollars(top.yesBid),
    yes_bid_size_fp: unitsToCount(top.yesBidSize),
    yes_ask_dollars: unitsToDollars(top.yesAsk),
    yes_ask_size_fp: unitsToCount(top.yesAskSize),
    no_bid_dollars: unitsToDollars(top.noBid),
    no_ask_dollars: unitsToDollars(PRICE_SCALE - top.yesBid),
    volume_fp: unitsToCount(volume),
    open_interest_fp: unitsToCount(openInterest),
    volume_24h_fp: unitsToCount(volume24h(db, ticker, ts, activity.seedVolume24h)),
    ...(trades.length > 0 && { last_price_dollars: unitsToDollars(info.lastPrice) }),
    ...dayAgo(db, ticker, ts),
  };
  // updated_time is left alone: the spec defines it as the last non-trading metadata change.
  const changed = (Object.keys(patch) as (keyof rest.Market)[]).some((k) => patch[k] !== market[k]);
  if (changed) db.markets.update(ticker, patch);
}

function volume24h(db: SimDatabase, ticker: string, ts: number, seedVolume24h: number): number {
  const seededAt = Number(db.meta.get('seeded_at_ms') ?? 0);
  // The seeded 24h figure stands for trading just before the catalog was made; it ages out.
  const seeded = ts - seededAt < DAY_MS ? seedVolume24h : 0;
  return seeded + db.candles.volumeSince(ticker, Math.floor((ts - DAY_MS) / 1000));
}

/** previous_* fields ("a day ago") from the 1-minute candles; absent until a day of history exists. */
function dayAgo(db: SimDatabase, ticker: string, ts: number): Partial<rest.Market> {
  const at = Math.floor((ts - DAY_MS) / 1000);
  const quote = db.candles.atOrBefore(ticker, 1, at);
  if (!quote) return {};
  const traded = db.candles.tradedAtOrBefore(ticker, 1, at);
  return {
    previous_yes_bid_dollars: unitsToDollars(quote.bidClose),
    previous_yes_ask_dollars: unitsToDollars(quote.askClose),
    ...(traded?.priceClose != null && { previous_price_dollars: unitsToDollars(traded.priceClose) }),
  };
}

/**
 * Folds one operation into the candle of each period it falls in. Only the quote before and after
 * the operation is seen, so a sweep through several levels inside one order is one move.
 */
function updateCandles(
  db: SimDatabase,
  ticker: string,
  ts: number,
  before: { bid: number; ask: number },
  top: TopOfBook,
  trades: Trade[],
  openInterest: number,
): void {
  const seconds = Math.floor(ts / 1000);
  for (const period of CANDLE_PERIODS) {
    const span = period * 60;
    const start = seconds - (seconds % span);
    const c: CandleRow = db.candles.get(ticker, period, start) ?? {
      ticker,
      period,
      start,
      // The quote in force when the period began is the one this operation found.
      bidOpen: before.bid,
      bidHigh: before.bid,
      bidLow: before.bid,
      bidClose: before.bid,
      askOpen: before.ask,
      askHigh: before.ask,
      askLow: before.ask,
      askClose: before.ask,
      priceOpen: null,
      priceHigh: null,
      priceLow: null,
      priceClose: null,
      notional: 0,
      volume: 0,
      openInterest,
    };
    c.bidHigh = Math.max(c.bidHigh, top.yesBid);
    c.bidLow = Math.min(c.bidLow, top.yesBid);
    c.bidClose = top.yesBid;
    c.askHigh = Math.max(c.askHigh, top.yesAsk);
    c.askLow = Math.min(c.askLow, top.yesAsk);
    c.askClose = top.yesAsk;
    for (const t of trades) {
      c.priceOpen ??= t.price;
      c.priceHigh = Math.max(c.priceHigh ?? t.price, t.price);
      c.priceLow = Math.min(c.priceLow ?? t.price, t.price);
      c.priceClose = t.price;
      c.notional += t.price * t.count;
      c.volume += t.count;
    }
    c.openInterest = openInterest;
    db.candles.put(c);
  }
}
