import type { Database } from 'better-sqlite3';
import type { Page } from './events.js';
import { statementCache, Where } from './query.js';

/** Every bound is inclusive, in milliseconds. */
export interface TradeFilter {
  ticker?: string;
  minTs?: number;
  maxTs?: number;
  /** Only block trades (true) or only trades matched on the book (false). */
  block?: boolean;
}

/** One execution on the public tape. Price in units of $0.0001, count in units of 0.01 contracts. */
export interface TradeRow {
  id: string;
  ticker: string;
  price: number;
  count: number;
  takerSide: 'yes' | 'no';
  ts: number;
  block: boolean;
}

/** A trade to record: on-book unless marked a block trade. */
export type NewTrade = Omit<TradeRow, 'block'> & { block?: boolean };

interface RawTrade {
  id: string;
  ticker: string;
  price: number;
  count: number;
  taker_side: 'yes' | 'no';
  ts: number;
  block: number;
}

const fromRaw = (r: RawTrade): TradeRow => ({
  id: r.id,
  ticker: r.ticker,
  price: r.price,
  count: r.count,
  takerSide: r.taker_side,
  ts: r.ts,
  block: r.block === 1,
});

export function tradesTable(db: Database) {
  const prepare = statementCache(db, 20);
  const insert = db.prepare('INSERT INTO trades (id, ticker, price, count, taker_side, ts, block) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const byTicker = db.prepare<[string, number], RawTrade>(
    'SELECT * FROM trades WHERE ticker = ? ORDER BY ts DESC, id DESC LIMIT ?',
  );

  return {
    insert(t: NewTrade): void {
      insert.run(t.id, t.ticker, t.price, t.count, t.takerSide, t.ts, t.block ? 1 : 0);
    },
    /** Newest first by time. */
    recent(ticker: string, page: Pick<Page, 'limit'>): TradeRow[] {
      return byTicker.all(ticker, page.limit).map(fromRaw);
    },
    /**
     * Newest first by id: ids are issued in execution order, so the walk stays stable even when
     * the exchange clock is set back. `page.after` is the last id already served.
     */
    list(filter: TradeFilter, page: Page): TradeRow[] {
      const w = new Where();
      if (filter.ticker !== undefined) w.add('ticker = ?', filter.ticker);
      if (filter.minTs !== undefined) w.add('ts >= ?', filter.minTs);
      if (filter.maxTs !== undefined) w.add('ts <= ?', filter.maxTs);
      if (filter.block !== undefined) w.add('block = ?', filter.block ? 1 : 0);
      if (page.after !== undefined) w.add('id < ?', page.after);
      const rows = prepare(`SELECT * FROM trades ${w} ORDER BY id DESC LIMIT ?`).all(...w.params, page.limit) as RawTrade[];
      return rows.map(fromRaw);
    },
  };
}
export type TradesTable = ReturnType<typeof tradesTable>;
