/**
 * A basketball game replayed against the exchange clock. The scoring plays are drawn once from
 * the seed; what a request sees is the prefix played by "now", so the score only ever moves
 * forward and the final score always agrees with the winner the catalog settles on.
 */
import { iso, MINUTE } from '../format.js';
import { streamOf } from './random.js';
import type { MilestoneEntry } from './milestones.js';
import type { TeamTarget } from './targets.js';

export type Side = 'home' | 'away';

export interface Play {
  /** Game seconds since tip-off, 0..2879. */
  sec: number;
  side: Side;
  points: 1 | 2 | 3;
  /** Index into the team's named players; null for a player without a structured target. */
  player: number | null;
}

const PERIOD_SEC = 720;
const PERIODS = 4;
const QUARTER_MS = 30 * MINUTE;
/** Real minutes after the start at which each quarter tips off (breaks and a halftime between). */
const PERIOD_START_MS = [0, 32, 77, 109].map((m) => m * MINUTE);
const FINAL_MS = PERIOD_START_MS[3]! + QUARTER_MS;

export type GameStatus = 'scheduled' | 'in_progress' | 'halftime' | 'final';

export interface GameClock {
  status: GameStatus;
  /** 0 before tip-off, then 1..4. */
  period: number;
  /** Game seconds played so far. */
  sec: number;
}

export function gameClock(elapsedMs: number): GameClock {
  if (elapsedMs < 0) return { status: 'scheduled', period: 0, sec: 0 };
  if (elapsedMs >= FINAL_MS) return { status: 'final', period: PERIODS, sec: PERIODS * PERIOD_SEC };
  let p = PERIOD_START_MS.length - 1;
  while (PERIOD_START_MS[p]! > elapsedMs) p--;
  const into = elapsedMs - PERIOD_START_MS[p]!;
  if (into >= QUARTER_MS) return { status: p === 1 ? 'halftime' : 'in_progress', period: p + 1, sec: (p + 1) * PERIOD_SEC };
  return { status: 'in_progress', period: p + 1, sec: p * PERIOD_SEC + Math.floor((into / QUARTER_MS) * PERIOD_SEC) };
}

/** The whole game's scoring plays, in order, with `winner` ahead at the end. */
export function buildPlays(seed: number, milestoneId: string, winner: Side, namedPlayers: number): Play[] {
  const rand = streamOf(seed, `plays:${milestoneId}`);
  const plays: Play[] = [];
  let side: Side = rand() < 0.5 ? 'home' : 'away';
  for (let t = 8 + rand() * 10; t < PERIODS * PERIOD_SEC; t += 9 + rand() * 12) {
    side = side === 'home' ? 'away' : 'home';
    if (rand() >= 0.53) continue;
    const kind = rand();
    const player = rand() < 0.6 ? Math.floor(rand() * namedPlayers) : null;
    const sec = Math.floor(t);
    if (kind < 0.12) {
      for (let shot = 0; shot < 2; shot++) if (rand() < 0.78) plays.push({ sec, side, points: 1, player });
    } else {
      plays.push({ sec, side, points: kind < 0.42 ? 3 : 2, player });
    }
  }
  const total = (s: Side) => plays.reduce((n, p) => n + (p.side === s ? p.points : 0), 0);
  const leader: Side | null = total('home') === total('away') ? null : total('home') > total('away') ? 'home' : 'away';
  // Mirror the game rather than redraw it, so the pace and the margin stay what the seed gave.
  if (leader !== null && leader !== winner) for (const p of plays) p.side = p.side === 'home' ? 'away' : 'home';
  if (leader === null) plays.push({ sec: PERIODS * PERIOD_SEC - 1, side: winner, points: 1, player: null });
  return plays;
}

const mmss = (sec: number) => `${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;

/** Time left in the period, as a scoreboard shows it. */
function clockText(c: GameClock): string {
  if (c.period === 0) return mmss(PERIOD_SEC);
  return mmss(c.period * PERIOD_SEC - c.sec);
}

export interface GameView {
  entry: MilestoneEntry;
  home: TeamTarget;
  away: TeamTarget;
  plays: Play[];
  now: number;
}

const teamOf = (v: GameView, side: Side) => (side === 'home' ? v.home : v.away);

/** Live details: the scoreboard at `now`, plus per-player totals when asked. */
export function gameDetails(v: GameView, withPlayers: boolean): Record<string, unknown> {
  const clock = gameClock(v.now - v.entry.startMs);
  const played = v.plays.filter((p) => p.sec < clock.sec || clock.status === 'final');
  const points = (s: Side) => played.reduce((n, p) => n + (p.side === s ? p.points : 0), 0);
  const [home, away] = [points('home'), points('away')];
  const details: Record<string, unknown> = {
    status: clock.status,
    period: clock.period,
    clock: clockText(clock),
    scheduled_start: iso(v.entry.startMs),
    home_team_id: v.home.id,
    away_team_id: v.away.id,
    home_team: v.home.def.city,
    away_team: v.away.def.city,
    home_abbreviation: v.home.def.abbreviation,
    away_abbreviation: v.away.def.abbreviation,
    home_points: home,
    away_points: away,
    as_of: iso(v.now),
  };
  if (clock.status === 'final') details.winner_team_id = home > away ? v.home.id : v.away.id;
  if (withPlayers) {
    details.player_stats = (['away', 'home'] as const).flatMap((side) =>
      teamOf(v, side).players.map((player, i) => {
        const mine = played.filter((p) => p.side === side && p.player === i);
        const count = (pts: number) => mine.filter((p) => p.points === pts).length;
        return {
          player_id: player.id,
          name: player.def.name,
          team_id: teamOf(v, side).id,
          points: mine.reduce((n, p) => n + p.points, 0),
          field_goals_made: count(2) + count(3),
          three_pointers_made: count(3),
          free_throws_made: count(1),
        };
      }),
    );
  }
  return details;
}

const PLAY_TYPE = { 1: 'free_throw_made', 2: 'two_point_made', 3: 'three_point_made' } as const;

/** Play-by-play so far, grouped by period; a finished period ends with an `end_period` event. */
export function gamePlayByPlay(v: GameView): { periods: { events: Record<string, unknown>[] }[] } {
  const clock = gameClock(v.now - v.entry.startMs);
  const periods: { events: Record<string, unknown>[] }[] = [];
  const score = { home: 0, away: 0 };
  let sequence = 0;
  for (let period = 1; period <= clock.period; period++) {
    const events: Record<string, unknown>[] = [];
    const end = period * PERIOD_SEC;
    for (const p of v.plays) {
      if (p.sec < end - PERIOD_SEC || p.sec >= end) continue;
      if (clock.status !== 'final' && p.sec >= clock.sec) break;
      score[p.side] += p.points;
      const team = teamOf(v, p.side);
      const player = p.player === null ? undefined : team.players[p.player];
      events.push({
        sequence: ++sequence,
        period,
        clock: mmss(end - p.sec),
        event_type: PLAY_TYPE[p.points],
        team_id: team.id,
        ...(player && { player_id: player.id, player_name: player.def.name }),
        points: p.points,
        home_points: score.home,
        away_points: score.away,
      });
    }
    if (clock.sec >= end) events.push({ sequence: ++sequence, period, clock: mmss(0), event_type: 'end_period', home_points: score.home, away_points: score.away });
    periods.push({ events });
  }
  return { periods };
}
