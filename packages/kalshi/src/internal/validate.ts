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
