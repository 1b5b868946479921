/**
 * kalshi.account — API usage level and rate limits (/account/...).
 *   limits            -> GetAccountApiLimits
 *   endpointCosts     -> GetAccountEndpointCosts
 *   upgradeUsageLevel -> UpgradeAccountApiUsageLevel
 *   volumeProgress    -> GetAccountApiUsageLevelVolumeProgress
 */
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../internal/request.js';
import type { ResponseOf } from './types.js';

export class Account extends APIResource {
  /** Your usage tier and its read/write token buckets. */
  limits(options?: RequestOptions): APIPromise<ResponseOf<'GetAccountApiLimits'>> {
    return this.client.call('GetAccountApiLimits', {}, options);
  }

  /** Token cost of every endpoint that differs from the default; needs no key. */
  endpointCosts(options?: RequestOptions): APIPromise<ResponseOf<'GetAccountEndpointCosts'>> {
    return this.client.call('GetAccountEndpointCosts', {}, options);
  }

  upgradeUsageLevel(options?: RequestOptions): APIPromise<ResponseOf<'UpgradeAccountApiUsageLevel'>> {
    return this.client.call('UpgradeAccountApiUsageLevel', {}, options);
  }

  /** How far your trading volume is toward each higher usage level. */
  volumeProgress(options?: RequestOptions): APIPromise<ResponseOf<'GetAccountApiUsageLevelVolumeProgress'>> {
    return this.client.call('GetAccountApiUsageLevelVolumeProgress', {}, options);
  }
}
