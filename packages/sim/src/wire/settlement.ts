import type { rest } from 'kalshi-ts/generated';
import type { Settlement } from '../engine/index.js';
import { cents, countFp, isoMs, moneyDollars } from './format.js';

/** Price units per cent. */
const UNITS_PER_CENT = 100;

export function settlementToWire(s: Settlement): rest.Settlement {
  return {
    ticker: s.ticker,
    exchange_index: 0,
    event_ticker: s.eventTicker,
    market_result: s.result,
    yes_count_fp: countFp(s.yesCount),
    yes_total_cost_dollars: moneyDollars(s.yesTotalCost),
    no_count_fp: countFp(s.noCount),
    no_total_cost_dollars: moneyDollars(s.noTotalCost),
    // Both integer cents per the spec; a scalar value finer than a cent rounds down.
    revenue: cents(s.revenue),
    value: Math.floor(s.value / UNITS_PER_CENT),
    settled_time: isoMs(s.ts),
    fee_cost: moneyDollars(s.feeCost),
  };
}
