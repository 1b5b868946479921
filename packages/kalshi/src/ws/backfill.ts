/**
 * Recovery of private events (fills, order updates) missed while the socket was down. Kalshi does
 * not replay them on a new subscription, but REST has them: after a reconnect the client asks REST
 * for everything since the last item it delivered, maps each record into the socket's message shape,
 * and drops what it already delivered, so every item reaches the consumer once and in time order.
 */
import type { Schema } from '../resources/types.js';
import type { BackfilledFill, BackfilledUserOrder, BackfillSource, ChannelMessage } from './types.js';

export type BackfillChannel = 'fill' | 'user_orders';
export type BackfillMessage = ChannelMessage<'fill'> | ChannelMessage<'user_orders'>;

/**
 * REST filters by whole seconds and the two sides' clocks are not identical, so the query reaches a
 * little further back; the id set removes what that re-fetches. The slack widens the query only:
 * what it brings from before the subscription's start is dropped (see `floorMs`).
 */
const SLACK_MS = 2_000;
const PAGE_SIZE = 1_000;

export function isBackfillChannel(channel: string): channel is BackfillChannel {
  return channel === 'fill' || channel === 'user_orders';
}

/** Remembers the last `capacity` ids; older ones fall out first, so memory stays bounded on busy accounts. */
export class RecentIds {
  readonly #ids = new Set<string>();
  constructor(readonly capacity: number) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value as string);
  }
}

/** Dedupe key: a fill is its trade id; an order update is the order id at its update time. */
export function messageKey(message: BackfillMessage): string {
  if (message.type === 'fill') return message.msg.trade_id;
  const m = message.msg;
  return `${m.order_id}@${m.last_updated_ts_ms ?? m.created_ts_ms ?? ''}`;
}

export function messageTime(message: BackfillMessage): number | undefined {
  if (message.type === 'fill') return message.msg.ts_ms;
  return message.msg.last_updated_ts_ms ?? message.msg.created_ts_ms ?? undefined;
}

function msOf(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Fields REST has no value for (post_position_fp, purchased_side, client_order_id) stay absent. */
export function fillFromRest(fill: Schema<'Fill'>, sid: number, fallbackMs: number): BackfilledFill {
  const tsMs = msOf(fill.created_time) ?? (fill.ts !== undefined ? fill.ts * 1000 : fallbackMs);
  const msg: BackfilledFill['msg'] = {
    trade_id: fill.trade_id || fill.fill_id,
    order_id: fill.order_id,
    market_ticker: fill.market_ticker || fill.ticker,
    exchange_index: fill.exchange_index,
    is_taker: fill.is_taker,
    ts: fill.ts ?? Math.floor(tsMs / 1000),
    ts_ms: tsMs,
    yes_price_dollars: fill.yes_price_dollars,
    count_fp: fill.count_fp,
    fee_cost: fill.fee_cost,
    outcome_side: fill.outcome_side,
    book_side: fill.book_side,
  };
  if (fill.side !== undefined) msg.side = fill.side;
  if (fill.action !== undefined) msg.action = fill.action;
  if (fill.subaccount_number !== undefined && fill.subaccount_number !== null) msg.subaccount = fill.subaccount_number;
  return { type: 'fill', sid, backfilled: true, msg };
}

/** REST has no last_update_reason; exchange_index and the deprecated side only when it sends them. */
export function orderFromRest(order: Schema<'Order'>, sid: number): BackfilledUserOrder {
  const created = msOf(order.created_time);
  const updated = msOf(order.last_update_time);
  const expires = msOf(order.expiration_time);
  const msg: BackfilledUserOrder['msg'] = {
    order_id: order.order_id,
    user_id: order.user_id,
    ticker: order.ticker,
    status: order.status,
    outcome_side: order.outcome_side,
    book_side: order.book_side,
    yes_price_dollars: order.yes_price_dollars,
    fill_count_fp: order.fill_count_fp,
    remaining_count_fp: order.remaining_count_fp,
    initial_count_fp: order.initial_count_fp,
    taker_fill_cost_dollars: order.taker_fill_cost_dollars,
    maker_fill_cost_dollars: order.maker_fill_cost_dollars,
    taker_fees_dollars: order.taker_fees_dollars,
    maker_fees_dollars: order.maker_fees_dollars,
    client_order_id: order.client_order_id,
    created_time: order.created_time ?? null,
    created_ts_ms: created ?? null,
  };
  if (order.exchange_index !== undefined) msg.exchange_index = order.exchange_index;
  if (order.side !== undefined) {
    msg.side = order.side;
    msg.is_yes = order.side === 'yes';
  }
  if (order.order_group_id) msg.order_group_id = order.order_group_id;
  if (order.self_trade_prevention_type) msg.self_trade_prevention_type = order.self_trade_prevention_type;
  if (order.last_update_time) msg.last_update_time = order.last_update_time;
  if (updated !== undefined) msg.last_updated_ts_ms = updated;
  if (order.expiration_time) msg.expiration_time = order.expiration_time;
  if (expires !== undefined) msg.expiration_ts_ms = expires;
  if (order.subaccount_number !== undefined && order.subaccount_number !== null) msg.subaccount_number = order.subaccount_number;
  return { type: 'user_order', sid, backfilled: true, msg };
}

export interface BackfillRequest {
  channel: BackfillChannel;
  source: BackfillSource;
  /** Server time (ms) of the last delivered item, or when the subscription started. */
  sinceMs: number;
  /**
   * When the subscription started: nothing older is delivered, as a live subscription would never
   * have carried it. Undefined: no floor beyond `sinceMs` minus the slack.
   */
  floorMs: number | undefined;
  /** Aborts the REST calls when the subscription or the client closes. */
  signal?: AbortSignal | undefined;
  sid: number;
  /** Market filter of the subscription, if any. */
  markets: readonly string[] | undefined;
  nowMs: number;
}

/** Everything REST has since `sinceMs` for the channel, mapped and sorted oldest first (not yet deduped). */
export async function fetchMissed(request: BackfillRequest): Promise<BackfillMessage[]> {
  const { channel, source, sid, markets, signal } = request;
  const from = request.sinceMs - SLACK_MS;
  const min_ts = Math.max(0, Math.floor(from / 1000));
  const oldest = Math.max(from, request.floorMs ?? from);
  const options = signal ? { signal } : undefined;
  const wanted = (ticker: string) => !markets || markets.includes(ticker);
  const out: BackfillMessage[] = [];
  if (channel === 'fill') {
    if (!source.portfolio) return out;
    for await (const fill of source.portfolio.fills({ min_ts, limit: PAGE_SIZE }, options)) {
      const message = fillFromRest(fill, sid, request.nowMs);
      if (message.msg.ts_ms >= oldest && wanted(message.msg.market_ticker)) out.push(message);
    }
  } else {
    if (!source.orders) return out;
    // GetOrders' min_ts is not documented as creation or update time; updates are filtered here by
    // their own timestamp, so either reading yields every order changed since `from` that REST returns.
    for await (const order of source.orders.list({ min_ts, limit: PAGE_SIZE }, options)) {
      const message = orderFromRest(order, sid);
      const time = messageTime(message);
      if ((time === undefined || time >= oldest) && wanted(message.msg.ticker)) out.push(message);
    }
  }
  // Stable sort: REST's own order breaks ties between items stamped in the same millisecond.
  return out
    .map((message, i) => ({ message, i, t: messageTime(message) ?? request.nowMs }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.message);
}
