/**
 * kalshi.structuredTargets — /structured_targets...
 *   list -> GetStructuredTargets (paginated; page size is `page_size`)
 *   get  -> GetStructuredTarget
 */
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import type { ListParams, ResponseOf, Schema } from './types.js';

export class StructuredTargets extends APIResource {
  list(
    params?: ListParams<'GetStructuredTargets'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetStructuredTargets'>, Schema<'StructuredTarget'>> {
    return this.client.paginate(
      'GetStructuredTargets',
      { query: params },
      (page: ResponseOf<'GetStructuredTargets'>) => page.structured_targets,
      options,
    );
  }

  get(structuredTargetId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetStructuredTarget'>> {
    return this.client.call('GetStructuredTarget', () => ({ path: path`/structured_targets/${structuredTargetId}` }), options);
  }
}
