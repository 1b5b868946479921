import { EngineError } from '../engine/index.js';
import { checkNegotiated, executeNegotiated, type NegotiatedResult, type NegotiatedTrade } from '../engine/negotiated.js';
import { apiErrorOf } from '../routes/trading/errors.js';
import { ApiError, badRequest } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { announceQuoteAccepted, announceQuoteExecuted } from './feed.js';
import { checkUuid } from './ids.js';
import type { OutcomeSide, QuoteRecord, RfqRecord } from './records.js';
import { cancelQuote, marketClosed } from './rfqs.js';
import { quoteTrade } from './sizing.js';
import { communicationsStore } from './store.js';

/*
 * The quote lifecycle: open -> accepted (by the RFQ creator, choosing a side) -> executed (the
 * quoter confirms; the simulator executes at once, so confirmed_ts and executed_ts coincide).
 * open or accepted -> cancelled when the quoter deletes it, a newer quote replaces it, or its
 * RFQ closes. A quote is visible only to its creator and to the RFQ's creator.
 */

const quoteNotFound = (quoteId: string) =>
  new ApiError(404, 'not_found', `quote_id: no quote ${quoteId}`, 'Quotes are visible only to their creator and to the RFQ creator.');

const notYours = (quoteId: string, who: string) => new ApiError(403, 'forbidden', `quote_id: only ${who} can do this to quote ${quoteId}`);

/** A quote the caller may see, addressed by its id and, on the RFQ-scoped paths, its RFQ id. */
export function visibleQuote(exchange: ExchangeState, user: string, quoteId: string, rfqId?: string): { quote: QuoteRecord; rfq: RfqRecord } {
  if (rfqId !== undefined) checkUuid(rfqId, 'rfq_id');
  const store = communicationsStore(exchange.db);
  const quote = store.quote(checkUuid(quoteId, 'quote_id'));
  if (!quote || (quote.user !== user && quote.rfqUser !== user) || (rfqId !== undefined && quote.rfqId !== rfqId)) {
    throw quoteNotFound(quoteId);
  }
  return { quote, rfq: store.rfq(quote.rfqId)! };
}

/** The trade that executing an accepted side of the quote makes. */
function tradeOf(q: QuoteRecord, side: OutcomeSide): NegotiatedTrade {
  const { yesPrice, quoterBuysYes } = quoteTrade(side, side === 'yes' ? q.yesBid : q.noBid);
  const quoter = { user: q.user, sub: q.sub };
  const creator = { user: q.rfqUser, sub: q.rfqSub };
  return {
    ticker: q.ticker,
    buyer: quoterBuysYes ? quoter : creator,
    seller: quoterBuysYes ? creator : quoter,
    price: yesPrice,
    count: side === 'yes' ? q.yesContracts : q.noContracts,
    // The RFQ creator takes the quoter's resting interest.
    taker: quoterBuysYes ? 'seller' : 'buyer',
  };
}

/** An engine refusal, naming whose balance falls short. */
function refusal(err: EngineError, t: NegotiatedTrade, q: QuoteRecord, caller: string): ApiError {
  if (err.code === 'market_not_open') return marketClosed(q.ticker, 'not open');
  if (err.code === 'insufficient_balance') {
    const party = err.field === 'buyer' ? t.buyer : t.seller;
    const whose = party.user === caller ? 'your account' : party.user === q.rfqUser ? "the RFQ creator's account" : "the quote creator's account";
    return new ApiError(400, 'insufficient_balance', `insufficient balance in ${whose} (subaccount ${party.sub}) for this quote`);
  }
  return apiErrorOf(err);
}

