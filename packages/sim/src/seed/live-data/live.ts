/**
 * Live values of a milestone at the exchange clock's "now". Outcomes the catalog has settled on
 * (a market resolved YES) win over the seeded script, so live data never contradicts a market.
 */
import type { EventDef, MarketDef } from '../definitions.js';
import { iso } from '../format.js';
import { calibrations, cityById, type Calibration } from './calibrations.js';
import { buildPlays, gameDetails, type GameView, type Play, type Side } from './game.js';
import type { LiveCatalog } from './index.js';
import type { MilestoneEntry } from './milestones.js';
import { keyOf, noise } from './random.js';
import { CityIndex } from './weather.js';

export interface Outcomes {
  /** The event's markets as the catalog holds them now (result '' until determined). */
  marketsOf(eventTicker: string): { ticker: string; result: string; expiration_value: string }[];
}

const tickerOf = (e: EventDef, m: MarketDef) => (m.suffix ? `${e.code}-${m.suffix}` : e.code);

const playsCache = new WeakMap<LiveCatalog, Map<string, Play[]>>();

export class LiveContext {
  private readonly cities = new Map<string, { index: CityIndex; timeline: Calibration[] }>();
  private readonly observed = new Map<MilestoneEntry, { t: number; v: number }[]>();

  constructor(
    readonly catalog: LiveCatalog,
    readonly outcomes: Outcomes,
    readonly now: number,
  ) {}

  /** Which of the event's markets wins: the settled one, else a seeded draw weighted by the odds. */
  winner(e: EventDef): { market: MarketDef; resolved: boolean; expirationValue?: string } {
    const settled = this.outcomes.marketsOf(e.code).find((m) => m.result === 'yes');
    const market = settled && e.markets.find((m) => tickerOf(e, m) === settled.ticker);
    if (settled && market) return { market, resolved: true, expirationValue: settled.expiration_value };
    const total = e.markets.reduce((s, m) => s + m.p, 0);
    let u = noise(keyOf(this.catalog.seed, `outcome:${e.code}`), 0) * total;
    for (const m of e.markets) {
      u -= m.p;
      if (u < 0) return { market: m, resolved: false };
    }
    return { market: e.markets[e.markets.length - 1]!, resolved: false };
  }

  game(entry: MilestoneEntry): GameView {
    const { home, away } = entry.game!;
    // Game markets list the away team first, then the home team (see seed/definitions.ts).
    const side: Side = this.winner(entry.event).market === entry.event.markets[1] ? 'home' : 'away';
    let cache = playsCache.get(this.catalog);
    if (!cache) playsCache.set(this.catalog, (cache = new Map()));
    const key = `${entry.milestone.id}:${side}`;
    let plays = cache.get(key);
    if (!plays) cache.set(key, (plays = buildPlays(this.catalog.seed, entry.milestone.id, side, home.players.length)));
    return { entry, home, away, plays, now: this.now };
  }

  /** The day's high in whole °F implied by the winning temperature bracket. */
  private dailyHigh(e: EventDef): number {
    const { market, expirationValue } = this.winner(e);
    const s = market.strike;
    const u = noise(keyOf(this.catalog.seed, `high:${e.code}`), 0);
    const observed = Number(expirationValue);
    const within = (lo: number, hi: number) => expirationValue !== undefined && expirationValue !== '' && Number.isInteger(observed) && observed >= lo && observed <= hi;
    if (s?.type === 'less' && s.cap !== undefined) return within(-100, s.cap - 1) ? observed : s.cap - 1 - Math.floor(u * 3);
    if (s?.type === 'greater' && s.floor !== undefined) return within(s.floor + 1, 200) ? observed : s.floor + 1 + Math.floor(u * 3);
    if (s?.floor !== undefined && s.cap !== undefined) return within(s.floor, s.cap) ? observed : s.floor + Math.floor(u * (s.cap - s.floor + 1));
    return 40;
  }

  /** The city's index and calibration timeline as of now; undefined for an unknown city. */
  city(cityId: string): { index: CityIndex; timeline: Calibration[] } | undefined {
    const known = this.cities.get(cityId);
    if (known) return known;
    const city = cityById(cityId);
    if (!city) return undefined;
    const days = this.catalog.milestones.filter((m) => m.city === cityId);
    const anchor = days.length ? days[0]!.openMs : this.catalog.base;
    const byStart = new Map(days.map((m) => [m.openMs, m.event]));
    const index = new CityIndex(this.catalog.seed, this.catalog.base, city, anchor, (start) => {
      const e = byStart.get(start);
      return e && this.dailyHigh(e);
    });
    const made = { index, timeline: calibrations(this.catalog.seed, this.catalog.base, city, this.now) };
    this.cities.set(cityId, made);
    return made;
  }

  /** The canonical values of an observation window up to now (computed once per request). */
  observations(entry: MilestoneEntry): { t: number; v: number }[] {
    let points = this.observed.get(entry);
    if (!points) {
      const city = this.city(entry.city!)!;
      const to = Math.min(this.now, entry.closeMs - 1);
      points = city.index.series(entry.openMs, to, this.now, city.timeline, false).map((p) => ({ t: p.t, v: p.v! }));
      this.observed.set(entry, points);
    }
    return points;
  }
}

