import { unitsToCount, unitsToDollars } from '../fixed.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Kalshi timestamps are RFC 3339 in UTC with whole seconds. */
export const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const dollars = unitsToDollars;
export const count = (contracts: number): string => unitsToCount(Math.round(contracts * 100));

export type PriceLevelStructure = 'linear_cent' | 'deci_cent' | 'tapered_deci_cent';

export interface PriceRange {
  start: string;
  end: string;
  step: string;
}

/** Valid order prices per structure, as Kalshi publishes them in `price_ranges`. */
export const PRICE_RANGES: Readonly<Record<PriceLevelStructure, readonly PriceRange[]>> = {
  linear_cent: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
  deci_cent: [{ start: '0.0000', end: '1.0000', step: '0.0010' }],
  // Finer ticks in the tails, where a cent is a large share of the price.
  tapered_deci_cent: [
    { start: '0.0000', end: '0.1000', step: '0.0010' },
    { start: '0.1000', end: '0.9000', step: '0.0100' },
    { start: '0.9000', end: '1.0000', step: '0.0010' },
  ],
};

/** Rounds a probability to the nearest valid price (units of $0.0001), kept off 0 and 1. */
export function toTick(probability: number, structure: PriceLevelStructure): number {
  const units = Math.round(probability * 10_000);
  const fine = structure === 'deci_cent' || (structure === 'tapered_deci_cent' && (units < 1000 || units > 9000));
  const step = fine ? 10 : 100;
  const rounded = Math.round(units / step) * step;
  return Math.min(10_000 - step, Math.max(step, rounded));
}
