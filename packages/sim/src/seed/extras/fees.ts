import type { rest } from 'kalshi-ts/generated';
import { DAY, HOUR } from '../format.js';
import { intBetween, mulberry32 } from '../prng.js';
import type { FeeType } from '../definitions.js';
import { hash32, stableUuid } from './hash.js';

export interface SeriesFeeChangeRow {
  id: string;
  series_ticker: string;
  fee_type: FeeType;
  fee_multiplier: number;
  scheduled_ts: number;
}

export interface EventFeeChangeRow {
  id: string;
  event_ticker: string;
  series_ticker: string;
  fee_type_override: FeeType | null;
  fee_multiplier_override: number | null;
  scheduled_ts: number;
}

/** What the fee-change seeding needs to know about an event: its series and trading window. */
export interface EventWindow {
  event_ticker: string;
  series_ticker: string;
  openMs: number;
  closeMs: number;
}

/**
 * Per series: the schedule that led to today's fee settings (an older setting, then the current
 * one, both in the past, so the latest past change always equals the series' fee_type and
 * fee_multiplier), and for about half of them a change still to come.
 */
export function seriesFeeChanges(seed: number, series: readonly rest.Series[], baseMs: number): SeriesFeeChangeRow[] {
  const rows: SeriesFeeChangeRow[] = [];
  for (const s of series) {
    const rand = mulberry32(hash32(seed, 'series-fees', s.ticker));
    const type = (s.fee_type ?? 'quadratic') as FeeType;
    const multiplier = s.fee_multiplier ?? 1;
    const row = (n: number, fee_type: FeeType, fee_multiplier: number, scheduled_ts: number): SeriesFeeChangeRow => ({
      id: stableUuid(seed, 'series-fee', s.ticker, n),
      series_ticker: s.ticker,
      fee_type,
      fee_multiplier,
      scheduled_ts,
    });
    // The setting before today's differs in type, so the history records a real change.
    const earlier: FeeType = type === 'quadratic' ? 'quadratic_with_maker_fees' : 'quadratic';
    rows.push(row(0, earlier, 1, baseMs - intBetween(rand, 120, 240) * DAY));
    rows.push(row(1, type, multiplier, baseMs - intBetween(rand, 20, 90) * DAY));
    if (rand() < 0.5) {
      // A coming promotion or its end: the multiplier moves between 1 and 0.5.
      rows.push(row(2, type, multiplier === 1 ? 0.5 : 1, baseMs + intBetween(rand, 7, 60) * DAY));
    }
  }
  return rows;
}

/**
 * Per event, for about half of them: a half-fee override, then a change with both fields null
 * (a cleared override). The window lies wholly in
 * the past or wholly in the future of the catalog's creation, so no seeded event starts out with
 * an override in force.
 */
export function eventFeeChanges(seed: number, events: readonly EventWindow[], series: ReadonlyMap<string, rest.Series>, baseMs: number): EventFeeChangeRow[] {
  const rows: EventFeeChangeRow[] = [];
  for (const e of events) {
    const rand = mulberry32(hash32(seed, 'event-fees', e.event_ticker));
    if (rand() >= 0.5) continue;
    const length = intBetween(rand, 6, 36) * HOUR;
    let start = e.openMs + 6 * HOUR;
    if (start + length > Math.min(baseMs, e.closeMs)) {
      start = Math.max(baseMs, e.openMs) + intBetween(rand, 12, 72) * HOUR;
      if (start + length > e.closeMs) continue;
    }
    const type = (series.get(e.series_ticker)?.fee_type ?? 'quadratic') as FeeType;
    const change = (n: number, fee_type_override: FeeType | null, fee_multiplier_override: number | null, scheduled_ts: number) => ({
      id: stableUuid(seed, 'event-fee', e.event_ticker, n),
      event_ticker: e.event_ticker,
      series_ticker: e.series_ticker,
      fee_type_override,
      fee_multiplier_override,
      scheduled_ts,
    });
    rows.push(change(0, type, 0.5, start), change(1, null, null, start + length));
  }
  return rows;
}
