import type { ExchangeState } from '../server/state.js';
import { countFp, isoMs, moneyDollars, priceDollars } from '../wire/index.js';
import { communicationsIdOf } from './ids.js';
import type { QuoteRecord, RfqRecord } from './records.js';
import { rfqCreatorIdFor } from './wire.js';

/*
 * The `communications` WebSocket channel. RFQ events go to every subscriber; quote events only to
 * the quote's creator and the RFQ's creator, each with their own subaccount (when not the primary)
 * and, on execution, their own order. Called only after the change has committed.
 *
 * Not honoured (the hub does not keep these subscribe parameters): `user_filter: "self"` and the
 * `shard_factor` / `shard_key` fan-out; every subscriber gets every RFQ event.
 */

type Msg = Record<string, unknown>;

function send(exchange: ExchangeState, to: (userId: string) => Msg | undefined, type: string): void {
  const hub = exchange.ws;
  if (!hub) return;
  for (const sub of [...hub.subscribers('communications')]) {
    const msg = to(sub.connection.userId);
    if (msg) sub.connection.data(sub, type, msg);
  }
}

function rfqBody(r: RfqRecord, viewer: string): Msg {
  const msg: Msg = { id: r.id, creator_id: rfqCreatorIdFor(r, viewer), market_ticker: r.ticker, event_ticker: r.eventTicker };
  if (r.contracts !== undefined) msg.contracts_fp = countFp(r.contracts);
  if (r.targetCost !== undefined) msg.target_cost_dollars = moneyDollars(r.targetCost);
  return msg;
}

export function announceRfqCreated(exchange: ExchangeState, r: RfqRecord): void {
  send(exchange, (viewer) => ({ ...rfqBody(r, viewer), created_ts: isoMs(r.createdTs) }), 'rfq_created');
}

export function announceRfqDeleted(exchange: ExchangeState, r: RfqRecord): void {
  send(exchange, (viewer) => ({ ...rfqBody(r, viewer), deleted_ts: isoMs(r.cancelledTs ?? r.updatedTs) }), 'rfq_deleted');
}

/** The fields every quote event carries, for one of the two parties (undefined for anyone else). */
function quoteBody(q: QuoteRecord, rfq: RfqRecord, viewer: string): Msg | undefined {
  if (viewer !== q.user && viewer !== q.rfqUser) return undefined;
  const msg: Msg = {
    quote_id: q.id,
    rfq_id: q.rfqId,
    quote_creator_id: communicationsIdOf(q.user),
    rfq_creator_id: rfqCreatorIdFor(rfq, viewer),
    market_ticker: q.ticker,
    event_ticker: q.eventTicker,
  };
  const sub = viewer === q.user ? q.sub : q.rfqSub;
  if (sub !== 0) msg.subaccount = sub;
  return msg;
}

function offer(q: QuoteRecord, rfq: RfqRecord): Msg {
  const msg: Msg = {
    yes_bid_dollars: priceDollars(q.yesBid),
    no_bid_dollars: priceDollars(q.noBid),
    yes_contracts_offered_fp: countFp(q.yesContracts),
    no_contracts_offered_fp: countFp(q.noContracts),
  };
  if (rfq.targetCost !== undefined) msg.rfq_target_cost_dollars = moneyDollars(rfq.targetCost);
  return msg;
}

export function announceQuoteCreated(exchange: ExchangeState, q: QuoteRecord, rfq: RfqRecord): void {
  send(exchange, (viewer) => {
    const base = quoteBody(q, rfq, viewer);
    return base && { ...base, ...offer(q, rfq), created_ts: isoMs(q.createdTs) };
  }, 'quote_created');
}

export function announceQuoteAccepted(exchange: ExchangeState, q: QuoteRecord, rfq: RfqRecord): void {
  const accepted = q.acceptedSide === 'yes' ? q.yesContracts : q.noContracts;
  send(exchange, (viewer) => {
    const base = quoteBody(q, rfq, viewer);
    return base && { ...base, ...offer(q, rfq), accepted_side: q.acceptedSide, contracts_accepted_fp: countFp(accepted) };
  }, 'quote_accepted');
}

export function announceQuoteExecuted(exchange: ExchangeState, q: QuoteRecord, rfq: RfqRecord): void {
  send(exchange, (viewer) => {
    const base = quoteBody(q, rfq, viewer);
    const orderId = viewer === q.user ? q.creatorOrderId : q.rfqCreatorOrderId;
    // The executed orders are made by the exchange, so they carry no client order id.
    return base && { ...base, order_id: orderId ?? '', client_order_id: '', executed_ts: isoMs(q.executedTs ?? q.updatedTs) };
  }, 'quote_executed');
}
