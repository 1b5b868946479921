/**
 * The city temperature index, minute by minute. Each observation day (the window of one daily
 * high-temperature event) rises from a night low to that day's high and falls to the next
 * night's low; the high is exactly the value the catalog settles the day on, so the index and
 * the markets never disagree. Member-station readings are derived backwards from the published
 * value with the governing calibration, so they reproduce it.
 */
import type { rest } from 'kalshi-ts/generated';
import { DAY, HOUR, MINUTE } from '../format.js';
import { BACKFILL, launchOf, type Calibration, type CityDef } from './calibrations.js';
import { keyOf, noise } from './random.js';

/** A minute's readings are final this long after the minute ends. */
export const RECEIPT_DEADLINE = 90_000;

const QC_CODES = ['range', 'rate_spatial', 'extreme'] as const;
const round2 = (x: number) => Math.round(x * 100) / 100;
const toC = (f: number) => ((f - 32) * 5) / 9;
const toF = (c: number) => (c * 9) / 5 + 32;

export class CityIndex {
  readonly launch: number;
  readonly firstMinute: number;
  private readonly highs = new Map<number, number>();
  private readonly keys: Record<'high' | 'low' | 'peak' | 'jitter' | 'gap' | 'degraded' | 'member' | 'disposition' | 'station', number>;

  /**
   * `anchorMs` starts observation day 0; `highOf(dayStartMs)` gives a day's high in whole °F
   * (undefined for days the catalog has no event for, which then take a seeded value).
   */
  constructor(
    seed: number,
    base: number,
    readonly city: CityDef,
    private readonly anchorMs: number,
    private readonly highOf: (dayStartMs: number) => number | undefined,
  ) {
    this.launch = launchOf(base);
    this.firstMinute = this.launch - BACKFILL;
    const k = (name: string) => keyOf(seed, `weather:${city.id}:${name}`);
    this.keys = { high: k('high'), low: k('low'), peak: k('peak'), jitter: k('jitter'), gap: k('gap'), degraded: k('degraded'), member: k('member'), disposition: k('disposition'), station: k('station') };
  }

  dayOf(t: number): number {
    return Math.floor((t - this.anchorMs) / DAY);
  }

  dayStart(day: number): number {
    return this.anchorMs + day * DAY;
  }

  high(day: number): number {
    let h = this.highs.get(day);
    if (h === undefined) {
      h = this.highOf(this.dayStart(day)) ?? 33 + Math.floor(noise(this.keys.high, day) * 16);
      this.highs.set(day, h);
    }
    return h;
  }

  /** The minute of the day's high. */
  peak(day: number): number {
    return this.dayStart(day) + 16 * HOUR + Math.floor(noise(this.keys.peak, day) * 180) * MINUTE;
  }

  /** The night low between day-1 and day, below both highs. */
  private low(day: number): number {
    return Math.min(this.high(day - 1), this.high(day)) - 5 - 5 * noise(this.keys.low, day);
  }

  /** The published value at minute `t` (before any gap), Fahrenheit rounded to 0.01. */
  value(t: number): number {
    const day = this.dayOf(t);
    const start = this.dayStart(day);
    const peak = this.peak(day);
    const high = this.high(day);
    let v: number;
    if (t <= peak) {
      const x = (t - start) / (peak - start);
      v = this.low(day) + ((high - this.low(day)) * (1 - Math.cos(Math.PI * x))) / 2;
    } else {
      const y = (t - peak) / (start + DAY - peak);
      v = this.low(day + 1) + ((high - this.low(day + 1)) * (1 + Math.cos(Math.PI * y))) / 2;
    }
    // Small downward noise only, so the day's maximum is the high itself, reached at the peak.
    return t === peak ? high : round2(v - 0.35 * noise(this.keys.jitter, t / MINUTE));
  }

  /** Quorum failures: no value, no point. Never at a day's peak, so the high is observable. */
  isGap(t: number): boolean {
    return noise(this.keys.gap, t / MINUTE) < 0.004 && t !== this.peak(this.dayOf(t));
  }

