import type { Database } from 'better-sqlite3';

/**
 * One stored candle: what happened in a market during one period. Prices in units of $0.0001 on
 * the YES leg, counts in units of 0.01 contracts, `notional` = sum of price x count (micro-dollars)
 * for the mean trade price. Trade prices are null while the period has no trade.
 */
export interface CandleRow {
  ticker: string;
  /** Minutes: 1, 60 or 1440. */
  period: number;
  /** Unix seconds, a multiple of the period. */
  start: number;
  bidOpen: number;
  bidHigh: number;
  bidLow: number;
  bidClose: number;
  askOpen: number;
  askHigh: number;
  askLow: number;
  askClose: number;
  priceOpen: number | null;
  priceHigh: number | null;
  priceLow: number | null;
  priceClose: number | null;
  notional: number;
  volume: number;
  /** At the end of the period (or now, for the period in progress). */
  openInterest: number;
}

interface RawCandle {
  ticker: string;
  period: number;
  start_ts: number;
  bid_open: number;
  bid_high: number;
  bid_low: number;
  bid_close: number;
  ask_open: number;
  ask_high: number;
  ask_low: number;
  ask_close: number;
  price_open: number | null;
  price_high: number | null;
  price_low: number | null;
  price_close: number | null;
  notional: number;
  volume: number;
  open_interest: number;
}

const fromRaw = (r: RawCandle): CandleRow => ({
  ticker: r.ticker,
  period: r.period,
  start: r.start_ts,
  bidOpen: r.bid_open,
  bidHigh: r.bid_high,
  bidLow: r.bid_low,
  bidClose: r.bid_close,
  askOpen: r.ask_open,
  askHigh: r.ask_high,
  askLow: r.ask_low,
  askClose: r.ask_close,
  priceOpen: r.price_open,
  priceHigh: r.price_high,
  priceLow: r.price_low,
  priceClose: r.price_close,
  notional: r.notional,
  volume: r.volume,
  openInterest: r.open_interest,
});

export function candlesTable(db: Database) {
  const put = db.prepare(`
    INSERT OR REPLACE INTO candles (ticker, period, start_ts, bid_open, bid_high, bid_low, bid_close,
      ask_open, ask_high, ask_low, ask_close, price_open, price_high, price_low, price_close, notional, volume, open_interest)
    VALUES (@ticker, @period, @start, @bidOpen, @bidHigh, @bidLow, @bidClose, @askOpen, @askHigh, @askLow, @askClose,
      @priceOpen, @priceHigh, @priceLow, @priceClose, @notional, @volume, @openInterest)`);
  const one = db.prepare<[string, number, number], RawCandle>(
    'SELECT * FROM candles WHERE ticker = ? AND period = ? AND start_ts = ?',
  );
  const range = db.prepare<[string, number, number, number], RawCandle>(
    'SELECT * FROM candles WHERE ticker = ? AND period = ? AND start_ts >= ? AND start_ts <= ? ORDER BY start_ts',
  );
  const atOrBefore = db.prepare<[string, number, number], RawCandle>(
    'SELECT * FROM candles WHERE ticker = ? AND period = ? AND start_ts <= ? ORDER BY start_ts DESC LIMIT 1',
  );
  const firstAtOrAfter = db.prepare<[string, number, number], { start_ts: number }>(
    'SELECT start_ts FROM candles WHERE ticker = ? AND period = ? AND start_ts >= ? ORDER BY start_ts LIMIT 1',
  );
  // Whole hours from the hourly candles, the partial hour before them from the minute candles:
  // at most ~85 rows however busy the market, where summing the tape grows with every trade.
  const volumeSince = db.prepare<{ ticker: string; minute: number; hour: number }, { volume: number }>(`
    SELECT (SELECT COALESCE(SUM(volume), 0) FROM candles WHERE ticker = @ticker AND period = 60 AND start_ts >= @hour)
         + (SELECT COALESCE(SUM(volume), 0) FROM candles WHERE ticker = @ticker AND period = 1 AND start_ts >= @minute AND start_ts < @hour)
      AS volume`);
  const tradedAtOrBefore = db.prepare<[string, number, number], RawCandle>(
    `SELECT * FROM candles WHERE ticker = ? AND period = ? AND start_ts <= ? AND price_close IS NOT NULL
     ORDER BY start_ts DESC LIMIT 1`,
  );

  return {
    get(ticker: string, period: number, start: number): CandleRow | undefined {
      const row = one.get(ticker, period, start);
      return row && fromRaw(row);
    },
    put(row: CandleRow): void {
      put.run(row);
    },
    /** Stored candles starting in [from, to], ascending. */
    range(ticker: string, period: number, from: number, to: number): CandleRow[] {
      return range.all(ticker, period, from, to).map(fromRaw);
    },
    /** The latest stored candle starting at or before `start`. */
    atOrBefore(ticker: string, period: number, start: number): CandleRow | undefined {
      const row = atOrBefore.get(ticker, period, start);
      return row && fromRaw(row);
    },
    /** Start of the earliest stored candle starting at or after `start`. */
    firstStartAtOrAfter(ticker: string, period: number, start: number): number | undefined {
      return firstAtOrAfter.get(ticker, period, start)?.start_ts;
    },
    /** Contracts traded from the minute starting at or after `since` (Unix seconds) on. */
    volumeSince(ticker: string, since: number): number {
      const minute = Math.ceil(since / 60) * 60;
      const hour = Math.ceil(minute / 3600) * 3600;
      return volumeSince.get({ ticker, minute, hour })?.volume ?? 0;
    },
    /** The latest stored candle with a trade, starting at or before `start`. */
    tradedAtOrBefore(ticker: string, period: number, start: number): CandleRow | undefined {
      const row = tradedAtOrBefore.get(ticker, period, start);
      return row && fromRaw(row);
    },
  };
}
export type CandlesTable = ReturnType<typeof candlesTable>;

/** Engine totals already folded into a market's catalog row (see market-data/record.ts). */
export interface MarketActivityRow {
  engineVolume: number;
  engineOpenInterest: number;
  /** The seeded 24h volume, counted in volume_24h_fp for the first day after seeding. */
  seedVolume24h: number;
}

export function marketActivityTable(db: Database) {
  const get = db.prepare<[string], { engine_volume: number; engine_open_interest: number; seed_volume_24h: number }>(
    'SELECT engine_volume, engine_open_interest, seed_volume_24h FROM market_activity WHERE ticker = ?',
  );
  const put = db.prepare(`
    INSERT INTO market_activity (ticker, engine_volume, engine_open_interest, seed_volume_24h) VALUES (?, ?, ?, ?)
    ON CONFLICT (ticker) DO UPDATE SET engine_volume = excluded.engine_volume,
      engine_open_interest = excluded.engine_open_interest, seed_volume_24h = excluded.seed_volume_24h`);
  return {
    get(ticker: string): MarketActivityRow | undefined {
      const row = get.get(ticker);
      return row && { engineVolume: row.engine_volume, engineOpenInterest: row.engine_open_interest, seedVolume24h: row.seed_volume_24h };
    },
    put(ticker: string, row: MarketActivityRow): void {
      put.run(ticker, row.engineVolume, row.engineOpenInterest, row.seedVolume24h);
    },
  };
}
export type MarketActivityTable = ReturnType<typeof marketActivityTable>;
