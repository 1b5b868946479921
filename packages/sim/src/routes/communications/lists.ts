import { checkUuid } from '../../communications/ids.js';
import { communicationsStore, type SeqPage } from '../../communications/store.js';
import { invalidParameters } from '../../server/errors.js';
import type { QueryOf } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { parseSubaccount } from '../trading/inputs.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import type { ProposalRecord, QuoteRecord, RfqRecord } from '../../communications/records.js';

/*
 * The three lists, newest first. A cursor names the sequence number of the last row served, so
 * rows created between pages land before the walk and neither repeat nor shift it.
 */

const RFQ_STATUSES = ['open', 'closed'];
const QUOTE_STATUSES = ['open', 'accepted', 'confirmed', 'executed', 'cancelled'];
const PROPOSAL_STATUSES = ['open', 'executed', 'expired'];

function beforeSeq(cursor: string | undefined): number | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  if (!/^\d+$/.test(key)) throw invalidParameters('cursor: is not a cursor returned by this endpoint');
  return Number(key);
}

function status(value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!allowed.includes(value)) throw invalidParameters(`status: '${value}' is not one of ${allowed.join(', ')}`);
  return value;
}

function cursorOf<T extends { seq: number }>(page: SeqPage<T>): string {
  return page.more ? encodeCursor(String(page.rows[page.rows.length - 1]!.seq)) : '';
}

const EMPTY = { rows: [], more: false };

/** Two user filters on the same column: both must hold, so disagreeing ones match nothing. */
function both(a: string | undefined, b: string | undefined): { user?: string | undefined; none: boolean } {
  if (a !== undefined && b !== undefined && a !== b) return { none: true };
  return { user: a ?? b, none: false };
}

export function listRfqs(exchange: ExchangeState, me: string, q: QueryOf<'GetRFQs'>): { rows: RfqRecord[]; cursor: string } {
  const creator = q.creator_user_id === undefined || q.creator_user_id === '' ? undefined : checkUuid(q.creator_user_id, 'creator_user_id');
  const sub = parseSubaccount(q.subaccount);
  // A subaccount is private, so filtering by one means the caller's own RFQs on it.
  const self = q.user_filter === 'self' || sub !== undefined ? me : undefined;
  const who = both(creator, self);
  const filter = {
    user: who.user,
    sub,
    ticker: q.market_ticker || undefined,
    eventTicker: q.event_ticker || undefined,
    status: status(q.status, RFQ_STATUSES),
  };
  const before = beforeSeq(q.cursor);
  const page = who.none ? EMPTY : communicationsStore(exchange.db).rfqs(filter, q.limit ?? 100, before);
  return { rows: page.rows, cursor: cursorOf(page) };
}

/** Unix seconds (inclusive, whole-second resolution) -> ms bounds. */
function tsBounds(min: number | undefined, max: number | undefined): { minTs?: number; maxTs?: number } {
  return {
    ...(min !== undefined && { minTs: min * 1000 }),
    ...(max !== undefined && { maxTs: max * 1000 + 999 }),
  };
}

export function listQuotes(exchange: ExchangeState, me: string, q: QueryOf<'GetQuotes'>): { rows: QuoteRecord[]; cursor: string } {
  const uuid = (v: string | undefined, field: string) => (v === undefined || v === '' ? undefined : checkUuid(v, field));
  const creator = both(uuid(q.quote_creator_user_id, 'quote_creator_user_id'), q.user_filter === 'self' ? me : undefined);
  const rfqCreator = both(uuid(q.rfq_creator_user_id, 'rfq_creator_user_id'), q.rfq_user_filter === 'self' ? me : undefined);
  const rfqId = uuid(q.rfq_id, 'rfq_id');
  const filter = {
    viewer: me,
    creator: creator.user,
    rfqCreator: rfqCreator.user,
    rfqId,
    status: status(q.status, QUOTE_STATUSES),
    ...tsBounds(q.min_ts, q.max_ts),
  };
  const before = beforeSeq(q.cursor);
  // There are no FCM subtraders here, so filtering by one finds nothing.
  const none = creator.none || rfqCreator.none || (q.rfq_creator_subtrader_id !== undefined && q.rfq_creator_subtrader_id !== '');
  const page = none ? EMPTY : communicationsStore(exchange.db).quotes(filter, q.limit ?? 500, before);
  return { rows: page.rows, cursor: cursorOf(page) };
}

export function listProposals(exchange: ExchangeState, me: string, q: QueryOf<'GetBlockTradeProposals'>): { rows: ProposalRecord[]; cursor: string } {
  const filter = { viewer: me, ticker: q.market_ticker || undefined, status: status(q.status, PROPOSAL_STATUSES) };
  const page = communicationsStore(exchange.db).proposals(filter, q.limit ?? 100, beforeSeq(q.cursor));
  return { rows: page.rows, cursor: cursorOf(page) };
}