  /**
   * The point for minute `t` at `now` under `config`, or null when there is none (a gap, before
   * the backfill, not yet ended, or still within its receipt deadline without `detailed`).
   */
  point(t: number, now: number, config: Calibration, detailed: boolean): rest.WeatherIndexPoint | null {
    if (t < this.firstMinute || t + MINUTE > now || this.isGap(t)) return null;
    const incomplete = t + MINUTE + RECEIPT_DEADLINE > now;
    if (incomplete && !detailed) return null;
    const v = this.value(t);
    const m = t / MINUTE;
    const degraded = noise(this.keys.degraded, m) < 0.05 ? Math.floor(noise(this.keys.member, m) * this.city.stations.length) : -1;
    const disposition = noise(this.keys.disposition, m);
    // The degraded member is missing (< 0.3), late (< 0.45), fallback-fed (< 0.7, still counted)
    // or rejected by quality control.
    const excluded = (i: number) => i === degraded && !(disposition >= 0.45 && disposition < 0.7);
    const stations = this.readings(t, v, config, (i) => !incomplete && excluded(i));
    const accepted = stations.filter((_, i) => !excluded(i)).length;
    const point: rest.WeatherIndexPoint = incomplete ? { t, status: 'incomplete' } : { t, v, status: degraded >= 0 ? 'degraded' : 'normal', contributors: accepted };
    if (t < this.launch && !incomplete) point.receipt_basis = 'synoptic_latency';
    if (!detailed) return point;

    point.stations = stations
      .map((s, i): rest.WeatherIndexStationReading | null => {
        if (incomplete) return s.received <= now ? { station_id: s.id, code: 'pending', source: 'hf_asos', temp_f: s.tempF, received_at_ms: s.received } : null;
        if (i !== degraded) return { station_id: s.id, code: 'ok', source: 'hf_asos', temp_f: s.tempF, received_at_ms: s.received };
        if (disposition < 0.3) return { station_id: s.id, code: 'missing' };
        if (disposition < 0.45) {
          const late = t + MINUTE + RECEIPT_DEADLINE + 5_000 + Math.floor(noise(this.keys.station, m * 8 + i) * 30_000);
          // Not received yet, as far as anyone can tell at `now`.
          if (late > now) return { station_id: s.id, code: 'missing' };
          return { station_id: s.id, code: 'late', source: 'hf_asos', temp_f: s.tempF, received_at_ms: late };
        }
        if (disposition < 0.7) {
          const obs = t - (5 + Math.floor(noise(this.keys.station, m * 8 + i) * 50)) * MINUTE;
          return { station_id: s.id, code: 'ok', source: 'metar', temp_f: s.tempF, obs_time_ms: obs, received_at_ms: obs + 2 * MINUTE, primary_code: 'missing' };
        }
        const off = (noise(this.keys.station, m * 8 + i) < 0.5 ? -1 : 1) * (15 + 10 * noise(this.keys.station, m * 8 + 4 + i));
        return { station_id: s.id, code: QC_CODES[Math.floor(disposition * 10) % QC_CODES.length]!, source: 'hf_asos', temp_f: s.tempF + off, received_at_ms: s.received };
      })
      .filter((s): s is rest.WeatherIndexStationReading => s !== null)
      .sort((a, b) => (a.station_id < b.station_id ? -1 : 1));
    return point;
  }

  /**
   * Readings whose weighted, offset-corrected mean (over the accepted members) plus the city
   * reference reproduces `v`: member deviations are drawn, then centred on zero by weight.
   */
  private readings(t: number, v: number, config: Calibration, excluded: (i: number) => boolean) {
    const m = t / MINUTE;
    const stations = this.city.stations;
    const dev = stations.map((_, i) => (noise(this.keys.station, m * 8 + 4 + i) - 0.5) * 0.6);
    const kept = stations.map((_, i) => !excluded(i));
    const weight = stations.reduce((w, s, i) => w + (kept[i] ? s.weight : 0), 0);
    const mean = stations.reduce((sum, s, i) => sum + (kept[i] ? s.weight * dev[i]! : 0), 0) / weight;
    const base = toC(v) - config.cityReferenceC;
    return stations.map((s, i) => ({
      id: s.id,
      tempF: toF(base + config.offsets.get(s.id)! + dev[i]! - mean),
      received: t + MINUTE + 1_000 + Math.floor(noise(this.keys.station, m * 8 + i) * 40_000),
    }));
  }

  /** Points for the minutes in [from, to], each under the calibration in force at its minute. */
  series(from: number, to: number, now: number, timeline: readonly Calibration[], detailed: boolean): rest.WeatherIndexPoint[] {
    const out: rest.WeatherIndexPoint[] = [];
    let c = 0;
    const first = Math.max(Math.ceil(from / MINUTE) * MINUTE, this.firstMinute);
    for (let t = first; t <= to; t += MINUTE) {
      while (c + 1 < timeline.length && timeline[c + 1]!.record.effective_at_ms <= t) c++;
      const p = this.point(t, now, timeline[c]!, detailed);
      if (p) out.push(p);
    }
    return out;
  }

  /** The configuration version a minute is computed under. */
  static versionAt(timeline: readonly Calibration[], t: number): string {
    let version = timeline[0]!.record.config_version;
    for (const c of timeline) if (c.record.effective_at_ms <= t) version = c.record.config_version;
    return version;
  }
}
