import type { rest } from 'kalshi-ts/generated';
import type { SimDatabase } from '../db/database.js';
import { isoToMs } from '../db/query.js';
import { isSettled, type MarketStatus } from '../db/status.js';
import type { Engine, Order } from '../engine/index.js';
import type { Cutoffs } from './cutoff.js';

/*
 * The one definition of "historical" for each kind of data, used by both sides: the live
 * endpoints keep what these reject and /historical/* serves what they accept, so every row is
 * in exactly one of them whatever the cutoff.
 */

/** A WHERE fragment with its bound parameters. */
export interface SqlClause {
  sql: string;
  params: readonly unknown[];
}

/** When the market paid out (ms), or null while it has not. */
export function settledMs(m: rest.Market): number | null {
  return isSettled(m.status as MarketStatus) ? isoToMs(m.settlement_ts) : null;
}

export function isHistoricalMarket(m: rest.Market, cutoffs: Cutoffs): boolean {
  const settled = settledMs(m);
  return settled !== null && settled < cutoffs.market_settled;
}

// A resting order is live whatever its age: it can still trade.
export function isHistoricalOrder(o: Pick<Order, 'status' | 'updatedTs'>, cutoffs: Cutoffs): boolean {
  return o.status !== 'resting' && o.updatedTs < cutoffs.orders_updated;
}

/** Over the `orders` table (status, updated_ts). */
export function orderClause(historical: boolean, cutoffs: Cutoffs): SqlClause {
  return historical
    ? { sql: "status != 'resting' AND updated_ts < ?", params: [cutoffs.orders_updated] }
    : { sql: "(status = 'resting' OR updated_ts >= ?)", params: [cutoffs.orders_updated] };
}

/** Over the `fills` table (ts): a fill belongs where its trade does. */
export function fillClause(historical: boolean, cutoffs: Cutoffs): SqlClause {
  return historical ? { sql: 'ts < ?', params: [cutoffs.trades_created] } : { sql: 'ts >= ?', params: [cutoffs.trades_created] };
}

/** Inclusive ms bounds of the public tape, narrowed to one side of the cutoff. */
export function tradeBounds(historical: boolean, cutoffs: Cutoffs, minTs: number | undefined, maxTs: number | undefined) {
  const at = cutoffs.trades_created;
  return historical
    ? { minTs, maxTs: maxTs === undefined ? at - 1 : Math.min(maxTs, at - 1) }
    : { minTs: minTs === undefined ? at : Math.max(minTs, at), maxTs };
}

/**
 * Events whose positions (of one account) are archived. Archiving is per whole event, so an
 * event's positions never split between the live and historical lists: only once every market
 * of the event has paid out, and the account's last change in any of them predates the cutoff.
 */
export function archivedEvents(db: SimDatabase, engine: Engine, user: string, sub: number, cutoffs: Cutoffs): Set<string> {
  const latest = new Map<string, number>();
  for (const p of engine.getPositions(user, sub)) {
    const event = engine.getMarket(p.ticker)?.eventTicker;
    if (event === undefined) continue;
    latest.set(event, Math.max(latest.get(event) ?? 0, p.lastUpdatedTs));
  }
  const archived = new Set<string>();
  for (const [event, last] of latest) {
    if (last >= cutoffs.market_positions_last_updated) continue;
    const markets = db.markets.byEvent(event);
    if (markets.length > 0 && markets.every((m) => settledMs(m) !== null)) archived.add(event);
  }
  return archived;
}

/**
 * Wraps a keyset fetch so rows failing `keep` are skipped and the page is still filled: it reads
 * on past them until `limit` rows are kept or the source runs out. Skipped rows sit between kept
 * keys, so the caller's cursors stay valid.
 */
export function keepOnly<T>(
  fetch: (after: string | undefined, limit: number) => T[],
  keyOf: (row: T) => string,
  keep: (row: T) => boolean,
): (after: string | undefined, limit: number) => T[] {
  return (after, limit) => {
    const kept: T[] = [];
    let from = after;
    for (;;) {
      const batch = fetch(from, limit);
      for (const row of batch) {
        if (!keep(row)) continue;
        kept.push(row);
        if (kept.length === limit) return kept;
      }
      if (batch.length < limit) return kept;
      from = keyOf(batch[batch.length - 1]!);
    }
  };
}
