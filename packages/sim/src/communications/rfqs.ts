import { parseDollars } from 'kalshi-ts';
import { MAX_ORDER_COUNT, PRICE_SCALE } from '../engine/index.js';
import { isValidMarketPrice } from '../engine/negotiated.js';
import { parseCount, parseSubaccount } from '../routes/trading/inputs.js';
import { ApiError, badRequest, conflict, invalidParameters } from '../server/errors.js';
import type { BodyOf } from '../server/handler.js';
import type { ExchangeState } from '../server/state.js';
import { priceDollars } from '../wire/index.js';
import { announceQuoteCreated, announceRfqCreated, announceRfqDeleted } from './feed.js';
import { checkUuid, nextCommId } from './ids.js';
import type { QuoteRecord, RfqRecord } from './records.js';
import { contractsFor } from './sizing.js';
import { communicationsStore, type CommunicationsStore } from './store.js';

/** Kalshi's cap on open RFQs per user. */
export const MAX_OPEN_RFQS = 100;

type CreateRfqBody = NonNullable<BodyOf<'CreateRFQ'>>;
type CreateQuoteBody = NonNullable<BodyOf<'CreateQuote'>>;

export const marketClosed = (ticker: string, status: string) =>
  new ApiError(400, 'market_closed', `market_ticker: market ${ticker} is ${status}, not open for trading`);

/** The market must be in the catalog and open in the engine; returns its event ticker. */
export function openMarket(exchange: ExchangeState, ticker: string, field = 'market_ticker'): string {
  const row = exchange.db.markets.get(ticker);
  if (!row) throw invalidParameters(`${field}: no market ${ticker}`);
  const m = exchange.trading.engine.getMarket(ticker);
  if (!m || m.status !== 'open') throw marketClosed(ticker, m?.status ?? row.status);
  return row.event_ticker;
}

export function noSubtraders(value: string | undefined, field: string): void {
  if (value !== undefined && value !== '') {
    throw invalidParameters(`${field}: FCM subtraders are not simulated by the local exchange`, 'Use a subaccount number instead.');
  }
}

/** Contracts from `contracts` and/or `contracts_fp` (they must agree), centi-contracts. */
function rfqContracts(body: CreateRfqBody): number | undefined {
  let whole: number | undefined;
  if (body.contracts !== undefined) {
    if (!Number.isSafeInteger(body.contracts) || body.contracts <= 0 || body.contracts * 100 > MAX_ORDER_COUNT) {
      throw invalidParameters(`contracts: must be a positive whole number of at most ${MAX_ORDER_COUNT / 100}, got ${body.contracts}`);
    }
    whole = body.contracts * 100;
  }
  const fp = body.contracts_fp === undefined || body.contracts_fp === null ? undefined : parseCount(body.contracts_fp, 'contracts_fp');
  if (whole !== undefined && fp !== undefined && whole !== fp) {
    throw invalidParameters(`contracts_fp: ${body.contracts_fp} does not match contracts ${body.contracts}`, 'Send one of them, or both with the same value.');
  }
  return fp ?? whole;
}

/** Target cost from `target_cost_dollars` and/or the deprecated centi-cents field, micros. */
function rfqTargetCost(body: CreateRfqBody): number | undefined {
  let dollars: number | undefined;
  if (body.target_cost_dollars !== undefined) {
    try {
      dollars = Number(parseDollars(body.target_cost_dollars, 'target_cost_dollars'));
    } catch {
      throw invalidParameters(`target_cost_dollars: '${body.target_cost_dollars}' is not a dollar amount`, 'Send a string like "100.00".');
    }
    if (dollars <= 0 || !Number.isSafeInteger(dollars)) throw invalidParameters(`target_cost_dollars: must be positive, got ${body.target_cost_dollars}`);
  }
  let centi: number | undefined;
  if (body.target_cost_centi_cents !== undefined) {
    centi = body.target_cost_centi_cents * 100;
    if (centi <= 0 || !Number.isSafeInteger(centi)) throw invalidParameters(`target_cost_centi_cents: must be positive, got ${body.target_cost_centi_cents}`);
  }
  if (dollars !== undefined && centi !== undefined && dollars !== centi) {
    throw invalidParameters('target_cost_dollars: does not match target_cost_centi_cents', 'Send target_cost_dollars only; the centi-cents field is deprecated.');
  }
  return dollars ?? centi;
}

