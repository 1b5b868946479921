import type { MarketFilter } from '../db/markets.js';
import { STATUSES_FOR_FILTER } from '../db/status.js';
import { currentCutoffs } from '../historical/cutoff.js';
import { isHistoricalMarket, keepOnly } from '../historical/split.js';
import { invalidParameters, notFound } from '../server/errors.js';
import type { HandlerContext, Handlers } from '../server/handler.js';
import { paginate, splitList } from './pagination.js';

type Query = HandlerContext<'GetMarkets'>['query'];

/*
 * Kalshi lets only one family of timestamp filters through at a time, and each family only with
 * certain statuses (the table in the GetMarkets description). Enforcing it here means a client
 * that passes the simulator will not be refused by the real exchange.
 */
const FAMILIES = {
  created: { params: ['min_created_ts', 'max_created_ts'], statuses: ['unopened', 'open'] },
  close: { params: ['min_close_ts', 'max_close_ts'], statuses: ['closed'] },
  settled: { params: ['min_settled_ts', 'max_settled_ts'], statuses: ['settled'] },
  updated: { params: ['min_updated_ts', 'max_updated_ts'], statuses: [] },
} as const;

function checkFilterCombination(q: Query): void {
  const used = Object.entries(FAMILIES).filter(([, f]) => f.params.some((p) => q[p] !== undefined));
  if (used.length > 1) {
    const names = used.flatMap(([, f]) => f.params.filter((p) => q[p] !== undefined));
    throw invalidParameters(`${names.join(', ')}: timestamp filters of different kinds cannot be combined`);
  }
  const [family, spec] = used[0] ?? [];
  if (!family || !spec) return;
  const param = spec.params.find((p) => q[p] !== undefined)!;
  if (q.status !== undefined && !(spec.statuses as readonly string[]).includes(q.status)) {
    throw invalidParameters(`status: '${q.status}' cannot be combined with ${param}`);
  }
  if (family === 'updated') {
    for (const other of ['event_ticker', 'tickers'] as const) {
      if (q[other] !== undefined) throw invalidParameters(`${other}: cannot be combined with ${param}`);
    }
    if (q.mve_filter === 'only') throw invalidParameters(`mve_filter: only 'exclude' can be combined with ${param}`);
    if (q.series_ticker !== undefined && q.mve_filter !== 'exclude') {
      throw invalidParameters(`series_ticker: combined with ${param} requires mve_filter=exclude`);
    }
  }
}

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

export const marketHandlers: Handlers = {
  GetMarkets: ({ exchange, query }) => {
    checkFilterCombination(query);
    const filter: MarketFilter = {
      eventTicker: query.event_ticker,
      seriesTicker: query.series_ticker,
      tickers: splitList(query.tickers),
      statuses: query.status === undefined ? undefined : STATUSES_FOR_FILTER[query.status],
      minCreatedTs: ms(query.min_created_ts),
      maxCreatedTs: ms(query.max_created_ts),
      minUpdatedTs: ms(query.min_updated_ts),
      maxUpdatedTs: ms(query.max_updated_ts),
      minCloseTs: ms(query.min_close_ts),
      maxCloseTs: ms(query.max_close_ts),
      minSettledTs: ms(query.min_settled_ts),
      maxSettledTs: ms(query.max_settled_ts),
      mve: query.mve_filter,
    };
    // limit=0 is accepted by the spec (minimum 0) and, as with an omitted limit, means the default.
    const limit = query.limit || 100;
    // Markets settled before the historical cutoff are served by GET /historical/markets only.
    const cutoffs = currentCutoffs(exchange);
    const page = paginate(
      limit,
      query.cursor,
      keepOnly((after, n) => exchange.db.markets.list(filter, { after, limit: n }), (m) => m.ticker, (m) => !isHistoricalMarket(m, cutoffs)),
      (m) => m.ticker,
    );
    return { body: { markets: page.rows, cursor: page.cursor } };
  },

  GetMarket: ({ exchange, params }) => {
    const market = exchange.db.markets.get(params.ticker);
    if (!market) throw notFound(`market not found: ${params.ticker}`);
    if (isHistoricalMarket(market, currentCutoffs(exchange))) {
      throw notFound(`market not found: ${params.ticker}`, `It settled before the historical cutoff: GET /historical/markets/${params.ticker}`);
    }
    return { body: { market } };
  },
};
