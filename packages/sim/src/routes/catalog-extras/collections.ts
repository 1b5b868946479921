import type { rest } from 'kalshi-ts/generated';
import { invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { paginate } from '../pagination.js';
import { extrasStore } from './store.js';

/*
 * Collections are read as seeded; their status follows the clock (before open_date: unopened,
 * until close_date: open, then closed). Combo events are the events created through a
 * collection; GetEvents leaves them out and this list holds only them.
 */
export const collectionHandlers: Handlers = {
  GetMultivariateEventCollections: ({ exchange, query }) => {
    const store = extrasStore(exchange.db);
    const filter = {
      status: query.status,
      nowMs: exchange.clock.now(),
      eventTicker: query.associated_event_ticker || undefined,
      seriesTicker: query.series_ticker || undefined,
    };
    const page = paginate(
      query.limit ?? 100,
      query.cursor,
      (after, limit) => store.collections(filter, { after, limit }),
      (c) => c.collection_ticker,
    );
    return { body: { multivariate_contracts: page.rows, cursor: page.cursor } };
  },

  GetMultivariateEventCollection: ({ exchange, params }) => {
    const collection = extrasStore(exchange.db).collection(params.collection_ticker);
    if (!collection) throw notFound(`collection_ticker: collection not found: ${params.collection_ticker}`);
    return { body: { multivariate_contract: collection } };
  },

  GetMultivariateEvents: ({ exchange, query }) => {
    const { db } = exchange;
    const collectionTicker = query.collection_ticker || undefined;
    const seriesTicker = query.series_ticker || undefined;
    if (collectionTicker !== undefined && seriesTicker !== undefined) {
      throw invalidParameters('collection_ticker: cannot be combined with series_ticker');
    }
    const store = extrasStore(db);
    const page = paginate(
      query.limit ?? 100,
      query.cursor,
      (after, limit) => store.mveEvents({ collectionTicker, seriesTicker }, { after, limit }),
      (t) => t,
    );
    const events: rest.EventData[] = page.rows.flatMap((ticker) => {
      const event = db.events.get(ticker);
      if (!event) return [];
      return [query.with_nested_markets ? { ...event, markets: db.markets.byEvent(ticker) } : event];
    });
    return { body: { events, cursor: page.cursor } };
  },
};
