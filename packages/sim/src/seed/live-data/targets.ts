import type { rest } from 'kalshi-ts/generated';
import { HOUR, iso } from '../format.js';
import { intBetween } from '../prng.js';
import { digits, seededUuid, streamOf } from './random.js';
import { NBA_TEAMS, OTHER_TARGETS, rosterOf, teamName, type PlayerDef, type TeamDef } from './rosters.js';

export interface TeamTarget {
  def: TeamDef;
  id: string;
  players: { id: string; def: PlayerDef }[];
}

export interface Targets {
  /** Sorted by id, the pagination key. */
  list: rest.StructuredTarget[];
  byId: Map<string, rest.StructuredTarget>;
  teams: Map<string, TeamTarget>;
  /** Non-sports targets by their definition key (e.g. `party:D`, `city:nyc`). */
  others: Map<string, string>;
}

/** The spec types `details` as an object with no declared keys; its content is free-form. */
const free = (details: Record<string, unknown>) => details as rest.StructuredTarget['details'];

const updatedAt = (seed: number, name: string, base: number) =>
  iso(base - intBetween(streamOf(seed, `updated:${name}`), 1, 24 * 30) * HOUR);

/** Every structured target of the seeded catalog; ids and player names follow the seed. */
export function buildTargets(seed: number, base: number): Targets {
  const list: rest.StructuredTarget[] = [];
  const teams = new Map<string, TeamTarget>();
  const others = new Map<string, string>();

  for (const team of NBA_TEAMS) {
    const key = `team:${team.abbreviation}`;
    const id = seededUuid(seed, key);
    const sourceId = `sr:competitor:${digits(seed, key, 6)}`;
    list.push({
      id,
      name: teamName(team),
      type: 'basketball_team',
      details: free({
        league: 'NBA',
        leagues: ['NBA'],
        conference: team.conference,
        division: team.division,
        abbreviation: team.abbreviation,
        market_name: team.city,
      }),
      source_id: sourceId,
      source_ids: { sportradar: sourceId },
      last_updated_ts: updatedAt(seed, key, base),
    });
    const players = rosterOf(streamOf(seed, `roster:${team.abbreviation}`)).map((def, i) => {
      const pkey = `player:${team.abbreviation}:${i}`;
      const pid = seededUuid(seed, pkey);
      const psource = `sr:player:${digits(seed, pkey, 7)}`;
      list.push({
        id: pid,
        name: def.name,
        type: 'basketball_player',
        details: free({ league: 'NBA', team_id: id, team_abbreviation: team.abbreviation, position: def.position, jersey_number: def.jersey }),
        source_id: psource,
        source_ids: { sportradar: psource },
        last_updated_ts: updatedAt(seed, pkey, base),
      });
      return { id: pid, def };
    });
    teams.set(team.abbreviation, { def: team, id, players });
  }

  for (const other of OTHER_TARGETS) {
    const id = seededUuid(seed, other.key);
    others.set(other.key, id);
    list.push({ id, name: other.name, type: other.type, details: free({ ...other.details }), last_updated_ts: updatedAt(seed, other.key, base) });
  }

  list.sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
  return { list, byId: new Map(list.map((t) => [t.id!, t])), teams, others };
}

/**
 * The competition filter: the league, conference, division or tour in the details, or any
 * entry of the details' `leagues` (case-insensitive, as users type "nba" as often as "NBA").
 */
export function matchesCompetition(target: rest.StructuredTarget, competition: string): boolean {
  const details = (target.details ?? {}) as Record<string, unknown>;
  const wanted = competition.toLowerCase();
  const fields = ['league', 'conference', 'division', 'tour'].map((k) => details[k]);
  const leagues = Array.isArray(details.leagues) ? details.leagues : [];
  return [...fields, ...leagues].some((v) => typeof v === 'string' && v.toLowerCase() === wanted);
}
