/**
 * Exact fixed-point conversions between Kalshi's wire strings and the integers the database
 * stores. Prices are kept in units of $0.0001 (the finest price the wire carries in requests),
 * counts in units of 0.01 contracts (Kalshi's minimum granularity). Never floats.
 */

export const PRICE_SCALE = 10_000;
export const COUNT_SCALE = 100;

function toUnits(text: string, decimals: number, what: string): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[3] ?? '').length > decimals) throw new RangeError(`${what}: not a decimal with at most ${decimals} places: ${text}`);
  const frac = (m[3] ?? '').padEnd(decimals, '0');
  const value = Number(m[2]) * 10 ** decimals + Number(frac || '0');
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what}: out of range: ${text}`);
  return m[1] ? -value : value;
}

function fromUnits(units: number, decimals: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const scale = 10 ** decimals;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(decimals, '0')}`;
}

/** "0.56" or "0.5600" -> 5600. */
export const dollarsToUnits = (text: string): number => toUnits(text, 4, 'price');
/** 5600 -> "0.5600" (responses carry 4 decimals). */
export const unitsToDollars = (units: number): string => fromUnits(units, 4);
/** "10", "10.0" or "10.00" -> 1000. */
export const countToUnits = (text: string): number => toUnits(text, 2, 'count');
/** 1000 -> "10.00" (responses always carry 2 decimals). */
export const unitsToCount = (units: number): string => fromUnits(units, 2);
