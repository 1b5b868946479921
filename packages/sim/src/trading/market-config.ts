import type { rest } from 'kalshi-ts/generated';
import type { MarketStatus as DbStatus } from '../db/status.js';
import type { FeeType, MarketConfig, MarketStatus } from '../engine/index.js';
import { dollarsToUnits } from '../fixed.js';

// Kalshi's lifecycle names mapped onto the engine's. Markets that have stopped trading but not
// paid out (determined, disputed) are closed to the engine; paid-out ones are settled.
const ENGINE_STATUS: Record<DbStatus, MarketStatus> = {
  initialized: 'unopened',
  active: 'open',
  inactive: 'paused',
  closed: 'closed',
  determined: 'closed',
  disputed: 'closed',
  amended: 'closed',
  finalized: 'closed',
};

export function engineStatusOf(status: string): MarketStatus {
  return ENGINE_STATUS[status as DbStatus] ?? 'closed';
}

/** Kalshi's fee multiplier is a decimal; the engine takes integer per-mille to stay exact. */
export function feeMultiplierPermille(multiplier: number | undefined): number {
  return Math.round((multiplier ?? 1) * 1000);
}

export function marketConfigOf(market: rest.Market, series: rest.Series): MarketConfig {
  const ranges = (market.price_ranges ?? []).map((r) => ({
    start: dollarsToUnits(r.start),
    end: dollarsToUnits(r.end),
    step: dollarsToUnits(r.step),
  }));
  const tick = ranges.length ? Math.min(...ranges.map((r) => r.step)) : 100;
  const config: MarketConfig = {
    ticker: market.ticker,
    eventTicker: market.event_ticker,
    seriesFeeType: (series.fee_type ?? 'quadratic') as FeeType,
    feeMultiplierPermille: feeMultiplierPermille(series.fee_multiplier),
    tick,
    status: engineStatusOf(market.status),
  };
  if (ranges.length) config.priceRanges = ranges;
  return config;
}
