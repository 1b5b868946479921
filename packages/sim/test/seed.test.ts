import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../src/index.js';
import { SchemaRegistry } from '../src/server/schemas.js';

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const schemas = new SchemaRegistry();

describe('seeded catalog', () => {
  const catalog = buildCatalog(1, START);
  const markets = catalog.markets.map((m) => m.market);

  it('is identical for the same seed and start time', () => {
    expect(buildCatalog(1, START)).toEqual(catalog);
  });

  it('varies prices but not tickers with the seed', () => {
    const other = buildCatalog(2, START);
    expect(other.markets.map((m) => m.market.ticker)).toEqual(markets.map((m) => m.ticker));
    expect(other.markets.map((m) => m.market.last_price_dollars)).not.toEqual(markets.map((m) => m.last_price_dollars));
  });

  it('keeps tickers fixed and moves times with the clock', () => {
    const later = buildCatalog(1, START + 86_400_000);
    expect(later.markets.map((m) => m.market.ticker)).toEqual(markets.map((m) => m.ticker));
    expect(Date.parse(later.markets[0]!.market.close_time) - Date.parse(markets[0]!.close_time)).toBe(86_400_000);
  });

  it('matches the spec schemas for Series, EventData and Market', () => {
    for (const s of catalog.series) expect(schemas.validator('Series')(s), s.ticker).toBe(true);
    for (const e of catalog.events) expect(schemas.validator('EventData')(e), e.event_ticker).toBe(true);
    for (const m of markets) expect(schemas.validator('Market')(m), m.ticker).toBe(true);
  });

  it('covers the categories, every fee type and the lifecycle statuses', () => {
    expect(new Set(catalog.series.map((s) => s.category))).toEqual(
      new Set(['Economics', 'Politics', 'Climate and Weather', 'Sports', 'Crypto', 'Financials']),
    );
    expect(new Set(catalog.series.map((s) => s.fee_type))).toEqual(
      new Set(['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat']),
    );
    expect(new Set(markets.map((m) => m.status))).toEqual(
      new Set(['initialized', 'active', 'inactive', 'closed', 'determined', 'finalized']),
    );
  });

  it('has single-market events and mutually exclusive multi-market events', () => {
    const counts = new Map<string, number>();
    for (const m of markets) counts.set(m.event_ticker, (counts.get(m.event_ticker) ?? 0) + 1);
    expect(counts.get('KXRECSSNBER-26')).toBe(1);
    expect(counts.get('KXINXY-26DEC31')).toBe(1);
    const fed = catalog.events.find((e) => e.event_ticker === 'KXFED-26MAR')!;
    expect(fed.mutually_exclusive).toBe(true);
    expect(counts.get('KXFED-26MAR')).toBe(4);
  });

  it('has a market on a 0.001 tick whose prices sit on that tick', () => {
    const fine = markets.find((m) => m.ticker === 'KXBTC-26JAN1517-B97500')!;
    expect(fine.price_level_structure).toBe('deci_cent');
    expect(fine.price_ranges).toEqual([{ start: '0.0000', end: '1.0000', step: '0.0010' }]);
    expect(Number(fine.last_price_dollars.slice(2)) % 10).toBe(0);
    const tapered = markets.find((m) => m.ticker === 'KXINXY-26DEC31-T7000')!;
    expect(tapered.price_ranges).toHaveLength(3);
  });

  it('writes fixed-point strings with the right decimals', () => {
    for (const m of markets) {
      for (const f of ['yes_bid_dollars', 'yes_ask_dollars', 'no_bid_dollars', 'no_ask_dollars', 'last_price_dollars', 'notional_value_dollars', 'previous_price_dollars'] as const) {
        expect(m[f], `${m.ticker}.${f}`).toMatch(/^\d\.\d{4}$/);
      }
      for (const f of ['volume_fp', 'volume_24h_fp', 'open_interest_fp', 'yes_bid_size_fp', 'yes_ask_size_fp'] as const) {
        expect(m[f], `${m.ticker}.${f}`).toMatch(/^\d+\.\d{2}$/);
      }
    }
  });

  it('gives open markets an open time in the past and a close time in the future', () => {
    const open = markets.filter((m) => m.status === 'active');
    expect(open.length).toBeGreaterThan(10);
    for (const m of open) {
      expect(Date.parse(m.open_time)).toBeLessThan(START);
      expect(Date.parse(m.close_time)).toBeGreaterThan(START);
    }
    for (const m of markets.filter((x) => x.status === 'initialized')) expect(Date.parse(m.open_time)).toBeGreaterThan(START);
    for (const m of markets.filter((x) => x.status === 'finalized')) {
      expect(m.result).toMatch(/^(yes|no)$/);
      expect(m.settlement_ts).toBeTruthy();
      expect(Date.parse(m.close_time)).toBeLessThan(START);
    }
  });

  it('prices exclusive outcomes so that their fair values sum to about one', () => {
    const fed = catalog.markets.filter((m) => m.market.event_ticker === 'KXFED-26MAR');
    const total = fed.reduce((a, m) => a + m.fairPrice, 0);
    expect(Math.abs(total - 10_000)).toBeLessThanOrEqual(200);
  });
});
