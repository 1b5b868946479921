import { BadRequestError, NotFoundError, type Schema } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../src/clock.js';
import { buildLiveCatalog } from '../../src/seed/live-data/index.js';
import { admin } from '../helpers/exchange.js';
import { expectSpecShape, session, type Session } from './harness.js';

// A fixed, frozen start so the seeded schedule (a game in progress, a weather day under way) is
// the same on every run; the SDK signs with the same clock so time travel keeps requests valid.
const T0 = Date.UTC(2026, 0, 15, 17, 0, 0);
const HOUR = 3_600_000;
const clock = new ControllableClock();
let s: Session;
let all: Schema<'Milestone'>[];

beforeAll(async () => {
  clock.set(T0);
  clock.freeze();
  s = await session({ clock }, { clock: { now: () => clock.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) } });
  all = (await s.kalshi.milestones.list({ limit: 500 })).milestones;
});
afterAll(() => s.close());

/** Runs `fn` with the exchange clock moved forward, then puts it back for the next test. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  clock.set(T0 + ms);
  try {
    return await fn();
  } finally {
    clock.set(T0);
  }
}

const byEvent = (ticker: string) => all.find((m) => m.primary_event_tickers.includes(ticker))!;
const details = (x: { details: unknown }) => x.details as Record<string, unknown>;

describe('milestones', () => {
  it('page through every milestone exactly once, each tied to events of the catalog', async () => {
    const first = await s.kalshi.milestones.list({ limit: 2 });
    expectSpecShape('GetMilestones', first);
    expect(first.milestones).toHaveLength(2);
    expect(first.cursor).not.toBe('');
    const ids: string[] = [];
    for await (const m of s.kalshi.milestones.list({ limit: 2 })) ids.push(m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.map((m) => m.id));
    expect(all.length).toBeGreaterThan(10);
    // Ordered by start date.
    expect([...all].sort((a, b) => a.start_date.localeCompare(b.start_date)).map((m) => m.id)).toEqual(ids);
    const events = new Set((await s.kalshi.events.list({ limit: 200 })).events.map((e) => e.event_ticker));
    for (const m of all) for (const ticker of [...m.primary_event_tickers, ...m.related_event_tickers]) expect(events).toContain(ticker);
    expect(byEvent('KXNBAGAME-26JAN15NYKMIA').type).toBe('basketball_game');
    expect(byEvent('KXHIGHNY-26JAN15').type).toBe('daily_high_temperature');
    expect(byEvent('KXFED-26MAR').type).toBe('fomc_meeting');
  });

  it('come with the events of a GetEvents page when asked for', async () => {
    const page = await s.kalshi.events.list({ tickers: 'KXFED-26MAR,KXRECSSNBER-26', with_milestones: true });
    expectSpecShape('GetEvents', page);
    // The Fed meeting has a milestone; the recession event has none.
    expect(page.milestones?.map((m) => m.id)).toEqual([byEvent('KXFED-26MAR').id]);
    expect((await s.kalshi.events.list({ tickers: 'KXFED-26MAR' })).milestones).toBeUndefined();
  });

  it('filter by category, type, competition, source id, related event, start and update time', async () => {
    const list = async (q: Omit<Parameters<typeof s.kalshi.milestones.list>[0], 'limit'>) => (await s.kalshi.milestones.list({ limit: 500, ...q })).milestones;
    const sports = await list({ category: 'Sports' });
    expect(sports.map((m) => m.primary_event_tickers[0]).sort()).toEqual(['KXNBAGAME-26JAN14DENPHX', 'KXNBAGAME-26JAN15BOSLAL', 'KXNBAGAME-26JAN15NYKMIA']);
    expect((await list({ type: 'basketball_game' })).map((m) => m.id)).toEqual(sports.map((m) => m.id));
    expect((await list({ competition: 'Pro Basketball (M)' })).map((m) => m.id)).toEqual(sports.map((m) => m.id));
    expect(await list({ competition: 'Pro Football' })).toEqual([]);
    const game = sports[0]!;
    expect(game.source_id).toMatch(/^sr:sport_event:\d+$/);
    expect((await list({ source_id: game.source_id! })).map((m) => m.id)).toEqual([game.id]);
    const related = await list({ related_event_ticker: 'KXINXY-26DEC31' });
    expect(related.map((m) => m.primary_event_tickers[0])).toEqual(['KXFED-26MAR']);
    const weather = await list({ type: 'daily_high_temperature', category: 'Climate and Weather' });
    expect(weather).toHaveLength(4);
    const since = '2026-01-15T00:00:00Z';
    const recent = await list({ minimum_start_date: since });
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((m) => m.start_date >= since)).toBe(true);
    expect(recent.length).toBe(all.filter((m) => m.start_date >= since).length);
    const updates = all.map((m) => Date.parse(m.last_updated_ts) / 1000).sort((a, b) => a - b);
    const cut = updates[Math.floor(updates.length / 2)]!;
    const changed = await list({ min_updated_ts: cut });
    expect(changed.length).toBe(updates.filter((u) => u > cut).length);
    expect(changed.every((m) => Date.parse(m.last_updated_ts) / 1000 > cut)).toBe(true);
    // Filters and pages compose: the sports games two at a time.
    const paged: string[] = [];
    for await (const m of s.kalshi.milestones.list({ limit: 2, category: 'Sports' })) paged.push(m.id);
    expect(paged).toEqual(sports.map((m) => m.id));
  });

  it('limit is required and bounded; get returns one or 404s', async () => {
    await expect(s.kalshi.milestones.list({} as never)).rejects.toBeInstanceOf(BadRequestError);
    await expect(s.kalshi.milestones.list({ limit: 501 })).rejects.toThrow(/limit/);
    await expect(s.kalshi.milestones.list({ limit: 2, cursor: 'garbage!' })).rejects.toThrow(/cursor/);
    const one = await s.kalshi.milestones.get(all[0]!.id);
    expectSpecShape('GetMilestone', one);
    expect(one.milestone).toEqual(all[0]);
    await expect(s.kalshi.milestones.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.milestones.get('not-a-uuid')).rejects.toThrow(/milestone_id/);
  });
});

describe('structured targets', () => {
  it('page by page_size, filter by ids, type and competition, and back the milestones', async () => {
    const targets = async (q: Parameters<typeof s.kalshi.structuredTargets.list>[0]) => (await s.kalshi.structuredTargets.list(q)).structured_targets ?? [];
    const full = await s.kalshi.structuredTargets.list({ page_size: 2000 });
    expectSpecShape('GetStructuredTargets', full);
    expect(full.cursor).toBe('');
    const ids: string[] = [];
    for await (const t of s.kalshi.structuredTargets.list({ page_size: 5 })) ids.push(t.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(full.structured_targets!.map((t) => t.id));
    const players = await targets({ type: 'basketball_player' });
    expect(players.length).toBeGreaterThan(0);
    expect(players.every((t) => t.type === 'basketball_player')).toBe(true);
    const nba = await targets({ competition: 'NBA' });
    expect(nba.length).toBe(players.length + 6);
    const east = await targets({ competition: 'Eastern' });
    expect(east.map((t) => t.name).sort()).toEqual(['Boston Celtics', 'Miami Heat', 'New York Knicks']);
    const picked = [players[0]!.id!, east[0]!.id!];
    const chosen = await targets({ ids: picked });
    expect(chosen.map((t) => t.id).sort()).toEqual([...picked].sort());
    expect((await targets({ ids: picked, type: 'basketball_team' })).map((t) => t.id)).toEqual([east[0]!.id]);
    // Every target a milestone names exists, and each game's teams are its home and away sides.
    const known = new Set(ids);
    for (const m of all) for (const id of details(m).structured_target_ids as string[]) expect(known).toContain(id);
    const game = byEvent('KXNBAGAME-26JAN15BOSLAL');
    const home = await s.kalshi.structuredTargets.get(details(game).home_team_id as string);
    expectSpecShape('GetStructuredTarget', home);
    expect(home.structured_target).toMatchObject({ id: details(game).home_team_id, name: 'Los Angeles Lakers', type: 'basketball_team' });
    await expect(s.kalshi.structuredTargets.get('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.structuredTargets.list({ page_size: 2001 })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('live data', () => {
  it('exists for every milestone with its type, by id, by type and in batches', async () => {
    const every = await s.kalshi.liveData.batchGet({ milestone_ids: all.map((m) => m.id) });
    expectSpecShape('GetLiveDatas', every);
    expect(every.live_datas.map((l) => [l.milestone_id, l.type])).toEqual(all.map((m) => [m.id, m.type]));
    const game = byEvent('KXNBAGAME-26JAN15NYKMIA');
    const one = await s.kalshi.liveData.get(game.id);
    expectSpecShape('GetLiveDataByMilestone', one);
    expect(one.live_data).toEqual(every.live_datas.find((l) => l.milestone_id === game.id));
    const typed = await s.kalshi.liveData.getByType('basketball_game', game.id);
    expectSpecShape('GetLiveData', typed);
    expect(typed.live_data).toEqual(one.live_data);
    await expect(s.kalshi.liveData.getByType('football_game', game.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.liveData.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);

    const fed = byEvent('KXFED-25DEC');
    const batch = await s.kalshi.liveData.batchGet({ milestone_ids: [game.id, fed.id, 'unknown', game.id] });
    expectSpecShape('GetLiveDatas', batch);
    expect(batch.live_datas.map((l) => l.milestone_id)).toEqual([game.id, fed.id]);
    await expect(s.kalshi.liveData.batchGet({ milestone_ids: Array.from({ length: 101 }, (_, i) => `id${i}`) })).rejects.toBeInstanceOf(BadRequestError);
    // The December meeting is settled: its live data reports the decision the market resolved on.
    const decided = (await s.kalshi.markets.list({ event_ticker: 'KXFED-25DEC' })).markets.find((m) => m.result === 'yes')!;
    expect(details(batch.live_datas[1]!)).toMatchObject({ status: 'announced', decision: decided.yes_sub_title });
  });

  it('a game in progress scores forward with the clock and ends with the winner the market settles on', async () => {
    const game = byEvent('KXNBAGAME-26JAN15NYKMIA');
    const now = details((await s.kalshi.liveData.get(game.id, { include_player_stats: true })).live_data);
    expect(now.status).toBe('in_progress');
    const stats = now.player_stats as { team_id: string; points: number }[];
    expect(stats.length).toBe(6);
    for (const side of ['home', 'away']) {
      const mine = stats.filter((p) => p.team_id === now[`${side}_team_id`]);
      expect(mine.reduce((n, p) => n + p.points, 0)).toBeLessThanOrEqual(now[`${side}_points`] as number);
    }
    let last = { home: 0, away: 0 };
    for (const step of [-2 * HOUR, 0, 0.5 * HOUR, HOUR, 2 * HOUR]) {
      const d = await later(step, async () => details((await s.kalshi.liveData.get(game.id)).live_data));
      expect(d.home_points as number).toBeGreaterThanOrEqual(last.home);
      expect(d.away_points as number).toBeGreaterThanOrEqual(last.away);
      last = { home: d.home_points as number, away: d.away_points as number };
      if (step < 0) expect(d).toMatchObject({ status: 'scheduled', home_points: 0, away_points: 0 });
    }
    const final = await later(2 * HOUR, async () => details((await s.kalshi.liveData.get(game.id)).live_data));
    expect(final.status).toBe('final');
    expect(final.home_points).not.toBe(final.away_points);

    // Settle the market the other way: the final score follows the settlement.
    const loser = final.winner_team_id === final.home_team_id ? 'KXNBAGAME-26JAN15NYKMIA-NYK' : 'KXNBAGAME-26JAN15NYKMIA-MIA';
    await admin(s.exchange, 'POST', `/_sim/markets/${loser}/settle`, { result: 'yes' });
    expect((await s.kalshi.markets.get(loser)).market.result).toBe('yes');
    const after = await later(2 * HOUR, async () => details((await s.kalshi.liveData.get(game.id)).live_data));
    expect(after.winner_team_id).not.toBe(final.winner_team_id);
    expect(after.home_points).not.toBe(after.away_points);
  });

  it('the decided game has the market winner; game stats replay the score play by play', async () => {
    const game = byEvent('KXNBAGAME-26JAN14DENPHX');
    const live = details((await s.kalshi.liveData.get(game.id)).live_data);
    const won = (await s.kalshi.markets.list({ event_ticker: 'KXNBAGAME-26JAN14DENPHX' })).markets.find((m) => m.result === 'yes')!;
    expect(live.status).toBe('final');
    const winnerSide = live.winner_team_id === live.home_team_id ? 'home' : 'away';
    expect(live[`${winnerSide}_team`]).toBe(won.yes_sub_title);

    const stats = await s.kalshi.liveData.gameStats(game.id);
    expectSpecShape('GetGameStats', stats);
    const periods = stats.pbp!.periods!;
    expect(periods).toHaveLength(4);
    const events = periods.flatMap((p) => p.events ?? []);
    const lastPlay = events[events.length - 1]!;
    expect([lastPlay.home_points, lastPlay.away_points]).toEqual([live.home_points, live.away_points]);
    const sum = (team: unknown) => events.filter((e) => e.team_id === team).reduce((n, e) => n + (e.points as number), 0);
    expect(sum(live.home_team_id)).toBe(live.home_points);

    const scheduled = await s.kalshi.liveData.gameStats(byEvent('KXNBAGAME-26JAN15BOSLAL').id);
    expect(scheduled.pbp?.periods).toEqual([]);
    const notAGame = await s.kalshi.liveData.gameStats(byEvent('KXFED-26MAR').id);
    expectSpecShape('GetGameStats', notAGame);
    expect(notAGame.pbp).toBeUndefined();
    await expect(s.kalshi.liveData.gameStats('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('event live data: crypto and weather charts honour the range, others mirror the milestone', async () => {
    const btc = await s.kalshi.liveData.event('KXBTC-26JAN1517', { range: '15min' });
    expectSpecShape('GetEventLiveData', btc);
    expect(btc.live_data).toMatchObject({ type: 'crypto_price_chart', is_historical: false, default_range: '1h' });
    const points = details(btc.live_data).points as { ts: number; price_usd: number }[];
    expect(points).toHaveLength(15);
    expect(points.every((p) => p.ts <= T0 && p.ts > T0 - 16 * 60_000)).toBe(true);
    const fixed = await later(2 * HOUR, () => s.kalshi.liveData.event('KXBTC-26JAN1517'));
    expect(fixed.live_data.is_historical).toBe(true);
    expect(details(fixed.live_data).points).toHaveLength(60);

    const weather = await s.kalshi.liveData.event('KXHIGHNY-26JAN15', { range: '1h' });
    expect(weather.live_data.type).toBe('weather_observations');
    const obs = details(weather.live_data).observations as { ts: number }[];
    expect(obs.length).toBeGreaterThan(8);
    expect(obs.every((o) => o.ts >= T0 - HOUR && o.ts < T0)).toBe(true);
    await expect(s.kalshi.liveData.event('KXHIGHNY-26JAN15', { range: '3y' })).rejects.toThrow(/range/);

    const game = await s.kalshi.liveData.event('KXNBAGAME-26JAN15NYKMIA', { range: 'ignored' });
    expect(game.live_data.details).toEqual(details((await s.kalshi.liveData.get(byEvent('KXNBAGAME-26JAN15NYKMIA').id)).live_data));
    await expect(s.kalshi.liveData.event('KXRECSSNBER-26')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.liveData.event('NO-SUCH-EVENT')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a settled weather day peaked at a temperature inside the winning bracket', async () => {
    const day = byEvent('KXHIGHNY-26JAN13');
    const live = details((await s.kalshi.liveData.get(day.id)).live_data);
    expect(live.status).toBe('final');
    const won = (await s.kalshi.markets.list({ event_ticker: 'KXHIGHNY-26JAN13' })).markets.find((m) => m.result === 'yes')!;
    const high = live.observed_high_f as number;
    if (won.floor_strike != null) expect(high).toBeGreaterThanOrEqual(won.strike_type === 'greater' ? won.floor_strike + 1 : won.floor_strike);
    if (won.cap_strike != null) expect(high).toBeLessThanOrEqual(won.strike_type === 'less' ? won.cap_strike - 1 : won.cap_strike);
    // The index over that day agrees.
    const index = await s.kalshi.liveData.weather('nyc', { from: Date.parse(day.start_date), to: Date.parse(day.end_date!) - 60_000 });
    expect(Math.max(...index.timeseries.map((p) => p.v!))).toBe(high);
  });
});

describe('weather index', () => {
  it('serves minute points over the requested window, with station readings that reproduce each value', async () => {
    const day = await s.kalshi.liveData.weather('nyc');
    expectSpecShape('GetWeatherIndex', day);
    expect(day.units).toBe('fahrenheit');
    const ts = day.timeseries.map((p) => p.t);
    expect(ts.length).toBeGreaterThan(1400);
    expect(ts.length).toBeLessThanOrEqual(1440);
    expect(ts.every((t, i) => t % 60_000 === 0 && (i === 0 || t > ts[i - 1]!))).toBe(true);
    expect(ts[0]!).toBeGreaterThanOrEqual(T0 - 24 * HOUR);

    const recent = await s.kalshi.liveData.weather('nyc', { last_sec: 600, detailed: true });
    expectSpecShape('GetWeatherIndex', recent);
    const calibrations = (await s.kalshi.liveData.weatherCalibrations('nyc')).calibrations;
    expect(calibrations.map((c) => c.config_version)).toContain(recent.config_version);
    const config = calibrations.find((c) => c.config_version === recent.config_version)!;
    const incomplete = recent.timeseries.filter((p) => p.status === 'incomplete');
    expect(incomplete.length).toBeGreaterThan(0);
    expect(incomplete.every((p) => p.v === undefined && p.stations!.every((st) => st.code === 'pending'))).toBe(true);
    for (const p of recent.timeseries.filter((x) => x.status !== 'incomplete')) {
      const ok = p.stations!.filter((st) => st.code === 'ok');
      expect(ok).toHaveLength(p.contributors!);
      expect(p.stations!.map((st) => st.station_id)).toEqual([...p.stations!.map((st) => st.station_id)].sort());
      const w = (id: string) => config.stations.find((c) => c.station_id === id)!;
      const weight = ok.reduce((n, st) => n + w(st.station_id).weight, 0);
      const c = ok.reduce((n, st) => n + w(st.station_id).weight * (((st.temp_f! - 32) * 5) / 9 - w(st.station_id).offset_c), 0) / weight + config.city_reference_c;
      expect(Math.round(((c * 9) / 5 + 32) * 100) / 100).toBe(p.v);
    }
    const plain = await s.kalshi.liveData.weather('nyc', { last_sec: 600 });
    expect(plain.timeseries.every((p) => p.status !== 'incomplete' && p.stations === undefined)).toBe(true);

    const window = await s.kalshi.liveData.weather('nyc', { from: T0 - 3 * HOUR, to: T0 - 2 * HOUR });
    expect(window.timeseries.every((p) => p.t >= T0 - 3 * HOUR && p.t <= T0 - 2 * HOUR)).toBe(true);
    expect(window.timeseries.length).toBeGreaterThan(55);
    const empty = await s.kalshi.liveData.weather('nyc', { from: T0 - 400 * 24 * HOUR, to: T0 - 399 * 24 * HOUR });
    expect(empty).toMatchObject({ timeseries: [], config_version: '' });
  });

  it('refuses unknown cities and malformed windows', async () => {
    await expect(s.kalshi.liveData.weather('atlantis')).rejects.toThrow(/city/);
    await expect(s.kalshi.liveData.weather('nyc', { from: T0 - HOUR })).rejects.toThrow(/from: must be paired with to/);
    await expect(s.kalshi.liveData.weather('nyc', { last_sec: 60, to: T0 })).rejects.toThrow(/last_sec/);
    await expect(s.kalshi.liveData.weather('nyc', { from: T0, to: T0 - HOUR })).rejects.toThrow(/from/);
    await expect(s.kalshi.liveData.weather('nyc', { from: T0 - 8 * 24 * HOUR, to: T0 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(s.kalshi.liveData.weatherCalibrations('atlantis')).rejects.toBeInstanceOf(BadRequestError);
  });

  it('calibrations: the launch record then weekly records, appended as weeks complete', async () => {
    const now = await s.kalshi.liveData.weatherCalibrations('nyc');
    expectSpecShape('GetWeatherIndexCalibrations', now);
    expect(now.units).toBe('celsius');
    const [launch, ...weekly] = now.calibrations;
    expect(launch!.calibration_window_start_ms).toBeUndefined();
    expect(weekly.length).toBeGreaterThan(3);
    for (const c of now.calibrations) {
      expect(c.stations.reduce((n, st) => n + st.weight, 0)).toBeCloseTo(1, 9);
      expect(c.city_reference_c).toBeCloseTo(c.stations.reduce((n, st) => n + st.weight * st.offset_c, 0), 4);
      expect(c.published_at_ms!).toBeLessThanOrEqual(T0);
    }
    for (const c of weekly) expect(c.calibration_window_end_ms! - c.calibration_window_start_ms!).toBe(7 * 24 * HOUR);
    const effective = now.calibrations.map((c) => c.effective_at_ms);
    expect([...effective].sort((a, b) => a - b)).toEqual(effective);
    const later2 = await later(15 * 24 * HOUR, () => s.kalshi.liveData.weatherCalibrations('nyc'));
    expect(later2.calibrations.length).toBeGreaterThanOrEqual(now.calibrations.length + 2);
    expect(later2.calibrations.slice(0, now.calibrations.length)).toEqual(now.calibrations);
  });
});

describe('incentive programs', () => {
  it('page with next_cursor, filter by status, type and description, on markets that exist', async () => {
    const full = await s.kalshi.incentivePrograms.list();
    expectSpecShape('GetIncentivePrograms', full);
    const programs = full.incentive_programs;
    expect(programs.length).toBeGreaterThan(10);
    const first = await s.kalshi.incentivePrograms.list({ limit: 3 });
    expect(first.incentive_programs).toHaveLength(3);
    expect(first.next_cursor).toBeTruthy();
    const ids: string[] = [];
    for await (const p of s.kalshi.incentivePrograms.list({ limit: 3 })) ids.push(p.id);
    expect(ids).toEqual(programs.map((p) => p.id));
    expect(new Set(ids).size).toBe(ids.length);

    const byStatus: Record<string, string[]> = {};
    for (const status of ['active', 'upcoming', 'closed', 'paid_out'] as const) {
      const list = (await s.kalshi.incentivePrograms.list({ status })).incentive_programs;
      byStatus[status] = list.map((p) => p.id);
      expect(list.every((p) => p.paid_out === (status === 'paid_out'))).toBe(true);
      expect(list.length).toBeGreaterThan(0);
    }
    expect(Object.values(byStatus).flat().sort()).toEqual([...ids].sort());
    const active = programs.filter((p) => byStatus.active!.includes(p.id));
    expect(active.every((p) => Date.parse(p.start_date) <= T0 && Date.parse(p.end_date) > T0)).toBe(true);

    const volume = (await s.kalshi.incentivePrograms.list({ type: 'volume' })).incentive_programs;
    expect(volume.length).toBeGreaterThan(0);
    expect(volume.every((p) => p.incentive_type === 'volume' && p.max_reward_per_account! > 0)).toBe(true);
    expect((await s.kalshi.incentivePrograms.list({ type: 'margin_maker_volume' })).incentive_programs).toEqual([]);
    const described = (await s.kalshi.incentivePrograms.list({ incentive_description: 'Fed decision market making', status: 'active' })).incentive_programs;
    expect(described.map((p) => p.market_ticker).sort()).toEqual(['KXFED-26MAR-C25', 'KXFED-26MAR-C50', 'KXFED-26MAR-H0', 'KXFED-26MAR-H25']);

    const markets = new Set((await s.kalshi.markets.list({ limit: 1000 })).markets.map((m) => m.ticker));
    for (const p of programs) {
      expect(Number.isSafeInteger(p.period_reward) && p.period_reward % 10_000 === 0).toBe(true);
      expect(markets).toContain(p.market_ticker);
      if (p.incentive_type === 'liquidity') expect(p.target_size_fp).toMatch(/^\d+\.\d{2}$/);
    }
    await expect(s.kalshi.incentivePrograms.list({ status: 'finished' as never })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('programs move from active to closed to paid out as the clock passes their end', async () => {
    const btc = (await s.kalshi.incentivePrograms.list({ incentive_description: 'Bitcoin range market making' })).incentive_programs;
    expect(btc.every((p) => !p.paid_out)).toBe(true);
    const ids = btc.map((p) => p.id).sort();
    const stage = (ms: number, status: 'active' | 'closed' | 'paid_out') =>
      later(ms, async () => (await s.kalshi.incentivePrograms.list({ status, incentive_description: 'Bitcoin range market making' })).incentive_programs.map((p) => p.id).sort());
    expect(await stage(0, 'active')).toEqual(ids);
    expect(await stage(2 * HOUR, 'closed')).toEqual(ids);
    expect(await stage(30 * HOUR, 'paid_out')).toEqual(ids);
  });
});

describe('determinism', () => {
  it('the same seed and start give the same live catalog; another seed gives other ids', () => {
    const a = buildLiveCatalog(1, T0);
    expect(buildLiveCatalog(1, T0)).toEqual(a);
    expect(a.milestones.map((m) => m.milestone.id)).toEqual(all.map((m) => m.id));
    const b = buildLiveCatalog(2, T0);
    expect(b.milestones.map((m) => m.milestone.id)).not.toEqual(a.milestones.map((m) => m.milestone.id));
    expect(b.milestones.map((m) => m.eventTicker).sort()).toEqual(a.milestones.map((m) => m.eventTicker).sort());
  });
});
