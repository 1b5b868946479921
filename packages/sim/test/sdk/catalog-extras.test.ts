import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestError, Kalshi, NotFoundError } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { admin, newUser, start } from '../helpers/exchange.js';
import { expectConsistent, fund, gtc, setStatus } from '../trading/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

/** A signed client for a new user; Ed25519 keys are made in microseconds, RSA ones are not. */
async function client(ex: Exchange): Promise<{ kalshi: Kalshi; userId: string }> {
  const u = await newUser(ex, { keyType: 'ed25519' });
  return { kalshi: new Kalshi({ baseURL: ex.restUrl, apiKeyId: u.keyId, privateKey: u.privateKeyPem, rateLimit: false, maxRetries: 0 }), userId: u.userId };
}

let s: Session;
let bob: { kalshi: Kalshi; userId: string };
beforeAll(async () => {
  s = await session();
  bob = await client(s.exchange);
});
afterAll(async () => {
  await bob.kalshi.close();
  await s.close();
});

const nowMs = () => s.exchange.clock.now();
const CROSS = 'KXMVECROSSCATEGORY-R';
const leg = (market_ticker: string, side: 'yes' | 'no' = 'yes') => ({ market_ticker, event_ticker: market_ticker.replace(/-[^-]+$/, ''), side });

