import type { Database } from 'better-sqlite3';
import type { Page } from './events.js';

/** One execution on the public tape. Price in units of $0.0001, count in units of 0.01 contracts. */
export interface TradeRow {
  id: string;
  ticker: string;
  price: number;
  count: number;
  takerSide: 'yes' | 'no';
  ts: number;
}

interface RawTrade {
  id: string;
  ticker: string;
  price: number;
  count: number;
  taker_side: 'yes' | 'no';
  ts: number;
}

const fromRaw = (r: RawTrade): TradeRow => ({
  id: r.id,
  ticker: r.ticker,
  price: r.price,
  count: r.count,
  takerSide: r.taker_side,
  ts: r.ts,
});

export function tradesTable(db: Database) {
  const insert = db.prepare('INSERT INTO trades (id, ticker, price, count, taker_side, ts) VALUES (?, ?, ?, ?, ?, ?)');
  const byTicker = db.prepare<[string, number], RawTrade>(
    'SELECT * FROM trades WHERE ticker = ? ORDER BY ts DESC, id DESC LIMIT ?',
  );

  return {
    insert(t: TradeRow): void {
      insert.run(t.id, t.ticker, t.price, t.count, t.takerSide, t.ts);
    },
    /** Newest first. The trades endpoint (with its filters and cursor) arrives with the engine. */
    recent(ticker: string, page: Pick<Page, 'limit'>): TradeRow[] {
      return byTicker.all(ticker, page.limit).map(fromRaw);
    },
  };
}
export type TradesTable = ReturnType<typeof tradesTable>;
