/**
 * kalshi.multivariateCollections — combo (multivariate event) collections
 * (/multivariate_event_collections...). The combo events themselves are kalshi.events.listMultivariate.
 *   list         -> GetMultivariateEventCollections (paginated)
 *   get          -> GetMultivariateEventCollection
 *   createMarket -> CreateMarketInMultivariateEventCollection
 */
import type { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { OUTCOME_SIDES, requireOneOf, requireTicker } from '../internal/validate.js';
import type { BodyOf, ListParams, ResponseOf, Schema } from './types.js';

export class MultivariateCollections extends APIResource {
  list(
    params?: ListParams<'GetMultivariateEventCollections'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetMultivariateEventCollections'>, Schema<'MultivariateEventCollection'>> {
    return this.client.paginate(
      'GetMultivariateEventCollections',
      { query: params },
      (page: ResponseOf<'GetMultivariateEventCollections'>) => page.multivariate_contracts,
      options,
    );
  }

  get(collectionTicker: string, options?: RequestOptions): APIPromise<ResponseOf<'GetMultivariateEventCollection'>> {
    return this.client.call(
      'GetMultivariateEventCollection',
      () => ({ path: path`/multivariate_event_collections/${requireTicker(collectionTicker, 'collection_ticker')}` }),
      options,
    );
  }

  /**
   * Makes the combo market for a set of legs (each a market and a side). Kalshi wants this call
   * once per combination before the market can be traded or fetched, and caps how often a user may make it.
   */
  createMarket(
    collectionTicker: string,
    params: BodyOf<'CreateMarketInMultivariateEventCollection'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'CreateMarketInMultivariateEventCollection'>> {
    return this.client.call(
      'CreateMarketInMultivariateEventCollection',
      () => {
        const legs = params?.selected_markets;
        if (!Array.isArray(legs) || legs.length === 0) throw new ValidationError('selected_markets', 'must be a non-empty array');
        legs.forEach((leg, i) => {
          requireTicker(leg?.market_ticker, `selected_markets[${i}].market_ticker`);
          requireTicker(leg.event_ticker, `selected_markets[${i}].event_ticker`);
          requireOneOf(leg.side, OUTCOME_SIDES, `selected_markets[${i}].side`);
        });
        return { path: path`/multivariate_event_collections/${requireTicker(collectionTicker, 'collection_ticker')}`, body: params };
      },
      options,
    );
  }
}
