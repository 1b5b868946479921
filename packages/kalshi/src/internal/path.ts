import { ValidationError } from '../core/errors.js';

/**
 * Tagged template for request paths: every interpolated value is percent-encoded as one path
 * segment, and a missing value throws instead of producing `/markets/undefined`.
 */
export function path(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined || value === null || value === '') {
      const name = /\{?(\w*)$/.exec(strings[i]!)?.[1] || `segment ${i + 1}`;
      throw new ValidationError(`path parameter after "${strings[i]}"`, `${name} is required but was ${value === '' ? 'empty' : String(value)}`);
    }
    // A "." or ".." segment is resolved away by URL parsing (encoded or not): the request would
    // go to another endpoint, so it is refused like a missing value.
    if (value === '.' || value === '..') {
      const name = /\{?(\w*)$/.exec(strings[i]!)?.[1] || `segment ${i + 1}`;
      throw new ValidationError(`path parameter after "${strings[i]}"`, `${name} cannot be "${value}"`);
    }
    out += encodeURIComponent(String(value)) + strings[i + 1]!;
  }
  return out;
}

export type QueryValue = string | number | boolean | bigint | readonly (string | number)[] | null | undefined;

/** Query string from a params object: undefined/null are left out, arrays repeat the key (form, explode). */
export function queryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) out += `${out ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`;
    } else {
      out += `${out ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
    }
  }
  return out;
}
