import type { Handlers } from '../server/handler.js';
import { eventHandlers } from './events.js';
import { candlestickHandlers } from './candlesticks.js';
import { communicationsHandlers } from './communications/index.js';
import { catalogExtrasHandlers } from './catalog-extras/index.js';
import { exchangeHandlers } from './exchange.js';
import { fcmHandlers } from './fcm/index.js';
import { fundsHandlers } from './funds/index.js';
import { historicalHandlers } from './historical/index.js';
import { keysAccountHandlers } from './keys-account/index.js';
import { liveDataAreaHandlers } from './live-data/index.js';
import { marketDataHandlers } from './market-data.js';
import { marketHandlers } from './markets.js';
import { orderGroupHandlers } from './order-groups/index.js';
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
    ...catalogExtrasHandlers,
    ...tradingHandlers,
    ...orderGroupHandlers,
    ...fundsHandlers,
    ...historicalHandlers,
    ...communicationsHandlers,
    ...keysAccountHandlers,
    ...fcmHandlers,
    ...liveDataAreaHandlers,
  };
}
