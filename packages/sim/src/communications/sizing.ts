import { feeBasis, feeForBasis, MAX_ORDER_COUNT, PRICE_SCALE, type MarketInfo } from '../engine/index.js';
import type { OutcomeSide, RfqRecord } from './records.js';

/*
 * Quote semantics (the spec is silent; chosen here and documented in the report):
 *   yes_bid is what the quoter pays for a YES contract, no_bid what it pays for a NO contract.
 *   The RFQ creator accepting side S takes the other side of the quoter's S bid:
 *     accepted_side "yes": the quoter buys YES at yes_bid, the creator buys NO at 1 − yes_bid;
 *     accepted_side "no":  the quoter buys NO at no_bid,   the creator buys YES at 1 − no_bid.
 *   The quoter is the maker and the RFQ creator the taker of the resulting trade.
 */

/** The trade accepting `side` of a quote makes, as engine terms. */
export function quoteTrade(side: OutcomeSide, bid: number): { yesPrice: number; quoterBuysYes: boolean } {
  return side === 'yes' ? { yesPrice: bid, quoterBuysYes: true } : { yesPrice: PRICE_SCALE - bid, quoterBuysYes: false };
}

/** The taker fee the RFQ creator would pay for `count` at YES price `yesPrice`, micros. */
function takerFee(m: MarketInfo, count: number, yesPrice: number): number {
  return feeForBasis(m.seriesFeeType, true, m.feeMultiplierPermille, feeBasis(m.seriesFeeType, count, yesPrice));
}

/**
 * Centi-contracts the RFQ creator gets by accepting `side` at `bid`: the RFQ's count, or for an
 * RFQ sized by money the most whose cost (plus the creator's taker fee, unless the RFQ excludes
 * fees) fits the target. 0 when the side is declined.
 */
export function contractsFor(rfq: RfqRecord, m: MarketInfo, side: OutcomeSide, bid: number): number {
  if (bid === 0) return 0;
  if (rfq.contracts !== undefined) return rfq.contracts;
  const target = rfq.targetCost ?? 0;
  const { yesPrice } = quoteTrade(side, bid);
  // What the creator pays per centi-contract on its own leg, in micros.
  const unit = PRICE_SCALE - bid;
  let hi = Math.min(Math.floor(target / unit), MAX_ORDER_COUNT);
  if (rfq.targetCostExcludesFees) return hi;
  // Cost plus fee grows with the count, so the largest count that fits is found by bisection.
  let lo = 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (mid * unit + takerFee(m, mid, yesPrice) <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
