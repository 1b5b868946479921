/**
 * Book-internal fixed point, tuned for the delta hot path. Prices become integer units of
 * $0.0001 (10000 = $1) and counts integer hundredths of a contract, both held in plain numbers:
 * every value the book sees is far below 2^53, so integer arithmetic on doubles stays exact and
 * avoids the allocation a bigint would cost per delta. The general helpers in core/fixed-point.ts
 * (bigint micro-dollars, regex grammar) stay the reference for everything off the hot path.
 *
 * The parsers scan char codes instead of using a regex or parseFloat: a delta frame carries two
 * numeric strings, and this is the cheapest exact way to read them.
 */

import { ValidationError } from '../core/errors.js';
import { formatDollars } from '../core/fixed-point.js';

/** Price units per dollar: one unit is $0.0001, the finest price a Kalshi book level carries. */
export const UNITS_PER_DOLLAR = 10_000;
const PRICE_DECIMALS = 4;
/** Responses may print up to 6 decimals; digits past the 4th must then be zeros. */
const MAX_PRICE_DECIMALS = 6;
/** Keeps `whole * 10000 + fraction` far inside the exact-integer range of a double. */
const MAX_PRICE_WHOLE_DIGITS = 9;
const COUNT_DECIMALS = 2;
const SCALE = [1, 10, 100, 1000, 10_000];

// Error construction lives in separate functions so the parsers' fast paths stay small enough
// for V8 to inline into the delta loop.
function shown(value: unknown): string {
  if (typeof value !== 'string') return typeof value === 'number' ? `the number ${String(value)}` : `a ${typeof value}`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function badPrice(value: unknown, field: string, why: string): ValidationError {
  return new ValidationError(field, `${shown(value)} is not a dollar price: ${why} (expected a string like "0.5600")`);
}

function badCount(value: unknown, field: string, why: string): ValidationError {
  return new ValidationError(field, `${shown(value)} is not a contract count: ${why} (expected a string like "10.00")`);
}

/**
 * `"0.5600"` -> 5600. Accepts digits, optionally `.` and 1 to 6 decimals; anything finer than
 * $0.0001 is refused rather than rounded, since a book level there would be a different price.
 * No sign: book prices are never negative.
 */
export function parsePriceUnits(value: string, field = 'price'): number {
  if (typeof value !== 'string') throw badPrice(value, field, 'not a string');
  const len = value.length;
  let i = 0;
  let whole = 0;
  for (; i < len; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === 0) throw badPrice(value, field, 'it must start with a digit');
  if (i > MAX_PRICE_WHOLE_DIGITS) throw badPrice(value, field, 'too many digits');
  if (i === len) return whole * UNITS_PER_DOLLAR;
  if (value.charCodeAt(i) !== 46) throw badPrice(value, field, `unexpected character at position ${i}`);
  const start = ++i;
  if (len - start > MAX_PRICE_DECIMALS) throw badPrice(value, field, `more than ${MAX_PRICE_DECIMALS} decimals`);
  if (start === len) throw badPrice(value, field, 'no digits after the decimal point');
  let fraction = 0;
  for (; i < len; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw badPrice(value, field, `unexpected character at position ${i}`);
    if (i - start < PRICE_DECIMALS) fraction = fraction * 10 + d;
    else if (d !== 0) throw badPrice(value, field, 'finer than $0.0001');
  }
  const decimals = len - start;
  const scale = decimals >= PRICE_DECIMALS ? 1 : SCALE[PRICE_DECIMALS - decimals]!;
  return whole * UNITS_PER_DOLLAR + fraction * scale;
}

/**
 * `"10.00"` -> 1000, `"-54.5"` -> -5450. An optional leading `-` (deltas are signed), digits,
 * optionally `.` and 1 or 2 decimals. Results beyond 2^53 - 1 are refused: they would not be exact.
 */
export function parseCentis(value: string, field = 'count'): number {
  if (typeof value !== 'string') throw badCount(value, field, 'not a string');
  const len = value.length;
  const negative = len > 0 && value.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const digitsStart = i;
  let v = 0;
  for (; i < len; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (i === digitsStart) throw badCount(value, field, 'it must start with a digit');
  let decimals = 0;
  if (i < len) {
    if (value.charCodeAt(i) !== 46) throw badCount(value, field, `unexpected character at position ${i}`);
    const start = ++i;
    decimals = len - start;
    if (decimals === 0) throw badCount(value, field, 'no digits after the decimal point');
    if (decimals > COUNT_DECIMALS) throw badCount(value, field, `more than ${COUNT_DECIMALS} decimals`);
    for (; i < len; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw badCount(value, field, `unexpected character at position ${i}`);
      v = v * 10 + d;
    }
  }
  if (decimals < COUNT_DECIMALS) v *= SCALE[COUNT_DECIMALS - decimals]!;
  // Digits only ever grow `v`, so one check at the end catches every inexact intermediate.
  if (v > Number.MAX_SAFE_INTEGER) throw badCount(value, field, 'too large to hold exactly');
  // `0 - v` rather than `-v`: "-0.00" must come out as +0, which prints and compares as zero.
  return negative ? 0 - v : v;
}

function requireSafeInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new ValidationError(field, `expected a safe integer, got ${String(value)}`);
  }
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** 5600 -> `"0.5600"`: always 4 decimals, the way Kalshi prints book prices. */
export function formatUnits(units: number): string {
  requireSafeInteger(units, 'units');
  const negative = units < 0;
  const abs = negative ? -units : units;
  const whole = Math.floor(abs / UNITS_PER_DOLLAR);
  return `${negative ? '-' : ''}${whole}.${pad(abs - whole * UNITS_PER_DOLLAR, PRICE_DECIMALS)}`;
}

/** 1000 -> `"10.00"`: always 2 decimals, the way Kalshi prints counts. */
export function formatCentis(centis: number): string {
  requireSafeInteger(centis, 'centis');
  const negative = centis < 0;
  const abs = negative ? -centis : centis;
  const whole = Math.floor(abs / 100);
  return `${negative ? '-' : ''}${whole}.${pad(abs - whole * 100, COUNT_DECIMALS)}`;
}

/**
 * Dollars for a value given in half units (units x 2), e.g. a mid price: 11201 -> `"0.56005"`.
 * Off the hot path, so it goes through the bigint formatter rather than duplicating it.
 */
export function formatHalfUnits(halfUnits: number): string {
  requireSafeInteger(halfUnits, 'halfUnits');
  // One half unit is $0.00005 = 50 micro-dollars.
  return formatDollars(BigInt(halfUnits) * 50n, { decimals: PRICE_DECIMALS });
}
