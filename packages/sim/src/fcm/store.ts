import type { Database } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';
import type { Fill, Settlement } from '../engine/index.js';

export interface SubtraderRow {
  subtraderId: string;
  fcmUserId: string;
  suffix: string;
  createdTs: number;
}

interface RawSubtrader {
  subtrader_id: string;
  fcm_user_id: string;
  suffix: string;
  created_ts: number;
}

const fromRaw = (r: RawSubtrader): SubtraderRow => ({ subtraderId: r.subtrader_id, fcmUserId: r.fcm_user_id, suffix: r.suffix, createdTs: r.created_ts });

function build(db: Database) {
  const insert = db.prepare('INSERT INTO fcm_subtraders (subtrader_id, fcm_user_id, suffix, created_ts) VALUES (?, ?, ?, ?)');
  const byId = db.prepare<[string], RawSubtrader>('SELECT * FROM fcm_subtraders WHERE subtrader_id = ?');
  const byFcm = db.prepare<[string], RawSubtrader>('SELECT * FROM fcm_subtraders WHERE fcm_user_id = ? ORDER BY created_ts, subtrader_id');
  const capOf = db.prepare<[string], { limit_micros: number }>('SELECT limit_micros FROM fcm_daily_caps WHERE subtrader_id = ?');
  const upsertCap = db.prepare(
    `INSERT INTO fcm_daily_caps (subtrader_id, limit_micros, updated_ts) VALUES (?, ?, ?)
     ON CONFLICT (subtrader_id) DO UPDATE SET limit_micros = excluded.limit_micros, updated_ts = excluded.updated_ts`,
  );
  const deleteCap = db.prepare('DELETE FROM fcm_daily_caps WHERE subtrader_id = ?');
  const blocked = db.prepare<[string], { category: string }>('SELECT category FROM fcm_blocked_categories WHERE subtrader_id = ? ORDER BY category');
  const block = db.prepare('INSERT OR IGNORE INTO fcm_blocked_categories (subtrader_id, category, created_ts) VALUES (?, ?, ?)');
  const unblock = db.prepare('DELETE FROM fcm_blocked_categories WHERE subtrader_id = ? AND category = ?');
  const categoryOfMarket = db.prepare<[string], { category: string }>(
    'SELECT s.category FROM markets m JOIN series s ON s.ticker = m.series_ticker WHERE m.ticker = ?',
  );
  const categoryExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM series WHERE category = ? LIMIT 1');
  const fillsOf = db.prepare<[string], { data: string }>('SELECT data FROM fills WHERE user_id = ? ORDER BY seq');
  const settlementsSince = db.prepare<[string, number], { data: string }>('SELECT data FROM settlements WHERE user_id = ? AND ts >= ?');

  return {
    insertSubtrader(row: SubtraderRow): void {
      insert.run(row.subtraderId, row.fcmUserId, row.suffix, row.createdTs);
    },
    subtrader(id: string): SubtraderRow | undefined {
      const row = byId.get(id);
      return row && fromRaw(row);
    },
    subtradersOf(fcmUserId: string): SubtraderRow[] {
      return byFcm.all(fcmUserId).map(fromRaw);
    },
    /** Micro-dollars, or undefined when no cap is configured. */
    dailyCap(subtraderId: string): number | undefined {
      return capOf.get(subtraderId)?.limit_micros;
    },
    setDailyCap(subtraderId: string, limitMicros: number, nowMs: number): void {
      upsertCap.run(subtraderId, limitMicros, nowMs);
    },
    /** Returns false when there was no cap to remove. */
    deleteDailyCap(subtraderId: string): boolean {
      return deleteCap.run(subtraderId).changes === 1;
    },
    blockedCategories(subtraderId: string): string[] {
      return blocked.all(subtraderId).map((r) => r.category);
    },
    setBlocked(subtraderId: string, category: string, isBlocked: boolean, nowMs: number): void {
      if (isBlocked) block.run(subtraderId, category, nowMs);
      else unblock.run(subtraderId, category);
    },
    /** The category of the series a market belongs to (undefined for an unknown market). */
    marketCategory(ticker: string): string | undefined {
      return categoryOfMarket.get(ticker)?.category;
    },
    categoryExists(category: string): boolean {
      return categoryExists.get(category) !== undefined;
    },
    /** Every fill of the user, oldest first. */
    fillsOf(user: string): Fill[] {
      return fillsOf.all(user).map((r) => JSON.parse(r.data) as Fill);
    },
    settlementsSince(user: string, sinceMs: number): Settlement[] {
      return settlementsSince.all(user, sinceMs).map((r) => JSON.parse(r.data) as Settlement);
    },
  };
}

export type FcmStore = ReturnType<typeof build>;

// The shared SimDatabase has no slot for this area's tables; statements are prepared once per
// connection and dropped with it.
const stores = new WeakMap<Database, FcmStore>();

export function fcmStore(db: SimDatabase): FcmStore {
  let store = stores.get(db.raw);
  if (!store) {
    store = build(db.raw);
    stores.set(db.raw, store);
  }
  return store;
}
