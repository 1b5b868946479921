import type { rest } from 'kalshi-ts/generated';
import type { StoredEvent } from '../db/events.js';
import { SERIES, type EventDef, type MarketDef, type SeriesDef } from './definitions.js';
import { count, DAY, dollars, HOUR, iso, MINUTE, PRICE_RANGES, toTick, type PriceLevelStructure } from './format.js';
import { intBetween, mulberry32, type Random } from './prng.js';

export interface SeededMarket {
  market: rest.Market;
  /** The simulator's private YES value in units of $0.0001 (for the liquidity provider). */
  fairPrice: number;
}

export interface Catalog {
  series: rest.Series[];
  events: StoredEvent[];
  markets: SeededMarket[];
}

/** The YES probabilities of an event's markets after the seed's noise; they sum to 1 if exclusive. */
function fairValues(rand: Random, def: EventDef): number[] {
  const noisy = def.markets.map((m) => Math.max(0.005, m.p * (0.8 + 0.4 * rand())));
  if (!def.mutuallyExclusive) return noisy.map((p) => Math.min(0.99, p));
  const total = noisy.reduce((a, b) => a + b, 0);
  return noisy.map((p) => p / total);
}

/** Which markets resolved YES: the favourite of an exclusive event, otherwise each above even odds. */
function outcomes(def: EventDef, fair: number[]): boolean[] {
  if (!def.mutuallyExclusive) return fair.map((p) => p >= 0.5);
  const best = fair.indexOf(Math.max(...fair));
  return fair.map((_, i) => i === best);
}

function buildMarket(
  rand: Random,
  series: SeriesDef,
  def: EventDef,
  m: MarketDef,
  fair: number,
  won: boolean,
  base: number,
): SeededMarket {
  const structure: PriceLevelStructure = def.structure ?? 'linear_cent';
  const open = base + def.openH * HOUR;
  const close = base + def.closeH * HOUR;
  const created = open - 2 * DAY;
  const started = def.status !== 'initialized';
  const resolved = def.status === 'determined' || def.status === 'finalized';
  const settledAt = close + 2 * HOUR;

  // Trading history: none before the open; a final print near 0 or 1 once the outcome is known.
  const fairUnits = toTick(fair, structure);
  const lastUnits = !started ? 0 : resolved ? toTick(won ? 0.99 : 0.01, structure) : toTick(fair + (rand() - 0.5) * 0.06, structure);
  const previousUnits = !started ? 0 : toTick(fair + (rand() - 0.5) * 0.1, structure);
  const volume = started ? intBetween(rand, 500, 250_000) : 0;
  const volume24h = started && !resolved ? Math.min(volume, intBetween(rand, 0, 20_000)) : 0;
  const openInterest = started ? Math.floor(volume * (0.2 + 0.5 * rand())) : 0;

  const ticker = m.suffix ? `${def.code}-${m.suffix}` : def.code;
  const title = def.marketTitle.replace('{yes}', m.yes);
  const market: rest.Market = {
    ticker,
    event_ticker: def.code,
    market_type: 'binary',
    title,
    subtitle: m.yes,
    yes_sub_title: m.yes,
    no_sub_title: m.no,
    created_time: iso(created),
    updated_time: iso(created + 10 * MINUTE),
    open_time: iso(open),
    close_time: iso(close),
    expected_expiration_time: iso(close + HOUR),
    expiration_time: iso(close + 7 * DAY),
    latest_expiration_time: iso(close + 7 * DAY),
    settlement_timer_seconds: 3600,
    status: def.status,
    // The book starts empty: the engine (and the optional liquidity provider) fills in quotes.
    yes_bid_dollars: '0.0000',
    yes_bid_size_fp: '0.00',
    yes_ask_dollars: '1.0000',
    yes_ask_size_fp: '0.00',
    no_bid_dollars: '0.0000',
    no_ask_dollars: '1.0000',
    last_price_dollars: dollars(lastUnits),
    volume_fp: count(volume),
    volume_24h_fp: count(volume24h),
    open_interest_fp: count(openInterest),
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: dollars(previousUnits === 0 ? 0 : previousUnits - (structure === 'deci_cent' ? 10 : 100)),
    previous_yes_ask_dollars: dollars(previousUnits === 0 ? 10_000 : previousUnits + (structure === 'deci_cent' ? 10 : 100)),
    previous_price_dollars: dollars(previousUnits),
    result: resolved ? (won ? 'yes' : 'no') : '',
    can_close_early: true,
    expiration_value: resolved ? (def.expirationValue ?? (won ? m.yes : m.no)) : '',
    settlement_bounds_type: 'default',
    early_close_condition: 'This market may close early if the outcome is known before the scheduled close.',
    rules_primary: `If ${m.yes} is the outcome for ${def.subTitle.toLowerCase()}, determined by ${def.rules} according to ${series.source.name}, then the market resolves to Yes.`,
    rules_secondary: `The market closes at the scheduled time or earlier if the outcome is known. Source: ${series.source.url}`,
    price_level_structure: structure,
    price_ranges: PRICE_RANGES[structure].map((r) => ({ ...r })),
  };
  if (m.strike) {
    market.strike_type = m.strike.type;
    if (m.strike.floor !== undefined) market.floor_strike = m.strike.floor;
    if (m.strike.cap !== undefined) market.cap_strike = m.strike.cap;
  }
  if (resolved) market.settlement_value_dollars = won ? '1.0000' : '0.0000';
  if (def.status === 'finalized') market.settlement_ts = iso(settledAt);
  return { market, fairPrice: fairUnits };
}

