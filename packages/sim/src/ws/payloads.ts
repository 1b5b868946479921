// Engine records mapped to the spec's payload `msg` shapes. Typed by the generated payload types,
// so a field the spec adds or renames shows up here as a compile error.
import type { ws } from 'kalshi-ts/generated';
import type { BookDelta, Engine, Fill, Order, OrderUpdateReason, PositionView, Trade } from '../engine/index.js';
import { PRICE_SCALE } from '../engine/index.js';
import { count, iso, micros, price, seconds } from './format.js';
import { marketIdOf } from './protocol.js';

type Msg<T extends { msg: unknown }> = T['msg'];

const outcome = (side: 'bid' | 'ask'): 'yes' | 'no' => (side === 'bid' ? 'yes' : 'no');

/** NO levels carry NO prices; with use_yes_price they are reported at the YES price instead. */
const sidePrice = (side: 'yes' | 'no', units: number, useYesPrice: boolean): number =>
  side === 'no' && useYesPrice ? PRICE_SCALE - units : units;

export function snapshotMsg(engine: Engine, ticker: string, useYesPrice: boolean): Msg<ws.OrderbookSnapshotPayload> {
  const book = engine.orderbook(ticker);
  const leg = (side: 'yes' | 'no', levels: [number, number][]) =>
    levels
      .map(([p, c]): [number, number] => [sidePrice(side, p, useYesPrice), c])
      .sort((a, b) => a[0] - b[0])
      .map(([p, c]) => [price(p), count(c)]);
  const msg: Msg<ws.OrderbookSnapshotPayload> = { market_ticker: ticker, market_id: marketIdOf(ticker) };
  // The socket leaves a side out entirely when it has no bids.
  if (book.yes.length > 0) msg.yes_dollars_fp = leg('yes', book.yes);
  if (book.no.length > 0) msg.no_dollars_fp = leg('no', book.no);
  return msg;
}

export function deltaMsg(
  d: BookDelta,
  ts: number,
  useYesPrice: boolean,
  cause: { clientOrderId?: string | undefined; sub: number } | undefined,
): Msg<ws.OrderbookDeltaPayload> {
  const msg: Msg<ws.OrderbookDeltaPayload> = {
    market_ticker: d.ticker,
    market_id: marketIdOf(d.ticker),
    price_dollars: price(sidePrice(d.side, d.price, useYesPrice)),
    delta_fp: count(d.delta),
    side: d.side,
    ts: iso(ts),
    ts_ms: ts,
  };
  if (cause?.clientOrderId !== undefined) msg.client_order_id = cause.clientOrderId;
  if (cause !== undefined && cause.sub !== 0) msg.subaccount = cause.sub;
  return msg;
}

export function tradeMsg(t: Trade): Msg<ws.TradePayload> {
  const side = outcome(t.takerSide);
  return {
    trade_id: t.id,
    market_ticker: t.ticker,
    yes_price_dollars: price(t.price),
    no_price_dollars: price(PRICE_SCALE - t.price),
    count_fp: count(t.count),
    taker_side: side,
    taker_outcome_side: side,
    taker_book_side: t.takerSide,
    is_block_trade: t.block === true,
    ts: seconds(t.ts),
    ts_ms: t.ts,
  };
}

/**
 * `trade_id` identifies the fill (the spec's "what you use to differentiate fills") and equals
 * the REST fill's trade_id, so a client deduplicating socket fills against a REST backfill sees
 * one key per fill. The legacy side/action pair reads as REST writes it: YES bought or sold.
 */
export function fillMsg(f: Fill, postPosition: number): Msg<ws.FillPayload> {
  const side = outcome(f.side);
  const msg: Msg<ws.FillPayload> = {
    trade_id: f.id,
    order_id: f.orderId,
    market_ticker: f.ticker,
    exchange_index: 0,
    is_taker: f.isTaker,
    side: 'yes',
    yes_price_dollars: price(f.price),
    count_fp: count(f.count),
    fee_cost: micros(f.fee),
    action: f.side === 'bid' ? 'buy' : 'sell',
    ts: seconds(f.ts),
    ts_ms: f.ts,
    post_position_fp: count(postPosition),
    purchased_side: side,
    outcome_side: side,
    book_side: f.side,
    subaccount: f.sub,
  };
  if (f.clientOrderId !== undefined) msg.client_order_id = f.clientOrderId;
  return msg;
}

type UpdateReason = NonNullable<Msg<ws.UserOrderPayload>['last_update_reason']>;

