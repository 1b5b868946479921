import type { rest } from 'kalshi-ts/generated';
import type { CandleRow } from '../db/candles.js';
import type { SimDatabase } from '../db/database.js';
import { unitsToCount, unitsToDollars } from '../fixed.js';

/** Most candles one request may produce (Kalshi documents the same cap for the batch endpoint). */
export const MAX_CANDLES = 10_000;

/** Candle starts (Unix seconds) a request covers: those ending in [startTs, endTs], none in the future. */
export interface CandleWindow {
  /** Period length in seconds. */
  span: number;
  first: number;
  last: number;
  /** Number of periods in the window (0 when empty). */
  count: number;
}

export function candleWindow(periodMinutes: number, startTs: number, endTs: number, nowMs: number): CandleWindow {
  const span = periodMinutes * 60;
  const first = Math.ceil(Math.max(0, startTs) / span) * span - span;
  const inProgress = Math.floor(Math.floor(nowMs / 1000) / span) * span;
  const last = Math.min(Math.floor(endTs / span) * span - span, inProgress);
  const count = last < first ? 0 : (last - first) / span + 1;
  return { span, first, last, count };
}

/**
 * The part of the window from the market's first recorded activity on: before it there is
 * nothing to show, so asking from start_ts=0 costs no more than asking from the first trade.
 */
export function activeWindow(db: SimDatabase, ticker: string, periodMinutes: number, w: CandleWindow): CandleWindow {
  if (w.count === 0 || db.candles.atOrBefore(ticker, periodMinutes, w.first - 1)) return w;
  const first = db.candles.firstStartAtOrAfter(ticker, periodMinutes, w.first);
  if (first === undefined || first > w.last) return { ...w, count: 0 };
  return { ...w, first, count: (w.last - first) / w.span + 1 };
}

/** The same window with at most `max` periods, cut at the end. */
export function truncateWindow(w: CandleWindow, max: number): CandleWindow {
  if (w.count <= max) return w;
  return { ...w, last: w.first + (max - 1) * w.span, count: max };
}

const dollars = (units: number | null) => (units === null ? null : unitsToDollars(units));

const distribution = (open: number, high: number, low: number, close: number): rest.BidAskDistribution => ({
  open_dollars: unitsToDollars(open),
  low_dollars: unitsToDollars(low),
  high_dollars: unitsToDollars(high),
  close_dollars: unitsToDollars(close),
});

/*
 * The spec marks these nullable (null = no trade), but the generated TS types drop `nullable` on
 * $ref properties; Kalshi sends null, so the simulator does too and the JSON schema accepts it.
 */
type NullablePrices = { [K in keyof rest.PriceDistribution]: string | null };

function toWire(c: CandleRow, span: number, previous: number | null): rest.MarketCandlestick {
  const traded = c.volume > 0 && c.priceClose !== null;
  const price: NullablePrices = {
    open_dollars: traded ? dollars(c.priceOpen) : null,
    high_dollars: traded ? dollars(c.priceHigh) : null,
    low_dollars: traded ? dollars(c.priceLow) : null,
    close_dollars: traded ? dollars(c.priceClose) : null,
    // Volume-weighted, rounded to the wire's $0.0001.
    mean_dollars: traded ? unitsToDollars(Math.round(c.notional / c.volume)) : null,
    previous_dollars: dollars(previous),
  };
  return {
    end_period_ts: c.start + span,
    yes_bid: distribution(c.bidOpen, c.bidHigh, c.bidLow, c.bidClose),
    yes_ask: distribution(c.askOpen, c.askHigh, c.askLow, c.askClose),
    price: price as rest.PriceDistribution,
    volume_fp: unitsToCount(c.volume),
    open_interest_fp: unitsToCount(c.openInterest),
  };
}

/**
 * One candle per period of the window (see activeWindow), from the market's first recorded
 * activity on. A period
 * with no recorded activity repeats the previous close as a flat bid/ask candle, with null trade
 * prices, zero volume and `previous_dollars` set to the last trade before it; before the first
 * activity there is nothing to show, so the list starts later.
 */
export function readCandles(db: SimDatabase, ticker: string, periodMinutes: number, w: CandleWindow): rest.MarketCandlestick[] {
  if (w.count === 0) return [];
  const stored = db.candles.range(ticker, periodMinutes, w.first, w.last);
  let carry = db.candles.atOrBefore(ticker, periodMinutes, w.first - 1);
  let lastTrade = db.candles.tradedAtOrBefore(ticker, periodMinutes, w.first - 1)?.priceClose ?? null;
  const begin = carry ? w.first : stored[0]?.start;
  if (begin === undefined) return [];
  const out: rest.MarketCandlestick[] = [];
  let next = 0;
  for (let start = begin; start <= w.last; start += w.span) {
    let row = stored[next];
    if (row?.start === start) {
      next += 1;
    } else {
      const c = carry!;
      row = {
        ...c,
        start,
        bidOpen: c.bidClose,
        bidHigh: c.bidClose,
        bidLow: c.bidClose,
        askOpen: c.askClose,
        askHigh: c.askClose,
        askLow: c.askClose,
        priceOpen: null,
        priceHigh: null,
        priceLow: null,
        priceClose: null,
        notional: 0,
        volume: 0,
      };
    }
    out.push(toWire(row, w.span, lastTrade));
    if (row.priceClose !== null) lastTrade = row.priceClose;
    carry = row;
  }
  return out;
}
