/**
 * kalshi.milestones — /milestones...
 *   list -> GetMilestones (paginated; Kalshi requires `limit`)
 *   get  -> GetMilestone
 */
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import type { ListParams, ResponseOf, Schema } from './types.js';

export class Milestones extends APIResource {
  list(params: ListParams<'GetMilestones'>, options?: RequestOptions): PagePromise<ResponseOf<'GetMilestones'>, Schema<'Milestone'>> {
    return this.client.paginate('GetMilestones', { query: params }, (page: ResponseOf<'GetMilestones'>) => page.milestones, options);
  }

  get(milestoneId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetMilestone'>> {
    return this.client.call('GetMilestone', () => ({ path: path`/milestones/${milestoneId}` }), options);
  }
}
