import type { rest } from 'kalshi-ts/generated';
import { notFound } from '../server/errors.js';
import type { Handlers } from '../server/handler.js';
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
    // The simulator has no milestones; asking for them yields an empty list rather than nothing.
    return { body: { events, cursor: page.cursor, ...(query.with_milestones && { milestones: [] }) } };
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
