// Mutable internal records. Public callers only ever see copies (`toOrder`, views), so the
// intrusive list links below never leak out of the engine.

import type {
  BookSide,
  Order,
  OrderStatus,
  OrderUpdateReason,
  SelfTradePrevention,
  TimeInForce,
} from './types.js';
import { PRICE_SCALE } from './types.js';

export class OrderRec {
  id: string;
  user: string;
  sub: number;
  ticker: string;
  side: BookSide;
  price: number;
  initialCount: number;
  filledCount = 0;
  remainingCount: number;
  status: OrderStatus = 'resting';
  timeInForce: TimeInForce;
  createdTs: number;
  updatedTs: number;
  lastUpdateReason: OrderUpdateReason | undefined = 'placed';
  expirationTime: number | undefined;
  clientOrderId: string | undefined;
  takerFees = 0;
  makerFees = 0;
  takerFillCost = 0;
  makerFillCost = 0;
  seq: number;
  /** Creation order; decides which resting orders claim an existing position for closing. */
  createSeq: number;
  postOnly: boolean;
  reduceOnly: boolean;
  selfTradePrevention: SelfTradePrevention;
  orderGroupId: string | undefined;
  cancelOnPause: boolean;
  /** Cumulative fee bases (see fees.ts). */
  takerBasis = 0;
  makerBasis = 0;
  /** Maker fee still reserved for the remaining count. */
  feeRes = 0;

  /** Price-level FIFO links. */
  lvPrev: OrderRec | undefined;
  lvNext: OrderRec | undefined;
  /** Owner's per-market list links, in creation order. */
  acPrev: OrderRec | undefined;
  acNext: OrderRec | undefined;

  constructor(init: {
    id: string;
    user: string;
    sub: number;
    ticker: string;
    side: BookSide;
    price: number;
    count: number;
    timeInForce: TimeInForce;
    ts: number;
    seq: number;
    expirationTime: number | undefined;
    clientOrderId: string | undefined;
    postOnly: boolean;
    reduceOnly: boolean;
    selfTradePrevention: SelfTradePrevention;
    orderGroupId: string | undefined;
    cancelOnPause: boolean;
  }) {
    this.id = init.id;
    this.user = init.user;
    this.sub = init.sub;
    this.ticker = init.ticker;
    this.side = init.side;
    this.price = init.price;
    this.initialCount = init.count;
    this.remainingCount = init.count;
    this.timeInForce = init.timeInForce;
    this.createdTs = init.ts;
    this.updatedTs = init.ts;
    this.seq = init.seq;
    this.createSeq = init.seq;
    this.expirationTime = init.expirationTime;
    this.clientOrderId = init.clientOrderId;
    this.postOnly = init.postOnly;
    this.reduceOnly = init.reduceOnly;
    this.selfTradePrevention = init.selfTradePrevention;
    this.orderGroupId = init.orderGroupId;
    this.cancelOnPause = init.cancelOnPause;
  }
}

/** Cost per centi-contract of buying this side's leg at YES price `price`. */
export function unitCost(side: BookSide, price: number): number {
  return side === 'bid' ? price : PRICE_SCALE - price;
}

/** Where an order rests: YES bids at their price, asks as NO bids at the NO price. */
export function bookPrice(side: BookSide, price: number): number {
  return side === 'bid' ? price : PRICE_SCALE - price;
}

export function toOrder(o: OrderRec): Order {
  const out: Order = {
    id: o.id,
    user: o.user,
    sub: o.sub,
    ticker: o.ticker,
    side: o.side,
    price: o.price,
    initialCount: o.initialCount,
    filledCount: o.filledCount,
    remainingCount: o.remainingCount,
    status: o.status,
    timeInForce: o.timeInForce,
    createdTs: o.createdTs,
    updatedTs: o.updatedTs,
    takerFees: o.takerFees,
    makerFees: o.makerFees,
    takerFillCost: o.takerFillCost,
    makerFillCost: o.makerFillCost,
    seq: o.seq,
    postOnly: o.postOnly,
    reduceOnly: o.reduceOnly,
    selfTradePrevention: o.selfTradePrevention,
    cancelOnPause: o.cancelOnPause,
  };
  if (o.lastUpdateReason !== undefined) out.lastUpdateReason = o.lastUpdateReason;
  if (o.expirationTime !== undefined) out.expirationTime = o.expirationTime;
  if (o.clientOrderId !== undefined) out.clientOrderId = o.clientOrderId;
  if (o.orderGroupId !== undefined) out.orderGroupId = o.orderGroupId;
  return out;
}

/** One side of an owner's resting orders in one market, with running totals for fast reserves. */
export class OrderList {
  head: OrderRec | undefined;
  tail: OrderRec | undefined;
  size = 0;
  /** Sum of remaining counts. */
  remaining = 0;
  /** Sum of remaining × unitCost, i.e. the reserve if nothing could close a position. */
  fullCost = 0;
}

export class Account {
  readonly user: string;
  readonly sub: number;
  cash = 0;
  reserved = 0;
  feesPaid = 0;
  readonly positions = new Map<string, MarketAccount>();

  constructor(user: string, sub: number) {
    this.user = user;
    this.sub = sub;
  }
}

/** An account's state in one market: position, cost basis and its resting orders there. */
export class MarketAccount {
  readonly account: Account;
  readonly ticker: string;
  position = 0;
  exposure = 0;
  realizedPnl = 0;
  totalTraded = 0;
  feesPaid = 0;
  reserved = 0;
  lastUpdatedTs = 0;
  readonly bids = new OrderList();
  readonly asks = new OrderList();
  feeResTotal = 0;

  constructor(account: Account, ticker: string) {
    this.account = account;
    this.ticker = ticker;
  }
}
