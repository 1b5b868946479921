/**
 * Exact money arithmetic over the wire's fixed-point strings, and what one user's fills in one
 * market did to their cash: the independent side of the balance reconciliation.
 */
import type { Schema } from 'kalshi-ts';

/** Micro-dollars per dollar: the exchange's unit of cash. */
export const MICROS = 1_000_000;

/** A non-negative fixed-point string ("4.00", "0.4000") scaled to an integer with `decimals` places. */
export function fixed(text: string, decimals: number, what: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[3] ?? '').length > decimals) throw new Error(`${what}: '${text}' is not a number with at most ${decimals} decimals`);
  const value = Number(match[2]) * 10 ** decimals + Number((match[3] ?? '').padEnd(decimals, '0'));
  return match[1] ? -value : value;
}

/** "4.00" contracts -> 400 centi-contracts. */
export const centi = (text: string, what = 'count'): number => fixed(text, 2, what);
/** "0.4000" dollars -> 400000 micros. */
export const micros = (text: string, what = 'dollars'): number => fixed(text, 6, what);

/** Centi-contracts at a price in micros, in micros (exact: prices are whole 100-micro steps). */
export const costOf = (countCenti: number, priceMicros: number): number => (countCenti * priceMicros) / 100;

/** One user's trading in one market, summed from their fills. */
export interface MarketTally {
  /** YES bought (bids filled), NO bought (asks filled), centi-contracts. */
  yes: number;
  no: number;
  /** Paid for the legs bought, and fees, micros. */
  cost: number;
  fees: number;
}

export function tally(fills: readonly Schema<'Fill'>[]): MarketTally {
  const t: MarketTally = { yes: 0, no: 0, cost: 0, fees: 0 };
  for (const f of fills) {
    const count = centi(f.count_fp, `fill ${f.fill_id} count_fp`);
    if (f.book_side === 'bid') {
      t.yes += count;
      t.cost += costOf(count, micros(f.yes_price_dollars, `fill ${f.fill_id} yes_price_dollars`));
    } else {
      t.no += count;
      t.cost += costOf(count, micros(f.no_price_dollars, `fill ${f.fill_id} no_price_dollars`));
    }
    t.fees += micros(f.fee_cost, `fill ${f.fill_id} fee_cost`);
  }
  return t;
}

/** Signed position: YES held positive, NO held negative (centi-contracts). */
export const position = (t: MarketTally): number => t.yes - t.no;

/**
 * What the fills did to cash plus collateral, micros: legs and fees paid, and $1 back for every
 * YES/NO pair the user came to hold (a pair is worth exactly $1 whatever the result).
 */
export function cashEffect(t: MarketTally): number {
  const pairs = Math.min(t.yes, t.no);
  return -t.cost - t.fees + (pairs * MICROS) / 100;
}

/** What settling a binary market pays the holder of `positionCenti`, micros. */
export function settlementPayout(positionCenti: number, result: 'yes' | 'no'): number {
  const held = result === 'yes' ? Math.max(0, positionCenti) : Math.max(0, -positionCenti);
  return (held * MICROS) / 100;
}
