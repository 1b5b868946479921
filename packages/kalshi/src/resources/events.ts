import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireTicker } from '../internal/validate.js';
import type { ListParams, QueryOf, ResponseOf, Schema } from './types.js';

export class Events extends APIResource {
  list(params?: ListParams<'GetEvents'>, options?: RequestOptions): PagePromise<ResponseOf<'GetEvents'>, Schema<'EventData'>> {
    return this.client.paginate('GetEvents', { query: params }, (page: ResponseOf<'GetEvents'>) => page.events, options);
  }

  get(eventTicker: string, params?: QueryOf<'GetEvent'>, options?: RequestOptions): APIPromise<ResponseOf<'GetEvent'>> {
    return this.client.call('GetEvent', () => ({ path: path`/events/${requireTicker(eventTicker, 'event_ticker')}`, query: params }), options);
  }

  metadata(eventTicker: string, options?: RequestOptions): APIPromise<ResponseOf<'GetEventMetadata'>> {
    return this.client.call('GetEventMetadata', () => ({ path: path`/events/${requireTicker(eventTicker, 'event_ticker')}/metadata` }), options);
  }

  listMultivariate(
    params?: ListParams<'GetMultivariateEvents'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetMultivariateEvents'>, Schema<'EventData'>> {
    return this.client.paginate('GetMultivariateEvents', { query: params }, (page: ResponseOf<'GetMultivariateEvents'>) => page.events, options);
  }

  feeChanges(
    params?: ListParams<'GetEventFeeChanges'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetEventFeeChanges'>, ResponseOf<'GetEventFeeChanges'>['event_fee_changes'][number]> {
    return this.client.paginate('GetEventFeeChanges', { query: params }, (page: ResponseOf<'GetEventFeeChanges'>) => page.event_fee_changes, options);
  }

  candlesticks(
    seriesTicker: string,
    eventTicker: string,
    params: QueryOf<'GetMarketCandlesticksByEvent'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'GetMarketCandlesticksByEvent'>> {
    return this.client.call(
      'GetMarketCandlesticksByEvent',
      () => ({
        path: path`/series/${requireTicker(seriesTicker, 'series_ticker')}/events/${requireTicker(eventTicker, 'event_ticker')}/candlesticks`,
        query: params,
      }),
      options,
    );
  }

  forecastPercentileHistory(
    seriesTicker: string,
    eventTicker: string,
    params: QueryOf<'GetEventForecastPercentilesHistory'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'GetEventForecastPercentilesHistory'>> {
    return this.client.call(
      'GetEventForecastPercentilesHistory',
      () => ({
        path: path`/series/${requireTicker(seriesTicker, 'series_ticker')}/events/${requireTicker(eventTicker, 'event_ticker')}/forecast_percentile_history`,
        query: params,
      }),
      options,
    );
  }
}
