import type { rest } from 'kalshi-ts/generated';
import { notFound } from '../server/errors.js';
import type { Handlers } from '../server/handler.js';
import { liveCatalogOf } from '../seed/live-data/index.js';
import { paginate, splitList } from './pagination.js';

const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);

export const eventHandlers: Handlers = {
  GetEvents: ({ exchange, query }) => {
    const { db } = exchange;
    const filter = {
      seriesTicker: query.series_ticker,
      eventTickers: splitList(query.tickers),
      status: query.status,
      minCloseTs: seconds(query.min_close_ts),
      minUpdatedTs: seconds(query.min_updated_ts),
      mve: 'exclude' as const,
    };
    const page = paginate(
      query.limit ?? 200,
      query.cursor,
      (after, limit) => db.events.list(filter, { after, limit }),
      (e) => e.event_ticker,
    );
    const events: rest.EventData[] = query.with_nested_markets
      ? page.rows.map((e) => ({ ...e, markets: db.markets.byEvent(e.event_ticker) }))
      : page.rows;
    if (!query.with_milestones) return { body: { events, cursor: page.cursor } };
    // The milestones of this page's events, as GET /milestones describes them.
    const byEvent = liveCatalogOf(db).milestoneByEvent;
    const milestones = page.rows.flatMap((e) => {
      const entry = byEvent.get(e.event_ticker);
      return entry ? [entry.milestone] : [];
    });
    return { body: { events, cursor: page.cursor, milestones } };
  },

  // Nested: markets inside the event; otherwise (the default) beside it, as Kalshi does.
  GetEvent: ({ exchange, params, query }) => {
    const event = exchange.db.events.get(params.event_ticker);
    if (!event) throw notFound(`event not found: ${params.event_ticker}`);
    const markets = exchange.db.markets.byEvent(event.event_ticker);
    return query.with_nested_markets
      ? { body: { event: { ...event, markets }, markets: [] } }
      : { body: { event, markets } };
  },
};
