import type { rest } from 'kalshi-ts/generated';
import type { SimDatabase } from '../../db/database.js';
import type { StoredEvent } from '../../db/events.js';
import { notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { extrasStore } from './store.js';

const IMAGES = 'https://kalshi-public-docs.s3.amazonaws.com';
// Distinct, readable on light and dark backgrounds; a market keeps its colour while the event's
// market list is unchanged (index in ticker order).
const PALETTE = ['#0A84FF', '#FF453A', '#30D158', '#FF9F0A', '#BF5AF2', '#64D2FF', '#FFD60A', '#AC8E68'];

const SPORTS_CATEGORY = 'Sports';

/** Where a sports event sits in the sports filters: sport, competition and scope. */
export interface SportPlacement {
  sport: string;
  competition: string;
  scope: string;
}

/**
 * Sports placement comes from the series (its first tag names the sport, the second the
 * competition) and the event's shape: a two-outcome exclusive event is a game, anything else a
 * futures market. Combo series are not sports of their own.
 */
export function sportPlacement(series: rest.Series, event: StoredEvent, marketCount: number, comboSeries: ReadonlySet<string>): SportPlacement | undefined {
  if (series.category !== SPORTS_CATEGORY || comboSeries.has(series.ticker)) return undefined;
  const sport = series.tags?.[0] ?? series.title;
  const competition = series.tags?.[1] ?? series.title;
  const scope = event.mutually_exclusive && marketCount === 2 ? 'Games' : 'Futures';
  return { sport, competition, scope };
}

function allEvents(db: SimDatabase): StoredEvent[] {
  return db.events.list({}, { limit: Number.MAX_SAFE_INTEGER });
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

export const metadataHandlers: Handlers = {
  GetEventMetadata: ({ exchange, params }) => {
    const { db } = exchange;
    const event = db.events.get(params.event_ticker);
    if (!event) throw notFound(`event_ticker: event not found: ${params.event_ticker}`);
    const markets = db.markets.byEvent(event.event_ticker);
    const series = db.series.get(event.series_ticker);
    const placement = series && sportPlacement(series, event, markets.length, extrasStore(db).comboSeries());
    return {
      body: {
        image_url: `${IMAGES}/series-images-webp/${event.series_ticker}.webp`,
        featured_image_url: `${IMAGES}/featured-images-webp/${event.event_ticker}.webp`,
        market_details: markets.map((m, i) => ({
          market_ticker: m.ticker,
          image_url: `${IMAGES}/market-images-webp/${m.ticker}.webp`,
          color_code: PALETTE[i % PALETTE.length]!,
        })),
        settlement_sources: event.settlement_sources ?? [],
        ...(placement && { competition: placement.competition, competition_scope: placement.scope }),
      },
    };
  },

  // Every category of the catalog, with the tags its series carry (sorted, no repeats).
  GetTagsForSeriesCategories: ({ exchange }) => {
    const byCategory = new Map<string, string[]>();
    for (const s of exchange.db.series.list()) {
      for (const category of s.categories?.length ? s.categories : [s.category]) {
        byCategory.set(category, [...(byCategory.get(category) ?? []), ...(s.tags ?? [])]);
      }
    }
    const tags_by_categories: Record<string, string[]> = {};
    for (const category of sorted(byCategory.keys())) tags_by_categories[category] = sorted(byCategory.get(category)!);
    return { body: { tags_by_categories } };
  },

  // Sports, competitions and scopes found among the seeded sports events; sports in name order.
  GetFiltersForSports: ({ exchange }) => {
    const { db } = exchange;
    const combos = extrasStore(db).comboSeries();
    const seriesByTicker = new Map(db.series.list().map((s) => [s.ticker, s]));
    const sports = new Map<string, Map<string, Set<string>>>();
    for (const event of allEvents(db)) {
      const series = seriesByTicker.get(event.series_ticker);
      if (!series) continue;
      const markets = db.markets.byEvent(event.event_ticker).length;
      const p = markets > 0 ? sportPlacement(series, event, markets, combos) : undefined;
      if (!p) continue;
      const competitions = sports.get(p.sport) ?? new Map<string, Set<string>>();
      sports.set(p.sport, competitions);
      competitions.set(p.competition, (competitions.get(p.competition) ?? new Set()).add(p.scope));
    }
    const filters_by_sports: Record<string, rest.SportFilterDetails> = {};
    for (const sport of sorted(sports.keys())) {
      const competitions = sports.get(sport)!;
      const details: rest.SportFilterDetails = { scopes: sorted([...competitions.values()].flatMap((s) => [...s])), competitions: {} };
      for (const name of sorted(competitions.keys())) details.competitions[name] = { scopes: sorted(competitions.get(name)!) };
      filters_by_sports[sport] = details;
    }
    return { body: { filters_by_sports, sport_ordering: Object.keys(filters_by_sports) } };
  },
};