/** Closes an RFQ and cancels its live quotes; the caller saves inside its transaction. */
function closeRfq(store: CommunicationsStore, r: RfqRecord, reason: string, now: number): void {
  r.status = 'closed';
  r.cancelledTs = now;
  r.cancellationReason = reason;
  r.updatedTs = now;
  store.saveRfq(r);
  for (const q of store.quotesOf(r.id)) {
    if (q.status !== 'open' && q.status !== 'accepted') continue;
    cancelQuote(store, q, 'rfq_closed', now);
  }
}

export function cancelQuote(store: CommunicationsStore, q: QuoteRecord, reason: string, now: number): void {
  q.status = 'cancelled';
  q.cancelledTs = now;
  q.cancellationReason = reason;
  q.updatedTs = now;
  store.saveQuote(q);
}

export function createRfq(exchange: ExchangeState, user: string, body: CreateRfqBody): RfqRecord {
  noSubtraders(body.subtrader_id, 'subtrader_id');
  const sub = parseSubaccount(body.subaccount) ?? 0;
  const contracts = rfqContracts(body);
  const targetCost = rfqTargetCost(body);
  if ((contracts === undefined) === (targetCost === undefined)) {
    throw invalidParameters('contracts_fp: size the RFQ by exactly one of contracts_fp (or contracts) and target_cost_dollars');
  }
  if (body.target_cost_excludes_fees !== undefined && targetCost === undefined) {
    throw invalidParameters('target_cost_excludes_fees: only valid together with target_cost_dollars');
  }
  const eventTicker = openMarket(exchange, body.market_ticker);
  const store = communicationsStore(exchange.db);
  const now = exchange.clock.now();
  const replaced: RfqRecord[] = [];
  const rfq = exchange.db.transaction(() => {
    // Replacing closes every open RFQ of the caller, in any market, before the cap is counted.
    if (body.replace_existing === true) {
      for (const old of store.openRfqs(user)) {
        closeRfq(store, old, 'replaced', now);
        replaced.push(old);
      }
    }
    const open = store.openRfqs(user).length;
    if (open >= MAX_OPEN_RFQS) {
      throw conflict(`at most ${MAX_OPEN_RFQS} open RFQs per user; ${open} are open`, 'Delete one, or create with replace_existing.', 'rfq_limit_reached');
    }
    const { id, seq } = nextCommId(exchange.db, 'rfq');
    const r: RfqRecord = {
      id,
      seq,
      user,
      sub,
      ticker: body.market_ticker,
      eventTicker,
      targetCostExcludesFees: body.target_cost_excludes_fees === true,
      obscureCreator: body.obscure_creator_id === true,
      restRemainder: body.rest_remainder,
      status: 'open',
      createdTs: now,
      updatedTs: now,
    };
    if (contracts !== undefined) r.contracts = contracts;
    if (targetCost !== undefined) r.targetCost = targetCost;
    store.saveRfq(r);
    return r;
  });
  for (const old of replaced) announceRfqDeleted(exchange, old);
  announceRfqCreated(exchange, rfq);
  return rfq;
}

/** Only the creator may delete, and only while the RFQ is open. */
export function deleteRfq(exchange: ExchangeState, user: string, rfqId: string): RfqRecord {
  const store = communicationsStore(exchange.db);
  const r = store.rfq(checkUuid(rfqId, 'rfq_id'));
  if (!r) throw rfqNotFound(rfqId);
  if (r.user !== user) throw new ApiError(403, 'forbidden', `rfq_id: RFQ ${rfqId} belongs to another user`, 'Only the RFQ creator can delete it.');
  if (r.status !== 'open') throw badRequest(`rfq_id: RFQ ${rfqId} is already closed`, '', 'rfq_closed');
  exchange.db.transaction(() => closeRfq(store, r, 'deleted', exchange.clock.now()));
  announceRfqDeleted(exchange, r);
  return r;
}

