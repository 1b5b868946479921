import { ValidationError } from '../core/errors.js';

// Tickers are printable ASCII without separators that would change the URL or the signed path.
const TICKER = /^[A-Za-z0-9._:-]{1,200}$/;

export function requireTicker(value: unknown, field: string): string {
  if (typeof value !== 'string' || !TICKER.test(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
    throw new ValidationError(field, `${shown} is not a market ticker (letters, digits, '.', '_', ':' and '-' only)`);
  }
  return value;
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
