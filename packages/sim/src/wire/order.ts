import type { rest } from 'kalshi-ts/generated';
import type { BookSide, Order } from '../engine/index.js';
import { PRICE_SCALE } from '../engine/index.js';
import { countFp, isoMs, moneyDollars, priceDollars } from './format.js';

/**
 * Direction in every vocabulary Kalshi uses. V2 orders are quoted on the YES leg, so a bid buys
 * YES and an ask sells YES (= long NO); the legacy pair is therefore always side `yes`.
 */
export function direction(side: BookSide): Pick<rest.Order, 'side' | 'action' | 'outcome_side' | 'book_side'> {
  return side === 'bid'
    ? { side: 'yes', action: 'buy', outcome_side: 'yes', book_side: 'bid' }
    : { side: 'yes', action: 'sell', outcome_side: 'no', book_side: 'ask' };
}

export function orderToWire(o: Order): rest.Order {
  return {
    order_id: o.id,
    user_id: o.user,
    // Required by the schema even for orders placed without one.
    client_order_id: o.clientOrderId ?? '',
    ticker: o.ticker,
    ...direction(o.side),
    type: 'limit',
    status: o.status,
    yes_price_dollars: priceDollars(o.price),
    no_price_dollars: priceDollars(PRICE_SCALE - o.price),
    fill_count_fp: countFp(o.filledCount),
    remaining_count_fp: countFp(o.remainingCount),
    initial_count_fp: countFp(o.initialCount),
    taker_fill_cost_dollars: moneyDollars(o.takerFillCost),
    maker_fill_cost_dollars: moneyDollars(o.makerFillCost),
    taker_fees_dollars: moneyDollars(o.takerFees),
    maker_fees_dollars: moneyDollars(o.makerFees),
    expiration_time: o.expirationTime === undefined ? null : isoMs(o.expirationTime),
    created_time: isoMs(o.createdTs),
    last_update_time: isoMs(o.updatedTs),
    self_trade_prevention_type: o.selfTradePrevention,
    order_group_id: o.orderGroupId ?? null,
    cancel_order_on_pause: o.cancelOnPause,
    subaccount_number: o.sub,
    exchange_index: 0,
  };
}
