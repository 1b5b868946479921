import type { rest } from 'kalshi-ts/generated';
import { countFp, isoMs, moneyDollars, priceDollars } from '../wire/index.js';
import { communicationsIdOf } from './ids.js';
import type { ProposalRecord, QuoteRecord, RfqRecord } from './records.js';

/*
 * Records -> Kalshi JSON, as one viewer may see them. Public ids are communications ids; user ids,
 * subaccounts and order ids are private to their owner. An RFQ created with obscure_creator_id
 * shows its creator as "0" to everyone else until it has executed.
 */

/** The RFQ creator's public id as `viewer` sees it. */
export function rfqCreatorIdFor(r: Pick<RfqRecord, 'user' | 'obscureCreator' | 'executedTs'>, viewer: string): string {
  return viewer === r.user || !r.obscureCreator || r.executedTs !== undefined ? communicationsIdOf(r.user) : '0';
}

export function rfqToWire(r: RfqRecord, viewer: string): rest.Rfq {
  const out: rest.Rfq = {
    id: r.id,
    creator_id: rfqCreatorIdFor(r, viewer),
    market_ticker: r.ticker,
    // Required by the schema; an RFQ sized by money has no contract count of its own.
    contracts_fp: countFp(r.contracts ?? 0),
    status: r.status,
    created_ts: isoMs(r.createdTs),
    updated_ts: isoMs(r.updatedTs),
    rest_remainder: r.restRemainder,
  };
  if (r.targetCost !== undefined) {
    out.target_cost_dollars = moneyDollars(r.targetCost);
    out.target_cost_excludes_fees = r.targetCostExcludesFees;
  }
  if (r.cancelledTs !== undefined) out.cancelled_ts = isoMs(r.cancelledTs);
  if (r.cancellationReason !== undefined) out.cancellation_reason = r.cancellationReason;
  if (viewer === r.user) {
    out.creator_user_id = r.user;
    out.creator_subaccount = r.sub;
  }
  return out;
}

/** Contracts a quote stands for: the accepted side's once accepted, else its first quoted side's. */
export function quoteContracts(q: QuoteRecord): number {
  if (q.acceptedSide !== undefined) return q.acceptedSide === 'yes' ? q.yesContracts : q.noContracts;
  return q.yesBid > 0 ? q.yesContracts : q.noContracts;
}

export function quoteToWire(q: QuoteRecord, rfq: RfqRecord, viewer: string): rest.Quote {
  const out: rest.Quote = {
    id: q.id,
    rfq_id: q.rfqId,
    creator_id: communicationsIdOf(q.user),
    rfq_creator_id: rfqCreatorIdFor(rfq, viewer),
    market_ticker: q.ticker,
    contracts_fp: countFp(quoteContracts(q)),
    yes_bid_dollars: priceDollars(q.yesBid),
    no_bid_dollars: priceDollars(q.noBid),
    yes_contracts_fp: countFp(q.yesContracts),
    no_contracts_fp: countFp(q.noContracts),
    created_ts: isoMs(q.createdTs),
    updated_ts: isoMs(q.updatedTs),
    status: q.status,
    rest_remainder: q.restRemainder,
  };
  if (rfq.targetCost !== undefined) {
    out.rfq_target_cost_dollars = moneyDollars(rfq.targetCost);
    out.target_cost_excludes_fees = rfq.targetCostExcludesFees;
  }
  if (q.acceptedSide !== undefined) out.accepted_side = q.acceptedSide;
  if (q.acceptedTs !== undefined) out.accepted_ts = isoMs(q.acceptedTs);
  if (q.confirmedTs !== undefined) out.confirmed_ts = isoMs(q.confirmedTs);
  if (q.executedTs !== undefined) out.executed_ts = isoMs(q.executedTs);
  if (q.cancelledTs !== undefined) out.cancelled_ts = isoMs(q.cancelledTs);
  if (q.cancellationReason !== undefined) out.cancellation_reason = q.cancellationReason;
  if (viewer === q.user) {
    out.post_only = q.postOnly;
    out.creator_user_id = q.user;
    out.creator_subaccount = q.sub;
    if (q.creatorOrderId !== undefined) out.creator_order_id = q.creatorOrderId;
  }
  if (viewer === q.rfqUser) {
    out.rfq_creator_user_id = q.rfqUser;
    out.rfq_creator_subaccount = q.rfqSub;
    if (q.rfqCreatorOrderId !== undefined) out.rfq_creator_order_id = q.rfqCreatorOrderId;
  }
  return out;
}

/** A party's user id is shown to that party and to the proposer (who named it), else empty. */
export function proposalToWire(p: ProposalRecord, viewer: string): rest.BlockTradeProposal {
  const sees = (party: string) => viewer === party || viewer === p.proposer;
  const out: rest.BlockTradeProposal = {
    id: p.id,
    proposer_user_id: p.proposer,
    buyer_user_id: sees(p.buyer) ? p.buyer : '',
    seller_user_id: sees(p.seller) ? p.seller : '',
    market_ticker: p.ticker,
    price_centi_cents: p.price,
    centicount: p.count,
    maker_side: p.makerSide,
    expiration_ts: isoMs(p.expirationTs),
    status: p.status,
    created_ts: isoMs(p.createdTs),
    updated_ts: isoMs(p.updatedTs),
    buyer_accepted: p.buyerAcceptedTs !== undefined,
    seller_accepted: p.sellerAcceptedTs !== undefined,
  };
  if (p.buyerAcceptedTs !== undefined) out.buyer_accepted_ts = isoMs(p.buyerAcceptedTs);
  if (p.sellerAcceptedTs !== undefined) out.seller_accepted_ts = isoMs(p.sellerAcceptedTs);
  if (p.executedTs !== undefined) out.executed_ts = isoMs(p.executedTs);
  if (viewer === p.buyer && p.buyerOrderId !== undefined) out.buyer_order_id = p.buyerOrderId;
  if (viewer === p.seller && p.sellerOrderId !== undefined) out.seller_order_id = p.sellerOrderId;
  return out;
}
