import { currentCutoffs } from '../../historical/cutoff.js';
import { archivedEvents, fillClause, orderClause } from '../../historical/split.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { eventPositionsToWire, fillToWire, marketPositionToWire, orderToWire } from '../../wire/index.js';
import { paginate } from '../pagination.js';
import { parseSubaccount } from '../trading/inputs.js';
import { pageFills, pageOrders, sharesTraded } from '../trading/queries.js';
import { userOf } from '../trading/shared.js';

/*
 * The caller's own archived data: fills and finished orders older than the cutoff, and positions
 * of settled events archived before it. Same rows, wire shapes and cursors as the live portfolio
 * lists, on the other side of the split (historical/split.ts).
 */

/*
 * As before every live order or portfolio read: a good-till-time order that has expired is
 * cancelled first, so it is listed as finished (and may already be history) rather than resting.
 */
function sweepExpired(exchange: ExchangeState): void {
  exchange.trading.run((engine) => engine.expireOrders());
}

const tickers = (ticker: string | undefined) => (ticker === undefined || ticker === '' ? undefined : [ticker]);

export const historicalPortfolioHandlers: Handlers = {
  GetFillsHistorical: ({ exchange, query, auth }) => {
    sweepExpired(exchange);
    const page = pageFills(
      exchange.db,
      {
        user: userOf(auth),
        sub: parseSubaccount(query.subaccount),
        tickers: tickers(query.ticker),
        minTs: query.min_ts,
        maxTs: query.max_ts,
        also: [fillClause(true, currentCutoffs(exchange))],
      },
      query.limit ?? 100,
      query.cursor,
    );
    return { body: { fills: page.rows.map(fillToWire), cursor: page.cursor } };
  },

  GetHistoricalOrders: ({ exchange, query, auth }) => {
    sweepExpired(exchange);
    const page = pageOrders(
      exchange.db,
      {
        user: userOf(auth),
        sub: parseSubaccount(query.subaccount),
        tickers: tickers(query.ticker),
        minTs: query.min_ts,
        maxTs: query.max_ts,
        also: [orderClause(true, currentCutoffs(exchange))],
      },
      query.limit ?? 100,
      query.cursor,
    );
    return { body: { orders: page.rows.map(orderToWire), cursor: page.cursor } };
  },

  /** Like GET /portfolio/positions (by ticker, event totals per page), over archived events only. */
  GetHistoricalPositions: ({ exchange, query, auth }) => {
    sweepExpired(exchange);
    const user = userOf(auth);
    const sub = parseSubaccount(query.subaccount) ?? 0;
    const engine = exchange.trading.engine;
    const archived = archivedEvents(exchange.db, engine, user, sub, currentCutoffs(exchange));
    const all = engine
      .getPositions(user, sub)
      .filter((p) => p.position !== 0 || p.totalTraded !== 0)
      .map((p) => ({ ...p, eventTicker: engine.getMarket(p.ticker)?.eventTicker ?? '' }))
      .filter((p) => archived.has(p.eventTicker))
      .filter((p) => !query.ticker || p.ticker === query.ticker)
      .filter((p) => !query.event_ticker || p.eventTicker === query.event_ticker)
      .sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
    const page = paginate(
      query.limit ?? 100,
      query.cursor,
      (after, n) => all.filter((p) => after === undefined || p.ticker > after).slice(0, n),
      (p) => p.ticker,
    );
    const events = new Set(page.rows.map((p) => p.eventTicker));
    const eventPositions = eventPositionsToWire(
      all.filter((p) => events.has(p.eventTicker)),
      sharesTraded(exchange.db, user, sub),
    );
    return { body: { market_positions: page.rows.map(marketPositionToWire), event_positions: eventPositions, cursor: page.cursor } };
  },
};
