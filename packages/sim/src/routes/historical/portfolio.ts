import { currentCutoffs } from '../../historical/cutoff.js';
import { archivedEvents, fillClause, orderClause, type SqlClause } from '../../historical/split.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { fillToWire, orderToWire } from '../../wire/index.js';
import { parseSubaccount } from '../trading/inputs.js';
import { pageFills, pageOrders, type ListFilter } from '../trading/queries.js';
import { positionsPage } from '../trading/positions-page.js';
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

interface ArchivedQuery {
  subaccount?: number | undefined;
  ticker?: string | undefined;
  min_ts?: number | undefined;
  max_ts?: number | undefined;
}

/** The filter both archived lists share: the caller's rows, narrowed by the query, on the history side. */
function archivedFilter(query: ArchivedQuery, auth: Parameters<typeof userOf>[0], historySide: SqlClause): ListFilter {
  return {
    user: userOf(auth),
    sub: parseSubaccount(query.subaccount),
    tickers: tickers(query.ticker),
    minTs: query.min_ts,
    maxTs: query.max_ts,
    also: [historySide],
  };
}

export const historicalPortfolioHandlers: Handlers = {
  GetFillsHistorical: ({ exchange, query, auth }) => {
    sweepExpired(exchange);
    const filter = archivedFilter(query, auth, fillClause(true, currentCutoffs(exchange)));
    const page = pageFills(exchange.db, filter, query.limit ?? 100, query.cursor);
    return { body: { fills: page.rows.map(fillToWire), cursor: page.cursor } };
  },

  GetHistoricalOrders: ({ exchange, query, auth }) => {
    sweepExpired(exchange);
    const filter = archivedFilter(query, auth, orderClause(true, currentCutoffs(exchange)));
    const page = pageOrders(exchange.db, filter, query.limit ?? 100, query.cursor);
    return { body: { orders: page.rows.map(orderToWire), cursor: page.cursor } };
  },

  /** Like GET /portfolio/positions (by ticker, event totals per page), over archived events only. */
  GetHistoricalPositions: ({ exchange, query, auth }) => {
    sweepExpired(exchange);
    const user = userOf(auth);
    const sub = parseSubaccount(query.subaccount) ?? 0;
    const engine = exchange.trading.engine;
    const archived = archivedEvents(exchange.db, engine, user, sub, currentCutoffs(exchange));
    return { body: positionsPage(exchange, user, sub, query, (p) => archived.has(p.eventTicker)) };
  },
};
