import type { rest } from 'kalshi-ts/generated';
import { isoToMs } from '../../db/query.js';
import { FORECAST_FORMATS, type ForecastFormat } from '../../seed/extras/definitions.js';
import { hash32 } from '../../seed/extras/hash.js';
import { mulberry32 } from '../../seed/prng.js';
import { badRequest, invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';

/*
 * A numeric forecast (the distribution of the value an event settles on) exists for events whose
 * markets have numeric strikes. Its history is a pure function of the seed, the event and the
 * time, so any interval and any range read the same curve: the 1-minute point at T equals the
 * 5-second point at T. The centre drifts slowly around the middle of the strike ladder, the spread
 * narrows towards the close, and a settled numeric outcome pulls the centre onto itself.
 */

const MAX_POINTS = 5000;
const MAX_PERCENTILES = 10;

interface Model {
  center: number;
  width: number;
  openS: number;
  closeS: number;
  target?: number;
  phase: [number, number];
  format: ForecastFormat;
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function modelOf(seed: number, event: { event_ticker: string; series_ticker: string }, markets: rest.Market[]): Model | undefined {
  const strikes = markets.flatMap((m) => [m.floor_strike, m.cap_strike]).filter((v): v is number => typeof v === 'number');
  if (strikes.length === 0) return undefined;
  const lo = Math.min(...strikes);
  const hi = Math.max(...strikes);
  const center = (lo + hi) / 2;
  const rand = mulberry32(hash32(seed, 'forecast', event.event_ticker));
  const settled = markets.map((m) => (m.result ? Number(m.expiration_value) : NaN)).find((v) => Number.isFinite(v));
  return {
    center,
    width: Math.max(hi - lo, Math.abs(center) * 0.04) || 1,
    openS: Math.floor(Math.min(...markets.map((m) => isoToMs(m.open_time)!)) / 1000),
    closeS: Math.floor(Math.max(...markets.map((m) => isoToMs(m.close_time)!)) / 1000),
    ...(settled !== undefined && { target: settled }),
    phase: [rand() * 2 * Math.PI, rand() * 2 * Math.PI],
    format: FORECAST_FORMATS[event.series_ticker] ?? { decimals: 2 },
  };
}

function valueAt(model: Model, ts: number, percentile: number): number {
  const span = Math.max(1, model.closeS - model.openS);
  const remaining = Math.min(1, Math.max(0.02, (model.closeS - ts) / span));
  const wave = 0.6 * Math.sin((2 * Math.PI * ts) / 21_600 + model.phase[0]) + 0.4 * Math.sin((2 * Math.PI * ts) / 2_820 + model.phase[1]);
  let median = model.center + model.width * 0.12 * wave * Math.sqrt(remaining);
  if (model.target !== undefined) median = model.target + (median - model.target) * remaining;
  const p = Math.min(0.9999, Math.max(0.0001, percentile / 10_000));
  return median + (model.width / 4) * Math.sqrt(remaining) * inverseNormal(p);
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

function formatted(value: number, f: ForecastFormat): string {
  let text = Math.abs(value).toFixed(f.decimals);
  if (f.thousands) text = text.replace(/^(\d+)/, (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  return `${value < 0 ? '-' : ''}${f.prefix ?? ''}${text}${f.suffix ?? ''}`;
}

export const forecastHandlers: Handlers = {
  GetEventForecastPercentilesHistory: ({ exchange, params, query }) => {
    const { db } = exchange;
    const event = db.events.get(params.ticker);
    if (!event || event.series_ticker !== params.series_ticker) {
      throw notFound(`ticker: event ${params.ticker} not found in series ${params.series_ticker}`);
    }
    const percentiles = query.percentiles;
    if (percentiles.length === 0 || percentiles.length > MAX_PERCENTILES) {
      throw invalidParameters(`percentiles: give 1 to ${MAX_PERCENTILES} values, got ${percentiles.length}`);
    }
    const outside = percentiles.find((p) => !Number.isInteger(p) || p < 0 || p > 9999);
    if (outside !== undefined) throw invalidParameters(`percentiles: ${outside} is not an integer from 0 to 9999`);
    if (query.start_ts > query.end_ts) throw invalidParameters('start_ts: must not be after end_ts');
    const model = modelOf(exchange.config.seed, event, db.markets.byEvent(event.event_ticker));
    if (!model) throw badRequest(`ticker: event ${event.event_ticker} has no numerical forecast`, 'Only events whose markets have numeric strikes are forecast.');

    // Period ends on multiples of the interval, from the event's open until now (or its close).
    const step = query.period_interval === 0 ? 5 : query.period_interval * 60;
    const from = Math.max(query.start_ts, model.openS);
    const to = Math.min(query.end_ts, Math.floor(exchange.clock.now() / 1000), model.closeS);
    const first = Math.ceil(from / step) * step;
    const last = Math.floor(to / step) * step;
    const count = last >= first ? (last - first) / step + 1 : 0;
    if (count > MAX_POINTS) {
      throw invalidParameters(`end_ts: the range holds ${count} periods, at most ${MAX_POINTS} per request`, 'Narrow start_ts..end_ts or use a longer period_interval.');
    }
    const forecast_history: rest.ForecastPercentilesPoint[] = [];
    for (let ts = first; ts <= last; ts += step) {
      forecast_history.push({
        event_ticker: event.event_ticker,
        end_period_ts: ts,
        period_interval: query.period_interval,
        percentile_points: percentiles.map((percentile) => {
          const value = valueAt(model, ts, percentile);
          return {
            percentile,
            raw_numerical_forecast: round(value, 6),
            numerical_forecast: round(value, model.format.decimals),
            formatted_forecast: formatted(round(value, model.format.decimals), model.format),
          };
        }),
      });
    }
    return { body: { forecast_history } };
  },
};
