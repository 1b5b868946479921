// Wire formatting for socket payloads. Integers in, exact strings out: no float ever touches a
// price, a count or an amount of money.
import { formatDollars } from 'kalshi-ts';
import { unitsToCount, unitsToDollars } from '../fixed.js';

export { unitsToCount as count, unitsToDollars as price };

/** Micro-dollars with 4 to 6 decimals, exact, printed the way the REST responses print money. */
export const micros = (value: number): string => formatDollars(BigInt(value), { decimals: 4 });

/** RFC 3339 without milliseconds, the way Kalshi prints times. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** An integer number of 1e-8 units as an 8-decimal string (index values). */
export function eightDecimals(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  return `${sign}${Math.floor(abs / 1e8)}.${String(abs % 1e8).padStart(8, '0')}`;
}
