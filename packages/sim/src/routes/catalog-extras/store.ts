import type { rest } from 'kalshi-ts/generated';
import type { SimDatabase } from '../../db/database.js';
import type { Page } from '../../db/events.js';
import { statementCache, Where } from '../../db/query.js';
import type { EventFeeChangeRow, SeriesFeeChangeRow } from '../../seed/extras/fees.js';

export type Collection = rest.MultivariateEventCollection;
export type CollectionStatus = 'unopened' | 'open' | 'closed';

export interface CollectionFilter {
  status?: CollectionStatus;
  nowMs: number;
  eventTicker?: string;
  seriesTicker?: string;
}

export interface MveMarketRow {
  market_ticker: string;
  collection_ticker: string;
  event_ticker: string;
  legs_key: string;
  creator: string;
  created_ts: number;
}

/** Event fee changes walk in time order; the key breaks ties between changes at the same instant. */
export const eventFeeSortKey = (scheduledMs: number, id: string) => `${String(scheduledMs).padStart(15, '0')}|${id}`;

function createStore(db: SimDatabase) {
  const raw = db.raw;
  const prepare = statementCache(raw, 50);
  const insertSeriesFee = raw.prepare(
    'INSERT INTO series_fee_changes (id, series_ticker, fee_type, fee_multiplier, scheduled_ts) VALUES (@id, @series_ticker, @fee_type, @fee_multiplier, @scheduled_ts)',
  );
  const insertEventFee = raw.prepare(`
    INSERT INTO event_fee_changes (id, event_ticker, series_ticker, fee_type_override, fee_multiplier_override, scheduled_ts, sort_key)
    VALUES (@id, @event_ticker, @series_ticker, @fee_type_override, @fee_multiplier_override, @scheduled_ts, @sort_key)`);
  const insertCollection = raw.prepare(
    'INSERT INTO mve_collections (collection_ticker, series_ticker, open_ts, close_ts, data) VALUES (?, ?, ?, ?, ?)',
  );
  const collectionByTicker = raw.prepare<[string], { data: string }>('SELECT data FROM mve_collections WHERE collection_ticker = ?');
  const collectionSeries = raw.prepare<[], { series_ticker: string }>('SELECT DISTINCT series_ticker FROM mve_collections');
  const insertMveEvent = raw.prepare(
    'INSERT INTO mve_events (event_ticker, collection_ticker, series_ticker, created_ts) VALUES (?, ?, ?, ?)',
  );
  const mveEventExists = raw.prepare<[string], { n: number }>('SELECT 1 AS n FROM mve_events WHERE event_ticker = ?');
  const insertMveMarket = raw.prepare(`
    INSERT INTO mve_markets (market_ticker, collection_ticker, event_ticker, legs_key, creator, created_ts)
    VALUES (@market_ticker, @collection_ticker, @event_ticker, @legs_key, @creator, @created_ts)`);
  const mveMarketByLegs = raw.prepare<[string, string], MveMarketRow>(
    'SELECT * FROM mve_markets WHERE collection_ticker = ? AND legs_key = ?',
  );
  const creations = raw.prepare<[string, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM mve_markets WHERE creator = ? AND created_ts > ?',
  );

  return {
    insertSeriesFeeChange(row: SeriesFeeChangeRow): void {
      insertSeriesFee.run(row);
    },
    /** In schedule order; `fromMs` keeps only changes scheduled after it. */
    seriesFeeChanges(filter: { seriesTicker?: string; fromMs?: number }): SeriesFeeChangeRow[] {
      const w = new Where();
      if (filter.seriesTicker !== undefined) w.add('series_ticker = ?', filter.seriesTicker);
      if (filter.fromMs !== undefined) w.add('scheduled_ts > ?', filter.fromMs);
      const sql = `SELECT id, series_ticker, fee_type, fee_multiplier, scheduled_ts FROM series_fee_changes ${w} ORDER BY scheduled_ts, id`;
      return prepare(sql).all(...w.params) as SeriesFeeChangeRow[];
    },

    insertEventFeeChange(row: EventFeeChangeRow): void {
      insertEventFee.run({ ...row, sort_key: eventFeeSortKey(row.scheduled_ts, row.id) });
    },
    /** In schedule order; the page key is the sort key. */
    eventFeeChanges(filter: { eventTicker?: string }, page: Page): (EventFeeChangeRow & { sort_key: string })[] {
      const w = new Where();
      if (filter.eventTicker !== undefined) w.add('event_ticker = ?', filter.eventTicker);
      if (page.after !== undefined) w.add('sort_key > ?', page.after);
      const sql = `SELECT * FROM event_fee_changes ${w} ORDER BY sort_key LIMIT ?`;
      return prepare(sql).all(...w.params, page.limit) as (EventFeeChangeRow & { sort_key: string })[];
    },

    insertCollection(collection: Collection, openMs: number, closeMs: number): void {
      insertCollection.run(collection.collection_ticker, collection.series_ticker, openMs, closeMs, JSON.stringify(collection));
    },
    collection(ticker: string): Collection | undefined {
      const row = collectionByTicker.get(ticker);
      return row && (JSON.parse(row.data) as Collection);
    },
    /** Series whose events are combos: they own a collection. */
    comboSeries(): Set<string> {
      return new Set(collectionSeries.all().map((r) => r.series_ticker));
    },
    /** Ordered by collection ticker, the page key. Status follows the clock: open_date <= now < close_date is open. */
    collections(filter: CollectionFilter, page: Page): Collection[] {
      const w = new Where();
      if (filter.status === 'unopened') w.add('open_ts > ?', filter.nowMs);
      if (filter.status === 'open') w.add('open_ts <= ? AND close_ts > ?', filter.nowMs, filter.nowMs);
      if (filter.status === 'closed') w.add('close_ts <= ?', filter.nowMs);
      if (filter.seriesTicker !== undefined) w.add('series_ticker = ?', filter.seriesTicker);
      if (filter.eventTicker !== undefined) {
        w.add(`EXISTS (SELECT 1 FROM json_each(mve_collections.data, '$.associated_event_tickers') WHERE value = ?)`, filter.eventTicker);
      }
      if (page.after !== undefined) w.add('collection_ticker > ?', page.after);
      const sql = `SELECT data FROM mve_collections ${w} ORDER BY collection_ticker LIMIT ?`;
      return (prepare(sql).all(...w.params, page.limit) as { data: string }[]).map((r) => JSON.parse(r.data) as Collection);
    },

    hasMveEvent(eventTicker: string): boolean {
      return mveEventExists.get(eventTicker) !== undefined;
    },
    insertMveEvent(eventTicker: string, collectionTicker: string, seriesTicker: string, createdMs: number): void {
      insertMveEvent.run(eventTicker, collectionTicker, seriesTicker, createdMs);
    },
    /** Combo event tickers in ticker order (the page key). */
    mveEvents(filter: { collectionTicker?: string; seriesTicker?: string }, page: Page): string[] {
      const w = new Where();
      if (filter.collectionTicker !== undefined) w.add('collection_ticker = ?', filter.collectionTicker);
      if (filter.seriesTicker !== undefined) w.add('series_ticker = ?', filter.seriesTicker);
      if (page.after !== undefined) w.add('event_ticker > ?', page.after);
      const sql = `SELECT event_ticker FROM mve_events ${w} ORDER BY event_ticker LIMIT ?`;
      return (prepare(sql).all(...w.params, page.limit) as { event_ticker: string }[]).map((r) => r.event_ticker);
    },

    insertMveMarket(row: MveMarketRow): void {
      insertMveMarket.run(row);
    },
    mveMarketByLegs(collectionTicker: string, legsKey: string): MveMarketRow | undefined {
      return mveMarketByLegs.get(collectionTicker, legsKey);
    },
    /** Combo markets `user` brought into existence after `sinceMs` (the weekly creation cap). */
    creationsSince(user: string, sinceMs: number): number {
      return creations.get(user, sinceMs)!.n;
    },
  };
}

export type ExtrasStore = ReturnType<typeof createStore>;

const stores = new WeakMap<SimDatabase, ExtrasStore>();

/** One store per database: statements are prepared once, not per request. */
export function extrasStore(db: SimDatabase): ExtrasStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createStore(db)));
  return store;
}
