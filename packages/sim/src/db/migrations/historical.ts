import type { Migration } from '../migrations.js';

/**
 * The historical cutoff, one row per kind of data. A row holds either a fixed instant (`cutoff_ms`)
 * or an age (`age_ms`) that follows the exchange clock; a kind without a row uses the default age.
 * Kept in SQLite so a restarted file database keeps the split its clients last saw.
 */
export const historicalMigration: Migration = (db) => {
  db.exec(`
    CREATE TABLE historical_cutoffs (
      kind TEXT PRIMARY KEY CHECK (kind IN ('market_settled', 'trades_created', 'orders_updated', 'market_positions_last_updated')),
      cutoff_ms INTEGER,
      age_ms INTEGER,
      CHECK ((cutoff_ms IS NULL) <> (age_ms IS NULL))
    );
    CREATE INDEX orders_updated ON orders(user_id, status, updated_ts);
  `);
};
