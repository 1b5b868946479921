import { iso } from '../../seed/format.js';
import type { Handlers } from '../../server/handler.js';
import type { Trading } from '../../trading/service.js';

/*
 * "User data as of": the time of the last engine operation that committed. Every balance, order,
 * fill and position change is such an operation, so nothing those endpoints show is newer. Kept
 * in memory per engine writer; before the first operation it is the time tracking started (the
 * state loaded from disk at start-up is what the endpoints show until then).
 */
const asOf = new WeakMap<Trading, { ms: number }>();

export function trackUserData(trading: Trading, startMs: number): void {
  if (asOf.has(trading)) return;
  const mark = { ms: startMs };
  asOf.set(trading, mark);
  trading.onCommit((result) => {
    mark.ms = result.ts;
  });
}

export const userDataHandlers: Handlers = {
  GetUserDataTimestamp: ({ exchange }) => {
    // An exchange assembled without the install hook still answers: with the present moment.
    const ms = asOf.get(exchange.trading)?.ms ?? exchange.clock.now();
    return { body: { as_of_time: iso(ms) } };
  },
};
