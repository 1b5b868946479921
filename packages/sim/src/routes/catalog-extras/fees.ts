import { iso } from '../../seed/format.js';
import type { Handlers } from '../../server/handler.js';
import { paginate } from '../pagination.js';
import { extrasStore } from './store.js';

/*
 * Fee schedules. A series change in the past is history (the latest one is the series' current
 * fee_type / fee_multiplier); one in the future is scheduled. Unknown tickers filter to an empty
 * list, as the other catalog filters do.
 */
export const feeHandlers: Handlers = {
  GetSeriesFeeChanges: ({ exchange, query }) => {
    const rows = extrasStore(exchange.db).seriesFeeChanges({
      seriesTicker: query.series_ticker || undefined,
      fromMs: query.show_historical ? undefined : exchange.clock.now(),
    });
    return {
      body: {
        series_fee_change_arr: rows.map((r) => ({
          id: r.id,
          series_ticker: r.series_ticker,
          fee_type: r.fee_type,
          fee_multiplier: r.fee_multiplier,
          scheduled_ts: iso(r.scheduled_ts),
        })),
      },
    };
  },

  GetEventFeeChanges: ({ exchange, query }) => {
    const store = extrasStore(exchange.db);
    const filter = { eventTicker: query.event_ticker || undefined };
    const page = paginate(
      query.limit ?? 100,
      query.cursor,
      (after, limit) => store.eventFeeChanges(filter, { after, limit }),
      (r) => r.sort_key,
    );
    return {
      body: {
        event_fee_changes: page.rows.map((r) => ({
          id: r.id,
          event_ticker: r.event_ticker,
          series_ticker: r.series_ticker,
          fee_type_override: r.fee_type_override,
          fee_multiplier_override: r.fee_multiplier_override,
          scheduled_ts: iso(r.scheduled_ts),
        })),
        cursor: page.cursor,
      },
    };
  },
};
