import type { rest } from 'kalshi-ts/generated';
import type { SimDatabase } from '../../db/database.js';
import { isoToMs } from '../../db/query.js';
import { extrasStore, type Collection } from '../../routes/catalog-extras/store.js';
import { DAY, HOUR, iso, MINUTE } from '../format.js';
import { COLLECTIONS, MVE_SERIES, type CollectionDef, type MveSeriesDef } from './definitions.js';
import { eventFeeChanges, seriesFeeChanges, type EventWindow } from './fees.js';

const SEEDED_KEY = 'catalog_extras_seeded';

function dedupeSources(sources: rest.SettlementSource[]): rest.SettlementSource[] {
  const seen = new Map<string, rest.SettlementSource>();
  for (const s of sources) seen.set(`${s.name ?? ''}|${s.url ?? ''}`, s);
  return [...seen.values()];
}

/** A combo series settles on whatever its legs settle on: their series' sources, together. */
function buildMveSeries(db: SimDatabase, def: MveSeriesDef, base: number): rest.Series {
  const legSeries = COLLECTIONS.filter((c) => c.series === def.ticker)
    .flatMap((c) => c.events)
    .map((e) => db.events.get(e.ticker)?.series_ticker)
    .filter((t): t is string => t !== undefined);
  const sources = [...new Set(legSeries)].flatMap((t) => db.series.get(t)?.settlement_sources ?? []);
  return {
    ticker: def.ticker,
    frequency: 'custom',
    title: def.title,
    category: def.category,
    categories: [def.category],
    tags: def.tags,
    settlement_sources: dedupeSources(sources),
    contract_url: `https://kalshi-public-docs.s3.amazonaws.com/regulatory/product-certifications/${def.ticker}.pdf`,
    contract_terms_url: `https://kalshi-public-docs.s3.amazonaws.com/contract_terms/${def.ticker}.pdf`,
    // Combos carry the combo maker-fee schedule.
    fee_type: 'quadratic_with_combo_maker_fees',
    fee_multiplier: 1,
    additional_prohibitions: [],
    last_updated_ts: iso(base - 30 * DAY),
  };
}

function buildCollection(db: SimDatabase, def: CollectionDef, base: number): Collection {
  for (const e of def.events) {
    if (!db.events.get(e.ticker)) throw new Error(`collection ${def.ticker}: unknown event ${e.ticker}`);
  }
  const associated = def.events.map((e) => ({
    ticker: e.ticker,
    is_yes_only: e.yesOnly === true,
    size_max: e.sizeMax ?? 1,
    size_min: e.sizeMin ?? null,
    active_quoters: [],
  }));
  return {
    collection_ticker: def.ticker,
    series_ticker: def.series,
    exchange_index: 0,
    title: def.title,
    description: def.description,
    open_date: iso(base + def.openH * HOUR),
    close_date: iso(base + def.closeH * HOUR),
    associated_events: associated,
    associated_event_tickers: def.events.map((e) => e.ticker),
    is_ordered: def.ordered,
    // The deprecated flags summarise the per-event settings they were replaced by.
    is_single_market_per_event: associated.every((e) => e.size_max === 1),
    is_all_yes: associated.every((e) => e.is_yes_only),
    size_min: def.sizeMin,
    size_max: def.sizeMax,
    functional_description: def.functionalDescription,
  };
}

/** Trading window of each event, from its markets as seeded. */
function eventWindows(db: SimDatabase, events: readonly { event_ticker: string; series_ticker: string }[]): EventWindow[] {
  return events.flatMap((e) => {
    const markets = db.markets.byEvent(e.event_ticker);
    if (markets.length === 0) return [];
    return [{
      event_ticker: e.event_ticker,
      series_ticker: e.series_ticker,
      openMs: Math.min(...markets.map((m) => isoToMs(m.open_time)!)),
      closeMs: Math.max(...markets.map((m) => isoToMs(m.close_time)!)),
    }];
  });
}

/**
 * Adds the extras to a seeded catalog once per database: combo series and collections, and the
 * fee schedules of every series and event. Times are relative to the catalog's own creation time,
 * so they line up with the seeded events. Returns whether anything was written.
 */
export function seedCatalogExtras(db: SimDatabase, seed: number, nowMs: number): boolean {
  if (db.meta.get(SEEDED_KEY) !== undefined) return false;
  const seededAt = Number(db.meta.get('seeded_at_ms') ?? nowMs);
  const base = Math.floor(seededAt / MINUTE) * MINUTE;
  const store = extrasStore(db);
  db.transaction(() => {
    const baseEvents = db.events.list({}, { limit: Number.MAX_SAFE_INTEGER });
    for (const def of MVE_SERIES) db.series.insert(buildMveSeries(db, def, base));
    for (const def of COLLECTIONS) {
      store.insertCollection(buildCollection(db, def, base), base + def.openH * HOUR, base + def.closeH * HOUR);
    }
    const series = db.series.list();
    for (const row of seriesFeeChanges(seed, series, base)) store.insertSeriesFeeChange(row);
    const bySeries = new Map(series.map((s) => [s.ticker, s]));
    for (const row of eventFeeChanges(seed, eventWindows(db, baseEvents), bySeries, base)) store.insertEventFeeChange(row);
    db.meta.set(SEEDED_KEY, String(seed));
  });
  return true;
}
