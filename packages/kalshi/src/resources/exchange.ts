import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../internal/request.js';
import type { QueryOf, ResponseOf } from './types.js';

export class Exchange extends APIResource {
  status(options?: RequestOptions): APIPromise<ResponseOf<'GetExchangeStatus'>> {
    return this.client.call('GetExchangeStatus', {}, options);
  }

  schedule(options?: RequestOptions): APIPromise<ResponseOf<'GetExchangeSchedule'>> {
    return this.client.call('GetExchangeSchedule', {}, options);
  }

  /** When the user-data endpoints (balance, orders, fills, positions) were last refreshed. */
  userDataTimestamp(options?: RequestOptions): APIPromise<ResponseOf<'GetUserDataTimestamp'>> {
    return this.client.call('GetUserDataTimestamp', {}, options);
  }

  seriesFeeChanges(params?: QueryOf<'GetSeriesFeeChanges'>, options?: RequestOptions): APIPromise<ResponseOf<'GetSeriesFeeChanges'>> {
    return this.client.call('GetSeriesFeeChanges', () => ({ query: params }), options);
  }
}
