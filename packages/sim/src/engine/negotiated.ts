// Trades agreed off the book (an RFQ quote, a block trade). Both parties get an order that is
// born executed and one fill each, booked through the same ledger as a match, so positions,
// cash, reserves, fees, open interest and the tape stay exactly as consistent as after a cross.
// Nothing rests and the book is not touched.

import { checkSub, checkUser, type Core, type MarketRec } from './core.js';
import type { Engine } from './engine.js';
import { EngineError, invalid, isInt } from './errors.js';
import { feeBasis, marginalFee } from './fees.js';
import { applyFill, positionHypothesis, requiredReserve, syncReserve } from './ledger.js';
import { OrderRec, unitCost } from './records.js';
import { Recorder } from './recorder.js';
import type { BookSide, OpResult } from './types.js';
import { MAX_ORDER_COUNT, PRICE_SCALE } from './types.js';

export interface NegotiatedParty {
  user: string;
  sub: number;
}

export interface NegotiatedTrade {
  ticker: string;
  /** Buys YES (its order is a bid). */
  buyer: NegotiatedParty;
  /** Sells YES, i.e. buys NO (its order is an ask). */
  seller: NegotiatedParty;
  /** YES price, price units. */
  price: number;
  /** Centi-contracts. */
  count: number;
  /** Which party pays the taker fee; the other is the maker (maker fees per the series' fee type). */
  taker: 'buyer' | 'seller';
  /** A block trade proposal's execution, flagged as such on the tape (an RFQ quote's is not). */
  block?: boolean;
}

export interface NegotiatedResult extends OpResult {
  buyerOrderId: string;
  sellerOrderId: string;
}

/** Whether `price` is on the market's grid (the same rule orders obey). */
export function isValidMarketPrice(engine: Engine, ticker: string, price: number): boolean {
  const m = engine.core.markets.get(ticker);
  return m !== undefined && m.isValidPrice(price);
}

function sameAccount(a: NegotiatedParty, b: NegotiatedParty): boolean {
  return a.user === b.user && a.sub === b.sub;
}

/** Cash one party would have after its fill and a recomputed reserve; negative cannot be funded. */
function cashAfterFill(core: Core, m: MarketRec, party: NegotiatedParty, side: BookSide, t: NegotiatedTrade, isTaker: boolean): number {
  const ma = core.peekMa(party.user, party.sub, m.ticker);
  const pos = ma.position;
  const held = side === 'bid' ? (pos < 0 ? -pos : 0) : pos > 0 ? pos : 0;
  const pairs = t.count < held ? t.count : held;
  const fee = marginalFee(m.feeType, isTaker, m.feeMultiplierPermille, 0, feeBasis(m.feeType, t.count, t.price));
  const delta = pairs * PRICE_SCALE - t.count * unitCost(side, t.price) - fee;
  // Resting orders stay as they are; only the position (and so what they may close) changes.
  const h = positionHypothesis(side === 'bid' ? pos + t.count : pos - t.count, []);
  return ma.account.cash + ma.reserved + delta - requiredReserve(ma, h);
}

/**
 * Everything `executeNegotiated` checks, without changing anything; `funded` limits the balance
 * check to some parties (e.g. the one committing now). Throws an EngineError.
 */
export function checkNegotiated(engine: Engine, t: NegotiatedTrade, funded: readonly ('buyer' | 'seller')[] = ['buyer', 'seller']): void {
  const core = engine.core;
  for (const [party, field] of [[t.buyer, 'buyer'], [t.seller, 'seller']] as const) {
    checkUser(party.user);
    checkSub(party.sub, `${field}_subaccount`);
  }
  if (sameAccount(t.buyer, t.seller)) throw invalid('buyer and seller are the same account', 'seller');
  const m = core.market(t.ticker);
  if (m.status !== 'open') throw new EngineError('market_not_open', `market ${m.ticker} is ${m.status}`, 'ticker');
  if (!m.isValidPrice(t.price)) throw new EngineError('invalid_price', `price ${String(t.price)} is not valid in ${m.ticker}`, 'price');
  if (!isInt(t.count) || t.count <= 0 || t.count > MAX_ORDER_COUNT) {
    throw invalid(`count must be an integer number of centi-contracts in 1..${MAX_ORDER_COUNT}`, 'count');
  }
  if (t.taker !== 'buyer' && t.taker !== 'seller') throw invalid('taker must be buyer or seller', 'taker');
  for (const [party, side, field] of [[t.buyer, 'bid', 'buyer'], [t.seller, 'ask', 'seller']] as const) {
    if (funded.includes(field) && cashAfterFill(core, m, party, side, t, t.taker === field) < 0) {
      throw new EngineError('insufficient_balance', `insufficient balance for the ${field}'s side of this trade`, field);
    }
  }
}

