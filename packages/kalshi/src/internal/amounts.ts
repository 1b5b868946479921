import { ValidationError } from '../core/errors.js';
import { formatDollars, parseDollars, toRequestCount, toRequestPrice } from '../core/fixed-point.js';
import { requireInteger } from './validate.js';

/**
 * Request checks for money and contract fields outside the order endpoints. They sit beside the
 * fixed-point helpers rather than in them because each encodes one endpoint family's rule.
 */

/**
 * A contract count that Kalshi takes as a whole-number field, its fixed-point twin, or both.
 * Kalshi refuses a pair that disagrees, so the mismatch is reported before anything is sent.
 * Returns the fixed-point twin in request form ("5.00") when one was given.
 */
export function countPair(
  whole: unknown,
  fixed: string | number | null | undefined,
  fields: { whole: string; fixed: string; required: boolean },
): string | undefined {
  const hasFixed = fixed !== undefined && fixed !== null;
  if (whole === undefined && !hasFixed) {
    if (fields.required) throw new ValidationError(fields.fixed, `give ${fields.fixed} (or ${fields.whole})`);
    return undefined;
  }
  const wholeForm = whole === undefined ? undefined : toRequestCount(requireInteger(whole, fields.whole, 1), fields.whole);
  const fixedForm = hasFixed ? toRequestCount(fixed, fields.fixed) : undefined;
  if (wholeForm !== undefined && fixedForm !== undefined && wholeForm !== fixedForm) {
    throw new ValidationError(fields.fixed, `${fixedForm} does not match ${fields.whole} ${String(whole)}; send one of them, or equal values`);
  }
  return fixedForm;
}

/** A dollar amount (not a price): any non-negative value with up to 6 decimals, zero only when allowed. */
export function toRequestDollars(value: unknown, field: string, options: { allowZero: boolean }): string {
  const micros = parseDollars(value as string, field);
  if (micros < 0n || (micros === 0n && !options.allowZero)) {
    throw new ValidationError(field, `${JSON.stringify(value)} must be ${options.allowZero ? 'zero or more' : 'greater than zero'}`);
  }
  return formatDollars(micros);
}

/** An RFQ quote price: a valid order price, or "0" to decline that side. */
export function toQuotePrice(value: unknown, field: string): string {
  if (typeof value === 'string' && /^0+(\.0+)?$/.test(value)) return '0';
  return toRequestPrice(value as string, field);
}
