/**
 * kalshi.fcm.subtraders — /fcm/subtraders...
 *   list                    -> ListFCMSubtraders
 *   create                  -> CreateFCMSubtrader
 *   getDailyCap             -> GetFCMEventContractDailyCap
 *   updateDailyCap          -> UpdateFCMEventContractDailyCap
 *   deleteDailyCap          -> DeleteFCMEventContractDailyCap
 *   getBlockedCategories    -> GetFCMSubtraderBlockedCategories
 *   updateBlockedCategories -> UpdateFCMSubtraderBlockedCategories
 */
import type { APIPromise } from '../../core/api-promise.js';
import { APIResource } from '../../core/resource.js';
import { toRequestDollars } from '../../internal/amounts.js';
import type { RequestOptions } from '../../internal/request.js';
import { requireBoolean, requireString } from '../../internal/validate.js';
import type { BodyOf, QueryOf, ResponseOf } from '../types.js';

export class Subtraders extends APIResource {
  list(options?: RequestOptions): APIPromise<ResponseOf<'ListFCMSubtraders'>> {
    return this.client.call('ListFCMSubtraders', {}, options);
  }

  create(params: BodyOf<'CreateFCMSubtrader'>, options?: RequestOptions): APIPromise<ResponseOf<'CreateFCMSubtrader'>> {
    return this.client.call(
      'CreateFCMSubtrader',
      () => ({ body: { ...params, subtrader_suffix: requireString(params?.subtrader_suffix, 'subtrader_suffix') } }),
      options,
    );
  }

  /** The subtrader's daily event-contract premium cap and how much of it is in use. */
  getDailyCap(params: QueryOf<'GetFCMEventContractDailyCap'>, options?: RequestOptions): APIPromise<ResponseOf<'GetFCMEventContractDailyCap'>> {
    return this.client.call('GetFCMEventContractDailyCap', () => ({ query: params }), options);
  }

  /** Sets the cap to `limit` dollars (a value, not a change), so a retry is harmless. */
  updateDailyCap(
    params: BodyOf<'UpdateFCMEventContractDailyCap'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'UpdateFCMEventContractDailyCap'>> {
    return this.client.call(
      'UpdateFCMEventContractDailyCap',
      () => ({
        body: {
          subtrader_id: requireString(params?.subtrader_id, 'subtrader_id'),
          limit: toRequestDollars(params.limit, 'limit', { allowZero: true }),
        },
        idempotent: true,
      }),
      options,
    );
  }

  /**
   * Removing the cap does not mean "no limit": orders through the subtrader's own API keys are
   * refused until a cap is set again.
   */
  deleteDailyCap(
    params: QueryOf<'DeleteFCMEventContractDailyCap'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'DeleteFCMEventContractDailyCap'>> {
    return this.client.call(
      'DeleteFCMEventContractDailyCap',
      () => ({ query: { ...params, subtrader_id: requireString(params?.subtrader_id, 'subtrader_id') } }),
      options,
    );
  }

  getBlockedCategories(
    params: QueryOf<'GetFCMSubtraderBlockedCategories'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'GetFCMSubtraderBlockedCategories'>> {
    return this.client.call('GetFCMSubtraderBlockedCategories', () => ({ query: params }), options);
  }

  /** Blocks or unblocks one category for a subtrader; setting a flag, so safe to retry. */
  updateBlockedCategories(
    params: BodyOf<'UpdateFCMSubtraderBlockedCategories'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'UpdateFCMSubtraderBlockedCategories'>> {
    return this.client.call(
      'UpdateFCMSubtraderBlockedCategories',
      () => {
        requireString(params?.subtrader_id, 'subtrader_id');
        requireString(params.category, 'category');
        requireBoolean(params.blocked, 'blocked');
        return { body: params, idempotent: true };
      },
      options,
    );
  }
}
