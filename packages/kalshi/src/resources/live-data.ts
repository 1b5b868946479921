/**
 * kalshi.liveData — live game and weather data behind markets (/live_data/...).
 *   get                 -> GetLiveDataByMilestone   /live_data/milestone/{milestone_id}
 *   getByType           -> GetLiveData              /live_data/{type}/milestone/{milestone_id}
 *   batchGet            -> GetLiveDatas             /live_data/batch
 *   gameStats           -> GetGameStats
 *   event               -> GetEventLiveData
 *   weather             -> GetWeatherIndex
 *   weatherCalibrations -> GetWeatherIndexCalibrations
 */
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireTicker } from '../internal/validate.js';
import type { QueryOf, ResponseOf } from './types.js';

export class LiveData extends APIResource {
  get(milestoneId: string, params?: QueryOf<'GetLiveDataByMilestone'>, options?: RequestOptions): APIPromise<ResponseOf<'GetLiveDataByMilestone'>> {
    return this.client.call('GetLiveDataByMilestone', () => ({ path: path`/live_data/milestone/${milestoneId}`, query: params }), options);
  }

  /** The older form of `get` that also names the data type in the path; prefer `get`. */
  getByType(
    type: string,
    milestoneId: string,
    params?: QueryOf<'GetLiveData'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'GetLiveData'>> {
    return this.client.call('GetLiveData', () => ({ path: path`/live_data/${type}/milestone/${milestoneId}`, query: params }), options);
  }

  /** Several milestones in one request. */
  batchGet(params: QueryOf<'GetLiveDatas'>, options?: RequestOptions): APIPromise<ResponseOf<'GetLiveDatas'>> {
    return this.client.call('GetLiveDatas', () => ({ query: params }), options);
  }

  gameStats(milestoneId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetGameStats'>> {
    return this.client.call('GetGameStats', () => ({ path: path`/live_data/milestone/${milestoneId}/game_stats` }), options);
  }

  event(eventTicker: string, params?: QueryOf<'GetEventLiveData'>, options?: RequestOptions): APIPromise<ResponseOf<'GetEventLiveData'>> {
    return this.client.call('GetEventLiveData', () => ({ path: path`/live_data/events/${requireTicker(eventTicker, 'event_ticker')}`, query: params }), options);
  }

  weather(city: string, params?: QueryOf<'GetWeatherIndex'>, options?: RequestOptions): APIPromise<ResponseOf<'GetWeatherIndex'>> {
    return this.client.call('GetWeatherIndex', () => ({ path: path`/live_data/weather/${city}`, query: params }), options);
  }

  weatherCalibrations(city: string, options?: RequestOptions): APIPromise<ResponseOf<'GetWeatherIndexCalibrations'>> {
    return this.client.call('GetWeatherIndexCalibrations', () => ({ path: path`/live_data/weather/${city}/calibrations` }), options);
  }
}