function buildSeries(def: SeriesDef, base: number): rest.Series {
  return {
    ticker: def.ticker,
    frequency: def.frequency,
    title: def.title,
    category: def.category,
    categories: [def.category],
    tags: def.tags,
    settlement_sources: [def.source],
    contract_url: `https://kalshi-public-docs.s3.amazonaws.com/regulatory/product-certifications/${def.ticker}.pdf`,
    contract_terms_url: `https://kalshi-public-docs.s3.amazonaws.com/contract_terms/${def.ticker}.pdf`,
    fee_type: def.feeType,
    fee_multiplier: def.feeMultiplier,
    additional_prohibitions: [],
    last_updated_ts: iso(base - 30 * DAY),
  };
}

function buildEvent(series: SeriesDef, def: EventDef, base: number): StoredEvent {
  const event: StoredEvent = {
    event_ticker: def.code,
    series_ticker: series.ticker,
    sub_title: def.subTitle,
    title: def.title,
    // Kalshi nets collateral across exclusive outcomes (MECNET) and across strike ladders (DIRECNET).
    collateral_return_type: def.mutuallyExclusive ? 'MECNET' : 'DIRECNET',
    mutually_exclusive: def.mutuallyExclusive,
    category: series.category,
    settlement_sources: [series.source],
    last_updated_ts: iso(base + def.openH * HOUR - 2 * DAY),
  };
  if (def.strikePeriod) event.strike_period = def.strikePeriod;
  else event.strike_date = iso(base + def.closeH * HOUR);
  return event;
}

/**
 * The whole catalog for `seed`, with times relative to `startMs`. Pure: the same arguments give
 * the same objects, which is what makes a seeded exchange reproducible.
 */
export function buildCatalog(seed: number, startMs: number): Catalog {
  const rand = mulberry32(seed);
  const base = Math.floor(startMs / MINUTE) * MINUTE;
  const catalog: Catalog = { series: [], events: [], markets: [] };
  for (const s of SERIES) {
    catalog.series.push(buildSeries(s, base));
    for (const e of s.events) {
      catalog.events.push(buildEvent(s, e, base));
      const fair = fairValues(rand, e);
      const won = outcomes(e, fair);
      e.markets.forEach((m, i) => catalog.markets.push(buildMarket(rand, s, e, m, fair[i]!, won[i]!, base)));
    }
  }
  return catalog;
}