export const rfqNotFound = (rfqId: string) => new ApiError(404, 'not_found', `rfq_id: no RFQ ${rfqId}`);

/** "0" declines a side; anything else must be a price strictly between 0 and 1 dollar. */
function parseBid(text: string, field: string): number {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!m) throw invalidParameters(`${field}: '${text}' is not a dollar price with at most 4 decimals`, 'Send a string like "0.56", or "0" to decline this side.');
  const units = Number(m[1]) * PRICE_SCALE + Number((m[2] ?? '').padEnd(4, '0'));
  if (units >= PRICE_SCALE) throw invalidParameters(`${field}: ${text} must be below 1 dollar`);
  return units;
}

export function createQuote(exchange: ExchangeState, user: string, body: CreateQuoteBody): QuoteRecord {
  const store = communicationsStore(exchange.db);
  const rfq = store.rfq(checkUuid(body.rfq_id, 'rfq_id'));
  // CreateQuote has no 404 in the spec: an unknown RFQ is a bad rfq_id.
  if (!rfq) throw invalidParameters(`rfq_id: no RFQ ${body.rfq_id}`);
  if (rfq.status !== 'open') throw badRequest(`rfq_id: RFQ ${rfq.id} is closed and takes no quotes`, '', 'rfq_closed');
  if (rfq.user === user) throw invalidParameters('rfq_id: you cannot quote your own RFQ');
  const sub = parseSubaccount(body.subaccount) ?? 0;
  const yesBid = parseBid(body.yes_bid, 'yes_bid');
  const noBid = parseBid(body.no_bid, 'no_bid');
  if (yesBid === 0 && noBid === 0) throw invalidParameters('yes_bid: yes_bid and no_bid are both 0; quote at least one side');
  openMarket(exchange, rfq.ticker);
  const engine = exchange.trading.engine;
  // Each quoted side must trade on the market's grid (the NO bid as its YES complement).
  if (yesBid > 0 && !isValidMarketPrice(engine, rfq.ticker, yesBid)) {
    throw new ApiError(400, 'invalid_price', `yes_bid: ${body.yes_bid} is not a valid price in ${rfq.ticker}`);
  }
  if (noBid > 0 && !isValidMarketPrice(engine, rfq.ticker, PRICE_SCALE - noBid)) {
    throw new ApiError(400, 'invalid_price', `no_bid: ${body.no_bid} is not a valid price in ${rfq.ticker} (its YES complement is ${priceDollars(PRICE_SCALE - noBid)})`);
  }
  const market = engine.getMarket(rfq.ticker)!;
  const yesContracts = contractsFor(rfq, market, 'yes', yesBid);
  const noContracts = contractsFor(rfq, market, 'no', noBid);
  if (yesContracts === 0 && noContracts === 0) {
    throw invalidParameters('yes_bid: at these prices the RFQ target cost buys no contracts on either side');
  }
  const mine = store.quotesOf(rfq.id).filter((q) => q.user === user);
  if (mine.some((q) => q.status === 'accepted')) {
    throw badRequest('rfq_id: your quote on this RFQ is accepted and awaits your confirmation', 'Confirm or delete it first.', 'quote_accepted');
  }
  const now = exchange.clock.now();
  const quote = exchange.db.transaction(() => {
    // A new quote replaces the quoter's previous open one on the same RFQ.
    for (const old of mine) if (old.status === 'open') cancelQuote(store, old, 'replaced', now);
    const { id, seq } = nextCommId(exchange.db, 'quote');
    const q: QuoteRecord = {
      id,
      seq,
      rfqId: rfq.id,
      user,
      sub,
      rfqUser: rfq.user,
      rfqSub: rfq.sub,
      ticker: rfq.ticker,
      eventTicker: rfq.eventTicker,
      yesBid,
      noBid,
      yesContracts,
      noContracts,
      restRemainder: body.rest_remainder,
      postOnly: body.post_only === true,
      status: 'open',
      createdTs: now,
      updatedTs: now,
    };
    store.saveQuote(q);
    return q;
  });
  announceQuoteCreated(exchange, quote, rfq);
  return quote;
}
