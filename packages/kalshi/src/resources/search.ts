/**
 * kalshi.search — discovery metadata (/search/...).
 *   tagsByCategories -> GetTagsForSeriesCategories
 *   filtersBySport   -> GetFiltersForSports
 */
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../internal/request.js';
import type { ResponseOf } from './types.js';

export class Search extends APIResource {
  tagsByCategories(options?: RequestOptions): APIPromise<ResponseOf<'GetTagsForSeriesCategories'>> {
    return this.client.call('GetTagsForSeriesCategories', {}, options);
  }

  filtersBySport(options?: RequestOptions): APIPromise<ResponseOf<'GetFiltersForSports'>> {
    return this.client.call('GetFiltersForSports', {}, options);
  }
}
