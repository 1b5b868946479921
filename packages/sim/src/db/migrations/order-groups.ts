import type { Database } from 'better-sqlite3';

/*
 * Order groups (src/order-groups). A group belongs to one user's subaccount; its limit is in
 * centi-contracts like every count. `order_group_fills` is the rolling window: one row per
 * operation that filled the group's orders, pruned as it ages out, cleared on reset and removed
 * with its group. Times are integer milliseconds on the exchange clock.
 */
export function orderGroupsMigration(db: Database): void {
  db.exec(`
    CREATE TABLE order_groups (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      sub INTEGER NOT NULL,
      contracts_limit INTEGER NOT NULL,
      triggered INTEGER NOT NULL DEFAULT 0,
      create_seq INTEGER NOT NULL UNIQUE,
      created_ts INTEGER NOT NULL,
      updated_ts INTEGER NOT NULL
    );
    CREATE INDEX order_groups_user ON order_groups(user_id, sub, create_seq);

    CREATE TABLE order_group_fills (
      group_id TEXT NOT NULL REFERENCES order_groups(id) ON DELETE CASCADE,
      ts INTEGER NOT NULL,
      count INTEGER NOT NULL
    );
    CREATE INDEX order_group_fills_group ON order_group_fills(group_id, ts);
  `);
}
