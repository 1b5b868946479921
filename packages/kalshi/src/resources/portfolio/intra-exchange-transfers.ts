/**
 * kalshi.portfolio.intraExchangeTransfers — moves funds between exchange instances of one account.
 *   create -> IntraExchangeInstanceTransfer   (POST /portfolio/intra_exchange_instance_transfer)
 *   list   -> GetIntraExchangeInstanceTransfers (paginated)
 *   get    -> GetIntraExchangeInstanceTransfer
 */
import type { APIPromise } from '../../core/api-promise.js';
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import { path } from '../../internal/path.js';
import type { RequestOptions } from '../../internal/request.js';
import { requireInteger, requireOneOf } from '../../internal/validate.js';
import type { BodyOf, ListParams, ResponseOf, Schema } from '../types.js';

const INSTANCES = ['event_contract', 'margined'] as const;

export class IntraExchangeTransfers extends APIResource {
  /**
   * `amount` is in centi-cents (1/10 000 dollar). Not retried: the request carries no id that
   * would let Kalshi recognise a repeat.
   */
  create(params: BodyOf<'IntraExchangeInstanceTransfer'>, options?: RequestOptions): APIPromise<ResponseOf<'IntraExchangeInstanceTransfer'>> {
    return this.client.call(
      'IntraExchangeInstanceTransfer',
      () => ({
        body: {
          ...params,
          source: requireOneOf(params?.source, INSTANCES, 'source'),
          destination: requireOneOf(params.destination, INSTANCES, 'destination'),
          amount: requireInteger(params.amount, 'amount', 1),
        },
      }),
      options,
    );
  }

  list(
    params?: ListParams<'GetIntraExchangeInstanceTransfers'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetIntraExchangeInstanceTransfers'>, Schema<'IntraExchangeInstanceTransfer'>> {
    return this.client.paginate(
      'GetIntraExchangeInstanceTransfers',
      { query: params },
      (page: ResponseOf<'GetIntraExchangeInstanceTransfers'>) => page.transfers,
      options,
    );
  }

  get(transferId: string, options?: RequestOptions): APIPromise<ResponseOf<'GetIntraExchangeInstanceTransfer'>> {
    return this.client.call(
      'GetIntraExchangeInstanceTransfer',
      () => ({ path: path`/portfolio/intra_exchange_instance_transfers/${transferId}` }),
      options,
    );
  }
}
