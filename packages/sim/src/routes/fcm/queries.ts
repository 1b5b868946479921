import type { SimDatabase } from '../../db/database.js';
import { sharedStatements, Where } from '../../db/query.js';
import type { Fill, Order } from '../../engine/index.js';
import { invalidParameters } from '../../server/errors.js';
import { decodeCursor, encodeCursor } from '../pagination.js';

/*
 * FCM lists read the same write-through rows as the portfolio lists, across a set of subtraders.
 * Newest first by sequence number; a cursor names the last sequence served, so rows added between
 * pages never repeat or shift the walk.
 */

export interface FcmFilter {
  users: readonly string[];
  ticker?: string | undefined;
  eventTicker?: string | undefined;
  /** Unix seconds, inclusive. */
  minTs?: number | undefined;
  maxTs?: number | undefined;
}

const prepare = (db: SimDatabase) => sharedStatements(db.raw);

function where(f: FcmFilter, tsColumn: string): Where {
  const w = new Where().in('user_id', f.users);
  if (f.ticker !== undefined) w.add('ticker = ?', f.ticker);
  if (f.eventTicker !== undefined) w.add('ticker IN (SELECT ticker FROM markets WHERE event_ticker = ?)', f.eventTicker);
  if (f.minTs !== undefined) w.add(`${tsColumn} >= ?`, f.minTs * 1000);
  if (f.maxTs !== undefined) w.add(`${tsColumn} < ?`, (f.maxTs + 1) * 1000);
  return w;
}

function seqAfter(cursor: string | undefined): number | undefined {
  const after = decodeCursor(cursor);
  if (after === undefined) return undefined;
  if (!/^\d+$/.test(after)) throw invalidParameters('cursor: is not a cursor returned by this endpoint');
  return Number(after);
}

export function pageFcmOrders(
  db: SimDatabase,
  f: FcmFilter & { status?: string | undefined; clientOrderIds?: readonly string[] | undefined },
  limit: number,
  cursor: string | undefined,
): { rows: Order[]; cursor: string } {
  const w = where(f, 'created_ts');
  if (f.status !== undefined) w.add('status = ?', f.status);
  if (f.clientOrderIds !== undefined) w.in("json_extract(data, '$.clientOrderId')", f.clientOrderIds);
  const after = seqAfter(cursor);
  if (after !== undefined) w.add('create_seq < ?', after);
  const raw = prepare(db)(`SELECT create_seq AS seq, data FROM orders ${w} ORDER BY create_seq DESC LIMIT ?`).all(...w.params, limit + 1) as { seq: number; data: string }[];
  const page = raw.slice(0, limit);
  return {
    rows: page.map((r) => JSON.parse(r.data) as Order),
    cursor: raw.length > limit ? encodeCursor(String(page[page.length - 1]!.seq)) : '',
  };
}

/** One trade as an FCM sees it: the fills of its own subtraders in it (maker, taker or both). */
export interface TradeFills {
  tradeId: string;
  fills: Fill[];
}

/**
 * Pages of trades rather than fills: when two of the FCM's subtraders traded with each other,
 * both fills are one FcmFill. A trade's two fills are written consecutively (taker, then maker),
 * so grouping adjacent rows by trade id is enough, and 2 × limit + 2 rows always hold `limit`
 * whole trades plus the start of the next.
 */
export function pageFcmFills(db: SimDatabase, f: FcmFilter, limit: number, cursor: string | undefined): { rows: TradeFills[]; cursor: string } {
  const w = where(f, 'ts');
  const after = seqAfter(cursor);
  if (after !== undefined) w.add('seq < ?', after);
  const raw = prepare(db)(`SELECT seq, data FROM fills ${w} ORDER BY seq DESC LIMIT ?`).all(...w.params, 2 * limit + 2) as { seq: number; data: string }[];
  const groups: (TradeFills & { lastSeq: number })[] = [];
  for (const r of raw) {
    const fill = JSON.parse(r.data) as Fill;
    const last = groups[groups.length - 1];
    if (last && last.tradeId === fill.tradeId) {
      last.fills.push(fill);
      last.lastSeq = r.seq;
    } else {
      groups.push({ tradeId: fill.tradeId, fills: [fill], lastSeq: r.seq });
    }
  }
  const page = groups.slice(0, limit);
  return {
    rows: page.map(({ tradeId, fills }) => ({ tradeId, fills })),
    cursor: groups.length > limit ? encodeCursor(String(page[page.length - 1]!.lastSeq)) : '',
  };
}