export function acceptQuote(exchange: ExchangeState, user: string, quoteId: string, side: OutcomeSide, rfqId?: string): QuoteRecord {
  const { quote: q, rfq } = visibleQuote(exchange, user, quoteId, rfqId);
  if (q.rfqUser !== user) throw notYours(quoteId, 'the RFQ creator');
  if (q.status !== 'open') throw badRequest(`quote_id: quote ${q.id} is ${q.status}, not open`, '', 'quote_not_open');
  if (rfq.status !== 'open') throw badRequest(`rfq_id: RFQ ${rfq.id} is closed`, '', 'rfq_closed');
  const store = communicationsStore(exchange.db);
  if (store.quotesOf(rfq.id).some((o) => o.status === 'accepted')) {
    throw badRequest(`rfq_id: another quote on RFQ ${rfq.id} is accepted and awaits confirmation`, '', 'quote_already_accepted');
  }
  const count = side === 'yes' ? q.yesContracts : q.noContracts;
  if ((side === 'yes' ? q.yesBid : q.noBid) === 0 || count === 0) {
    throw badRequest(`accepted_side: quote ${q.id} offers nothing on the ${side} side`, '', 'invalid_parameters');
  }
  // The creator commits now, so its side must be fundable now; the quoter's is checked on confirm.
  const t = tradeOf(q, side);
  try {
    checkNegotiated(exchange.trading.engine, t, [t.buyer.user === user ? 'buyer' : 'seller']);
  } catch (err) {
    if (err instanceof EngineError) throw refusal(err, t, q, user);
    throw err;
  }
  const now = exchange.clock.now();
  q.status = 'accepted';
  q.acceptedSide = side;
  q.acceptedTs = now;
  q.updatedTs = now;
  exchange.db.transaction(() => store.saveQuote(q));
  announceQuoteAccepted(exchange, q, rfq);
  return q;
}

/** The quoter's last look: executes the accepted side between the two accounts. */
export function confirmQuote(exchange: ExchangeState, user: string, quoteId: string, rfqId?: string): QuoteRecord {
  const { quote: q, rfq } = visibleQuote(exchange, user, quoteId, rfqId);
  if (q.user !== user) throw notYours(quoteId, 'the quote creator');
  if (q.status !== 'accepted' || q.acceptedSide === undefined) {
    throw badRequest(`quote_id: quote ${q.id} is ${q.status}; only an accepted quote can be confirmed`, '', 'quote_not_accepted');
  }
  const store = communicationsStore(exchange.db);
  const t = tradeOf(q, q.acceptedSide);
  let executed: NegotiatedResult | undefined;
  try {
    exchange.trading.run(
      (engine) => (executed = executeNegotiated(engine, t)),
      (result) => {
        const quoterOrder = t.buyer.user === q.user ? executed!.buyerOrderId : executed!.sellerOrderId;
        q.status = 'executed';
        q.confirmedTs = result.ts;
        q.executedTs = result.ts;
        q.updatedTs = result.ts;
        q.creatorOrderId = quoterOrder;
        q.rfqCreatorOrderId = quoterOrder === executed!.buyerOrderId ? executed!.sellerOrderId : executed!.buyerOrderId;
        store.saveQuote(q);
        rfq.status = 'closed';
        rfq.executedTs = result.ts;
        rfq.updatedTs = result.ts;
        store.saveRfq(rfq);
        for (const other of store.quotesOf(rfq.id)) {
          if (other.id !== q.id && other.status === 'open') cancelQuote(store, other, 'rfq_executed', result.ts);
        }
      },
    );
  } catch (err) {
    if (err instanceof EngineError) throw refusal(err, t, q, user);
    throw err;
  }
  announceQuoteExecuted(exchange, q, rfq);
  return q;
}

/** The quoter withdraws a quote that has not executed (also after acceptance: the last look). */
export function deleteQuote(exchange: ExchangeState, user: string, quoteId: string, rfqId?: string): QuoteRecord {
  const { quote: q } = visibleQuote(exchange, user, quoteId, rfqId);
  if (q.user !== user) throw notYours(quoteId, 'the quote creator');
  if (q.status !== 'open' && q.status !== 'accepted') {
    throw badRequest(`quote_id: quote ${q.id} is ${q.status} and can no longer be deleted`, '', 'quote_not_open');
  }
  exchange.db.transaction(() => cancelQuote(communicationsStore(exchange.db), q, 'deleted', exchange.clock.now()));
  return q;
}
