import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireTicker } from '../internal/validate.js';
import type { QueryOf, ResponseOf } from './types.js';

export class SeriesResource extends APIResource {
  list(params?: QueryOf<'GetSeriesList'>, options?: RequestOptions): APIPromise<ResponseOf<'GetSeriesList'>> {
    return this.client.call('GetSeriesList', () => ({ query: params }), options);
  }

  get(seriesTicker: string, params?: QueryOf<'GetSeries'>, options?: RequestOptions): APIPromise<ResponseOf<'GetSeries'>> {
    return this.client.call('GetSeries', () => ({ path: path`/series/${requireTicker(seriesTicker, 'series_ticker')}`, query: params }), options);
  }
}
