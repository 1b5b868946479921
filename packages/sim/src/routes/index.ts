import type { Handlers } from '../server/handler.js';
import { eventHandlers } from './events.js';
import { candlestickHandlers } from './candlesticks.js';
import { exchangeHandlers } from './exchange.js';
import { marketDataHandlers } from './market-data.js';
import { marketHandlers } from './markets.js';
import { seriesHandlers } from './series.js';
import { tradingHandlers } from './trading/index.js';

/**
 * A fresh handler table per exchange. Operations left out answer 501; add an area by spreading
 * its table here, or register one handler with `handlers.GetBalance = async (ctx) => ({ body })`.
 */
export function createHandlers(): Handlers {
  return {
    ...exchangeHandlers,
    ...seriesHandlers,
    ...eventHandlers,
    ...marketHandlers,
    ...marketDataHandlers,
    ...candlestickHandlers,
    ...tradingHandlers,
  };
}
