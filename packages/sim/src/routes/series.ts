import type { rest } from 'kalshi-ts/generated';
import { unitsToCount } from '../fixed.js';
import { notFound } from '../server/errors.js';
import type { Handlers } from '../server/handler.js';
import type { ExchangeState } from '../server/state.js';
import { splitList } from './pagination.js';

/** Product metadata and volume are opt-in on Kalshi; strip or add them as asked. */
function present(
  series: rest.Series,
  opts: { metadata: boolean; volume: boolean },
  volumes: () => Map<string, number>,
): rest.Series {
  const { product_metadata, ...others } = series;
  const out: rest.Series = opts.metadata ? { ...others, product_metadata: product_metadata ?? null } : others;
  if (opts.volume) out.volume_fp = unitsToCount(volumes().get(series.ticker) ?? 0);
  return out;
}

const lazyVolumes = (exchange: ExchangeState) => {
  let cached: Map<string, number> | undefined;
  return () => (cached ??= exchange.db.markets.volumeBySeries());
};

export const seriesHandlers: Handlers = {
  GetSeriesList: ({ exchange, query }) => {
    const list = exchange.db.series.list({
      category: query.category,
      tags: splitList(query.tags),
      minUpdatedTs: query.min_updated_ts === undefined ? undefined : query.min_updated_ts * 1000,
    });
    const opts = { metadata: query.include_product_metadata === true, volume: query.include_volume === true };
    const volumes = lazyVolumes(exchange);
    return { body: { series: list.map((s) => present(s, opts, volumes)) } };
  },

  GetSeries: ({ exchange, params, query }) => {
    const series = exchange.db.series.get(params.series_ticker);
    if (!series) throw notFound(`series not found: ${params.series_ticker}`);
    const opts = { metadata: true, volume: query.include_volume === true };
    return { body: { series: present(series, opts, lazyVolumes(exchange)) } };
  },
};
