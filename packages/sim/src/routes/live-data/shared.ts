import { liveCatalogOf, type LiveCatalog } from '../../seed/live-data/index.js';
import { LiveContext, type Outcomes } from '../../seed/live-data/live.js';
import type { ExchangeState } from '../../server/state.js';
import { paginate } from '../pagination.js';

/** Results as the catalog holds them now: an admin settlement shows up in live data at once. */
const outcomesOf = (exchange: ExchangeState): Outcomes => ({
  marketsOf: (eventTicker) =>
    exchange.db.markets.byEvent(eventTicker).map((m) => ({ ticker: m.ticker, result: m.result, expiration_value: m.expiration_value })),
});

export const catalogOf = (exchange: ExchangeState): LiveCatalog => liveCatalogOf(exchange.db);

/** Live values at the exchange clock's now, for one request. */
export const liveContext = (exchange: ExchangeState): LiveContext =>
  new LiveContext(liveCatalogOf(exchange.db), outcomesOf(exchange), exchange.clock.now());

/**
 * A page of an in-memory list sorted by `keyOf` (the same opaque cursors as the SQL-backed
 * lists): rows strictly after the previous page's last key.
 */
export function pageOf<T>(rows: readonly T[], keyOf: (row: T) => string, limit: number, cursor: string | undefined) {
  return paginate(
    limit,
    cursor,
    (after, n) => (after === undefined ? rows : rows.filter((r) => keyOf(r) > after)).slice(0, n),
    keyOf,
  );
}

export const sameText = (a: string | null | undefined, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
