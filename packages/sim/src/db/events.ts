import type { Database } from 'better-sqlite3';
import type { rest } from 'kalshi-ts/generated';
import { isoToMs, statementCache, Where } from './query.js';
import { eventStatus, type EventStatus, type MarketStatus } from './status.js';

/** Events are stored without nested markets; handlers attach them on request. */
export type StoredEvent = Omit<rest.EventData, 'markets'>;

export interface EventFilter {
  seriesTicker?: string;
  eventTickers?: readonly string[];
  status?: EventStatus;
  /** Milliseconds; events with at least one market closing after this. */
  minCloseTs?: number;
  /** Milliseconds; events whose metadata changed after this. */
  minUpdatedTs?: number;
  /** Combo (multivariate) events are those holding multivariate markets. */
  mve?: 'only' | 'exclude';
}

export interface Page {
  /** Return rows strictly after this key (the last key of the previous page). */
  after?: string;
  limit: number;
}

export function eventsTable(db: Database) {
  const prepare = statementCache(db);
  const insert = db.prepare(
    'INSERT INTO events (event_ticker, series_ticker, status, max_close_ts, updated_ts, data) VALUES (?, ?, ?, NULL, ?, ?)',
  );
  const update = db.prepare('UPDATE events SET series_ticker = ?, updated_ts = ?, data = ? WHERE event_ticker = ?');
  const byTicker = db.prepare<[string], { data: string }>('SELECT data FROM events WHERE event_ticker = ?');
  const marketFacts = db.prepare<[string], { status: MarketStatus; close_ts: number }>(
    'SELECT status, close_ts FROM markets WHERE event_ticker = ?',
  );
  const setDerived = db.prepare('UPDATE events SET status = ?, max_close_ts = ? WHERE event_ticker = ?');

  const updatedMs = (e: StoredEvent) => isoToMs(e.last_updated_ts) ?? 0;

  return {
    insert(event: StoredEvent): void {
      insert.run(event.event_ticker, event.series_ticker, eventStatus([]), updatedMs(event), JSON.stringify(event));
    },
    /** Replaces the stored object; returns false when there is no such event. */
    put(event: StoredEvent): boolean {
      const json = JSON.stringify(event);
      return update.run(event.series_ticker, updatedMs(event), json, event.event_ticker).changes === 1;
    },
    get(eventTicker: string): StoredEvent | undefined {
      const row = byTicker.get(eventTicker);
      return row && (JSON.parse(row.data) as StoredEvent);
    },
    /** Recomputes the columns derived from the event's markets (status, latest close time). */
    refreshDerived(eventTicker: string): void {
      const facts = marketFacts.all(eventTicker);
      const maxClose = facts.length ? Math.max(...facts.map((f) => f.close_ts)) : null;
      setDerived.run(eventStatus(facts.map((f) => f.status)), maxClose, eventTicker);
    },
    /** Ordered by event ticker, the pagination key. */
    list(filter: EventFilter, page: Page): StoredEvent[] {
      const where = new Where();
      if (filter.seriesTicker !== undefined) where.add('series_ticker = ?', filter.seriesTicker);
      if (filter.eventTickers) where.in('event_ticker', filter.eventTickers);
      if (filter.status !== undefined) where.add('status = ?', filter.status);
      if (filter.minCloseTs !== undefined) where.add('max_close_ts > ?', filter.minCloseTs);
      if (filter.minUpdatedTs !== undefined) where.add('updated_ts > ?', filter.minUpdatedTs);
      if (filter.mve !== undefined) where.add(`${filter.mve === 'only' ? '' : 'NOT '}EXISTS (SELECT 1 FROM markets m WHERE m.event_ticker = events.event_ticker AND m.mve = 1)`);
      if (page.after !== undefined) where.add('event_ticker > ?', page.after);
      const sql = `SELECT data FROM events ${where} ORDER BY event_ticker LIMIT ?`;
      const rows = prepare(sql).all(...where.params, page.limit) as { data: string }[];
      return rows.map((r) => JSON.parse(r.data) as StoredEvent);
    },
  };
}
export type EventsTable = ReturnType<typeof eventsTable>;
