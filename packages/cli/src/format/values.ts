/**
 * Prices, counts, money and times as people type and read them. Everything money-like stays a
 * string or a bigint; no JS float ever carries a price or a count.
 */
import { formatCount, formatDollars, parseCount, parseDollars, toRequestCount, toRequestPrice } from 'kalshi-ts';
import { UsageError } from '../errors.js';

const MICROS_PER_DOLLAR = 1_000_000n;

export interface Price {
  /** Request form: "0.56" or "0.5650". */
  text: string;
  micros: bigint;
}

/**
 * `0.56`, `$0.56`, `.56`, `56c`, `56¢`, `56.5c` -> a valid order price. A bare whole number is
 * refused as ambiguous (is `56` dollars or cents?).
 */
export function parsePrice(input: string, field = 'price'): Price {
  const raw = input.trim().replace(/^\$/, '');
  const cents = /^(\d+(?:\.\d+)?)\s*(c|¢|cents?)$/i.exec(raw);
  let dollars: string;
  if (cents) {
    const micros = parseDollars(cents[1]!, field);
    if (micros % 100n !== 0n) throw new UsageError(`${field}: ${JSON.stringify(input)} is finer than $0.0001`);
    dollars = formatDollars(micros / 100n, { decimals: 2 });
  } else if (/^\d+$/.test(raw) && raw !== '0') {
    throw new UsageError(`${field}: ${JSON.stringify(input)} is ambiguous`, `write dollars (0.${raw.padStart(2, '0')}) or cents (${raw}c)`);
  } else {
    dollars = raw.startsWith('.') ? `0${raw}` : raw;
    if (!/^\d+(\.\d+)?$/.test(dollars)) {
      throw new UsageError(`${field}: ${JSON.stringify(input)} is not a price`, 'write it as dollars (0.56) or cents (56c or 56¢)');
    }
  }
  const text = toRequestPrice(dollars, field);
  return { text, micros: parseDollars(text, field) };
}

export interface Count {
  /** Request form: "10.00". */
  text: string;
  centis: bigint;
}

/** `10`, `1.5`, `10.00` -> a valid order count (hundredths of a contract at most). */
export function parseCountArg(input: string, field = 'count', options: { allowZero?: boolean } = {}): Count {
  const raw = input.trim();
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new UsageError(`${field}: ${JSON.stringify(input)} is not a contract count`, 'write a number of contracts like 10 or 1.5');
  const text = toRequestCount(raw, field, options);
  return { text, centis: parseCount(text, field) };
}

/** $1 - price: the other leg's price. */
export function complement(price: Price): Price {
  const micros = MICROS_PER_DOLLAR - price.micros;
  const text = toRequestPrice(formatDollars(micros, { decimals: 2 }));
  return { text, micros };
}

/** count x price in micro-dollars, exact (count is in hundredths). */
export function costMicros(count: Count, priceMicros: bigint): bigint {
  // centis * micros / 100, rounded up: a cost is never understated.
  return ceilDiv(count.centis * priceMicros, 100n);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * Kalshi's general taker fee, 0.07 x C x P x (1 - P), rounded up to $0.0001 and returned in
 * micro-dollars. An estimate: series can carry other multipliers, and maker fills pay less.
 */
export function takerFeeEstimateMicros(count: Count, priceMicros: bigint): bigint {
  // 7/100 * (centis/100) * (P/1e6) * (Q/1e6) dollars = 7*c*P*Q / 1e16 dollars = 7*c*P*Q / 1e12 units of $0.0001.
  const units = ceilDiv(7n * count.centis * priceMicros * (MICROS_PER_DOLLAR - priceMicros), 10n ** 16n / 10_000n);
  return units * 100n;
}

/** "$1,234.56" from micro-dollars, with at least `decimals` decimals. */
export function money(micros: bigint, decimals = 2): string {
  const negative = micros < 0n;
  const text = formatDollars(negative ? -micros : micros, { decimals });
  const [whole, fraction] = text.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A `*_dollars` string as money ("$5.60"); empty for missing values. */
export function moneyOf(value: string | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    return money(parseDollars(value), decimals);
  } catch {
    return value;
  }
}

/** A price string shortened for reading: "0.5600" -> "0.56", "0.5650" -> "0.565". */
export function priceOf(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    return formatDollars(parseDollars(value), { decimals: 2 });
  } catch {
    return value;
  }
}

/** A count string shortened for reading: "10.00" -> "10", "1.50" -> "1.5". */
export function countOf(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    const text = formatCount(parseCount(value));
    const [whole, fraction] = text.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1').split('.');
    return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
  } catch {
    return value;
  }
}

/** Cents (as some integer fields still carry them) -> money. */
export function moneyOfCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isSafeInteger(cents)) return '';
  return money(BigInt(cents) * 10_000n);
}

/** "2026-01-15 17:00:01" in UTC from an ISO string, seconds or milliseconds. */
export function timeOf(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const ms = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

const RELATIVE = /^-?(\d+)\s*(s|m|h|d|w)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * A point in time as Unix seconds: `1767225600`, `2026-01-01`, `2026-01-01T12:00:00Z`, `now`,
 * or an offset into the past such as `-2h`, `30m`, `7d`.
 */
export function parseTime(input: string, field: string, nowMs = Date.now()): number {
  const raw = input.trim();
  if (raw === 'now') return Math.floor(nowMs / 1000);
  if (/^\d{9,11}$/.test(raw)) return Number(raw);
  if (/^\d{12,14}$/.test(raw)) return Math.floor(Number(raw) / 1000);
  const rel = RELATIVE.exec(raw);
  if (rel) return Math.floor(nowMs / 1000) - Number(rel[1]) * UNIT_SECONDS[rel[2]!]!;
  const ms = Date.parse(raw);
  if (!Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}/.test(raw)) return Math.floor(ms / 1000);
  throw new UsageError(`${field}: ${JSON.stringify(input)} is not a time`, 'use Unix seconds, an ISO date like 2026-01-15 or 2026-01-15T17:00:00Z, now, or an offset like -2h / -7d');
}

export function plural(n: number | bigint, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}