// Engine reasons without a counterpart in the spec's enum (placement, IOC / FOK remainders) leave
// the field out. A cancel is Kalshi's decrease-to-zero.
const REASONS: Partial<Record<OrderUpdateReason, UpdateReason>> = {
  filled: 'Trade',
  amended: 'Amend',
  decreased: 'Decrease',
  canceled: 'Decrease',
  expired: 'ExpiryCancel',
  self_trade: 'SelfTradeCancel',
  market_paused: 'HaltCancel',
  market_closed: 'CloseCancel',
  market_settled: 'CloseCancel',
};

export function userOrderMsg(o: Order): Msg<ws.UserOrderPayload> {
  const side = outcome(o.side);
  const msg: Msg<ws.UserOrderPayload> = {
    order_id: o.id,
    user_id: o.user,
    ticker: o.ticker,
    exchange_index: 0,
    status: o.status,
    // Legacy fields as REST orders carry them: every order is on the YES contract.
    side: 'yes',
    is_yes: true,
    outcome_side: side,
    book_side: o.side,
    yes_price_dollars: price(o.price),
    fill_count_fp: count(o.filledCount),
    remaining_count_fp: count(o.remainingCount),
    initial_count_fp: count(o.initialCount),
    taker_fill_cost_dollars: micros(o.takerFillCost),
    maker_fill_cost_dollars: micros(o.makerFillCost),
    taker_fees_dollars: micros(o.takerFees),
    maker_fees_dollars: micros(o.makerFees),
    client_order_id: o.clientOrderId ?? '',
    self_trade_prevention_type: o.selfTradePrevention,
    created_time: iso(o.createdTs),
    created_ts_ms: o.createdTs,
    last_update_time: iso(o.updatedTs),
    last_updated_ts_ms: o.updatedTs,
    subaccount_number: o.sub,
  };
  const reason = o.lastUpdateReason && REASONS[o.lastUpdateReason];
  if (reason) msg.last_update_reason = reason;
  if (o.orderGroupId !== undefined) msg.order_group_id = o.orderGroupId;
  if (o.expirationTime !== undefined) {
    msg.expiration_time = iso(o.expirationTime);
    msg.expiration_ts_ms = o.expirationTime;
  }
  return msg;
}

/** `volume` is the position's traded count (centi-contracts), which the engine does not keep. */
export function positionMsg(p: PositionView, volume: number): Msg<ws.MarketPositionPayload> {
  return {
    user_id: p.user,
    market_ticker: p.ticker,
    position_fp: count(p.position),
    position_cost_dollars: micros(p.marketExposure),
    realized_pnl_dollars: micros(p.realizedPnl),
    fees_paid_dollars: micros(p.feesPaid),
    position_fee_cost_dollars: micros(p.feesPaid),
    volume_fp: count(volume),
    subaccount: p.sub,
  };
}

/** What the ticker channel reports of a market; a change in any of it is an update. */
export interface TickerState {
  ticker: string;
  lastPrice: number;
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
  volume: number;
  openInterest: number;
  lastTradeSize: number;
}

export function tickerState(engine: Engine, ticker: string, lastTradeSize: number): TickerState | undefined {
  const market = engine.getMarket(ticker);
  if (!market) return undefined;
  const top = engine.orderbook(ticker, 1);
  const yes = top.yes[top.yes.length - 1];
  const no = top.no[top.no.length - 1];
  return {
    ticker,
    lastPrice: market.lastPrice,
    bid: yes?.[0] ?? 0,
    bidSize: yes?.[1] ?? 0,
    // The best YES ask is the best NO bid seen from the YES leg; an empty side asks $1.
    ask: no ? PRICE_SCALE - no[0] : PRICE_SCALE,
    askSize: no?.[1] ?? 0,
    volume: market.volume,
    openInterest: market.openInterest,
    lastTradeSize,
  };
}

export const sameTicker = (a: TickerState | undefined, b: TickerState): boolean =>
  a !== undefined && Object.keys(b).every((k) => a[k as keyof TickerState] === b[k as keyof TickerState]);

/**
 * A contract's notional value is $1, so the whole-dollar notionals are the contract counts in
 * whole contracts (floored).
 */
export function tickerMsg(s: TickerState, ts: number): Msg<ws.TickerPayload> {
  return {
    market_id: marketIdOf(s.ticker),
    market_ticker: s.ticker,
    price_dollars: price(s.lastPrice),
    yes_bid_dollars: price(s.bid),
    yes_ask_dollars: price(s.ask),
    volume_fp: count(s.volume),
    open_interest_fp: count(s.openInterest),
    dollar_volume: Math.floor(s.volume / 100),
    dollar_open_interest: Math.floor(s.openInterest / 100),
    yes_bid_size_fp: count(s.bidSize),
    yes_ask_size_fp: count(s.askSize),
    last_trade_size_fp: count(s.lastTradeSize),
    ts: seconds(ts),
    ts_ms: ts,
    time: iso(ts),
  };
}
