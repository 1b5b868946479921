import type { Database } from 'better-sqlite3';

/*
 * Money moving around one user's account outside of trading: numbered subaccounts and the
 * transfers between them, netting settings, deposits and withdrawals made through the admin
 * fund route, the balance held on the other exchange instance (margined) and transfers to and
 * from it, and the target balance allocation. Cash amounts are micro-dollars like the engine's;
 * `seq` orders each history (newest first on the wire) and is what page cursors name.
 */
export function fundsMigration(db: Database): void {
  db.exec(`
    CREATE TABLE subaccounts (
      user_id TEXT NOT NULL REFERENCES users(id),
      number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 63),
      created_ts INTEGER NOT NULL,
      PRIMARY KEY (user_id, number)
    ) WITHOUT ROWID;

    CREATE TABLE subaccount_netting (
      user_id TEXT NOT NULL REFERENCES users(id),
      number INTEGER NOT NULL CHECK (number BETWEEN 0 AND 63),
      enabled INTEGER NOT NULL,
      updated_ts INTEGER NOT NULL,
      PRIMARY KEY (user_id, number)
    ) WITHOUT ROWID;

    CREATE TABLE subaccount_transfers (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES users(id),
      client_transfer_id TEXT,
      from_sub INTEGER NOT NULL,
      to_sub INTEGER NOT NULL,
      amount_micros INTEGER NOT NULL,
      created_ts INTEGER NOT NULL
    );
    CREATE INDEX subaccount_transfers_user ON subaccount_transfers(user_id, seq);
    CREATE UNIQUE INDEX subaccount_transfers_client ON subaccount_transfers(user_id, client_transfer_id)
      WHERE client_transfer_id IS NOT NULL;

    CREATE TABLE cash_movements (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES users(id),
      kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal')),
      method TEXT NOT NULL,
      status TEXT NOT NULL,
      sub INTEGER NOT NULL,
      amount_micros INTEGER NOT NULL,
      fee_micros INTEGER NOT NULL,
      created_ts INTEGER NOT NULL,
      finalized_ts INTEGER
    );
    CREATE INDEX cash_movements_user ON cash_movements(user_id, kind, seq);

    CREATE TABLE instance_balances (
      user_id TEXT NOT NULL REFERENCES users(id),
      instance TEXT NOT NULL,
      balance_micros INTEGER NOT NULL CHECK (balance_micros >= 0),
      PRIMARY KEY (user_id, instance)
    ) WITHOUT ROWID;

    CREATE TABLE instance_transfers (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES users(id),
      source TEXT NOT NULL,
      destination TEXT NOT NULL,
      source_shard INTEGER NOT NULL,
      destination_shard INTEGER NOT NULL,
      source_sub INTEGER NOT NULL,
      destination_sub INTEGER NOT NULL,
      amount_micros INTEGER NOT NULL,
      status TEXT NOT NULL,
      created_ts INTEGER NOT NULL
    );
    CREATE INDEX instance_transfers_user ON instance_transfers(user_id, seq);

    CREATE TABLE balance_allocations (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      allocations TEXT NOT NULL,
      resting_margin_reservation TEXT NOT NULL,
      updated_ts INTEGER NOT NULL
    );
  `);
}
