import type { Database } from 'better-sqlite3';
import type { rest } from 'kalshi-ts/generated';
import { countToUnits } from '../fixed.js';
import type { EventsTable, Page } from './events.js';
import { isoToMs, statementCache, Where } from './query.js';
import { isSettled, type MarketStatus } from './status.js';

/** Every time bound is in milliseconds and inclusive. */
export interface MarketFilter {
  eventTicker?: string;
  seriesTicker?: string;
  tickers?: readonly string[];
  statuses?: readonly MarketStatus[];
  minCreatedTs?: number;
  maxCreatedTs?: number;
  minUpdatedTs?: number;
  maxUpdatedTs?: number;
  minCloseTs?: number;
  maxCloseTs?: number;
  minSettledTs?: number;
  maxSettledTs?: number;
  /** Multivariate (combo) markets: only them, or none of them. */
  mve?: 'only' | 'exclude';
}

interface Columns {
  status: MarketStatus;
  open_ts: number;
  close_ts: number;
  created_ts: number;
  updated_ts: number;
  settled_ts: number | null;
  mve: number;
}

function columnsOf(m: rest.Market): Columns {
  const status = m.status as MarketStatus;
  return {
    status,
    open_ts: isoToMs(m.open_time)!,
    close_ts: isoToMs(m.close_time)!,
    created_ts: isoToMs(m.created_time)!,
    updated_ts: isoToMs(m.updated_time)!,
    settled_ts: isSettled(status) ? isoToMs(m.settlement_ts) : null,
    mve: m.mve_collection_ticker ? 1 : 0,
  };
}

export function marketsTable(db: Database, events: EventsTable) {
  const prepare = statementCache(db);
  const seriesOfEvent = db.prepare<[string], { series_ticker: string }>(
    'SELECT series_ticker FROM events WHERE event_ticker = ?',
  );
  const insert = db.prepare(`
    INSERT INTO markets (ticker, event_ticker, series_ticker, status, open_ts, close_ts, created_ts,
                         updated_ts, settled_ts, mve, fair_price, data)
    VALUES (@ticker, @event_ticker, @series_ticker, @status, @open_ts, @close_ts, @created_ts,
            @updated_ts, @settled_ts, @mve, @fair_price, @data)`);
  const update = db.prepare(`
    UPDATE markets SET status = @status, open_ts = @open_ts, close_ts = @close_ts, created_ts = @created_ts,
                       updated_ts = @updated_ts, settled_ts = @settled_ts, mve = @mve, data = @data
    WHERE ticker = @ticker`);
  const byTicker = db.prepare<[string], { data: string }>('SELECT data FROM markets WHERE ticker = ?');
  const byEvent = db.prepare<[string], { data: string }>(
    'SELECT data FROM markets WHERE event_ticker = ? ORDER BY ticker',
  );
  const fairPrice = db.prepare<[string], { fair_price: number | null }>(
    'SELECT fair_price FROM markets WHERE ticker = ?',
  );
  const setFairPrice = db.prepare('UPDATE markets SET fair_price = ? WHERE ticker = ?');

  const volumes = db.prepare<[], { series_ticker: string; volume: string }>(
    `SELECT series_ticker, json_extract(data, '$.volume_fp') AS volume FROM markets`,
  );

  const parse = (rows: { data: string }[]) => rows.map((r) => JSON.parse(r.data) as rest.Market);

  return {
    /**
     * Adds a market to an existing event. `fairPrice` (units of $0.0001) is the simulator's
     * private idea of the YES value, for the liquidity provider; it never appears on the wire.
     */
    insert(market: rest.Market, fairPrice: number | null = null): void {
      const owner = seriesOfEvent.get(market.event_ticker);
      if (!owner) throw new Error(`market ${market.ticker}: unknown event ${market.event_ticker}`);
      insert.run({
        ticker: market.ticker,
        event_ticker: market.event_ticker,
        series_ticker: owner.series_ticker,
        ...columnsOf(market),
        fair_price: fairPrice,
        data: JSON.stringify(market),
      });
      events.refreshDerived(market.event_ticker);
    },
    get(ticker: string): rest.Market | undefined {
      const row = byTicker.get(ticker);
      return row && (JSON.parse(row.data) as rest.Market);
    },
    /**
     * Merges `patch` into the stored market and keeps the indexed columns and the event's derived
     * status in step. Returns the new market, or undefined when there is no such market.
     */
    update(ticker: string, patch: Partial<Omit<rest.Market, 'ticker' | 'event_ticker'>>): rest.Market | undefined {
      const current = this.get(ticker);
      if (!current) return undefined;
      const next: rest.Market = { ...current, ...patch };
      update.run({ ticker, ...columnsOf(next), data: JSON.stringify(next) });
      events.refreshDerived(next.event_ticker);
      return next;
    },
    byEvent(eventTicker: string): rest.Market[] {
      return parse(byEvent.all(eventTicker));
    },
    /** Traded contracts per series, in units of 0.01 contracts. */
    volumeBySeries(): Map<string, number> {
      const totals = new Map<string, number>();
      for (const row of volumes.all()) {
        totals.set(row.series_ticker, (totals.get(row.series_ticker) ?? 0) + countToUnits(row.volume));
      }
      return totals;
    },
    fairPrice(ticker: string): number | null {
      return fairPrice.get(ticker)?.fair_price ?? null;
    },
    /** The liquidity provider's random walk moves the private fair value; it survives restarts. */
    setFairPrice(ticker: string, units: number): void {
      setFairPrice.run(units, ticker);
    },
    /** Ordered by ticker, the pagination key. */
    list(filter: MarketFilter, page: Page): rest.Market[] {
      const w = new Where();
      if (filter.eventTicker !== undefined) w.add('event_ticker = ?', filter.eventTicker);
      if (filter.seriesTicker !== undefined) w.add('series_ticker = ?', filter.seriesTicker);
      if (filter.tickers) w.in('ticker', filter.tickers);
      if (filter.statuses) w.in('status', filter.statuses);
      const bounds: [keyof MarketFilter, string, string][] = [
        ['minCreatedTs', 'created_ts', '>='],
        ['maxCreatedTs', 'created_ts', '<='],
        ['minUpdatedTs', 'updated_ts', '>='],
        ['maxUpdatedTs', 'updated_ts', '<='],
        ['minCloseTs', 'close_ts', '>='],
        ['maxCloseTs', 'close_ts', '<='],
        ['minSettledTs', 'settled_ts', '>='],
        ['maxSettledTs', 'settled_ts', '<='],
      ];
      for (const [key, column, op] of bounds) {
        const value = filter[key];
        if (value !== undefined) w.add(`${column} ${op} ?`, value);
      }
      if (filter.mve === 'only') w.add('mve = 1');
      if (filter.mve === 'exclude') w.add('mve = 0');
      if (page.after !== undefined) w.add('ticker > ?', page.after);
      const sql = `SELECT data FROM markets ${w} ORDER BY ticker LIMIT ?`;
      return parse(prepare(sql).all(...w.params, page.limit) as { data: string }[]);
    },
  };
}
export type MarketsTable = ReturnType<typeof marketsTable>;
