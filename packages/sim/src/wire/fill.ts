import type { rest } from 'kalshi-ts/generated';
import type { Fill } from '../engine/index.js';
import { PRICE_SCALE } from '../engine/index.js';
import { countFp, isoMs, moneyDollars, priceDollars, unixSeconds } from './format.js';
import { direction } from './order.js';

export function fillToWire(f: Fill): rest.Fill {
  return {
    fill_id: f.id,
    exchange_index: 0,
    // The spec defines trade_id as the legacy name of fill_id, not the public trade's id.
    trade_id: f.id,
    order_id: f.orderId,
    ticker: f.ticker,
    market_ticker: f.ticker,
    ...direction(f.side),
    count_fp: countFp(f.count),
    yes_price_dollars: priceDollars(f.price),
    no_price_dollars: priceDollars(PRICE_SCALE - f.price),
    is_taker: f.isTaker,
    created_time: isoMs(f.ts),
    fee_cost: moneyDollars(f.fee),
    subaccount_number: f.sub,
    ts: unixSeconds(f.ts),
  };
}
