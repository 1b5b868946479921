import type { rest } from 'kalshi-ts/generated';
import type { PositionView } from '../engine/index.js';
import { countFp, isoMs, moneyDollars } from './format.js';

export function marketPositionToWire(p: PositionView): rest.MarketPosition {
  return {
    ticker: p.ticker,
    exchange_index: 0,
    total_traded_dollars: moneyDollars(p.totalTraded),
    position_fp: countFp(p.position),
    market_exposure_dollars: moneyDollars(p.marketExposure),
    realized_pnl_dollars: moneyDollars(p.realizedPnl),
    fees_paid_dollars: moneyDollars(p.feesPaid),
    last_updated_ts: isoMs(p.lastUpdatedTs),
  };
}

/**
 * Per-event sums of market positions. `sharesTraded` (centi-contracts per ticker, from the
 * fills) supplies total_cost_shares_fp, which the engine's positions do not track. Events come
 * out in the order their first market appears in `positions`.
 */
export function eventPositionsToWire(
  positions: readonly (PositionView & { eventTicker: string })[],
  sharesTraded: ReadonlyMap<string, number>,
): rest.EventPosition[] {
  const sums = new Map<string, { cost: number; shares: number; exposure: number; pnl: number; fees: number }>();
  for (const p of positions) {
    let s = sums.get(p.eventTicker);
    if (!s) {
      s = { cost: 0, shares: 0, exposure: 0, pnl: 0, fees: 0 };
      sums.set(p.eventTicker, s);
    }
    s.cost += p.totalTraded;
    s.shares += sharesTraded.get(p.ticker) ?? 0;
    s.exposure += p.marketExposure;
    s.pnl += p.realizedPnl;
    s.fees += p.feesPaid;
  }
  return [...sums].map(([eventTicker, s]) => ({
    event_ticker: eventTicker,
    total_cost_dollars: moneyDollars(s.cost),
    total_cost_shares_fp: countFp(s.shares),
    event_exposure_dollars: moneyDollars(s.exposure),
    realized_pnl_dollars: moneyDollars(s.pnl),
    fees_paid_dollars: moneyDollars(s.fees),
  }));
}
