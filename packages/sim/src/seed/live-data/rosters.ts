/**
 * The real-world things milestones are about (structured targets): the teams of the seeded games,
 * their players, parties, the weather city, the central bank and the crypto asset. Team facts
 * are fixed; player names are drawn from the seed (they are fictional).
 */
import type { Random } from '../prng.js';

export interface TeamDef {
  /** The three letters the game tickers use (KXNBAGAME-...DENPHX). */
  abbreviation: string;
  /** The name the markets use for the team (the yes_sub_title). */
  city: string;
  nickname: string;
  conference: 'Eastern' | 'Western';
  division: string;
}

export const NBA_TEAMS: readonly TeamDef[] = [
  { abbreviation: 'BOS', city: 'Boston', nickname: 'Celtics', conference: 'Eastern', division: 'Atlantic' },
  { abbreviation: 'DEN', city: 'Denver', nickname: 'Nuggets', conference: 'Western', division: 'Northwest' },
  { abbreviation: 'LAL', city: 'Los Angeles L', nickname: 'Lakers', conference: 'Western', division: 'Pacific' },
  { abbreviation: 'MIA', city: 'Miami', nickname: 'Heat', conference: 'Eastern', division: 'Southeast' },
  { abbreviation: 'NYK', city: 'New York', nickname: 'Knicks', conference: 'Eastern', division: 'Atlantic' },
  { abbreviation: 'PHX', city: 'Phoenix', nickname: 'Suns', conference: 'Western', division: 'Pacific' },
];

export const teamName = (t: TeamDef): string => `${t.city === 'Los Angeles L' ? 'Los Angeles' : t.city} ${t.nickname}`;

export const teamByAbbreviation = (abbreviation: string): TeamDef | undefined =>
  NBA_TEAMS.find((t) => t.abbreviation === abbreviation);

/** Players per team that carry an id (and so appear in play-by-play and player stats). */
export const PLAYERS_PER_TEAM = 3;

const FIRST = ['Andre', 'Malik', 'Jalen', 'Tyrese', 'Marcus', 'Devin', 'Cole', 'Isaiah', 'Darius', 'Evan', 'Jordan', 'Keegan', 'Luka', 'Miles', 'Nico', 'Omar', 'Quentin', 'Rashad', 'Theo', 'Wes'];
const LAST = ['Adebayo', 'Brooks', 'Carver', 'Dawson', 'Ellison', 'Fontaine', 'Garrison', 'Holloway', 'Irving', 'Jennings', 'Kessler', 'Lambert', 'Mercer', 'Nance', 'Okafor', 'Prescott', 'Quinlan', 'Reyes', 'Sutton', 'Whitfield'];
const POSITIONS = ['G', 'F', 'C'];

export interface PlayerDef {
  name: string;
  position: string;
  jersey: number;
}

/** A fictional roster for one team, drawn from `rand` (a stream named after the team). */
export function rosterOf(rand: Random): PlayerDef[] {
  const used = new Set<string>();
  const jerseys = new Set<number>();
  const players: PlayerDef[] = [];
  while (players.length < PLAYERS_PER_TEAM) {
    const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
    const jersey = Math.floor(rand() * 55);
    if (used.has(name) || jerseys.has(jersey)) continue;
    used.add(name);
    jerseys.add(jersey);
    players.push({ name, position: POSITIONS[players.length % POSITIONS.length]!, jersey });
  }
  return players;
}

/** Targets that are not sports teams: one entry per kind of non-sports milestone. */
export interface OtherTargetDef {
  key: string;
  name: string;
  type: string;
  details: Record<string, unknown>;
}

export const OTHER_TARGETS: readonly OtherTargetDef[] = [
  { key: 'party:D', name: 'Democratic Party', type: 'political_party', details: { country: 'US', abbreviation: 'D' } },
  { key: 'party:R', name: 'Republican Party', type: 'political_party', details: { country: 'US', abbreviation: 'R' } },
  { key: 'party:I', name: 'Other parties', type: 'political_party', details: { country: 'US', abbreviation: 'I' } },
  { key: 'fed', name: 'Federal Open Market Committee', type: 'central_bank', details: { country: 'US', body: 'Federal Reserve' } },
  { key: 'bls', name: 'Bureau of Labor Statistics', type: 'statistics_agency', details: { country: 'US', release: 'CPI' } },
  { key: 'city:nyc', name: 'New York City', type: 'weather_city', details: { city_id: 'nyc', timezone: 'America/New_York' } },
  { key: 'asset:BTC', name: 'Bitcoin', type: 'crypto_asset', details: { symbol: 'BTC', index: 'BRTI' } },
];
