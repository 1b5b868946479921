/**
 * kalshi.historical — data older than the historical cutoff, which the live endpoints no longer
 * serve (/historical/...).
 *   cutoff       -> GetHistoricalCutoff
 *   markets      -> GetHistoricalMarkets (paginated)
 *   getMarket    -> GetHistoricalMarket
 *   candlesticks -> GetMarketCandlesticksHistorical
 *   trades       -> GetTradesHistorical (paginated)
 *   fills        -> GetFillsHistorical (paginated)
 *   orders       -> GetHistoricalOrders (paginated)
 *   positions    -> GetHistoricalPositions (paginated)
 */
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireTicker } from '../internal/validate.js';
import type { ListParams, QueryOf, ResponseOf, Schema } from './types.js';

export class Historical extends APIResource {
  /** Where the live endpoints stop: older markets, trades, orders and positions are only here. */
  cutoff(options?: RequestOptions): APIPromise<ResponseOf<'GetHistoricalCutoff'>> {
    return this.client.call('GetHistoricalCutoff', {}, options);
  }

  markets(params?: ListParams<'GetHistoricalMarkets'>, options?: RequestOptions): PagePromise<ResponseOf<'GetHistoricalMarkets'>, Schema<'Market'>> {
    return this.client.paginate('GetHistoricalMarkets', { query: params }, (page: ResponseOf<'GetHistoricalMarkets'>) => page.markets, options);
  }

  getMarket(ticker: string, options?: RequestOptions): APIPromise<ResponseOf<'GetHistoricalMarket'>> {
    return this.client.call('GetHistoricalMarket', () => ({ path: path`/historical/markets/${requireTicker(ticker, 'ticker')}` }), options);
  }

  candlesticks(
    ticker: string,
    params: QueryOf<'GetMarketCandlesticksHistorical'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'GetMarketCandlesticksHistorical'>> {
    return this.client.call(
      'GetMarketCandlesticksHistorical',
      () => ({ path: path`/historical/markets/${requireTicker(ticker, 'ticker')}/candlesticks`, query: params }),
      options,
    );
  }

  trades(params?: ListParams<'GetTradesHistorical'>, options?: RequestOptions): PagePromise<ResponseOf<'GetTradesHistorical'>, Schema<'Trade'>> {
    return this.client.paginate('GetTradesHistorical', { query: params }, (page: ResponseOf<'GetTradesHistorical'>) => page.trades, options);
  }

  fills(params?: ListParams<'GetFillsHistorical'>, options?: RequestOptions): PagePromise<ResponseOf<'GetFillsHistorical'>, Schema<'Fill'>> {
    return this.client.paginate('GetFillsHistorical', { query: params }, (page: ResponseOf<'GetFillsHistorical'>) => page.fills, options);
  }

  orders(params?: ListParams<'GetHistoricalOrders'>, options?: RequestOptions): PagePromise<ResponseOf<'GetHistoricalOrders'>, Schema<'Order'>> {
    return this.client.paginate('GetHistoricalOrders', { query: params }, (page: ResponseOf<'GetHistoricalOrders'>) => page.orders, options);
  }

  /** Market positions across pages; each page also carries `event_positions`. */
  positions(
    params?: ListParams<'GetHistoricalPositions'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetHistoricalPositions'>, Schema<'MarketPosition'>> {
    return this.client.paginate(
      'GetHistoricalPositions',
      { query: params },
      (page: ResponseOf<'GetHistoricalPositions'>) => page.market_positions,
      options,
    );
  }
}
