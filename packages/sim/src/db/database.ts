import Database, { type Database as Connection } from 'better-sqlite3';
import { apiKeysTable, type ApiKeysTable } from './api-keys.js';
import { candlesTable, marketActivityTable, type CandlesTable, type MarketActivityTable } from './candles.js';
import { countersTable, metaTable, type CountersTable, type MetaTable } from './counters.js';
import { eventsTable, type EventsTable } from './events.js';
import { marketsTable, type MarketsTable } from './markets.js';
import { migrate, migrations, type Migration } from './migrations.js';
import { seriesTable, type SeriesTable } from './series.js';
import { tradesTable, type TradesTable } from './trades.js';
import { usersTable, type UsersTable } from './users.js';

export interface OpenDatabaseOptions {
  /** File path; omitted or ':memory:' keeps everything in memory. */
  path?: string;
  /** Defaults to the simulator's own list; tests may pass a longer one. */
  migrations?: readonly Migration[];
}

/** The exchange's storage: the raw connection plus one small typed accessor per table. */
export interface SimDatabase {
  /** The better-sqlite3 connection, for migrations and queries the accessors do not cover. */
  readonly raw: Connection;
  readonly path: string;
  readonly meta: MetaTable;
  readonly counters: CountersTable;
  readonly users: UsersTable;
  readonly apiKeys: ApiKeysTable;
  readonly series: SeriesTable;
  readonly events: EventsTable;
  readonly markets: MarketsTable;
  readonly trades: TradesTable;
  readonly candles: CandlesTable;
  readonly marketActivity: MarketActivityTable;
  /** Runs `fn` atomically: every write inside commits together or not at all. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function openDatabase(options: OpenDatabaseOptions = {}): SimDatabase {
  const path = options.path ?? ':memory:';
  const raw = new Database(path);
  try {
    // WAL lets a second process (a viewer, sqlite3 shell) read while the exchange writes.
    if (path !== ':memory:') raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
    migrate(raw, options.migrations ?? migrations);
  } catch (err) {
    raw.close();
    throw err;
  }

  const events = eventsTable(raw);
  return {
    raw,
    path,
    meta: metaTable(raw),
    counters: countersTable(raw),
    users: usersTable(raw),
    apiKeys: apiKeysTable(raw),
    series: seriesTable(raw),
    events,
    markets: marketsTable(raw, events),
    trades: tradesTable(raw),
    candles: candlesTable(raw),
    marketActivity: marketActivityTable(raw),
    transaction<T>(fn: () => T): T {
      return raw.transaction(fn)();
    },
    close(): void {
      if (raw.open) raw.close();
    },
  };
}
