import type { Handlers } from '../server/handler.js';
import { eventHandlers } from './events.js';
import { exchangeHandlers } from './exchange.js';
import { marketHandlers } from './markets.js';
import { seriesHandlers } from './series.js';

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
  };
}
