import type { SimDatabase } from '../../db/database.js';
import { sharedStatements, Where } from '../../db/query.js';
import type { Fill, Order, Settlement } from '../../engine/index.js';
import { invalidParameters } from '../../server/errors.js';
import { decodeCursor, encodeCursor } from '../pagination.js';

/*
 * Portfolio lists read the rows the engine writes through (trading/store.ts): every order, fill
 * and settlement with an increasing sequence number. Lists are newest first, so a page is "rows
 * with a sequence below the cursor's"; rows added between pages land before the walk and
 * neither repeat nor shift it.
 */

export interface ListFilter {
  user: string;
  sub?: number | undefined;
  tickers?: readonly string[] | undefined;
  eventTickers?: readonly string[] | undefined;
  /** Unix seconds, inclusive, at whole-second resolution. */
  minTs?: number | undefined;
  maxTs?: number | undefined;
  /** Further conditions, e.g. the side of the historical cutoff (historical/split.ts). */
  also?: readonly { sql: string; params: readonly unknown[] }[] | undefined;
}

const prepare = (db: SimDatabase) => sharedStatements(db.raw);

function where(f: ListFilter, tsColumn: string): Where {
  const w = new Where().add('user_id = ?', f.user);
  if (f.sub !== undefined) w.add('sub = ?', f.sub);
  if (f.tickers) w.in('ticker', f.tickers);
  if (f.eventTickers) {
    const markets = new Where().in('event_ticker', f.eventTickers);
    w.add(`ticker IN (SELECT ticker FROM markets ${markets})`, ...markets.params);
  }
  if (f.minTs !== undefined) w.add(`${tsColumn} >= ?`, f.minTs * 1000);
  if (f.maxTs !== undefined) w.add(`${tsColumn} < ?`, (f.maxTs + 1) * 1000);
  for (const c of f.also ?? []) w.add(c.sql, ...c.params);
  return w;
}

interface Page<T> {
  rows: T[];
  cursor: string;
}

function seqPage<T>(db: SimDatabase, table: string, seqColumn: string, w: Where, limit: number, cursor: string | undefined): Page<T> {
  const after = decodeCursor(cursor);
  if (after !== undefined) {
    if (!/^\d+$/.test(after)) throw invalidParameters('cursor: is not a cursor returned by this endpoint');
    w.add(`${seqColumn} < ?`, Number(after));
  }
  const sql = `SELECT ${seqColumn} AS seq, data FROM ${table} ${w} ORDER BY ${seqColumn} DESC LIMIT ?`;
  const raw = prepare(db)(sql).all(...w.params, limit + 1) as { seq: number; data: string }[];
  const page = raw.slice(0, limit);
  return {
    rows: page.map((r) => JSON.parse(r.data) as T),
    cursor: raw.length > limit ? encodeCursor(String(page[page.length - 1]!.seq)) : '',
  };
}

export function pageOrders(db: SimDatabase, f: ListFilter & { status?: string | undefined }, limit: number, cursor?: string): Page<Order> {
  const w = where(f, 'created_ts');
  if (f.status !== undefined) w.add('status = ?', f.status);
  return seqPage<Order>(db, 'orders', 'create_seq', w, limit, cursor);
}

export function pageFills(db: SimDatabase, f: ListFilter & { orderId?: string | undefined }, limit: number, cursor?: string): Page<Fill> {
  const w = where(f, 'ts');
  if (f.orderId !== undefined) w.add('order_id = ?', f.orderId);
  return seqPage<Fill>(db, 'fills', 'seq', w, limit, cursor);
}

export function pageSettlements(db: SimDatabase, f: ListFilter, limit: number, cursor?: string): Page<Settlement> {
  return seqPage<Settlement>(db, 'settlements', 'seq', where(f, 'ts'), limit, cursor);
}

/** Contracts traded per market (both legs), in centi-contracts, for event positions. */
export function sharesTraded(db: SimDatabase, user: string, sub: number): Map<string, number> {
  const rows = prepare(db)(
    "SELECT ticker, SUM(json_extract(data, '$.count')) AS n FROM fills WHERE user_id = ? AND sub = ? GROUP BY ticker",
  ).all(user, sub) as { ticker: string; n: number }[];
  return new Map(rows.map((r) => [r.ticker, r.n]));
}