describe('fee changes', () => {
  it('series: scheduled by default, history on request, latest past change = the series settings', async () => {
    const upcoming = await s.kalshi.exchange.seriesFeeChanges();
    expectSpecShape('GetSeriesFeeChanges', upcoming);
    expect(upcoming.series_fee_change_arr.length).toBeGreaterThan(0);
    expect(upcoming.series_fee_change_arr.every((c) => Date.parse(c.scheduled_ts) > nowMs())).toBe(true);

    const all = await s.kalshi.exchange.seriesFeeChanges({ show_historical: true });
    expectSpecShape('GetSeriesFeeChanges', all);
    expect(all.series_fee_change_arr.length).toBeGreaterThan(upcoming.series_fee_change_arr.length);
    const { series } = await s.kalshi.series.list();
    for (const x of series) {
      const past = all.series_fee_change_arr.filter((c) => c.series_ticker === x.ticker && Date.parse(c.scheduled_ts) <= nowMs());
      const latest = past.sort((a, b) => Date.parse(a.scheduled_ts) - Date.parse(b.scheduled_ts)).at(-1);
      expect(latest, x.ticker).toMatchObject({ fee_type: x.fee_type, fee_multiplier: x.fee_multiplier });
    }

    const fed = await s.kalshi.exchange.seriesFeeChanges({ series_ticker: 'KXFED', show_historical: true });
    expect(fed.series_fee_change_arr.length).toBeGreaterThanOrEqual(2);
    expect(fed.series_fee_change_arr.every((c) => c.series_ticker === 'KXFED')).toBe(true);
    expect((await s.kalshi.exchange.seriesFeeChanges({ series_ticker: 'NOPE', show_historical: true })).series_fee_change_arr).toEqual([]);
  });

  it('events: pages of one visit every change once, in time order; overrides are set then cleared', async () => {
    const first = await s.kalshi.events.feeChanges({ limit: 1000 });
    expectSpecShape('GetEventFeeChanges', first);
    expect(first.cursor).toBe('');
    const all = first.event_fee_changes;
    expect(all.length).toBeGreaterThan(1);
    const paged: string[] = [];
    for await (const c of s.kalshi.events.feeChanges({ limit: 1 })) paged.push(c.id);
    expect(paged).toEqual(all.map((c) => c.id));
    const times = all.map((c) => Date.parse(c.scheduled_ts));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const one = all[0]!.event_ticker;
    const forEvent = await s.kalshi.events.feeChanges({ event_ticker: one });
    expect(forEvent.event_fee_changes.map((c) => [c.fee_type_override === null, c.fee_multiplier_override === null])).toEqual([
      [false, false],
      [true, true],
    ]);
    const event = (await s.kalshi.events.get(one)).event;
    expect(forEvent.event_fee_changes.every((c) => c.series_ticker === event.series_ticker)).toBe(true);
    await expect(s.kalshi.events.feeChanges({ cursor: 'not-a-cursor!' }).then((p) => p)).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('user data timestamp', () => {
  it('is the time of the last committed engine operation', async () => {
    expectSpecShape('GetUserDataTimestamp', await s.kalshi.exchange.userDataTimestamp());
    await admin(s.exchange, 'POST', '/_sim/clock', { freeze: true });
    try {
      const frozenAt = nowMs();
      await fund(s.exchange, s.userId, '1.00');
      const after = await s.kalshi.exchange.userDataTimestamp();
      expect(Date.parse(after.as_of_time)).toBe(Math.floor(frozenAt / 1000) * 1000);
      // Nothing has happened since: the timestamp does not follow the clock (kept inside the
      // signature window, which the SDK's real-time stamps must still meet).
      await admin(s.exchange, 'POST', '/_sim/clock', { advance_ms: 20_000 });
      expect((await s.kalshi.exchange.userDataTimestamp()).as_of_time).toBe(after.as_of_time);
    } finally {
      await admin(s.exchange, 'POST', '/_sim/clock', { set_ms: Date.now(), freeze: false });
    }
  });
});

describe('event metadata and search facets', () => {
  it('metadata lists the event markets and sources; sports events name competition and scope', async () => {
    const game = await s.kalshi.events.metadata('KXNBAGAME-26JAN15BOSLAL');
    expectSpecShape('GetEventMetadata', game);
    const { event, markets } = await s.kalshi.events.get('KXNBAGAME-26JAN15BOSLAL');
    expect(game.market_details.map((m) => m.market_ticker)).toEqual(markets.map((m) => m.ticker));
    expect(new Set(game.market_details.map((m) => m.color_code)).size).toBe(markets.length);
    expect(game.settlement_sources).toEqual(event.settlement_sources);
    expect(game).toMatchObject({ competition: 'Pro Basketball', competition_scope: 'Games' });

    const fed = await s.kalshi.events.metadata('KXFED-26MAR');
    expectSpecShape('GetEventMetadata', fed);
    expect(fed.market_details).toHaveLength(4);
    expect(fed.competition).toBeUndefined();
    await expect(s.kalshi.events.metadata('NOPE-1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('tags by category and filters by sport come from the series catalog', async () => {
    const tags = await s.kalshi.search.tagsByCategories();
    expectSpecShape('GetTagsForSeriesCategories', tags);
    const { series } = await s.kalshi.series.list();
    for (const x of series) for (const tag of x.tags ?? []) expect(tags.tags_by_categories[x.category]).toContain(tag);
    expect(Object.keys(tags.tags_by_categories).sort()).toEqual([...new Set(series.map((x) => x.category))].sort());

    const sports = await s.kalshi.search.filtersBySport();
    expectSpecShape('GetFiltersForSports', sports);
    expect(sports.sport_ordering).toEqual(['Basketball']);
    expect(sports.filters_by_sports).toEqual({ Basketball: { scopes: ['Games'], competitions: { 'Pro Basketball': { scopes: ['Games'] } } } });
  });
});

describe('forecast percentile history', () => {
  it('numeric events: one point per period end up to now, percentiles ordered, the same curve at every interval', async () => {
    const end = Math.floor(nowMs() / 1000);
    const query = { percentiles: [1000, 5000, 9000], start_ts: end - 6 * 3600, end_ts: end + 3600, period_interval: 60 as const };
    const hourly = await s.kalshi.events.forecastPercentileHistory('KXHIGHNY', 'KXHIGHNY-26JAN15', query);
    expectSpecShape('GetEventForecastPercentilesHistory', hourly);
    const points = hourly.forecast_history;
    expect(points.length).toBeGreaterThanOrEqual(5);
    for (const p of points) {
      expect(p.end_period_ts % 3600).toBe(0);
      expect(p.end_period_ts).toBeLessThanOrEqual(end);
      expect(p.period_interval).toBe(60);
      expect(p.percentile_points.map((x) => x.percentile)).toEqual([1000, 5000, 9000]);
      const raw = p.percentile_points.map((x) => x.raw_numerical_forecast);
      expect(raw[0]! < raw[1]! && raw[1]! < raw[2]!).toBe(true);
      expect(p.percentile_points[1]!.formatted_forecast).toBe(`${p.percentile_points[1]!.numerical_forecast}°`);
    }
    const last = points.at(-1)!;
    const minute = await s.kalshi.events.forecastPercentileHistory('KXHIGHNY', 'KXHIGHNY-26JAN15', {
      ...query, start_ts: last.end_period_ts - 60, end_ts: last.end_period_ts, period_interval: 1,
    });
    expect(minute.forecast_history.map((p) => p.end_period_ts)).toEqual([last.end_period_ts - 60, last.end_period_ts]);
    expect(minute.forecast_history[1]!.percentile_points).toEqual(last.percentile_points);

    const btc = await s.kalshi.events.forecastPercentileHistory('KXBTC', 'KXBTC-26JAN1517', { percentiles: [5000], start_ts: end - 30, end_ts: end, period_interval: 0 });
    expect(btc.forecast_history.length).toBeGreaterThanOrEqual(6);
    expect(btc.forecast_history[0]!.percentile_points[0]!.formatted_forecast).toMatch(/^\$\d{2,3},\d{3}\.\d{2}$/);
  });

  it('refuses events without a numeric forecast, a wrong series and bad ranges', async () => {
    const end = Math.floor(nowMs() / 1000);
    const q = { percentiles: [5000], start_ts: end - 3600, end_ts: end, period_interval: 60 as const };
    await expect(s.kalshi.events.forecastPercentileHistory('KXFED', 'KXFED-26MAR', q)).rejects.toBeInstanceOf(BadRequestError);
    await expect(s.kalshi.events.forecastPercentileHistory('KXBTC', 'KXHIGHNY-26JAN15', q)).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.events.forecastPercentileHistory('KXHIGHNY', 'KXHIGHNY-26JAN15', { ...q, start_ts: end, end_ts: end - 60 }))
      .rejects.toThrow(/start_ts/);
    await expect(s.kalshi.events.forecastPercentileHistory('KXHIGHNY', 'KXHIGHNY-26JAN15', { ...q, percentiles: Array.from({ length: 11 }, (_, i) => i * 100) }))
      .rejects.toThrow(/percentiles/);
    await expect(s.kalshi.events.forecastPercentileHistory('KXHIGHNY', 'KXHIGHNY-26JAN15', { ...q, start_ts: 0, period_interval: 0 }))
      .rejects.toThrow(/end_ts/);
  });
});

describe('multivariate collections', () => {
  it('list pages once through each collection, filters by status, event and series; get returns one', async () => {
    const first = await s.kalshi.multivariateCollections.list({ limit: 200 });
    expectSpecShape('GetMultivariateEventCollections', first);
    const all = first.multivariate_contracts.map((c) => c.collection_ticker);
    expect(all).toHaveLength(4);
    const paged: string[] = [];
    for await (const c of s.kalshi.multivariateCollections.list({ limit: 1 })) paged.push(c.collection_ticker);
    expect(paged).toEqual(all);

    const tickers = async (q: Parameters<Kalshi['multivariateCollections']['list']>[0]) =>
      (await s.kalshi.multivariateCollections.list(q)).multivariate_contracts.map((c) => c.collection_ticker);
    expect(await tickers({ status: 'open' })).toEqual([CROSS, 'KXMVESPORTSMULTIGAME-R']);
    expect(await tickers({ status: 'closed' })).toEqual(['KXMVEHIGHNYMULTIDAY-26JAN13']);
    expect(await tickers({ status: 'unopened' })).toEqual(['KXMVEHIGHNYMULTIDAY-26JAN15']);
    expect(await tickers({ associated_event_ticker: 'KXNBAGAME-26JAN15BOSLAL' })).toEqual([CROSS, 'KXMVESPORTSMULTIGAME-R']);
    expect(await tickers({ series_ticker: 'KXMVEHIGHNYMULTIDAY' })).toHaveLength(2);

    const one = await s.kalshi.multivariateCollections.get(CROSS);
    expectSpecShape('GetMultivariateEventCollection', one);
    expect(one.multivariate_contract).toMatchObject({ collection_ticker: CROSS, size_min: 2, size_max: 4, is_ordered: false });
    expect(one.multivariate_contract.associated_event_tickers).toEqual(one.multivariate_contract.associated_events.map((e) => e.ticker));
    await expect(s.kalshi.multivariateCollections.get('NOPE-R')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creating a combo makes a real, tradable market, once per set of legs', async () => {
    const legs = [leg('KXFED-26MAR-H0'), leg('KXBTC-26JAN1517-B98500', 'no')];
    const created = await s.kalshi.multivariateCollections.createMarket(CROSS, { selected_markets: legs, with_market_payload: true });
    expectSpecShape('CreateMarketInMultivariateEventCollection', created);
    const ticker = created.market_ticker;
    expect(created.market).toMatchObject({ ticker, event_ticker: created.event_ticker, status: 'active', mve_collection_ticker: CROSS });
    expect(created.market!.mve_selected_legs?.map((l) => [l.market_ticker, l.side])).toEqual([
      ['KXBTC-26JAN1517-B98500', 'no'],
      ['KXFED-26MAR-H0', 'yes'],
    ]);
    expect(Date.parse(created.market!.close_time)).toBeLessThanOrEqual(Date.parse((await s.kalshi.markets.get('KXBTC-26JAN1517-B98500')).market.close_time));

    // The same legs in another order name the same market: an unordered collection.
    const again = await bob.kalshi.multivariateCollections.createMarket(CROSS, { selected_markets: [...legs].reverse() });
    expect(again).toEqual({ event_ticker: created.event_ticker, market_ticker: ticker });

    expect((await s.kalshi.markets.get(ticker)).market.mve_collection_ticker).toBe(CROSS);
    const only = await s.kalshi.markets.list({ mve_filter: 'only', limit: 1000 });
    expect(only.markets.map((m) => m.ticker)).toEqual([ticker]);
    const excluded = await s.kalshi.markets.list({ mve_filter: 'exclude', limit: 1000 });
    expect(excluded.markets.some((m) => m.ticker === ticker)).toBe(false);
    const events = await s.kalshi.events.list({ limit: 200 });
    expect(events.events.some((e) => e.event_ticker === created.event_ticker)).toBe(false);

    await fund(s.exchange, s.userId, '50.00');
    await fund(s.exchange, bob.userId, '50.00');
    await s.kalshi.orders.create(gtc(ticker, 'bid', '5', '0.2000'));
    const taken = await bob.kalshi.orders.create(gtc(ticker, 'ask', '5', '0.2000'));
    expect(taken.fill_count).toBe('5.00');
    await expectConsistent(s.exchange);
  });

  it('multivariate events list only combo events, by collection or series, nested on request', async () => {
    await s.kalshi.multivariateCollections.createMarket(CROSS, { selected_markets: [leg('KXFED-26MAR-C25'), leg('KXINXY-26DEC31-T7000')] });
    await s.kalshi.multivariateCollections.createMarket(CROSS, { selected_markets: [leg('KXFED-26MAR-C25', 'no'), leg('KXINXY-26DEC31-T7000')] });
    const list = await s.kalshi.events.listMultivariate({ with_nested_markets: true });
    expectSpecShape('GetMultivariateEvents', list);
    expect(list.events.length).toBeGreaterThanOrEqual(2);
    expect(list.events.every((e) => e.series_ticker === 'KXMVECROSSCATEGORY' && (e.markets?.length ?? 0) > 0)).toBe(true);
    // Both FED x INXY combos share one event (same events, different legs).
    expect(list.events.some((e) => e.markets?.length === 2)).toBe(true);

    const paged: string[] = [];
    for await (const e of s.kalshi.events.listMultivariate({ limit: 1 })) paged.push(e.event_ticker);
    expect(paged).toEqual(list.events.map((e) => e.event_ticker));
    expect((await s.kalshi.events.listMultivariate({ collection_ticker: CROSS })).events).toHaveLength(list.events.length);
    expect((await s.kalshi.events.listMultivariate({ series_ticker: 'KXMVESPORTSMULTIGAME' })).events).toEqual([]);
    expect((await s.kalshi.events.listMultivariate({ collection_ticker: 'KXMVESPORTSMULTIGAME-R' })).events).toEqual([]);
    await expect(s.kalshi.events.listMultivariate({ collection_ticker: CROSS, series_ticker: 'KXMVECROSSCATEGORY' }).then((p) => p))
      .rejects.toThrow(/collection_ticker/);
  });

  it('refuses legs that break the collection rules and changes nothing', async () => {
    const before = (await s.kalshi.markets.list({ mve_filter: 'only', limit: 1000 })).markets.length;
    const refused = async (collection: string, selected_markets: ReturnType<typeof leg>[], field: RegExp) => {
      const err = await s.kalshi.multivariateCollections.createMarket(collection, { selected_markets }).catch((e: unknown) => e);
      expect(err, field.source).toBeInstanceOf(BadRequestError);
      expect((err as Error).message).toMatch(field);
    };
    await refused(CROSS, [leg('KXFED-26MAR-H0')], /selected_markets: .* 2 to 4 legs/);
    await refused(CROSS, [leg('KXFED-26MAR-H0'), leg('KXCPIYOY-26JAN-T2.7', 'no')], /selected_markets\[1\]\.side/);
    await refused(CROSS, [leg('KXFED-26MAR-H0'), leg('KXPRESPARTY-2028-D')], /selected_markets\[1\]\.event_ticker/);
    await refused(CROSS, [leg('KXFED-26MAR-H0'), leg('KXFED-26MAR-C25')], /at most 1 legs from event KXFED-26MAR/);
    await refused(CROSS, [leg('KXFED-26MAR-H0'), { ...leg('KXBTC-26JAN1517-B98500'), event_ticker: 'KXFED-26MAR' }], /selected_markets\[1\]\.market_ticker/);
    await refused('KXMVESPORTSMULTIGAME-R', [leg('KXNBAGAME-26JAN15BOSLAL-LAL'), leg('KXNBAGAME-26JAN15NYKMIA-MIA')], /not open for trading/);
    await refused('KXMVEHIGHNYMULTIDAY-26JAN13', [leg('KXHIGHNY-26JAN13-T38'), leg('KXHIGHNY-26JAN14-T38')], /collection_ticker: .* closed/);
    await refused('KXMVEHIGHNYMULTIDAY-26JAN15', [leg('KXHIGHNY-26JAN15-T38'), leg('KXHIGHNY-26JAN16-T38')], /collection_ticker: .* opens/);
    await expect(s.kalshi.multivariateCollections.createMarket('NOPE-R', { selected_markets: [leg('KXFED-26MAR-H0')] })).rejects.toBeInstanceOf(NotFoundError);
    expect((await s.kalshi.markets.list({ mve_filter: 'only', limit: 1000 })).markets).toHaveLength(before);

    // Once the paused game reopens, the two-game combo can be made.
    await setStatus(s.exchange, 'KXNBAGAME-26JAN15NYKMIA-MIA', 'open');
    const sports = await s.kalshi.multivariateCollections.createMarket('KXMVESPORTSMULTIGAME-R', {
      selected_markets: [leg('KXNBAGAME-26JAN15BOSLAL-LAL'), leg('KXNBAGAME-26JAN15NYKMIA-MIA')],
    });
    expect(sports.event_ticker.startsWith('KXMVESPORTSMULTIGAME-')).toBe(true);
  });

  it('combos and seeded extras survive a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-extras-'));
    const path = join(dir, 'exchange.db');
    const legs = [leg('KXFED-26MAR-H25'), leg('KXHIGHNY-26JAN15-B40.5', 'no')];
    try {
      const first = await start({ db: path });
      const a = await client(first);
      const made = await a.kalshi.multivariateCollections.createMarket(CROSS, { selected_markets: legs });
      const fees = await a.kalshi.events.feeChanges({ limit: 1000 });
      await a.kalshi.close();
      await first.close();

      const second = await start({ db: path });
      const b = await client(second);
      try {
        expect((await b.kalshi.multivariateCollections.createMarket(CROSS, { selected_markets: legs })).market_ticker).toBe(made.market_ticker);
        expect((await b.kalshi.events.listMultivariate()).events.map((e) => e.event_ticker)).toEqual([made.event_ticker]);
        expect((await b.kalshi.events.feeChanges({ limit: 1000 })).event_fee_changes).toEqual(fees.event_fee_changes);
        expect((await b.kalshi.multivariateCollections.list()).multivariate_contracts).toHaveLength(4);
        // The engine rebuilt the combo's book from the catalog: it takes orders.
        await fund(second, b.userId, '10.00');
        const order = await b.kalshi.orders.create(gtc(made.market_ticker, 'bid', '1', '0.0500'));
        expect(order.remaining_count).toBe('1.00');
        await expectConsistent(second);
      } finally {
        await b.kalshi.close();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
