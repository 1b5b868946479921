import { currentCutoffs } from '../../historical/cutoff.js';
import { isHistoricalOrder, orderClause } from '../../historical/split.js';
import { ApiError, invalidParameters } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { countFp, orderToWire } from '../../wire/index.js';
import { splitList } from '../pagination.js';
import { engineCall } from './errors.js';
import { parseSubaccount } from './inputs.js';
import { pageOrders } from './queries.js';
import { ownOrder, userOf } from './shared.js';

const ORDER_STATUSES = ['resting', 'canceled', 'executed'];
const MAX_EVENT_TICKERS = 10;

const archivedOrder = (orderId: string) =>
  new ApiError(404, 'order_not_found', `order_id: no order ${orderId} in the live data`, 'It finished before the historical cutoff: GET /historical/orders lists it.');

/** Only shard 0 exists: a filter on any other shard matches nothing. */
const otherShard = (index: number | undefined): boolean => index !== undefined && index !== 0;

export const orderReadHandlers: Handlers = {
  GetOrders: ({ exchange, query, auth }) => {
    if (query.status !== undefined && !ORDER_STATUSES.includes(query.status)) {
      throw invalidParameters(`status: must be one of ${ORDER_STATUSES.join(', ')}, got '${query.status}'`);
    }
    const events = splitList(query.event_ticker);
    if (events && events.length > MAX_EVENT_TICKERS) throw invalidParameters(`event_ticker: at most ${MAX_EVENT_TICKERS} event tickers, got ${events.length}`);
    if (otherShard(query.exchange_index)) return { body: { orders: [], cursor: '' } };
    const page = pageOrders(
      exchange.db,
      {
        user: userOf(auth),
        sub: parseSubaccount(query.subaccount),
        tickers: query.ticker === undefined ? undefined : [query.ticker],
        eventTickers: events,
        minTs: query.min_ts,
        maxTs: query.max_ts,
        status: query.status,
        // Finished orders older than the cutoff are served by GET /historical/orders only.
        also: [orderClause(false, currentCutoffs(exchange))],
      },
      query.limit ?? 100,
      query.cursor,
    );
    return { body: { orders: page.rows.map(orderToWire), cursor: page.cursor } };
  },

  GetOrder: ({ exchange, params, auth }) => {
    const order = ownOrder(exchange.trading.engine, userOf(auth), params.order_id);
    if (isHistoricalOrder(order, currentCutoffs(exchange))) throw archivedOrder(order.id);
    return { body: { order: orderToWire(order) } };
  },

  GetOrderQueuePositions: ({ exchange, query, auth }) => {
    const engine = exchange.trading.engine;
    const tickers = splitList(query.market_tickers);
    const sub = parseSubaccount(query.subaccount) ?? 0;
    const resting = engine.listOrders({ user: userOf(auth), sub, status: 'resting' }).filter(
      (o) =>
        (tickers === undefined || tickers.includes(o.ticker)) &&
        (query.event_ticker === undefined || engine.getMarket(o.ticker)?.eventTicker === query.event_ticker),
    );
    return {
      body: {
        queue_positions: resting.map((o) => ({
          order_id: o.id,
          market_ticker: o.ticker,
          queue_position_fp: countFp(engine.queuePosition(o.id)),
        })),
      },
    };
  },

  GetOrderQueuePosition: ({ exchange, params, auth }) => {
    const engine = exchange.trading.engine;
    const o = ownOrder(engine, userOf(auth), params.order_id);
    return { body: { queue_position_fp: countFp(engineCall(() => engine.queuePosition(o.id))) } };
  },
};

