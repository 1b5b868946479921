import { formatDollars } from 'kalshi-ts';
import { unitsToCount, unitsToDollars } from '../fixed.js';

/*
 * Engine integers to Kalshi wire values. Prices are $0.0001 units and print with 4 decimals like
 * the catalog's prices; money is micro-dollars and prints with at least 4 and at most 6 decimals
 * (NOTES.md §5: responses may carry 6 where fees or fractional sizes need them).
 */

const MICROS_PER_CENT = 10_000;

export const priceDollars = unitsToDollars;
export const countFp = unitsToCount;

export const moneyDollars = (micros: number): string => formatDollars(BigInt(micros), { decimals: 4 });

/**
 * Whole cents, for the few fields Kalshi still sends as integer cents (balance, portfolio value,
 * settlement revenue). Rounds toward minus infinity: a sub-cent remainder is not yet spendable.
 */
export const cents = (micros: number): number => Math.floor(micros / MICROS_PER_CENT);

/** RFC 3339 with milliseconds: order and fill times keep the engine's resolution. */
export const isoMs = (ms: number): string => new Date(ms).toISOString();

/** Kalshi's legacy integer `ts` fields are Unix seconds. */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);
