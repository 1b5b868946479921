/**
 * Exact fixed point for Kalshi's decimal-string fields. Money (`*_dollars`) becomes a bigint of
 * micro-dollars and counts (`*_fp`) a bigint of hundredths of a contract, so no JS float ever
 * carries either value.
 *
 * Accepted grammar, for both kinds: an optional leading `-`, one or more ASCII digits, then
 * optionally a `.` followed by one or more digits (at most 6 for dollars, 2 for counts).
 * - `.5` and `1.` are rejected: Kalshi never sends them, so seeing one means the string was
 *   built by hand somewhere, and refusing it surfaces that bug instead of guessing.
 * - Leading zeros (`00.5`) are accepted: they do not make the value ambiguous, and formatting
 *   always drops them.
 * - `-0` and `-0.00` are accepted and mean zero; formatting never prints a negative zero.
 * - `+`, whitespace, exponents, `NaN`, `Infinity`, digit separators and non-ASCII digits are
 *   rejected, as is anything that is not a string (a number has already been through a float).
 */

import { ValidationError } from './errors.js';

export const DOLLAR_DECIMALS = 6;
export const COUNT_DECIMALS = 2;

/** Order requests take prices with at most 4 decimals, i.e. whole multiples of 100 micro-dollars. */
const REQUEST_PRICE_DECIMALS = 4;
const MICROS_PER_DOLLAR = 10n ** BigInt(DOLLAR_DECIMALS);
/** count (scale 2) × price (scale 6) lands on scale 8. */
const NOTIONAL_DECIMALS = COUNT_DECIMALS + DOLLAR_DECIMALS;

interface Kind {
  scale: number;
  noun: string;
  example: string;
}

const DOLLARS: Kind = { scale: DOLLAR_DECIMALS, noun: 'a dollar amount', example: '"0.56"' };
const COUNT: Kind = { scale: COUNT_DECIMALS, noun: 'a contract count', example: '"10.00"' };

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/** Keeps error messages readable when the bad input is huge. */
function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}

function notAString(field: string, value: unknown, kind: Kind): ValidationError {
  const got = typeof value === 'number' ? `the number ${String(value)}` : `a value of type ${typeof value}`;
  return new ValidationError(
    field,
    `expected ${kind.noun} as a string like ${kind.example}, got ${got}; ` +
      'pass it as a string, because floats cannot carry it exactly',
  );
}

function parseScaled(value: unknown, field: string, kind: Kind): bigint {
  if (typeof value !== 'string') throw notAString(field, value, kind);
  const match = DECIMAL.exec(value);
  if (!match) {
    throw new ValidationError(
      field,
      `${quote(value)} is not ${kind.noun} (expected digits with up to ${kind.scale} decimals, like ${kind.example})`,
    );
  }
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > kind.scale) {
    throw new ValidationError(
      field,
      `${quote(value)} has ${fraction.length} decimals; ${kind.noun} carries at most ${kind.scale}`,
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(kind.scale, '0'));
  return sign === '-' ? -magnitude : magnitude;
}

function isScaled(value: unknown, scale: number): boolean {
  if (typeof value !== 'string') return false;
  const match = DECIMAL.exec(value);
  return match !== null && (match[3] ?? '').length <= scale;
}

/**
 * Renders `value / 10^scale` exactly, trimming trailing zeros but keeping at least `minDecimals`.
 * Every formatter goes through here so they cannot disagree about signs or padding.
 */
function formatScaled(value: bigint, scale: number, minDecimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  let end = fraction.length;
  while (end > minDecimals && fraction[end - 1] === '0') end--;
  const kept = fraction.slice(0, end);
  return `${negative ? '-' : ''}${whole}${kept ? `.${kept}` : ''}`;
}

function requireBigint(value: unknown, field: string): bigint {
  if (typeof value !== 'bigint') {
    throw new ValidationError(field, `expected a bigint of scaled units, got ${typeof value}`);
  }
  return value;
}

function sign(diff: bigint): -1 | 0 | 1 {
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Parses a `*_dollars` string into integer micro-dollars (1e-6 dollars). */
export function parseDollars(value: string, field = 'value'): bigint {
  return parseScaled(value, field, DOLLARS);
}

export interface FormatDollarsOptions {
  /** Fewest decimals to print, 0..6; defaults to 2 so whole cents read like money ("5.00"). */
  decimals?: number;
}

/** Shortest exact rendering of micro-dollars with at least `decimals` (default 2) decimals. */
export function formatDollars(micros: bigint, options: FormatDollarsOptions = {}): string {
  const decimals = options.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > DOLLAR_DECIMALS) {
    throw new ValidationError('decimals', `must be a whole number from 0 to ${DOLLAR_DECIMALS}, got ${decimals}`);
  }
  return formatScaled(requireBigint(micros, 'micros'), DOLLAR_DECIMALS, decimals);
}