function bookedOrder(core: Core, m: MarketRec, party: NegotiatedParty, side: BookSide, t: NegotiatedTrade, ts: number): OrderRec {
  const o = new OrderRec({
    id: core.deps.nextId('order'),
    user: party.user,
    sub: party.sub,
    ticker: m.ticker,
    side,
    price: t.price,
    count: t.count,
    // Executed in full at once or not at all, which is what fill-or-kill reports.
    timeInForce: 'fill_or_kill',
    ts,
    seq: core.nextSeq(),
    expirationTime: undefined,
    clientOrderId: undefined,
    postOnly: false,
    reduceOnly: false,
    selfTradePrevention: 'taker_at_cross',
    orderGroupId: undefined,
    cancelOnPause: false,
  });
  core.orders.set(o.id, o);
  return o;
}

/**
 * Executes an agreed trade between two accounts at one price. Checks everything first (market
 * open, price on the grid, both sides funded), so a refusal changes nothing.
 */
export function executeNegotiated(engine: Engine, t: NegotiatedTrade): NegotiatedResult {
  checkNegotiated(engine, t);
  const core = engine.core;
  const ts = core.deps.now();
  const m = core.market(t.ticker);
  const rec = new Recorder(ts);
  const basis = feeBasis(m.feeType, t.count, t.price);
  const buy = bookedOrder(core, m, t.buyer, 'bid', t, ts);
  const sell = bookedOrder(core, m, t.seller, 'ask', t, ts);
  const [taker, maker] = t.taker === 'buyer' ? [buy, sell] : [sell, buy];

  let pairs = 0;
  let fees = 0;
  for (const o of [buy, sell]) {
    const isTaker = o === taker;
    const fee = marginalFee(m.feeType, isTaker, m.feeMultiplierPermille, 0, basis);
    const cost = t.count * unitCost(o.side, t.price);
    o.filledCount = t.count;
    o.remainingCount = 0;
    o.status = 'executed';
    o.lastUpdateReason = 'filled';
    if (isTaker) {
      o.takerBasis = basis;
      o.takerFees = fee;
      o.takerFillCost = cost;
    } else {
      o.makerBasis = basis;
      o.makerFees = fee;
      o.makerFillCost = cost;
    }
    const ma = core.maOf(o);
    pairs += applyFill(ma, o.side === 'bid', t.count, t.price, fee, ts);
    syncReserve(ma);
    fees += fee;
    rec.order(o);
    rec.position(ma);
  }
  m.openInterest += t.count - pairs;
  m.volume += t.count;
  m.lastPrice = t.price;
  core.exchangeFees += fees;

  const tradeId = core.deps.nextId('trade');
  rec.trades.push({ id: tradeId, ticker: m.ticker, price: t.price, count: t.count, takerSide: taker.side, takerOrderId: taker.id, makerOrderId: maker.id, ts, ...(t.block ? { block: true } : {}) });
  for (const o of [taker, maker]) {
    rec.fills.push({
      id: core.deps.nextId('fill'),
      orderId: o.id,
      tradeId,
      user: o.user,
      sub: o.sub,
      ticker: m.ticker,
      side: o.side,
      price: t.price,
      count: t.count,
      isTaker: o === taker,
      fee: o === taker ? o.takerFees : o.makerFees,
      ts,
    });
  }
  return { ...rec.finish(taker), buyerOrderId: buy.id, sellerOrderId: sell.id };
}
