import type { Database } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';
import { statementCache, Where } from '../db/query.js';
import type { ProposalRecord, QuoteRecord, RfqRecord } from './records.js';

/** A page of records, newest first; `more` says whether rows remain past the last one. */
export interface SeqPage<T> {
  rows: T[];
  more: boolean;
}

export interface RfqFilter {
  user?: string | undefined;
  sub?: number | undefined;
  ticker?: string | undefined;
  eventTicker?: string | undefined;
  status?: string | undefined;
}

export interface QuoteFilter {
  /** The caller: only quotes they created or that answer their RFQs are visible. */
  viewer: string;
  creator?: string | undefined;
  rfqCreator?: string | undefined;
  rfqId?: string | undefined;
  status?: string | undefined;
  /** Inclusive bounds on the last update, ms. */
  minTs?: number | undefined;
  maxTs?: number | undefined;
}

export interface ProposalFilter {
  /** The caller: proposer, buyer or seller. */
  viewer: string;
  ticker?: string | undefined;
  status?: string | undefined;
}

/** Typed access to the communications tables; one per database, made on first use. */
export class CommunicationsStore {
  readonly #prepare: ReturnType<typeof statementCache>;

  constructor(readonly db: SimDatabase) {
    this.#prepare = statementCache(db.raw, 50);
  }

  #page<T>(table: string, w: Where, limit: number, beforeSeq: number | undefined): SeqPage<T> {
    if (beforeSeq !== undefined) w.add('seq < ?', beforeSeq);
    const rows = this.#prepare(`SELECT data FROM ${table} ${w} ORDER BY seq DESC LIMIT ?`).all(...w.params, limit + 1) as { data: string }[];
    return { rows: rows.slice(0, limit).map((r) => JSON.parse(r.data) as T), more: rows.length > limit };
  }

  #one<T>(table: string, id: string): T | undefined {
    const row = this.#prepare(`SELECT data FROM ${table} WHERE id = ?`).get(id) as { data: string } | undefined;
    return row && (JSON.parse(row.data) as T);
  }

  // ---- RFQs

  saveRfq(r: RfqRecord): void {
    this.#prepare(`
      INSERT INTO comm_rfqs (id, seq, user_id, sub, ticker, event_ticker, status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data`).run(
      r.id, r.seq, r.user, r.sub, r.ticker, r.eventTicker, r.status, JSON.stringify(r),
    );
  }

  rfq(id: string): RfqRecord | undefined {
    return this.#one<RfqRecord>('comm_rfqs', id);
  }

  rfqs(f: RfqFilter, limit: number, beforeSeq?: number): SeqPage<RfqRecord> {
    const w = new Where();
    if (f.user !== undefined) w.add('user_id = ?', f.user);
    if (f.sub !== undefined) w.add('sub = ?', f.sub);
    if (f.ticker !== undefined) w.add('ticker = ?', f.ticker);
    if (f.eventTicker !== undefined) w.add('event_ticker = ?', f.eventTicker);
    if (f.status !== undefined) w.add('status = ?', f.status);
    return this.#page<RfqRecord>('comm_rfqs', w, limit, beforeSeq);
  }

  openRfqs(user: string): RfqRecord[] {
    const rows = this.#prepare("SELECT data FROM comm_rfqs WHERE user_id = ? AND status = 'open' ORDER BY seq").all(user) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as RfqRecord);
  }

  // ---- quotes

  saveQuote(q: QuoteRecord): void {
    this.#prepare(`
      INSERT INTO comm_quotes (id, seq, rfq_id, user_id, rfq_user_id, status, updated_ts, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_ts = excluded.updated_ts, data = excluded.data`).run(
      q.id, q.seq, q.rfqId, q.user, q.rfqUser, q.status, q.updatedTs, JSON.stringify(q),
    );
  }

  quote(id: string): QuoteRecord | undefined {
    return this.#one<QuoteRecord>('comm_quotes', id);
  }

  /** Quotes on one RFQ, oldest first. */
  quotesOf(rfqId: string): QuoteRecord[] {
    const rows = this.#prepare('SELECT data FROM comm_quotes WHERE rfq_id = ? ORDER BY seq').all(rfqId) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as QuoteRecord);
  }

  quotes(f: QuoteFilter, limit: number, beforeSeq?: number): SeqPage<QuoteRecord> {
    const w = new Where().add('(user_id = ? OR rfq_user_id = ?)', f.viewer, f.viewer);
    if (f.creator !== undefined) w.add('user_id = ?', f.creator);
    if (f.rfqCreator !== undefined) w.add('rfq_user_id = ?', f.rfqCreator);
    if (f.rfqId !== undefined) w.add('rfq_id = ?', f.rfqId);
    if (f.status !== undefined) w.add('status = ?', f.status);
    if (f.minTs !== undefined) w.add('updated_ts >= ?', f.minTs);
    if (f.maxTs !== undefined) w.add('updated_ts <= ?', f.maxTs);
    return this.#page<QuoteRecord>('comm_quotes', w, limit, beforeSeq);
  }

  // ---- block trade proposals

  saveProposal(p: ProposalRecord): void {
    this.#prepare(`
      INSERT INTO comm_block_proposals (id, seq, proposer_id, buyer_id, seller_id, ticker, status, expiration_ts, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data`).run(
      p.id, p.seq, p.proposer, p.buyer, p.seller, p.ticker, p.status, p.expirationTs, JSON.stringify(p),
    );
  }

  proposal(id: string): ProposalRecord | undefined {
    return this.#one<ProposalRecord>('comm_block_proposals', id);
  }

  proposals(f: ProposalFilter, limit: number, beforeSeq?: number): SeqPage<ProposalRecord> {
    const w = new Where().add('(proposer_id = ? OR buyer_id = ? OR seller_id = ?)', f.viewer, f.viewer, f.viewer);
    if (f.ticker !== undefined) w.add('ticker = ?', f.ticker);
    if (f.status !== undefined) w.add('status = ?', f.status);
    return this.#page<ProposalRecord>('comm_block_proposals', w, limit, beforeSeq);
  }

  /** Open proposals whose expiration has been reached. */
  expiredProposals(nowMs: number): ProposalRecord[] {
    const rows = this.#prepare("SELECT data FROM comm_block_proposals WHERE status = 'open' AND expiration_ts <= ? ORDER BY seq").all(nowMs) as {
      data: string;
    }[];
    return rows.map((r) => JSON.parse(r.data) as ProposalRecord);
  }

  markBlockTrade(tradeId: string, proposalId: string): void {
    this.#prepare('INSERT INTO comm_block_trades (trade_id, proposal_id) VALUES (?, ?)').run(tradeId, proposalId);
  }
}

const stores = new WeakMap<Database, CommunicationsStore>();

export function communicationsStore(db: SimDatabase): CommunicationsStore {
  let store = stores.get(db.raw);
  if (!store) {
    store = new CommunicationsStore(db);
    stores.set(db.raw, store);
  }
  return store;
}

/**
 * Whether a trade on the tape came from an executed block trade proposal: for the tape's
 * `is_block_trade` (GetTrades, the `trade` channel), which live outside this area.
 */
export function isBlockTrade(db: SimDatabase, tradeId: string): boolean {
  return db.raw.prepare('SELECT 1 FROM comm_block_trades WHERE trade_id = ?').get(tradeId) !== undefined;
}
