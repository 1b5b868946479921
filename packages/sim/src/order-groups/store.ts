import type { Database } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';

/** How far back filled contracts count against a group's limit. */
export const WINDOW_MS = 15_000;

export interface OrderGroupRow {
  id: string;
  user: string;
  sub: number;
  /** Centi-contracts. */
  limit: number;
  triggered: boolean;
  createdTs: number;
  updatedTs: number;
}

interface RawRow {
  id: string;
  user_id: string;
  sub: number;
  contracts_limit: number;
  triggered: number;
  created_ts: number;
  updated_ts: number;
}

const COLUMNS = 'id, user_id, sub, contracts_limit, triggered, created_ts, updated_ts';

const toRow = (r: RawRow): OrderGroupRow => ({
  id: r.id,
  user: r.user_id,
  sub: r.sub,
  limit: r.contracts_limit,
  triggered: r.triggered === 1,
  createdTs: r.created_ts,
  updatedTs: r.updated_ts,
});

/*
 * Groups live only in SQLite, never in memory: the fill hook writes them inside the operation's
 * transaction, so a rolled-back operation takes its window rows and its trigger with it.
 */
function createStore(raw: Database) {
  const insert = raw.prepare(
    `INSERT INTO order_groups (${COLUMNS}, create_seq)
     VALUES (@id, @user, @sub, @limit, 0, @ts, @ts, (SELECT COALESCE(MAX(create_seq), 0) + 1 FROM order_groups))`,
  );
  const get = raw.prepare<[string], RawRow>(`SELECT ${COLUMNS} FROM order_groups WHERE id = ?`);
  const listAll = raw.prepare<[string], RawRow>(`SELECT ${COLUMNS} FROM order_groups WHERE user_id = ? ORDER BY create_seq`);
  const listSub = raw.prepare<[string, number], RawRow>(`SELECT ${COLUMNS} FROM order_groups WHERE user_id = ? AND sub = ? ORDER BY create_seq`);
  const count = raw.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM order_groups WHERE user_id = ?');
  const setTriggered = raw.prepare('UPDATE order_groups SET triggered = ?, updated_ts = ? WHERE id = ?');
  const setLimit = raw.prepare('UPDATE order_groups SET contracts_limit = ?, updated_ts = ? WHERE id = ?');
  const remove = raw.prepare('DELETE FROM order_groups WHERE id = ?');
  const addFill = raw.prepare('INSERT INTO order_group_fills (group_id, ts, count) VALUES (?, ?, ?)');
  const prune = raw.prepare('DELETE FROM order_group_fills WHERE group_id = ? AND ts <= ?');
  const clear = raw.prepare('DELETE FROM order_group_fills WHERE group_id = ?');
  const total = raw.prepare<[string, number], { n: number }>(
    'SELECT COALESCE(SUM(count), 0) AS n FROM order_group_fills WHERE group_id = ? AND ts > ?',
  );

  return {
    insert(row: { id: string; user: string; sub: number; limit: number; ts: number }): void {
      insert.run(row);
    },
    get(id: string): OrderGroupRow | undefined {
      const r = get.get(id);
      return r && toRow(r);
    },
    /** In creation order; every subaccount unless `sub` is given. */
    list(user: string, sub?: number): OrderGroupRow[] {
      return (sub === undefined ? listAll.all(user) : listSub.all(user, sub)).map(toRow);
    },
    countFor(user: string): number {
      return count.get(user)!.n;
    },
    setTriggered(id: string, triggered: boolean, ts: number): void {
      setTriggered.run(triggered ? 1 : 0, ts, id);
    },
    setLimit(id: string, limit: number, ts: number): void {
      setLimit.run(limit, ts, id);
    },
    /** The window rows go with it (ON DELETE CASCADE). */
    remove(id: string): void {
      remove.run(id);
    },
    /** Records contracts filled at `ts` and forgets what has aged out of the window. */
    addFill(id: string, ts: number, centiContracts: number): void {
      prune.run(id, ts - WINDOW_MS);
      addFill.run(id, ts, centiContracts);
    },
    clearWindow(id: string): void {
      clear.run(id);
    },
    /** Centi-contracts filled in the window ending at `now` (fills exactly 15 s old have left it). */
    windowTotal(id: string, now: number): number {
      return total.get(id, now - WINDOW_MS)!.n;
    },
  };
}

export type OrderGroupStore = ReturnType<typeof createStore>;

const stores = new WeakMap<Database, OrderGroupStore>();

/** One store (its prepared statements) per database connection. */
export function orderGroupStore(db: SimDatabase): OrderGroupStore {
  let store = stores.get(db.raw);
  if (!store) {
    store = createStore(db.raw);
    stores.set(db.raw, store);
  }
  return store;
}
