import type { rest } from 'kalshi-ts/generated';
import { cents, moneyDollars, unixSeconds } from './format.js';

export interface BalanceFacts {
  /** Available cash (excludes collateral held for resting orders), micros. */
  cash: number;
  /** Marked value of the open positions, micros. */
  positionsValue: number;
  nowMs: number;
}

export function balanceToWire(b: BalanceFacts): rest.GetBalanceResponse {
  return {
    balance: cents(b.cash),
    balance_dollars: moneyDollars(b.cash),
    portfolio_value: cents(b.positionsValue),
    // The engine keeps no per-account update time; "now" is always a valid answer to "as of".
    updated_ts: unixSeconds(b.nowMs),
    balance_breakdown: [{ exchange_index: 0, balance: moneyDollars(b.cash) }],
  };
}

/** The resting-order summary Kalshi reports in cents, plus its per-shard breakdown. */
export function restingValueToWire(micros: number): rest.GetPortfolioRestingOrderTotalValueResponse {
  return {
    total_resting_order_value: cents(micros),
    resting_order_value_breakdown: [{ exchange_index: 0, balance: moneyDollars(micros) }],
  };
}
