import { ValidationError } from '../core/errors.js';

// Tickers are printable ASCII without separators that would change the URL or the signed path.
const TICKER = /^[A-Za-z0-9._:-]{1,200}$/;

/** How a bad argument is shown in a message: short, and never `[object Object]`. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined || typeof value !== 'object') return `${String(value)} (${value === null ? 'null' : typeof value})`;
  return Array.isArray(value) ? 'an array' : 'an object';
}

export function requireTicker(value: unknown, field: string): string {
  // "." and ".." would pass the character check, but as a path segment they mean "this" and
  // "parent" folder: the URL would name another endpoint. No real ticker is only dots.
  if (typeof value !== 'string' || !TICKER.test(value) || /^\.+$/.test(value)) {
    const why =
      typeof value !== 'string'
        ? 'must be a string'
        : value.length > 200
          ? 'must be at most 200 characters'
          : /^\.+$/.test(value)
            ? 'cannot be only dots'
            : "must be letters, digits, '.', '_', ':' and '-' only, not empty";
    throw new ValidationError(field, `a ticker ${why}: got ${shown(value)}`);
  }
  return value;
}

/** A non-empty list of tickers; a bad one is named by its position, e.g. `tickers[2]`. */
export function requireTickerList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(field, `must be a non-empty array of tickers: got ${shown(value)}`);
  return value.map((ticker, i) => requireTicker(ticker, `${field}[${i}]`));
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(field, `${JSON.stringify(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, 'is required and must be a non-empty string');
  return value;
}

/** A whole number in [min, max]: counts and amounts that the wire carries as integers (cents, centi-cents, subaccounts). */
export function requireInteger(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new ValidationError(field, `${typeof value === 'string' ? JSON.stringify(value) : String(value)} is not a whole number ${range}`);
  }
  return value;
}

/** Subaccount numbers: 0 is the primary account, 1-63 the numbered ones. */
export function requireSubaccount(value: unknown, field: string): number {
  return requireInteger(value, field, 0, 63);
}

/** The YES/NO outcome of a binary market, as quotes, block trades and combo legs name it. */
export const OUTCOME_SIDES = ['yes', 'no'] as const;

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, `is required and must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
