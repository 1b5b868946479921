import { EngineError, type Engine, type Fill, type OpResult, type Order } from '../../engine/index.js';
import type { ApiError } from '../../server/errors.js';
import type { AuthInfo } from '../../server/auth.js';
import type { ExchangeState } from '../../server/state.js';
import { moneyDollars } from '../../wire/index.js';
import { apiErrorOf, orderNotFound } from './errors.js';

/** Micro-dollars per dollar; an average over whole contracts is micros × 100 / centi-contracts. */
const MICROS_PER_DOLLAR = 1_000_000;

/** Every trading operation needs a signature, so the pipeline always sets `auth` here. */
export function userOf(auth: AuthInfo | null): string {
  if (!auth) throw new Error('trading handler reached without authentication');
  return auth.userId;
}

/**
 * The caller's order, or 404: another user's order is indistinguishable from a missing one.
 * `sub` and `ticker`, when the request names them, must match too (they route the request).
 */
export function ownOrder(engine: Engine, user: string, orderId: string, scope: { sub?: number | undefined; ticker?: string | undefined } = {}): Order {
  const o = engine.getOrder(orderId);
  if (!o || o.user !== user) throw orderNotFound(orderId);
  if (scope.sub !== undefined && o.sub !== scope.sub) throw orderNotFound(orderId);
  if (scope.ticker !== undefined && scope.ticker !== '' && o.ticker !== scope.ticker) throw orderNotFound(orderId);
  return o;
}

/** One engine operation through the persisted writer; a refusal becomes its Kalshi error. */
export function runOp(exchange: ExchangeState, op: (engine: Engine) => OpResult, refusal: (err: EngineError) => ApiError = apiErrorOf): OpResult {
  try {
    return exchange.trading.run(op);
  } catch (err) {
    if (err instanceof EngineError) throw refusal(err);
    throw err;
  }
}

export interface FillSummary {
  /** Centi-contracts. */
  count: number;
  /** Volume-weighted YES price and fee per contract; absent without fills. */
  averagePrice?: string;
  averageFee?: string;
}

const perContract = (micros: number, count: number): number => Math.round((micros * 100) / count);

/** What the fills of one order within one operation add up to. */
export function summarizeFills(fills: readonly Fill[], orderId: string): FillSummary {
  let count = 0;
  let notional = 0;
  let fees = 0;
  for (const f of fills) {
    if (f.orderId !== orderId) continue;
    count += f.count;
    notional += f.count * f.price;
    fees += f.fee;
  }
  if (count === 0) return { count };
  return { count, averagePrice: moneyDollars(perContract(notional, count)), averageFee: moneyDollars(perContract(fees, count)) };
}

/**
 * The same summary over an order's whole life, from its running totals: what a client_order_id
 * repeat reports. The fill costs are on the order's own leg, so an ask's YES price is 1 − cost.
 */
export function summarizeOrder(o: Order): FillSummary {
  const count = o.filledCount;
  if (count === 0) return { count };
  const leg = perContract(o.takerFillCost + o.makerFillCost, count);
  const yes = o.side === 'bid' ? leg : MICROS_PER_DOLLAR - leg;
  return { count, averagePrice: moneyDollars(yes), averageFee: moneyDollars(perContract(o.takerFees + o.makerFees, count)) };
}
