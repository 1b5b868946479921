import type { rest } from 'kalshi-ts/generated';
import type { SimDatabase } from '../db/database.js';
import type { StoredEvent } from '../db/events.js';
import { count, DAY, dollars, HOUR, iso, MINUTE, PRICE_RANGES } from '../seed/format.js';
import { mulberry32, type Random } from '../seed/prng.js';
import { pastCandles, pastTape, type PastTrade } from './tape.js';

/*
 * Seeded history: events of the catalog's own series that settled well before the default
 * cutoff, with a trade tape and candles, so /historical/* has something to serve on a fresh
 * exchange. Like the catalog, tickers are fixed and times are offsets from the seeding clock;
 * the seed varies prices, sizes and times. A PRNG stream of its own leaves the catalog as it was.
 */

interface PastMarketDef {
  suffix: string;
  yes: string;
  no: string;
  /** Rough YES probability before the seed's noise. */
  p: number;
  /** The observed value reported as expiration_value when this market wins. */
  observed: string;
  strike?: { type: 'greater' | 'less' | 'between'; floor?: number; cap?: number };
}

interface PastEventDef {
  series: string;
  code: string;
  title: string;
  subTitle: string;
  /** Hours from the seeding clock (negative: the past). */
  openH: number;
  closeH: number;
  marketTitle: string;
  rules: string;
  markets: PastMarketDef[];
}

const fedOctober: PastMarketDef[] = [
  { suffix: 'C50', yes: 'Cut 50bps or more', no: 'Not a cut of 50bps or more', p: 0.04, observed: 'Cut 50bps or more' },
  { suffix: 'C25', yes: 'Cut 25bps', no: 'Not a cut of 25bps', p: 0.86, observed: 'Cut 25bps' },
  { suffix: 'H0', yes: 'Hold', no: 'Not a hold', p: 0.09, observed: 'Hold' },
  { suffix: 'H25', yes: 'Hike 25bps or more', no: 'Not a hike', p: 0.01, observed: 'Hike 25bps or more' },
];

const novemberTemps: PastMarketDef[] = [
  { suffix: 'T46', yes: '45° or below', no: 'Above 45°', p: 0.1, observed: '44', strike: { type: 'less', cap: 46 } },
  { suffix: 'B46.5', yes: '46° to 47°', no: 'Not 46° to 47°', p: 0.2, observed: '47', strike: { type: 'between', floor: 46, cap: 47 } },
  { suffix: 'B48.5', yes: '48° to 49°', no: 'Not 48° to 49°', p: 0.34, observed: '49', strike: { type: 'between', floor: 48, cap: 49 } },
  { suffix: 'B50.5', yes: '50° to 51°', no: 'Not 50° to 51°', p: 0.22, observed: '50', strike: { type: 'between', floor: 50, cap: 51 } },
  { suffix: 'B52.5', yes: '52° to 53°', no: 'Not 52° to 53°', p: 0.1, observed: '53', strike: { type: 'between', floor: 52, cap: 53 } },
  { suffix: 'T53', yes: '54° or above', no: 'Below 54°', p: 0.04, observed: '55', strike: { type: 'greater', floor: 53 } },
];

export const PAST_EVENTS: readonly PastEventDef[] = [
  {
    series: 'KXFED',
    code: 'KXFED-25OCT',
    title: 'Fed decision in October 2025?',
    subTitle: 'Oct 29, 2025',
    openH: -24 * 160,
    closeH: -24 * 78,
    marketTitle: 'Will the Fed {yes} in October 2025?',
    rules: 'the change to the upper bound of the federal funds target range announced',
    markets: fedOctober,
  },
  {
    series: 'KXHIGHNY',
    code: 'KXHIGHNY-25NOV20',
    title: 'Highest temperature in NYC on Nov 20, 2025?',
    subTitle: 'On Nov 20, 2025',
    openH: -56 * 24 - 14,
    closeH: -56 * 24 + 10,
    marketTitle: 'Will the high temp in NYC be {yes} on Nov 20, 2025?',
    rules: 'the highest temperature recorded in Central Park, New York for the day',
    markets: novemberTemps,
  },
];

/** Seeded trade ids: UUID-shaped like the engine's, in a block of their own that sorts first. */
const pastTradeId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
// Distinct from the catalog's stream (mulberry32(seed)): "HIST".
const STREAM = 0x48495354;

interface Built {
  event: StoredEvent;
  markets: rest.Market[];
  trades: PastTrade[];
}

