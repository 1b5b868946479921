import type { Database } from 'better-sqlite3';

/*
 * Catalog extras: fee schedules and multivariate (combo) collections. Seeded rows are written once
 * per database (see seed/extras); combo events and markets created through the API are recorded
 * here next to their catalog rows so a restarted exchange finds the same combination again.
 * Times are integer milliseconds; sort keys let cursors walk in time order.
 */
export function catalogExtrasMigration(db: Database): void {
  db.exec(`
    CREATE TABLE series_fee_changes (
      id TEXT PRIMARY KEY,
      series_ticker TEXT NOT NULL REFERENCES series(ticker),
      fee_type TEXT NOT NULL,
      fee_multiplier REAL NOT NULL,
      scheduled_ts INTEGER NOT NULL
    );
    CREATE INDEX series_fee_changes_series ON series_fee_changes(series_ticker, scheduled_ts);

    CREATE TABLE event_fee_changes (
      id TEXT PRIMARY KEY,
      event_ticker TEXT NOT NULL REFERENCES events(event_ticker),
      series_ticker TEXT NOT NULL,
      fee_type_override TEXT,
      fee_multiplier_override REAL,
      scheduled_ts INTEGER NOT NULL,
      sort_key TEXT NOT NULL UNIQUE
    );
    CREATE INDEX event_fee_changes_event ON event_fee_changes(event_ticker, sort_key);

    CREATE TABLE mve_collections (
      collection_ticker TEXT PRIMARY KEY,
      series_ticker TEXT NOT NULL REFERENCES series(ticker),
      open_ts INTEGER NOT NULL,
      close_ts INTEGER NOT NULL,
      data TEXT NOT NULL
    );

    CREATE TABLE mve_events (
      event_ticker TEXT PRIMARY KEY REFERENCES events(event_ticker),
      collection_ticker TEXT NOT NULL REFERENCES mve_collections(collection_ticker),
      series_ticker TEXT NOT NULL,
      created_ts INTEGER NOT NULL
    );
    CREATE INDEX mve_events_collection ON mve_events(collection_ticker);

    CREATE TABLE mve_markets (
      market_ticker TEXT PRIMARY KEY REFERENCES markets(ticker),
      collection_ticker TEXT NOT NULL REFERENCES mve_collections(collection_ticker),
      event_ticker TEXT NOT NULL REFERENCES mve_events(event_ticker),
      legs_key TEXT NOT NULL,
      creator TEXT NOT NULL,
      created_ts INTEGER NOT NULL,
      UNIQUE (collection_ticker, legs_key)
    );
    CREATE INDEX mve_markets_creator ON mve_markets(creator, created_ts);
  `);
}
