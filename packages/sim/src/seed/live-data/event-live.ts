/**
 * Event-keyed live data: a chart for crypto and weather events (windowed by a range), and for
 * other events the live details of the milestone that decides them.
 */
import type { rest } from 'kalshi-ts/generated';
import { DAY, HOUR, MINUTE } from '../format.js';
import { cryptoPrice, milestoneDetails, type LiveContext } from './live.js';
import { MILESTONE_TYPES, type MilestoneEntry, type MilestoneKind } from './milestones.js';

const RANGE_MS: Record<string, number> = { '15min': 15 * MINUTE, '1h': HOUR, '6h': 6 * HOUR, '1d': DAY };

interface Chart {
  type: string;
  options: string[];
  default: string;
  /** Minutes between chart points. */
  step: number;
}

const CHARTS: Partial<Record<MilestoneKind, Chart>> = {
  crypto: { type: 'crypto_price_chart', options: ['15min', '1h', '1d'], default: '1h', step: 1 },
  weather: { type: 'weather_observations', options: ['1h', '6h', '1d'], default: '1d', step: 5 },
};

/** The ranges an event's chart accepts; undefined when its live data has no chart. */
export const rangeOptions = (entry: MilestoneEntry): string[] | undefined => CHARTS[entry.kind]?.options;

/** `range` must be one of rangeOptions(entry) when the event has a chart; it is ignored otherwise. */
export function eventLiveData(ctx: LiveContext, entry: MilestoneEntry, range: string | undefined): rest.EventLiveData {
  const chart = CHARTS[entry.kind];
  const details = milestoneDetails(ctx, entry, false);
  if (!chart) return { type: MILESTONE_TYPES[entry.kind], details };
  const span = RANGE_MS[range ?? chart.default]!;
  const end = Math.floor((Math.min(ctx.now, entry.closeMs) - 1) / MINUTE) * MINUTE;
  const start = end - span + MINUTE;
  const out: rest.EventLiveData = { type: chart.type, details, default_range: chart.default, range_options: [...chart.options] };
  if (entry.kind === 'crypto') {
    const points = [];
    for (let t = start; t <= end; t += chart.step * MINUTE) points.push({ ts: t, price_usd: cryptoPrice(ctx, entry, t) });
    details.points = points;
    out.is_historical = ctx.now >= entry.closeMs;
  } else {
    const step = chart.step * MINUTE;
    details.observations = ctx
      .observations(entry)
      .filter((p) => p.t >= start && p.t <= end && (p.t - entry.openMs) % step === 0)
      .map((p) => ({ ts: p.t, temp_f: p.v }));
  }
  return out;
}
