import type { PositionView } from '../../engine/index.js';
import type { ExchangeState } from '../../server/state.js';
import { eventPositionsToWire, marketPositionToWire } from '../../wire/index.js';
import { paginate } from '../pagination.js';
import { sharesTraded } from './queries.js';

export type PositionRow = PositionView & { eventTicker: string };

export interface PositionsQuery {
  ticker?: string | undefined;
  event_ticker?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/**
 * One page of an account's positions, by ticker, for GET /portfolio/positions and
 * GET /historical/positions alike: markets it has traded (a market with only resting orders is
 * not a position yet), the caller's `keep` deciding which side of the historical cutoff it
 * serves. Each page carries the totals of its events, summed over all kept positions in them.
 */
export function positionsPage(exchange: ExchangeState, user: string, sub: number, query: PositionsQuery, keep: (p: PositionRow) => boolean) {
  const engine = exchange.trading.engine;
  const all = engine
    .getPositions(user, sub)
    .filter((p) => p.position !== 0 || p.totalTraded !== 0)
    .map((p): PositionRow => ({ ...p, eventTicker: engine.getMarket(p.ticker)?.eventTicker ?? '' }))
    .filter((p) => !query.ticker || p.ticker === query.ticker)
    .filter((p) => !query.event_ticker || p.eventTicker === query.event_ticker)
    .filter(keep)
    .sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
  const page = paginate(
    query.limit ?? 100,
    query.cursor,
    (after, n) => all.filter((p) => after === undefined || p.ticker > after).slice(0, n),
    (p) => p.ticker,
  );
  const events = new Set(page.rows.map((p) => p.eventTicker));
  const eventPositions = eventPositionsToWire(
    all.filter((p) => events.has(p.eventTicker)),
    sharesTraded(exchange.db, user, sub),
  );
  return { market_positions: page.rows.map(marketPositionToWire), event_positions: eventPositions, cursor: page.cursor };
}
