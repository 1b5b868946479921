/**
 * A weather-index city and its configuration timeline: the launch configuration, then one
 * offset calibration after each complete UTC week (published a few hours after the week ends).
 * The timeline grows with the exchange clock and is never rewritten.
 */
import type { rest } from 'kalshi-ts/generated';
import { DAY, HOUR } from '../format.js';
import { keyOf, noise } from './random.js';

export interface StationDef {
  id: string;
  weight: number;
  /** Launch offset in Celsius (positive: the station runs warm). */
  offsetC: number;
}

export interface CityDef {
  id: string;
  name: string;
  /** The seeded series whose events settle on this city's daily high. */
  seriesTicker: string;
  stations: readonly StationDef[];
}

export const CITIES: readonly CityDef[] = [
  {
    id: 'nyc',
    name: 'New York City',
    seriesTicker: 'KXHIGHNY',
    stations: [
      { id: 'KNYC1M', weight: 0.4, offsetC: 0.12 },
      { id: 'KLGA1M', weight: 0.2, offsetC: 0.31 },
      { id: 'KJFK1M', weight: 0.2, offsetC: -0.27 },
      { id: 'KEWR1M', weight: 0.2, offsetC: 0.05 },
    ],
  },
];

export const cityById = (id: string): CityDef | undefined => CITIES.find((c) => c.id === id);

const WEEK = 7 * DAY;
const PUBLISH_DELAY = 2 * HOUR;
const EFFECTIVE_DELAY = 3 * HOUR;

/** The index went live this long before the catalog was seeded (at a UTC midnight). */
export const launchOf = (base: number): number => Math.floor(base / DAY) * DAY - 45 * DAY;
/** Before going live the series was backfilled for this long (labelled `receipt_basis`). */
export const BACKFILL = 30 * DAY;

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

/** The first Monday 00:00 UTC at or after `ms` (1970-01-01 was a Thursday). */
function nextMonday(ms: number): number {
  const day = Math.ceil(ms / DAY);
  const weekday = (day + 3) % 7; // 0 = Monday
  return (day + ((7 - weekday) % 7)) * DAY;
}

export interface Calibration {
  record: rest.WeatherIndexCalibration;
  /** Offsets by station id, Celsius. */
  offsets: Map<string, number>;
  cityReferenceC: number;
}

function record(city: CityDef, offsets: number[], fields: Omit<rest.WeatherIndexCalibration, 'city_reference_c' | 'stations'>, notes?: string[]): Calibration {
  const reference = round(city.stations.reduce((sum, s, i) => sum + s.weight * offsets[i]!, 0), 4);
  return {
    record: {
      ...fields,
      city_reference_c: reference,
      stations: city.stations.map((s, i) => ({ station_id: s.id, weight: s.weight, offset_c: offsets[i]!, ...(notes && { update_note: notes[i]! }) })),
    },
    offsets: new Map(city.stations.map((s, i) => [s.id, offsets[i]!])),
    cityReferenceC: reference,
  };
}

/** Every record published by `now`, ascending by effective time. */
export function calibrations(seed: number, base: number, city: CityDef, now: number): Calibration[] {
  const launch = launchOf(base);
  const version = `${city.id}-temperature-v1.0`;
  let offsets = city.stations.map((s) => s.offsetC);
  const out = [record(city, offsets, { config_version: version, published_at_ms: launch - 3 * DAY, effective_at_ms: launch, change_reason: 'launch configuration' })];
  const key = keyOf(seed, `calibration:${city.id}`);
  for (let start = nextMonday(launch); start + WEEK + PUBLISH_DELAY <= now; start += WEEK) {
    const end = start + WEEK;
    const week = Math.round(start / WEEK);
    const notes: string[] = [];
    offsets = offsets.map((prior, i) => {
      const residuals = 600 + Math.floor(noise(key, week * 16 + i) * 9000);
      if (residuals < 1000) {
        notes.push(`insufficient: ${residuals} residuals, prior offset kept`);
        return prior;
      }
      const adjustment = round((noise(key, week * 16 + 8 + i) - 0.5) * 0.08, 3);
      const next = round(prior + adjustment, 3);
      notes.push(`updated: ${residuals} residuals, target ${next.toFixed(3)}, adjustment ${adjustment >= 0 ? '+' : ''}${adjustment.toFixed(3)}`);
      return next;
    });
    out.push(
      record(
        city,
        offsets,
        {
          config_version: `${version}-cal-${ymd(end)}`,
          published_at_ms: end + PUBLISH_DELAY,
          effective_at_ms: end + EFFECTIVE_DELAY,
          change_reason: 'weekly offset calibration',
          calibration_window_start_ms: start,
          calibration_window_end_ms: end,
        },
        notes,
      ),
    );
  }
  return out;
}
