import { EngineError, MAX_ORDER_COUNT } from '../engine/index.js';
import { executeNegotiated, isValidMarketPrice, type NegotiatedResult, type NegotiatedTrade } from '../engine/negotiated.js';
import { apiErrorOf } from '../routes/trading/errors.js';
import { parseSubaccount } from '../routes/trading/inputs.js';
import { ApiError, badRequest, invalidParameters } from '../server/errors.js';
import type { BodyOf } from '../server/handler.js';
import type { ExchangeState } from '../server/state.js';
import { checkUuid, nextCommId } from './ids.js';
import type { ProposalRecord } from './records.js';
import { marketClosed, noSubtraders, openMarket } from './rfqs.js';
import { communicationsStore } from './store.js';

/*
 * Block trades: one party proposes a trade with a named counterparty; the proposer is one of the
 * two sides and counts as having accepted. When the other side accepts, the trade executes at
 * once off the book, at the proposed YES price (`price_centi_cents` = $0.0001 units) and size
 * (`centicount` = 0.01 contracts). `maker_side` names the maker: "yes" makes the buyer (of YES)
 * the maker, "no" the seller; the other side pays the taker fee. Statuses: open -> executed, or
 * expired once `expiration_ts` passes unaccepted.
 */

type ProposeBody = NonNullable<BodyOf<'ProposeBlockTrade'>>;
type AcceptBody = BodyOf<'AcceptBlockTradeProposal'>;

/** Marks open proposals past their expiration as expired (on demand, like order expiry). */
export function expireProposals(exchange: ExchangeState): void {
  const store = communicationsStore(exchange.db);
  const now = exchange.clock.now();
  const due = store.expiredProposals(now);
  if (due.length === 0) return;
  exchange.db.transaction(() => {
    for (const p of due) {
      p.status = 'expired';
      p.updatedTs = now;
      store.saveProposal(p);
    }
  });
}

function knownUser(exchange: ExchangeState, id: string, field: string): string {
  if (!exchange.db.users.get(id)) throw invalidParameters(`${field}: no user ${id}`);
  return id;
}

export function proposeBlockTrade(exchange: ExchangeState, user: string, body: ProposeBody): ProposalRecord {
  noSubtraders(body.buyer_subtrader_id, 'buyer_subtrader_id');
  noSubtraders(body.seller_subtrader_id, 'seller_subtrader_id');
  const buyer = knownUser(exchange, body.buyer_user_id, 'buyer_user_id');
  const seller = knownUser(exchange, body.seller_user_id, 'seller_user_id');
  if (buyer === seller) throw invalidParameters('seller_user_id: buyer and seller must be different users');
  if (user !== buyer && user !== seller) {
    throw new ApiError(403, 'forbidden', 'buyer_user_id: you can only propose a block trade you are a party to', 'Name yourself as the buyer or the seller.');
  }
  const buyerSub = parseSubaccount(body.buyer_subaccount, 'buyer_subaccount') ?? 0;
  const sellerSub = parseSubaccount(body.seller_subaccount, 'seller_subaccount') ?? 0;
  openMarket(exchange, body.market_ticker);
  if (!isValidMarketPrice(exchange.trading.engine, body.market_ticker, body.price_centi_cents)) {
    throw new ApiError(400, 'invalid_price', `price_centi_cents: ${body.price_centi_cents} is not a valid YES price in ${body.market_ticker}`, 'Centi-cents are $0.0001: 5600 is $0.56.');
  }
  if (body.centicount > MAX_ORDER_COUNT) throw invalidParameters(`centicount: at most ${MAX_ORDER_COUNT}, got ${body.centicount}`);
  const now = exchange.clock.now();
  const expiration = Date.parse(body.expiration_ts);
  if (Number.isNaN(expiration)) throw invalidParameters(`expiration_ts: '${body.expiration_ts}' is not an RFC 3339 time`);
  if (expiration <= now) throw invalidParameters(`expiration_ts: ${body.expiration_ts} is not in the future`);
  return exchange.db.transaction(() => {
    const { id, seq } = nextCommId(exchange.db, 'block_trade_proposal');
    const p: ProposalRecord = {
      id,
      seq,
      proposer: user,
      buyer,
      buyerSub,
      seller,
      sellerSub,
      ticker: body.market_ticker,
      price: body.price_centi_cents,
      count: body.centicount,
      makerSide: body.maker_side,
      expirationTs: expiration,
      status: 'open',
      createdTs: now,
      updatedTs: now,
    };
    if (user === buyer) p.buyerAcceptedTs = now;
    else p.sellerAcceptedTs = now;
    communicationsStore(exchange.db).saveProposal(p);
    return p;
  });
}

/** The counterparty accepts (as the proposed subaccount, or the one it names); the trade executes. */
export function acceptBlockTrade(exchange: ExchangeState, user: string, proposalId: string, body: AcceptBody): ProposalRecord {
  checkUuid(proposalId, 'block_trade_proposal_id');
  noSubtraders(body?.subtrader_id, 'subtrader_id');
  const sub = parseSubaccount(body?.subaccount);
  expireProposals(exchange);
  const store = communicationsStore(exchange.db);
  const p = store.proposal(proposalId);
  if (!p || (user !== p.buyer && user !== p.seller && user !== p.proposer)) {
    throw new ApiError(404, 'not_found', `block_trade_proposal_id: no block trade proposal ${proposalId}`);
  }
  if (p.status !== 'open') throw badRequest(`block_trade_proposal_id: proposal ${p.id} is ${p.status}`, '', `proposal_${p.status}`);
  const role = user === p.buyer && p.buyerAcceptedTs === undefined ? 'buyer' : user === p.seller && p.sellerAcceptedTs === undefined ? 'seller' : undefined;
  if (role === undefined) throw badRequest(`block_trade_proposal_id: you have already accepted proposal ${p.id}`, 'It executes when the counterparty accepts.', 'already_accepted');
  if (sub !== undefined) {
    if (role === 'buyer') p.buyerSub = sub;
    else p.sellerSub = sub;
  }
  const t: NegotiatedTrade = {
    ticker: p.ticker,
    buyer: { user: p.buyer, sub: p.buyerSub },
    seller: { user: p.seller, sub: p.sellerSub },
    price: p.price,
    count: p.count,
    taker: p.makerSide === 'yes' ? 'seller' : 'buyer',
    block: true,
  };
  let executed: NegotiatedResult | undefined;
  try {
    exchange.trading.run(
      (engine) => (executed = executeNegotiated(engine, t)),
      (result) => {
        if (role === 'buyer') p.buyerAcceptedTs = result.ts;
        else p.sellerAcceptedTs = result.ts;
        p.status = 'executed';
        p.executedTs = result.ts;
        p.updatedTs = result.ts;
        p.buyerOrderId = executed!.buyerOrderId;
        p.sellerOrderId = executed!.sellerOrderId;
        store.saveProposal(p);
        for (const trade of result.trades) store.markBlockTrade(trade.id, p.id);
      },
    );
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    if (err.code === 'market_not_open') throw marketClosed(p.ticker, 'not open');
    if (err.code === 'insufficient_balance') {
      const party = err.field === 'buyer' ? t.buyer : t.seller;
      const whose = party.user === user ? 'your account' : "the counterparty's account";
      throw new ApiError(400, 'insufficient_balance', `insufficient balance in ${whose} (subaccount ${party.sub}) for this block trade`);
    }
    throw apiErrorOf(err);
  }
  return p;
}
