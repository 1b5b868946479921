import { CITIES, cityById } from '../../seed/live-data/index.js';
import { CityIndex } from '../../seed/live-data/weather.js';
import { invalidParameters } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { liveContext } from './shared.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest window one request may ask for (a week of minutes); longer ones are refused. */
const MAX_WINDOW_MS = 7 * DAY_MS;

function unknownCity(city: string) {
  return invalidParameters(`city: unknown weather index city '${city}'`, `Known cities: ${CITIES.map((c) => c.id).join(', ')}.`);
}

/** [from, to] in ms from the documented combinations: from+to, to alone, last_sec alone, or none. */
function windowOf(query: { from?: number; to?: number; last_sec?: number }, now: number): { from: number; to: number } {
  const { from, to, last_sec: lastSec } = query;
  if (lastSec !== undefined) {
    if (from !== undefined || to !== undefined) throw invalidParameters('last_sec: cannot be combined with from or to');
    if (lastSec <= 0) throw invalidParameters(`last_sec: must be positive, got ${lastSec}`);
    if (lastSec * 1000 > MAX_WINDOW_MS) throw invalidParameters(`last_sec: at most ${MAX_WINDOW_MS / 1000} seconds, got ${lastSec}`);
    return { from: now - lastSec * 1000, to: now };
  }
  if (from !== undefined && to === undefined) throw invalidParameters('from: must be paired with to');
  const end = to ?? now;
  const start = from ?? end - DAY_MS;
  if (start > end) throw invalidParameters(`from: must not be after to (${start} > ${end})`);
  if (end - start > MAX_WINDOW_MS) throw invalidParameters(`to: the window from..to may span at most ${MAX_WINDOW_MS} ms`);
  return { from: start, to: end };
}

export const weatherHandlers: Handlers = {
  GetWeatherIndex: ({ exchange, params, query }) => {
    const ctx = liveContext(exchange);
    const city = ctx.city(params.city);
    if (!city) throw unknownCity(params.city);
    const { from, to } = windowOf(query, ctx.now);
    const timeseries = city.index.series(from, to, ctx.now, city.timeline, query.detailed === true);
    const newest = timeseries[timeseries.length - 1];
    const configVersion = newest ? CityIndex.versionAt(city.timeline, newest.t) : '';
    return { body: { city: params.city, config_version: configVersion, units: 'fahrenheit', timeseries } };
  },

  GetWeatherIndexCalibrations: ({ exchange, params }) => {
    if (!cityById(params.city)) throw unknownCity(params.city);
    const city = liveContext(exchange).city(params.city)!;
    return { body: { city: params.city, units: 'celsius', calibrations: city.timeline.map((c) => c.record) } };
  },
};
