/**
 * kalshi.portfolio.targetBalanceAllocation — /portfolio/target_balance_allocation
 *   get -> GetTargetBalanceAllocation
 *   set -> SetTargetBalanceAllocation
 */
import type { APIPromise } from '../../core/api-promise.js';
import { ValidationError } from '../../core/errors.js';
import { APIResource } from '../../core/resource.js';
import type { RequestOptions } from '../../internal/request.js';
import { requireInteger, requireOneOf } from '../../internal/validate.js';
import type { BodyOf, ResponseOf } from '../types.js';

const RESERVATIONS = ['none', 'max', 'sum'] as const;

export class TargetBalanceAllocation extends APIResource {
  get(options?: RequestOptions): APIPromise<ResponseOf<'GetTargetBalanceAllocation'>> {
    return this.client.call('GetTargetBalanceAllocation', {}, options);
  }

  /** Replaces the whole allocation (whole percentages per exchange index), so a retry is harmless. */
  set(params: BodyOf<'SetTargetBalanceAllocation'>, options?: RequestOptions): APIPromise<ResponseOf<'SetTargetBalanceAllocation'>> {
    return this.client.call(
      'SetTargetBalanceAllocation',
      () => {
        if (!Array.isArray(params?.allocations)) throw new ValidationError('allocations', 'must be an array');
        params.allocations.forEach((allocation, i) => {
          requireInteger(allocation?.exchange_index, `allocations[${i}].exchange_index`, 0);
          requireInteger(allocation.percent, `allocations[${i}].percent`, 0, 100);
        });
        if (params.resting_margin_reservation !== undefined) {
          requireOneOf(params.resting_margin_reservation, RESERVATIONS, 'resting_margin_reservation');
        }
        return { body: params, idempotent: true };
      },
      options,
    );
  }
}
