/**
 * kalshi.incentivePrograms — /incentive_programs
 *   list -> GetIncentivePrograms (paginated; the next cursor comes back as `next_cursor`)
 */
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../internal/request.js';
import type { ListParams, ResponseOf, Schema } from './types.js';

export class IncentivePrograms extends APIResource {
  list(
    params?: ListParams<'GetIncentivePrograms'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetIncentivePrograms'>, Schema<'IncentiveProgram'>> {
    return this.client.paginate(
      'GetIncentivePrograms',
      { query: params },
      (page: ResponseOf<'GetIncentivePrograms'>) => page.incentive_programs,
      options,
      'next_cursor',
    );
  }
}
