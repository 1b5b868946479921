// Trading fees, from Kalshi's fee schedule as summarised in NOTES.md §10 (spec `Series.fee_type`):
//
//   taker fee  = roundUp$0.0001( 0.07   × C × P × (1 − P) ) × fee_multiplier   (every fee type but flat)
//   maker fee  = roundUp$0.0001( 0.0175 × C × P × (1 − P) ) × fee_multiplier   (quadratic_with_maker_fees)
//              = roundUp$0.0001( 0.035  × C × P × (1 − P) ) × fee_multiplier   (quadratic_with_combo_maker_fees:
//                                                                               maker factor 0.5 of taker instead of 0.25)
//   `quadratic` makers pay nothing.
//   `flat`: Kalshi publishes a per-series table we do not have; this engine charges takers a flat
//   $0.01 per contract × fee_multiplier (rounded up to $0.0001) and makers nothing.
//
// C = contracts, P = price in dollars. In engine units (count q in centi-contracts, price p in
// $0.0001) C×P×(1−P) = q·p·(10⁴−p) / 10¹⁰ dollars, so with the multiplier m in thousandths:
//   taker micros = 7·q·p·(10⁴−p)·m / 10⁹, i.e. ceil(7·basis·m / 10¹¹) units of 100 micros.
// The product exceeds 2^53 for large orders, so it falls back to BigInt when it is not safe.
//
// Fees are applied per fill but computed on the order's cumulative basis: the fee of a fill is
// fee(basis before + this fill) − fee(basis before). A single fill pays exactly the formula above;
// an order filled in many small pieces pays what one fill would have, which is what Kalshi's
// per-order rounding rebate achieves (NOTES.md §10) — and it makes a resting order's worst-case
// maker fee exactly known, so it can be reserved.

import type { FeeType } from './types.js';
import { PRICE_SCALE } from './types.js';

/** Fees are charged in whole units of $0.0001. */
const FEE_QUANTUM = 100;

interface Rate {
  num: number;
  den: number;
}

const ZERO: Rate = { num: 0, den: 1 };
const TAKER_QUADRATIC: Rate = { num: 7, den: 1e11 };
const MAKER_QUADRATIC: Rate = { num: 7, den: 4e11 };
const MAKER_COMBO: Rate = { num: 7, den: 2e11 };
/** flat: basis is the count; $0.01 × q/100 × m/1000 = q·m/10 micros = q·m/1000 units of 100 micros. */
const TAKER_FLAT: Rate = { num: 1, den: 1e3 };

/** What a fill contributes to an order's fee basis. */
export function feeBasis(type: FeeType, count: number, price: number): number {
  return type === 'flat' ? count : count * price * (PRICE_SCALE - price);
}

function rateOf(type: FeeType, taker: boolean): Rate {
  if (taker) return type === 'flat' ? TAKER_FLAT : TAKER_QUADRATIC;
  if (type === 'quadratic_with_maker_fees') return MAKER_QUADRATIC;
  if (type === 'quadratic_with_combo_maker_fees') return MAKER_COMBO;
  return ZERO;
}

export function hasMakerFees(type: FeeType): boolean {
  return rateOf(type, false).num !== 0;
}

/** Total fee in micros for a cumulative basis. */
export function feeForBasis(type: FeeType, taker: boolean, multiplierPermille: number, basis: number): number {
  const { num, den } = rateOf(type, taker);
  if (num === 0 || basis === 0 || multiplierPermille === 0) return 0;
  return ceilDiv(num * multiplierPermille, basis, den) * FEE_QUANTUM;
}

/** Fee of adding `delta` to a basis that already paid for `before`. */
export function marginalFee(
  type: FeeType,
  taker: boolean,
  multiplierPermille: number,
  before: number,
  delta: number,
): number {
  if (delta === 0) return 0;
  return (
    feeForBasis(type, taker, multiplierPermille, before + delta) - feeForBasis(type, taker, multiplierPermille, before)
  );
}

/** ceil(a·b / den) exactly, for non-negative safe integers a, b and positive den. */
function ceilDiv(a: number, b: number, den: number): number {
  const product = a * b;
  if (product <= Number.MAX_SAFE_INTEGER) {
    let q = Math.floor(product / den);
    // Float division may land one off; correct with exact integer remainders.
    if (q * den > product) q -= 1;
    let rem = product - q * den;
    if (rem >= den) {
      q += 1;
      rem -= den;
    }
    return rem > 0 ? q + 1 : q;
  }
  const p = BigInt(a) * BigInt(b);
  const d = BigInt(den);
  const q = p / d;
  return Number(p % d === 0n ? q : q + 1n);
}
