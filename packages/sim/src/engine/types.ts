// Public data shapes of the matching engine. Everything is an integer:
//   price  — "price units" of $0.0001 (10_000 = $1.00), always quoted on the YES leg for orders,
//            fills and trades; book levels of the NO side carry the NO price (10_000 − YES price).
//   count  — centi-contracts (100 = 1 contract).
//   cash   — micro-dollars ($1 = 1_000_000); count × price is exactly micro-dollars.

/** Price units per dollar; a YES + NO pair always pays out this many units per contract. */
export const PRICE_SCALE = 10_000;
export const COUNT_SCALE = 100;
export const MICROS_PER_DOLLAR = 1_000_000;
/** 1,000,000 contracts. Bounding order size keeps every fee basis (count × p × (1−p)) below 2^53. */
export const MAX_ORDER_COUNT = 100_000_000;
export const MAX_SUBACCOUNT = 63;

export type BookSide = 'bid' | 'ask';
export type TimeInForce = 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';
export type SelfTradePrevention = 'taker_at_cross' | 'maker';
export type OrderStatus = 'resting' | 'canceled' | 'executed';
export type MarketStatus = 'unopened' | 'open' | 'paused' | 'closed' | 'settled';
export type FeeType = 'quadratic' | 'quadratic_with_maker_fees' | 'quadratic_with_combo_maker_fees' | 'flat';
export type MarketResult = 'yes' | 'no' | 'scalar';
export type IdKind = 'order' | 'fill' | 'trade';

export type OrderUpdateReason =
  | 'placed'
  | 'filled'
  | 'amended'
  | 'decreased'
  | 'canceled'
  | 'expired'
  | 'self_trade'
  | 'ioc_remainder'
  | 'fok_unfilled'
  | 'market_paused'
  | 'market_closed'
  | 'market_settled';

export interface EngineDeps {
  /** Wall clock in ms; called once per operation. */
  now: () => number;
  nextId: (kind: IdKind) => string;
}

/** Valid prices are `start, start+step, …, end` (inclusive), in price units. */
export interface PriceRange {
  start: number;
  end: number;
  step: number;
}

export interface MarketConfig {
  ticker: string;
  eventTicker: string;
  seriesFeeType: FeeType;
  /** Series fee_multiplier in thousandths (1000 = ×1.0, 500 = ×0.5); defaults to 1000. */
  feeMultiplierPermille?: number;
  /** Price units; 100 = one cent, 10 = $0.001. */
  tick: number;
  priceRanges?: PriceRange[];
  status: MarketStatus;
}

export interface MarketInfo {
  ticker: string;
  eventTicker: string;
  seriesFeeType: FeeType;
  feeMultiplierPermille: number;
  tick: number;
  priceRanges: PriceRange[];
  status: MarketStatus;
  result?: MarketResult;
  /** YES payout per contract in price units, set on settlement. */
  settlementValue?: number;
  settledTs?: number;
  /** Sum of YES positions (= sum of NO positions), centi-contracts. */
  openInterest: number;
  /** Total traded count, centi-contracts. */
  volume: number;
  /** YES price of the last trade, 0 before any trade. */
  lastPrice: number;
}

export interface Order {
  id: string;
  user: string;
  sub: number;
  ticker: string;
  side: BookSide;
  /** YES-leg limit price. */
  price: number;
  /** Count at placement; amend and decrease change remainingCount, not this. */
  initialCount: number;
  filledCount: number;
  remainingCount: number;
  status: OrderStatus;
  timeInForce: TimeInForce;
  createdTs: number;
  updatedTs: number;
  lastUpdateReason?: OrderUpdateReason;
  expirationTime?: number;
  clientOrderId?: string;
  takerFees: number;
  makerFees: number;
  /** What this order's owner paid for its fills on its own leg (bid: count×p, ask: count×(1−p)). */
  takerFillCost: number;
  makerFillCost: number;
  /** Time priority within a price level; lower is earlier. Renewed when an order loses priority. */
  seq: number;
  postOnly: boolean;
  reduceOnly: boolean;
  selfTradePrevention: SelfTradePrevention;
  orderGroupId?: string;
  cancelOnPause: boolean;
}

