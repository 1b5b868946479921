import type { Database } from 'better-sqlite3';
import type { rest } from 'kalshi-ts/generated';
import { isoToMs, statementCache, Where } from './query.js';

export interface SeriesFilter {
  /** Matches any entry of the series' `categories`, exactly. */
  category?: string;
  /** Series carrying at least one of these tags. */
  tags?: readonly string[];
  /** Milliseconds; series whose metadata changed after this. */
  minUpdatedTs?: number;
}

export function seriesTable(db: Database) {
  const prepare = statementCache(db);
  const insert = db.prepare('INSERT INTO series (ticker, category, updated_ts, data) VALUES (?, ?, ?, ?)');
  const update = db.prepare('UPDATE series SET category = ?, updated_ts = ?, data = ? WHERE ticker = ?');
  const byTicker = db.prepare<[string], { data: string }>('SELECT data FROM series WHERE ticker = ?');

  const updatedMs = (s: rest.Series) => isoToMs(s.last_updated_ts) ?? 0;

  return {
    insert(series: rest.Series): void {
      insert.run(series.ticker, series.category, updatedMs(series), JSON.stringify(series));
    },
    /** Replaces the stored object; returns false when there is no such series. */
    put(series: rest.Series): boolean {
      return update.run(series.category, updatedMs(series), JSON.stringify(series), series.ticker).changes === 1;
    },
    get(ticker: string): rest.Series | undefined {
      const row = byTicker.get(ticker);
      return row && (JSON.parse(row.data) as rest.Series);
    },
    list(filter: SeriesFilter = {}): rest.Series[] {
      const where = new Where();
      if (filter.category !== undefined) {
        where.add(`EXISTS (SELECT 1 FROM json_each(series.data, '$.categories') WHERE value = ?)`, filter.category);
      }
      if (filter.tags) {
        const tags = filter.tags;
        where.add(
          `EXISTS (SELECT 1 FROM json_each(series.data, '$.tags') WHERE value IN (${tags.map(() => '?').join(', ')}))`,
          ...tags,
        );
      }
      if (filter.minUpdatedTs !== undefined) where.add('updated_ts > ?', filter.minUpdatedTs);
      const rows = prepare(`SELECT data FROM series ${where} ORDER BY ticker`).all(...where.params) as { data: string }[];
      return rows.map((r) => JSON.parse(r.data) as rest.Series);
    },
  };
}
export type SeriesTable = ReturnType<typeof seriesTable>;
