import type { Database } from 'better-sqlite3';
import { orderGroupsMigration } from './migrations/order-groups.js';
import { catalogExtrasMigration } from './migrations/catalog-extras.js';
import { fundsMigration } from './migrations/funds.js';
import { fcmMigration } from './migrations/fcm.js';
import { historicalMigration } from './migrations/historical.js';
import { communicationsMigration } from './migrations/communications.js';
import { blockTradesMigration } from './migrations/block-trades.js';

/**
 * Schema history. Entry i brings a database from `PRAGMA user_version = i` to i + 1, so later
 * features (orders, fills, positions, ...) append a function here and existing files upgrade in
 * place. Never edit an entry that has shipped; append a new one.
 *
 * Conventions: timestamps are integer milliseconds since the epoch; prices are integers in units
 * of $0.0001 and counts integers in units of 0.01 contracts (see fixed.ts); rows that mirror a
 * Kalshi object keep the full JSON in `data` plus the columns the filters need, indexed.
 */
export type Migration = (db: Database) => void;

export const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE counters (id TEXT PRIMARY KEY, value INTEGER NOT NULL);

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        fcm INTEGER NOT NULL DEFAULT 0,
        tier TEXT NOT NULL,
        created_ts INTEGER NOT NULL
      );

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        public_key_pem TEXT NOT NULL,
        key_type TEXT NOT NULL CHECK (key_type IN ('rsa', 'ed25519')),
        scopes TEXT NOT NULL,
        name TEXT NOT NULL,
        created_ts INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX api_keys_user ON api_keys(user_id);

      CREATE TABLE series (
        ticker TEXT PRIMARY KEY,
        category TEXT NOT NULL,
        updated_ts INTEGER NOT NULL,
        data TEXT NOT NULL
      );

      CREATE TABLE events (
        event_ticker TEXT PRIMARY KEY,
        series_ticker TEXT NOT NULL REFERENCES series(ticker),
        status TEXT NOT NULL,
        max_close_ts INTEGER,
        updated_ts INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX events_series ON events(series_ticker);
      CREATE INDEX events_status ON events(status);

      CREATE TABLE markets (
        ticker TEXT PRIMARY KEY,
        event_ticker TEXT NOT NULL REFERENCES events(event_ticker),
        series_ticker TEXT NOT NULL REFERENCES series(ticker),
        status TEXT NOT NULL,
        open_ts INTEGER NOT NULL,
        close_ts INTEGER NOT NULL,
        created_ts INTEGER NOT NULL,
        updated_ts INTEGER NOT NULL,
        settled_ts INTEGER,
        mve INTEGER NOT NULL DEFAULT 0,
        fair_price INTEGER,
        data TEXT NOT NULL
      );
      CREATE INDEX markets_event ON markets(event_ticker);
      CREATE INDEX markets_series ON markets(series_ticker);
      CREATE INDEX markets_status ON markets(status);
      CREATE INDEX markets_close ON markets(close_ts);
      CREATE INDEX markets_settled ON markets(settled_ts);

      CREATE TABLE trades (
        id TEXT PRIMARY KEY,
        ticker TEXT NOT NULL REFERENCES markets(ticker),
        price INTEGER NOT NULL,
        count INTEGER NOT NULL,
        taker_side TEXT NOT NULL CHECK (taker_side IN ('yes', 'no')),
        ts INTEGER NOT NULL
      );
      CREATE INDEX trades_ticker_ts ON trades(ticker, ts);
      CREATE INDEX trades_ts ON trades(ts);
    `);
  },
  // The matching engine's state, written through after every operation (see trading/store.ts).
  // Rows keep the engine's own JSON in `data`; the columns serve the portfolio queries.
  (db) => {
    db.exec(`
      CREATE TABLE engine_markets (ticker TEXT PRIMARY KEY REFERENCES markets(ticker), data TEXT NOT NULL);

      CREATE TABLE engine_accounts (
        user_id TEXT NOT NULL,
        sub INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (user_id, sub)
      );

      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        sub INTEGER NOT NULL,
        ticker TEXT NOT NULL,
        status TEXT NOT NULL,
        create_seq INTEGER NOT NULL,
        created_ts INTEGER NOT NULL,
        updated_ts INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX orders_user ON orders(user_id, create_seq);
      CREATE INDEX orders_status ON orders(status);

      CREATE TABLE fills (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        sub INTEGER NOT NULL,
        ticker TEXT NOT NULL,
        order_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX fills_user ON fills(user_id, seq);

      CREATE TABLE settlements (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        sub INTEGER NOT NULL,
        ticker TEXT NOT NULL,
        event_ticker TEXT NOT NULL,
        ts INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX settlements_user ON settlements(user_id, seq);

    `);
  },
  // Market data derived from the engine inside each operation's transaction (market-data/record.ts):
  // OHLC candles per period (1, 60, 1440 minutes) keyed by period start in Unix seconds, and the
  // engine totals last folded into each catalog row, so the seeded history is extended rather
  // than replaced.
  (db) => {
    db.exec(`
      CREATE TABLE candles (
        ticker TEXT NOT NULL,
        period INTEGER NOT NULL,
        start_ts INTEGER NOT NULL,
        bid_open INTEGER NOT NULL,
        bid_high INTEGER NOT NULL,
        bid_low INTEGER NOT NULL,
        bid_close INTEGER NOT NULL,
        ask_open INTEGER NOT NULL,
        ask_high INTEGER NOT NULL,
        ask_low INTEGER NOT NULL,
        ask_close INTEGER NOT NULL,
        price_open INTEGER,
        price_high INTEGER,
        price_low INTEGER,
        price_close INTEGER,
        notional INTEGER NOT NULL,
        volume INTEGER NOT NULL,
        open_interest INTEGER NOT NULL,
        PRIMARY KEY (ticker, period, start_ts)
      ) WITHOUT ROWID;

      CREATE TABLE market_activity (
        ticker TEXT PRIMARY KEY,
        engine_volume INTEGER NOT NULL,
        engine_open_interest INTEGER NOT NULL,
        seed_volume_24h INTEGER NOT NULL
      );
    `);
  },
  catalogExtrasMigration,
  fundsMigration,
  fcmMigration,
  orderGroupsMigration,
  historicalMigration,
  communicationsMigration,
  blockTradesMigration,
];

/** Applies the migrations the file has not seen yet, each in its own transaction. */
export function migrate(db: Database, list: readonly Migration[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new Error(`database schema version ${current} is newer than this simulator (${list.length})`);
  }
  for (let version = current; version < list.length; version++) {
    const step = list[version]!;
    db.transaction(() => {
      step(db);
      // PRAGMA does not take bound parameters; `version` is a loop integer, not input.
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
