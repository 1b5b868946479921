/**
 * Milestones: the real-world happenings behind the seeded events (a game, a day's weather, an
 * FOMC meeting, a data release, an election, a crypto fixing). Each names its events, and its
 * `type` decides the shape of its live data.
 */
import type { rest } from 'kalshi-ts/generated';
import { SERIES, type EventDef, type SeriesDef } from '../definitions.js';
import { HOUR, iso, MINUTE } from '../format.js';
import { intBetween } from '../prng.js';
import { digits, seededUuid, streamOf } from './random.js';
import type { TeamTarget, Targets } from './targets.js';

export type MilestoneKind = 'game' | 'weather' | 'fed' | 'cpi' | 'election' | 'crypto';

export interface MilestoneEntry {
  milestone: rest.Milestone;
  kind: MilestoneKind;
  /** The seeded event the milestone decides (its first primary event ticker). */
  eventTicker: string;
  event: EventDef;
  /** The event's trading window, from the seeded definition. */
  openMs: number;
  closeMs: number;
  startMs: number;
  endMs: number | null;
  /** Sorting and pagination key: start date, then id. */
  key: string;
  game?: { home: TeamTarget; away: TeamTarget };
  /** Weather index city id. */
  city?: string;
}

/** A game's real-time length: four 30-minute quarters with breaks and a halftime (see game.ts). */
export const GAME_LENGTH_MS = 150 * MINUTE;

export const MILESTONE_TYPES: Record<MilestoneKind, string> = {
  game: 'basketball_game',
  weather: 'daily_high_temperature',
  fed: 'fomc_meeting',
  cpi: 'economic_data_release',
  election: 'political_race',
  crypto: 'crypto_price',
};

const KIND_OF_SERIES: Record<string, MilestoneKind> = {
  KXNBAGAME: 'game',
  KXHIGHNY: 'weather',
  KXFED: 'fed',
  KXCPIYOY: 'cpi',
  KXPRESPARTY: 'election',
  KXGOVPARTYNY: 'election',
  KXBTC: 'crypto',
};

/** Events a milestone bears on beyond the one it decides (a Fed decision moves the index). */
const ALSO_RELATED: Record<string, string[]> = {
  'KXFED-26MAR': ['KXINXY-26DEC31', 'KXRECSSNBER-26'],
  'KXCPIYOY-26JAN': ['KXFED-26MAR'],
};

const CATEGORY: Record<MilestoneKind, string> = {
  game: 'Sports',
  weather: 'Climate and Weather',
  fed: 'Economics',
  cpi: 'Economics',
  election: 'Elections',
  crypto: 'Crypto',
};

interface Timing {
  start: number;
  end: number | null;
}

function timing(kind: MilestoneKind, open: number, close: number): Timing {
  switch (kind) {
    case 'game': {
      const start = close - 3 * HOUR;
      return { start, end: start + GAME_LENGTH_MS };
    }
    case 'fed':
      return { start: close - 26 * HOUR, end: close - 2 * HOUR };
    case 'cpi':
      return { start: close - 3 * HOUR, end: null };
    case 'election':
      return { start: close - 48 * HOUR, end: close - 24 * HOUR };
    case 'weather':
    case 'crypto':
      return { start: open, end: close };
  }
}

function describe(kind: MilestoneKind, series: SeriesDef, e: EventDef, targets: Targets): { message: string; details: Record<string, unknown>; game?: MilestoneEntry['game']; city?: string } {
  switch (kind) {
    case 'game': {
      const away = targets.teams.get(e.code.slice(-6, -3))!;
      const home = targets.teams.get(e.code.slice(-3))!;
      return {
        message: `${away.def.abbreviation} at ${home.def.abbreviation} is under way`,
        details: {
          competition: 'Pro Basketball (M)',
          league: 'NBA',
          home_team_id: home.id,
          away_team_id: away.id,
          home_team_name: home.def.city,
          away_team_name: away.def.city,
          structured_target_ids: [away.id, home.id],
        },
        game: { home, away },
      };
    }
    case 'weather':
      return {
        message: `Tracking the high temperature in NYC for ${e.subTitle.replace(/^On /, '')}`,
        details: { city: 'nyc', day: e.subTitle.replace(/^On /, ''), structured_target_ids: [targets.others.get('city:nyc')!] },
        city: 'nyc',
      };
    case 'fed':
      return { message: `FOMC decision: ${e.subTitle}`, details: { meeting_date: e.subTitle, structured_target_ids: [targets.others.get('fed')!] } };
    case 'cpi':
      return { message: `CPI release for ${e.subTitle}`, details: { indicator: 'CPI-U year-over-year', period: e.subTitle, structured_target_ids: [targets.others.get('bls')!] } };
    case 'election': {
      const parties = ['party:D', 'party:R', 'party:I'].map((k) => targets.others.get(k)!);
      return { message: `Results in: ${series.title}`, details: { race: e.title, structured_target_ids: parties } };
    }
    case 'crypto':
      return { message: `BTC fixing: ${e.subTitle}`, details: { symbol: 'BTC', index: 'BRTI', structured_target_ids: [targets.others.get('asset:BTC')!] } };
  }
}

/** Every milestone of the seeded catalog, sorted by start date then id. */
export function buildMilestones(seed: number, base: number, targets: Targets): MilestoneEntry[] {
  const out: MilestoneEntry[] = [];
  for (const series of SERIES) {
    const kind = KIND_OF_SERIES[series.ticker];
    if (!kind) continue;
    for (const e of series.events) {
      const id = seededUuid(seed, `milestone:${e.code}`);
      const openMs = base + e.openH * HOUR;
      const closeMs = base + e.closeH * HOUR;
      const { start, end } = timing(kind, openMs, closeMs);
      const info = describe(kind, series, e, targets);
      const updatedMs = Math.min(base, start) - intBetween(streamOf(seed, `updated:${id}`), 1, 24 * 20) * HOUR;
      const sourceId = kind === 'game' ? `sr:sport_event:${digits(seed, e.code, 8)}` : null;
      const startDate = iso(start);
      const milestone: rest.Milestone = {
        id,
        category: CATEGORY[kind],
        type: MILESTONE_TYPES[kind],
        start_date: startDate,
        end_date: end === null ? null : iso(end),
        related_event_tickers: [e.code, ...(ALSO_RELATED[e.code] ?? [])],
        title: e.title,
        notification_message: info.message,
        source_id: sourceId,
        source_ids: sourceId ? { sportradar: sourceId } : {},
        details: { series_ticker: series.ticker, ...info.details },
        primary_event_tickers: [e.code],
        last_updated_ts: iso(updatedMs),
      };
      out.push({
        milestone,
        kind,
        eventTicker: e.code,
        event: e,
        openMs,
        closeMs,
        startMs: start,
        endMs: end,
        key: `${startDate}|${id}`,
        ...(info.game && { game: info.game }),
        ...(info.city && { city: info.city }),
      });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
