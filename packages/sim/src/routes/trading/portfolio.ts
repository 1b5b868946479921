import { PRICE_SCALE, type Engine } from '../../engine/index.js';
import { currentCutoffs } from '../../historical/cutoff.js';
import { archivedEvents, fillClause } from '../../historical/split.js';
import { invalidParameters } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { balanceToWire, fillToWire, restingValueToWire, settlementToWire } from '../../wire/index.js';
import { splitList } from '../pagination.js';
import { parseSubaccount } from './inputs.js';
import { pageFills, pageSettlements } from './queries.js';
import { positionsPage } from './positions-page.js';
import { userOf } from './shared.js';

const COUNT_FILTERS = ['position', 'total_traded'] as const;

/**
 * Open positions marked at the market's last trade (the side held: YES at p, NO at 1 − p); a
 * market that has not traded yet is carried at cost.
 */
function positionsValue(engine: Engine, user: string, sub: number): number {
  let value = 0;
  for (const p of engine.getPositions(user, sub)) {
    if (p.position === 0) continue;
    const last = engine.getMarket(p.ticker)?.lastPrice ?? 0;
    if (last === 0) value += p.marketExposure;
    else value += p.position > 0 ? p.position * last : -p.position * (PRICE_SCALE - last);
  }
  return value;
}

/** Collateral-free view of what is resting: remaining × the price of the order's own leg. */
function restingValue(engine: Engine, user: string): number {
  let micros = 0;
  for (const o of engine.listOrders({ user, status: 'resting' })) {
    micros += o.remainingCount * (o.side === 'bid' ? o.price : PRICE_SCALE - o.price);
  }
  return micros;
}

const otherShard = (index: number | undefined): boolean => index !== undefined && index !== 0;

export const portfolioHandlers: Handlers = {
  GetBalance: ({ exchange, query, auth }) => {
    const user = userOf(auth);
    const sub = parseSubaccount(query.subaccount) ?? 0;
    const engine = exchange.trading.engine;
    const empty = otherShard(query.exchange_index);
    const cash = empty ? 0 : engine.getAccount(user, sub)?.cash ?? 0;
    const positions = empty ? 0 : positionsValue(engine, user, sub);
    return { body: balanceToWire({ cash, positionsValue: positions, nowMs: exchange.clock.now() }) };
  },

  /**
   * Markets the account has traded (a market with only resting orders is not a position yet),
   * by ticker. Each page carries the event totals of the events its markets belong to, summed
   * over all of the filtered positions in those events.
   */
  GetPositions: ({ exchange, query, auth }) => {
    const user = userOf(auth);
    const sub = parseSubaccount(query.subaccount) ?? 0;
    const engine = exchange.trading.engine;
    const countFilter = splitList(query.count_filter) ?? [];
    for (const f of countFilter) {
      if (!(COUNT_FILTERS as readonly string[]).includes(f)) {
        throw invalidParameters(`count_filter: unknown field '${f}'; accepted: ${COUNT_FILTERS.join(', ')}`);
      }
    }
    // Settled events archived before the cutoff are served by GET /historical/positions only.
    const archived = archivedEvents(exchange.db, engine, user, sub, currentCutoffs(exchange));
    const otherExchange = otherShard(query.exchange_index);
    const body = positionsPage(exchange, user, sub, query, (p) =>
      !otherExchange &&
      !archived.has(p.eventTicker) &&
      (countFilter.length === 0 || countFilter.some((f) => (f === 'position' ? p.position : p.totalTraded) !== 0)),
    );
    return { body };
  },

  GetFills: ({ exchange, query, auth }) => {
    if (otherShard(query.exchange_index)) return { body: { fills: [], cursor: '' } };
    const page = pageFills(
      exchange.db,
      {
        user: userOf(auth),
        sub: parseSubaccount(query.subaccount),
        tickers: query.ticker === undefined ? undefined : [query.ticker],
        orderId: query.order_id,
        minTs: query.min_ts,
        maxTs: query.max_ts,
        // Fills before the historical cutoff are served by GET /historical/fills only.
        also: [fillClause(false, currentCutoffs(exchange))],
      },
      query.limit ?? 100,
      query.cursor,
    );
    return { body: { fills: page.rows.map(fillToWire), cursor: page.cursor } };
  },

  GetSettlements: ({ exchange, query, auth }) => {
    const page = pageSettlements(
      exchange.db,
      {
        user: userOf(auth),
        sub: parseSubaccount(query.subaccount),
        tickers: query.ticker === undefined ? undefined : [query.ticker],
        eventTickers: query.event_ticker === undefined ? undefined : [query.event_ticker],
        minTs: query.min_ts,
        maxTs: query.max_ts,
      },
      query.limit ?? 100,
      query.cursor,
    );
    return { body: { settlements: page.rows.map(settlementToWire), cursor: page.cursor } };
  },

  GetPortfolioRestingOrderTotalValue: ({ exchange, auth }) => ({
    body: restingValueToWire(restingValue(exchange.trading.engine, userOf(auth))),
  }),
};
