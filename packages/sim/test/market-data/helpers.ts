import { ControllableClock } from '../../src/clock.js';
import type { BookSide, OpResult, TimeInForce } from '../../src/engine/index.js';
import type { Exchange, ExchangeOptions } from '../../src/index.js';
import { start } from '../helpers/exchange.js';

/** 2026-01-15 12:00:30 UTC: half a minute into a period, so candle boundaries are easy to reason about. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 30);

/** A clock standing still at `ms` until a test moves it (set / advance). */
export function stillClock(ms = T0): ControllableClock {
  return new ControllableClock({ now: () => ms });
}

/** An exchange on a still clock, so nothing (the provider's timer included) moves on its own. */
export async function stillExchange(options: ExchangeOptions = {}): Promise<Exchange & { clock: ControllableClock }> {
  const clock = stillClock();
  const ex = await start({ rateLimits: false, clock, ...options });
  return Object.assign(ex, { clock });
}

/** Funds an engine account directly (the admin fund route belongs to another area). */
export function fund(ex: Exchange, user: string, dollars = 10_000): void {
  ex.state.trading.run((e) => e.deposit(user, 0, dollars * 1_000_000));
}

/** Places an order through the engine: price in dollars on the YES leg, count in contracts. */
export function place(
  ex: Exchange,
  user: string,
  ticker: string,
  side: BookSide,
  price: number,
  contracts: number,
  timeInForce: TimeInForce = 'good_till_canceled',
): OpResult {
  return ex.state.trading.run((e) =>
    e.placeOrder(user, { ticker, side, price: Math.round(price * 10_000), count: Math.round(contracts * 100), timeInForce, selfTradePrevention: 'taker_at_cross' }),
  );
}

export const seconds = (ms: number) => Math.floor(ms / 1000);
