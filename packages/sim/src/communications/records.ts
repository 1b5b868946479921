// What the communications area stores. Engine units throughout: prices in $0.0001 on their own
// leg, counts in centi-contracts, money in micro-dollars, times in ms.

export type RfqStatus = 'open' | 'closed';
export type QuoteStatus = 'open' | 'accepted' | 'confirmed' | 'executed' | 'cancelled';
export type OutcomeSide = 'yes' | 'no';
export type ProposalStatus = 'open' | 'executed' | 'expired';

export interface RfqRecord {
  id: string;
  seq: number;
  user: string;
  sub: number;
  ticker: string;
  eventTicker: string;
  /** Exactly one of `contracts` and `targetCost` is set. */
  contracts?: number;
  targetCost?: number;
  targetCostExcludesFees: boolean;
  /** Others see the creator as "0" until the RFQ has executed. */
  obscureCreator: boolean;
  restRemainder: boolean;
  status: RfqStatus;
  createdTs: number;
  updatedTs: number;
  cancelledTs?: number;
  cancellationReason?: string;
  executedTs?: number;
}

export interface QuoteRecord {
  id: string;
  seq: number;
  rfqId: string;
  /** The quote's creator (the maker). */
  user: string;
  sub: number;
  rfqUser: string;
  rfqSub: number;
  ticker: string;
  eventTicker: string;
  /** What the quoter pays for a YES / a NO contract; 0 declines that side. */
  yesBid: number;
  noBid: number;
  /** Contracts the RFQ creator gets by accepting each side; 0 where that side is declined. */
  yesContracts: number;
  noContracts: number;
  restRemainder: boolean;
  postOnly: boolean;
  status: QuoteStatus;
  createdTs: number;
  updatedTs: number;
  acceptedSide?: OutcomeSide;
  acceptedTs?: number;
  confirmedTs?: number;
  executedTs?: number;
  cancelledTs?: number;
  cancellationReason?: string;
  /** The executed orders of the quote creator and of the RFQ creator. */
  creatorOrderId?: string;
  rfqCreatorOrderId?: string;
}

export interface ProposalRecord {
  id: string;
  seq: number;
  proposer: string;
  buyer: string;
  buyerSub: number;
  seller: string;
  sellerSub: number;
  ticker: string;
  /** YES price, $0.0001 units (= centi-cents). */
  price: number;
  /** Centi-contracts. */
  count: number;
  makerSide: OutcomeSide;
  expirationTs: number;
  status: ProposalStatus;
  createdTs: number;
  updatedTs: number;
  buyerAcceptedTs?: number;
  sellerAcceptedTs?: number;
  executedTs?: number;
  buyerOrderId?: string;
  sellerOrderId?: string;
}