export interface Fill {
  id: string;
  orderId: string;
  tradeId: string;
  user: string;
  sub: number;
  ticker: string;
  side: BookSide;
  /** YES-leg price of the trade (the maker's price). */
  price: number;
  count: number;
  isTaker: boolean;
  fee: number;
  ts: number;
  clientOrderId?: string;
}

export interface Trade {
  id: string;
  ticker: string;
  price: number;
  count: number;
  takerSide: BookSide;
  takerOrderId: string;
  makerOrderId: string;
  ts: number;
  /** A negotiated block trade rather than a match on the book (the tape flags it). */
  block?: boolean;
}

export interface AccountKey {
  user: string;
  sub: number;
}

export interface PositionKey {
  user: string;
  sub: number;
  ticker: string;
}

export interface BookDelta {
  ticker: string;
  side: 'yes' | 'no';
  /** Price on that side's own leg (NO levels carry NO prices). */
  price: number;
  /** Signed change of resting count at the level. */
  delta: number;
}

export interface Settlement {
  user: string;
  sub: number;
  ticker: string;
  eventTicker: string;
  result: MarketResult;
  /** YES payout per contract, price units. */
  value: number;
  yesCount: number;
  noCount: number;
  /** Cost basis of the settled contracts, micros. */
  yesTotalCost: number;
  noTotalCost: number;
  /** Payout credited, micros. */
  revenue: number;
  /** Fees paid over the life of the position, micros. */
  feeCost: number;
  ts: number;
}

export interface OpResult {
  ts: number;
  order?: Order;
  /** Set when a client_order_id repeat returned the original order without doing anything. */
  duplicate?: boolean;
  fills: Fill[];
  trades: Trade[];
  touchedOrders: Order[];
  touchedAccounts: AccountKey[];
  touchedPositions: PositionKey[];
  bookDeltas: BookDelta[];
  settlements?: Settlement[];
  /** Count removed from the primary order by a cancel / decrease. */
  reducedBy?: number;
}

export interface AccountView {
  user: string;
  sub: number;
  /** Available cash, micros. */
  cash: number;
  /** Collateral held for resting orders, micros. */
  reserved: number;
  feesPaid: number;
}

export interface PositionView {
  user: string;
  sub: number;
  ticker: string;
  /** Centi-contracts; positive = YES held, negative = NO held. */
  position: number;
  /** Cost of the contracts currently held, micros. */
  marketExposure: number;
  /** Sum of what was paid for fills, micros. */
  totalTraded: number;
  /** Closing and settlement proceeds minus the cost basis released, before fees, micros. */
  realizedPnl: number;
  feesPaid: number;
  /** Collateral currently held for this market's resting orders, micros. */
  reserved: number;
  restingOrders: number;
  lastUpdatedTs: number;
}

export interface PlaceOrderRequest {
  ticker: string;
  side: BookSide;
  count: number;
  price: number;
  timeInForce: TimeInForce;
  selfTradePrevention: SelfTradePrevention;
  expirationTime?: number;
  postOnly?: boolean;
  reduceOnly?: boolean;
  clientOrderId?: string;
  subaccount?: number;
  cancelOnPause?: boolean;
  orderGroupId?: string;
}

export interface AmendRequest {
  price?: number;
  /** New total = already filled + desired remaining. */
  count?: number;
  /** ms; 0 removes the expiry; omitted keeps it. */
  expirationTime?: number;
}

export type DecreaseRequest = { reduceBy: number; reduceTo?: undefined } | { reduceTo: number; reduceBy?: undefined };

export interface OrderFilter {
  user?: string;
  sub?: number;
  ticker?: string;
  status?: OrderStatus;
}

export interface OrderbookView {
  /** `[price, count]` ascending by price; YES bids at YES prices. */
  yes: [number, number][];
  /** `[price, count]` ascending by price; NO bids at NO prices. */
  no: [number, number][];
}