function weatherDetails(ctx: LiveContext, entry: MilestoneEntry): Record<string, unknown> {
  const status = ctx.now < entry.openMs ? 'upcoming' : ctx.now < entry.closeMs ? 'observing' : 'final';
  const details: Record<string, unknown> = {
    status,
    city: entry.city,
    window_start: iso(entry.openMs),
    window_end: iso(entry.closeMs),
    as_of: iso(ctx.now),
  };
  const points = status === 'upcoming' ? [] : ctx.observations(entry);
  if (points.length) {
    const high = Math.max(...points.map((p) => p.v));
    details.current_temp_f = points[points.length - 1]!.v;
    details[status === 'final' ? 'observed_high_f' : 'high_so_far_f'] = high;
  }
  return details;
}

/** Before, during and after a scheduled happening that markets then resolve on. */
function scheduled(ctx: LiveContext, entry: MilestoneEntry, names: [string, string, string]): string {
  if (ctx.now < entry.startMs) return 'scheduled';
  if (entry.endMs !== null && ctx.now < entry.endMs) return names[0];
  return ctx.winner(entry.event).resolved ? names[2] : names[1];
}

export function milestoneDetails(ctx: LiveContext, entry: MilestoneEntry, withPlayers: boolean): Record<string, unknown> {
  switch (entry.kind) {
    case 'game':
      return gameDetails(ctx.game(entry), withPlayers);
    case 'weather':
      return weatherDetails(ctx, entry);
    case 'crypto':
      return cryptoDetails(ctx, entry);
    case 'fed': {
      const status = scheduled(ctx, entry, ['in_session', 'awaiting_decision', 'announced']);
      const details: Record<string, unknown> = { status, meeting_start: iso(entry.startMs), announcement_time: iso(entry.endMs!) };
      if (status === 'announced') details.decision = ctx.winner(entry.event).market.yes;
      return details;
    }
    case 'cpi': {
      const details: Record<string, unknown> = { status: ctx.now < entry.startMs ? 'scheduled' : 'released', release_time: iso(entry.startMs), period: entry.event.subTitle };
      // A ladder of "above X%" strikes: once every rung has resolved, the value sits just above
      // the highest YES strike (or just below the lowest strike when none is YES).
      const results = ctx.outcomes.marketsOf(entry.eventTicker);
      const floors = entry.event.markets.map((m) => ({ floor: m.strike?.floor ?? 0, result: results.find((r) => r.ticker === tickerOf(entry.event, m))?.result ?? '' }));
      if (details.status === 'released' && floors.length && floors.every((f) => f.result === 'yes' || f.result === 'no')) {
        const yes = floors.filter((f) => f.result === 'yes').map((f) => f.floor);
        details.value_pct = Math.round((yes.length ? Math.max(...yes) + 0.1 : Math.min(...floors.map((f) => f.floor)) - 0.1) * 10) / 10;
      }
      return details;
    }
    case 'election': {
      const status = scheduled(ctx, entry, ['voting', 'counting', 'called']);
      const details: Record<string, unknown> = { status, polls_open: iso(entry.startMs), polls_close: iso(entry.endMs!) };
      if (status === 'called') details.winner = ctx.winner(entry.event).market.yes;
      return details;
    }
  }
}

/**
 * The BTC index: a smooth, seeded wander around the middle of the winning band that never
 * leaves the band, so the fixing lands where the market settles.
 */
export function cryptoPrice(ctx: LiveContext, entry: MilestoneEntry, t: number): number {
  const strike = ctx.winner(entry.event).market.strike;
  const floor = strike?.floor ?? 0;
  const centre = floor + ((strike?.cap ?? floor + 1000) - floor) / 2;
  const key = keyOf(ctx.catalog.seed, `crypto:${entry.eventTicker}`);
  const phase = noise(key, -1) * 2 * Math.PI;
  const minute = t / 60_000;
  const wave = 0.55 * Math.sin((2 * Math.PI * minute) / 47 + phase) + 0.3 * Math.sin((2 * Math.PI * minute) / 13 + 2 * phase);
  const jitter = 0.15 * (2 * noise(key, Math.floor(minute)) - 1);
  return Math.round((centre + 430 * (wave + jitter)) * 100) / 100;
}

function cryptoDetails(ctx: LiveContext, entry: MilestoneEntry): Record<string, unknown> {
  const fixed = ctx.now >= entry.closeMs;
  const at = Math.floor(Math.min(ctx.now, entry.closeMs) / 60_000) * 60_000;
  return {
    status: ctx.now < entry.openMs ? 'upcoming' : fixed ? 'fixed' : 'open',
    symbol: 'BTC',
    index: 'BRTI',
    price_usd: cryptoPrice(ctx, entry, at),
    fixing_time: iso(entry.closeMs),
    ...(fixed && { fixing_price_usd: cryptoPrice(ctx, entry, entry.closeMs) }),
    as_of: iso(Math.min(ctx.now, entry.closeMs)),
  };
}
