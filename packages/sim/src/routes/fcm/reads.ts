import type { rest } from 'kalshi-ts/generated';
import type { Engine, Fill, PositionView } from '../../engine/index.js';
import { fcmStore } from '../../fcm/index.js';
import { invalidParameters } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { countFp, eventPositionsToWire, isoMs, marketPositionToWire, moneyDollars, orderToWire, priceDollars } from '../../wire/index.js';
import { paginate, splitList } from '../pagination.js';
import { sharesTraded } from '../trading/queries.js';
import { fcmCaller, targetSubtrader, type FcmCaller } from './access.js';
import type { ExchangeState } from '../../server/state.js';
import { pageFcmFills, pageFcmOrders, type TradeFills } from './queries.js';

const DEFAULT_LIMIT = 100;
/** GET /fcm/fills takes no page size; pages hold this many trades. */
const FILLS_PAGE = 100;
const MAX_CLIENT_ORDER_IDS = 100;
const CLIENT_ORDER_WINDOW_S = 86_400;
const COUNT_FILTERS = ['position', 'total_traded'] as const;

/** Every subtrader the caller can see: its bound one, or all of the FCM's. */
function visibleSubtraders(exchange: ExchangeState, caller: FcmCaller): string[] {
  if (caller.bound !== undefined) return [caller.bound];
  return fcmStore(exchange.db).subtradersOf(caller.fcm).map((s) => s.subtraderId);
}

/**
 * A trade with the fills of whichever sides belong to the FCM's subtraders; the other side's
 * order, account and fee are not the FCM's to see. A maker's fill is on the opposite book side
 * to the taker's, which gives the taker's outcome side even when only the maker is known.
 */
function tradeToWire(t: TradeFills): rest.FcmFill {
  const first = t.fills[0]!;
  const taker = t.fills.find((f) => f.isTaker);
  const maker = t.fills.find((f) => !f.isTaker);
  const takerSide = taker ? taker.side : first.side === 'bid' ? 'ask' : 'bid';
  const out: rest.FcmFill = {
    fill_id: first.tradeId,
    exchange_index: 0,
    ticker: first.ticker,
    taker_outcome_side: takerSide === 'bid' ? 'yes' : 'no',
    count_fp: countFp(first.count),
    yes_price_dollars: priceDollars(first.price),
    created_time: isoMs(first.ts),
  };
  const side = (f: Fill | undefined, role: 'maker' | 'taker') => {
    if (!f) return;
    out[`${role}_order_id`] = f.orderId;
    out[`${role}_subtrader_id`] = f.user;
    out[`${role}_fee_cost`] = moneyDollars(f.fee);
  };
  side(maker, 'maker');
  side(taker, 'taker');
  return out;
}

function settlementMatches(engine: Engine, p: PositionView, status: string): boolean {
  if (status === 'all') return true;
  const settled = engine.getMarket(p.ticker)?.status === 'settled';
  return status === 'settled' ? settled : !settled;
}

export const fcmReadHandlers: Handlers = {
  GetFCMOrders: ({ exchange, query, auth }) => {
    const caller = fcmCaller(exchange, auth, { allowBound: true });
    const clientOrderIds = splitList(query.client_order_ids);
    if (clientOrderIds && clientOrderIds.length > MAX_CLIENT_ORDER_IDS) {
      throw invalidParameters(`client_order_ids: at most ${MAX_CLIENT_ORDER_IDS} ids, got ${clientOrderIds.length}`);
    }
    const hasIds = clientOrderIds !== undefined && clientOrderIds.length > 0;
    const subtrader = targetSubtrader(exchange, caller, query.subtrader_id, !hasIds);
    let minTs = query.min_ts;
    if (hasIds) {
      // Client order ids are only searched among the last 24 hours of orders.
      const floor = Math.floor(exchange.clock.now() / 1000) - CLIENT_ORDER_WINDOW_S;
      minTs = Math.max(minTs ?? floor, floor);
    }
    const page = pageFcmOrders(
      exchange.db,
      {
        users: subtrader !== undefined ? [subtrader] : visibleSubtraders(exchange, caller),
        ticker: query.ticker,
        eventTicker: query.event_ticker,
        minTs,
        maxTs: query.max_ts,
        status: query.status,
        clientOrderIds: hasIds ? clientOrderIds : undefined,
      },
      query.limit ?? DEFAULT_LIMIT,
      query.cursor,
    );
    return { body: { orders: page.rows.map(orderToWire), cursor: page.cursor } };
  },

  GetFCMFills: ({ exchange, query, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const page = pageFcmFills(
      exchange.db,
      { users: visibleSubtraders(exchange, caller), minTs: query.min_ts, maxTs: query.max_ts },
      FILLS_PAGE,
      query.cursor,
    );
    return { body: { fills: page.rows.map(tradeToWire), cursor: page.cursor } };
  },

  /** The subtrader's primary account, like GET /portfolio/positions for it, by ticker. */
  GetFCMPositions: ({ exchange, query, auth }) => {
    const caller = fcmCaller(exchange, auth, { allowBound: true });
    const user = targetSubtrader(exchange, caller, query.subtrader_id, true)!;
    const countFilter = splitList(query.count_filter) ?? [];
    for (const f of countFilter) {
      if (!(COUNT_FILTERS as readonly string[]).includes(f)) {
        throw invalidParameters(`count_filter: unknown field '${f}'; accepted: ${COUNT_FILTERS.join(', ')}`);
      }
    }
    const engine = exchange.trading.engine;
    const status = query.settlement_status ?? 'unsettled';
    const all = engine
      .getPositions(user, 0)
      .filter((p) => p.position !== 0 || p.totalTraded !== 0)
      .filter((p) => settlementMatches(engine, p, status))
      .map((p) => ({ ...p, eventTicker: engine.getMarket(p.ticker)?.eventTicker ?? '' }))
      .filter((p) => query.ticker === undefined || p.ticker === query.ticker)
      .filter((p) => query.event_ticker === undefined || p.eventTicker === query.event_ticker)
      .filter((p) => countFilter.length === 0 || countFilter.some((f) => (f === 'position' ? p.position : p.totalTraded) !== 0))
      .sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
    const page = paginate(
      query.limit ?? DEFAULT_LIMIT,
      query.cursor,
      (after, n) => all.filter((p) => after === undefined || p.ticker > after).slice(0, n),
      (p) => p.ticker,
    );
    const events = new Set(page.rows.map((p) => p.eventTicker));
    const eventPositions = eventPositionsToWire(
      all.filter((p) => events.has(p.eventTicker)),
      sharesTraded(exchange.db, user, 0),
    );
    return { body: { market_positions: page.rows.map(marketPositionToWire), event_positions: eventPositions, cursor: page.cursor } };
  },
};
