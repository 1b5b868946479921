import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireTicker, requireTickerList } from '../internal/validate.js';
import type { ListParams, QueryOf, ResponseOf, Schema } from './types.js';

export class Markets extends APIResource {
  list(params?: ListParams<'GetMarkets'>, options?: RequestOptions): PagePromise<ResponseOf<'GetMarkets'>, Schema<'Market'>> {
    return this.client.paginate('GetMarkets', { query: params }, (page: ResponseOf<'GetMarkets'>) => page.markets, options);
  }

  get(ticker: string, options?: RequestOptions): APIPromise<ResponseOf<'GetMarket'>> {
    return this.client.call('GetMarket', () => ({ path: path`/markets/${requireTicker(ticker, 'ticker')}` }), options);
  }

  orderbook(ticker: string, params?: QueryOf<'GetMarketOrderbook'>, options?: RequestOptions): APIPromise<ResponseOf<'GetMarketOrderbook'>> {
    return this.client.call('GetMarketOrderbook', () => ({ path: path`/markets/${requireTicker(ticker, 'ticker')}/orderbook`, query: params }), options);
  }

  orderbooks(params: QueryOf<'GetMarketOrderbooks'>, options?: RequestOptions): APIPromise<ResponseOf<'GetMarketOrderbooks'>> {
    return this.client.call(
      'GetMarketOrderbooks',
      () => {
        requireTickerList(params?.tickers, 'tickers');
        return { query: params };
      },
      options,
    );
  }

  /** The public trades tape, newest first, across pages. */
  trades(params?: ListParams<'GetTrades'>, options?: RequestOptions): PagePromise<ResponseOf<'GetTrades'>, Schema<'Trade'>> {
    return this.client.paginate('GetTrades', { query: params }, (page: ResponseOf<'GetTrades'>) => page.trades, options);
  }

  candlesticks(
    seriesTicker: string,
    ticker: string,
    params: QueryOf<'GetMarketCandlesticks'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'GetMarketCandlesticks'>> {
    return this.client.call(
      'GetMarketCandlesticks',
      () => ({
        path: path`/series/${requireTicker(seriesTicker, 'series_ticker')}/markets/${requireTicker(ticker, 'ticker')}/candlesticks`,
        query: params,
      }),
      options,
    );
  }

  batchCandlesticks(
    params: QueryOf<'BatchGetMarketCandlesticks'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'BatchGetMarketCandlesticks'>> {
    return this.client.call('BatchGetMarketCandlesticks', () => ({ query: params }), options);
  }
}