function buildEvent(rand: Random, def: PastEventDef, series: rest.Series, base: number): Built {
  const open = base + def.openH * HOUR;
  const close = base + def.closeH * HOUR;
  const settled = close + 2 * HOUR;
  const source = series.settlement_sources?.[0] ?? { name: series.title, url: '' };
  const event: StoredEvent = {
    event_ticker: def.code,
    series_ticker: def.series,
    sub_title: def.subTitle,
    title: def.title,
    collateral_return_type: 'MECNET',
    mutually_exclusive: true,
    category: series.category,
    settlement_sources: [source],
    strike_date: iso(close),
    last_updated_ts: iso(settled),
  };
  // Mutually exclusive outcomes: normalised fair values, and the favourite wins.
  const noisy = def.markets.map((m) => Math.max(0.005, m.p * (0.8 + 0.4 * rand())));
  const total = noisy.reduce((a, b) => a + b, 0);
  const fair = noisy.map((p) => p / total);
  const winner = fair.indexOf(Math.max(...fair));
  const observed = def.markets[winner]!.observed;
  const markets: rest.Market[] = [];
  const trades: PastTrade[] = [];
  def.markets.forEach((m, i) => {
    const ticker = `${def.code}-${m.suffix}`;
    const won = i === winner;
    const tape = pastTape(rand, ticker, open, close, fair[i]!, won);
    trades.push(...tape);
    markets.push(buildMarket(def, m, ticker, { open, close, settled, won, observed, source, tape }));
  });
  return { event, markets, trades };
}

interface MarketFacts {
  open: number;
  close: number;
  settled: number;
  won: boolean;
  observed: string;
  source: { name?: string; url?: string };
  tape: readonly PastTrade[];
}

function buildMarket(def: PastEventDef, m: PastMarketDef, ticker: string, f: MarketFacts): rest.Market {
  const last = f.tape[f.tape.length - 1]!;
  const before = f.tape.length > 1 ? f.tape[f.tape.length - 2]! : last;
  const volume = f.tape.reduce((sum, t) => sum + t.count, 0) / 100;
  const market: rest.Market = {
    ticker,
    event_ticker: def.code,
    market_type: 'binary',
    title: def.marketTitle.replace('{yes}', m.yes),
    subtitle: m.yes,
    yes_sub_title: m.yes,
    no_sub_title: m.no,
    created_time: iso(f.open - 2 * DAY),
    updated_time: iso(f.settled),
    open_time: iso(f.open),
    close_time: iso(f.close),
    expected_expiration_time: iso(f.close + HOUR),
    expiration_time: iso(f.close + 7 * DAY),
    latest_expiration_time: iso(f.close + 7 * DAY),
    settlement_timer_seconds: 3600,
    status: 'finalized',
    // Settled: the book is gone.
    yes_bid_dollars: '0.0000',
    yes_bid_size_fp: '0.00',
    yes_ask_dollars: '1.0000',
    yes_ask_size_fp: '0.00',
    no_bid_dollars: '0.0000',
    no_ask_dollars: '1.0000',
    last_price_dollars: dollars(last.price),
    volume_fp: count(volume),
    volume_24h_fp: '0.00',
    open_interest_fp: count(last.openInterest / 100),
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: dollars(Math.max(0, before.price - 100)),
    previous_yes_ask_dollars: dollars(Math.min(10_000, before.price + 100)),
    previous_price_dollars: dollars(before.price),
    result: f.won ? 'yes' : 'no',
    can_close_early: true,
    expiration_value: f.observed,
    settlement_bounds_type: 'default',
    settlement_value_dollars: f.won ? '1.0000' : '0.0000',
    settlement_ts: iso(f.settled),
    early_close_condition: 'This market may close early if the outcome is known before the scheduled close.',
    rules_primary: `If ${m.yes} is the outcome for ${def.subTitle.toLowerCase()}, determined by ${def.rules} according to ${f.source.name ?? 'the source agency'}, then the market resolves to Yes.`,
    rules_secondary: `The market closes at the scheduled time or earlier if the outcome is known. Source: ${f.source.url ?? ''}`,
    price_level_structure: 'linear_cent',
    price_ranges: PRICE_RANGES.linear_cent.map((r) => ({ ...r })),
  };
  if (m.strike) {
    market.strike_type = m.strike.type;
    if (m.strike.floor !== undefined) market.floor_strike = m.strike.floor;
    if (m.strike.cap !== undefined) market.cap_strike = m.strike.cap;
  }
  return market;
}

/**
 * Writes the seeded history into an empty catalog's transaction (series must already exist).
 * Series missing from the catalog are skipped rather than invented.
 */
export function seedHistory(db: SimDatabase, seed: number, startMs: number): void {
  const rand = mulberry32((seed ^ STREAM) >>> 0);
  const base = Math.floor(startMs / MINUTE) * MINUTE;
  const built: Built[] = [];
  for (const def of PAST_EVENTS) {
    const series = db.series.get(def.series);
    if (series) built.push(buildEvent(rand, def, series, base));
  }
  for (const b of built) {
    db.events.insert(b.event);
    for (const m of b.markets) db.markets.insert(m);
  }
  // Ids in execution order across every market, as the engine issues them.
  const tape = built.flatMap((b) => b.trades).sort((a, b) => a.ts - b.ts);
  tape.forEach((t, i) => db.trades.insert({ id: pastTradeId(i + 1), ticker: t.ticker, price: t.price, count: t.count, takerSide: t.takerSide, ts: t.ts }));
  for (const b of built) {
    for (const m of b.markets) {
      for (const c of pastCandles(b.trades.filter((t) => t.ticker === m.ticker))) db.candles.put(c);
    }
  }
}