/** Parses a `*_fp` string into integer hundredths of a contract. Negative values are allowed. */
export function parseCount(value: string, field = 'count'): bigint {
  return parseScaled(value, field, COUNT);
}

/** Always exactly 2 decimals, matching how Kalshi prints counts ("10.00"). */
export function formatCount(centis: bigint): string {
  return formatScaled(requireBigint(centis, 'centis'), COUNT_DECIMALS, COUNT_DECIMALS);
}

export function isValidDollars(value: unknown): boolean {
  return isScaled(value, DOLLAR_DECIMALS);
}

export function isValidCount(value: unknown): boolean {
  return isScaled(value, COUNT_DECIMALS);
}

export function compareDollars(a: string, b: string): -1 | 0 | 1 {
  return sign(parseDollars(a, 'a') - parseDollars(b, 'b'));
}

export function addDollars(a: string, b: string): string {
  return formatDollars(parseDollars(a, 'a') + parseDollars(b, 'b'));
}

export function subtractDollars(a: string, b: string): string {
  return formatDollars(parseDollars(a, 'a') - parseDollars(b, 'b'));
}

export function compareCount(a: string, b: string): -1 | 0 | 1 {
  return sign(parseCount(a, 'a') - parseCount(b, 'b'));
}

export function addCount(a: string, b: string): string {
  return formatCount(parseCount(a, 'a') + parseCount(b, 'b'));
}

export function subtractCount(a: string, b: string): string {
  return formatCount(parseCount(a, 'a') - parseCount(b, 'b'));
}

/**
 * count × price in dollars, exact. A 2-decimal count times a 6-decimal price can need 8 decimals,
 * so the result may be finer than `parseDollars` accepts; it is never rounded.
 */
export function notional(count: string, price: string): string {
  return formatScaled(parseCount(count, 'count') * parseDollars(price, 'price'), NOTIONAL_DECIMALS, 2);
}

/**
 * Validates a limit price for an order request and returns it in request form: strictly between
 * 0 and 1 dollar, at most 4 decimals. Whole cents print with 2 decimals ("0.56"), anything finer
 * with 4 ("0.5650"), the two shapes Kalshi documents for request prices. Trailing zeros past
 * the 4th decimal ("0.565000", as a response prints it) are fine: only the value is checked.
 */
export function toRequestPrice(value: string, field = 'price'): string {
  const micros = parseDollars(value, field);
  if (micros % 10n ** BigInt(DOLLAR_DECIMALS - REQUEST_PRICE_DECIMALS) !== 0n) {
    throw new ValidationError(
      field,
      `${quote(value)} has more than ${REQUEST_PRICE_DECIMALS} decimals; order prices carry at most ${REQUEST_PRICE_DECIMALS}`,
    );
  }
  if (micros <= 0n || micros >= MICROS_PER_DOLLAR) {
    throw new ValidationError(field, `${quote(value)} is not a valid order price (must be above 0 and below 1 dollar)`);
  }
  const wholeCents = micros % 10_000n === 0n;
  return formatScaled(micros, DOLLAR_DECIMALS, wholeCents ? 2 : REQUEST_PRICE_DECIMALS);
}

/**
 * Validates an order quantity and returns it in request form ("3.00"). A JS number is accepted
 * only as a safe whole number: an integer count of contracts is exact in a double, a fraction is not.
 */
export function toRequestCount(value: string | number, field = 'count', options: { allowZero?: boolean } = {}): string {
  const centis = typeof value === 'number' ? wholeNumberCount(value, field) : parseCount(value, field);
  if (centis < 0n || (centis === 0n && !options.allowZero)) {
    const bound = options.allowZero ? 'at least 0' : 'greater than 0';
    throw new ValidationError(field, `${describe(value)} is not a valid order count (must be ${bound})`);
  }
  return formatCount(centis);
}

function wholeNumberCount(value: number, field: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new ValidationError(
      field,
      `got the number ${String(value)}, which is not a safe whole number; ` +
        'pass fractional or very large counts as a string like "1.50"',
    );
  }
  return BigInt(value) * 10n ** BigInt(COUNT_DECIMALS);
}

function describe(value: string | number): string {
  return typeof value === 'string' ? quote(value) : String(value);
}
