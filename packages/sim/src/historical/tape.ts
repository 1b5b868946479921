import type { CandleRow } from '../db/candles.js';
import { CANDLE_PERIODS } from '../market-data/record.js';
import { intBetween, type Random } from '../seed/prng.js';

/*
 * The invented trading history of a market that settled long ago: a tape of trades drifting from
 * the market's fair value to its outcome, and the candles those trades make. Candles are derived
 * from the tape here, with the same conventions as market-data/record.ts, so the historical
 * candlestick endpoint reads them with the live reader and they agree with the tape.
 */

const PRICE_SCALE = 10_000;
/** The seeded quote is a cent either side of the last print. */
const HALF_SPREAD = 100;
const TICK = 100;

export interface PastTrade {
  ticker: string;
  /** YES price, units of $0.0001. */
  price: number;
  /** Centi-contracts. */
  count: number;
  takerSide: 'yes' | 'no';
  ts: number;
  /** Open interest after this trade, centi-contracts. */
  openInterest: number;
}

const onTick = (units: number) => Math.min(PRICE_SCALE - TICK, Math.max(TICK, Math.round(units / TICK) * TICK));

/**
 * Trades between `openMs` and `closeMs`, in time order. The price starts near `fair` and converges
 * on the outcome as the close nears; the last print is made once the outcome is all but known.
 */
export function pastTape(rand: Random, ticker: string, openMs: number, closeMs: number, fair: number, won: boolean): PastTrade[] {
  const n = intBetween(rand, 14, 32);
  const span = closeMs - openMs;
  const times = Array.from({ length: n - 1 }, () => openMs + Math.floor(rand() * (span - 3_600_000)));
  times.sort((a, b) => a - b);
  times.push(closeMs - intBetween(rand, 60_000, 1_800_000));
  const target = won ? PRICE_SCALE - TICK : TICK;
  let openInterest = 0;
  return times.map((ts, i) => {
    const progress = (ts - openMs) / span;
    const drift = fair * PRICE_SCALE + (target - fair * PRICE_SCALE) * progress ** 4;
    const price = i === n - 1 ? target : onTick(drift + (rand() - 0.5) * 600);
    const count = intBetween(rand, 1, 250) * 100;
    // Most early trades open new positions; some close them, never below zero.
    if (rand() < 0.65 || openInterest < count) openInterest += count;
    else openInterest -= count;
    return { ticker, price, count, takerSide: rand() < 0.5 ? 'yes' : 'no', ts, openInterest };
  });
}

/** One candle per period with trades, for every period Kalshi serves. */
export function pastCandles(trades: readonly PastTrade[]): CandleRow[] {
  const out: CandleRow[] = [];
  for (const period of CANDLE_PERIODS) {
    const span = period * 60;
    let previous: CandleRow | undefined;
    let i = 0;
    while (i < trades.length) {
      const start = Math.floor(trades[i]!.ts / 1000 / span) * span;
      const group: PastTrade[] = [];
      while (i < trades.length && Math.floor(trades[i]!.ts / 1000 / span) * span === start) group.push(trades[i++]!);
      previous = candleOf(trades[0]!.ticker, period, start, group, previous);
      out.push(previous);
    }
  }
  return out;
}

// The quote at the period's open is where the previous period closed (the first trade's, at first).
function candleOf(ticker: string, period: number, start: number, group: readonly PastTrade[], previous: CandleRow | undefined): CandleRow {
  const bids = group.map((t) => Math.max(0, t.price - HALF_SPREAD));
  const asks = group.map((t) => Math.min(PRICE_SCALE, t.price + HALF_SPREAD));
  const bidOpen = previous?.bidClose ?? bids[0]!;
  const askOpen = previous?.askClose ?? asks[0]!;
  const prices = group.map((t) => t.price);
  return {
    ticker,
    period,
    start,
    bidOpen,
    bidHigh: Math.max(bidOpen, ...bids),
    bidLow: Math.min(bidOpen, ...bids),
    bidClose: bids[bids.length - 1]!,
    askOpen,
    askHigh: Math.max(askOpen, ...asks),
    askLow: Math.min(askOpen, ...asks),
    askClose: asks[asks.length - 1]!,
    priceOpen: prices[0]!,
    priceHigh: Math.max(...prices),
    priceLow: Math.min(...prices),
    priceClose: prices[prices.length - 1]!,
    notional: group.reduce((sum, t) => sum + t.price * t.count, 0),
    volume: group.reduce((sum, t) => sum + t.count, 0),
    openInterest: group[group.length - 1]!.openInterest,
  };
}
