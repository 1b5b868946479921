import type { Handler, Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { orderReadHandlers } from './order-reads.js';
import { orderWriteHandlers } from './order-writes.js';
import { portfolioHandlers } from './portfolio.js';

/**
 * Resting orders whose expiration_time has passed are cancelled before any order or portfolio
 * request is answered, so no client ever sees (or trades against) an expired order as resting.
 * Doing it on demand keeps it deterministic under a frozen or stepped clock.
 */
function sweepExpired(exchange: ExchangeState): void {
  exchange.trading.run((engine) => engine.expireOrders());
}

function withSweep(handlers: Handlers): Handlers {
  const out: Record<string, Handler> = {};
  for (const [id, handler] of Object.entries(handlers) as [string, Handler][]) {
    out[id] = (ctx) => {
      sweepExpired(ctx.exchange);
      return handler(ctx);
    };
  }
  return out as Handlers;
}

/** Orders and portfolio: every operation a trading client calls with its own key. */
export const tradingHandlers: Handlers = withSweep({
  ...orderReadHandlers,
  ...orderWriteHandlers,
  ...portfolioHandlers,
});
