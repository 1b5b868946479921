/**
 * A REST double with the `portfolio.fills` / `orders.list` shapes backfill uses, answering slowly
 * like a real round trip. It can fail its first calls, or hang until the caller aborts, and it keeps
 * every call's parameters and signal so a test can check what backfill asked and cancelled.
 */
import type { ListParams, Schema } from '../../../src/resources/types.js';
import type { BackfillCallOptions, BackfillSource } from '../../../src/ws/index.js';
import { sleep } from './fixtures.js';

export interface FakeRestOptions {
  /** The first `failures` fills calls throw "HTTP 500" (Infinity: all of them). */
  failures?: number;
  /** Fills calls never answer; they end (with an AbortError) only when their signal aborts. */
  hang?: boolean;
  /** Fills calls throw "HTTP 500" while this says so: an outage the test ends when it chooses. */
  failWhile?: () => boolean;
}

export interface FakeRest {
  source: BackfillSource;
  calls: { fills: ListParams<'GetFills'>[]; orders: ListParams<'GetOrders'>[] };
  /** The signal each fills call was given. */
  signals: (AbortSignal | undefined)[];
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(Object.assign(new Error('request was aborted'), { name: 'AbortError' }));
    if (signal?.aborted) fail();
    else signal?.addEventListener('abort', fail, { once: true });
  });
}

export function fakeRest(fills: Schema<'Fill'>[], orders: Schema<'Order'>[] = [], options: FakeRestOptions = {}): FakeRest {
  const calls: FakeRest['calls'] = { fills: [], orders: [] };
  const signals: FakeRest['signals'] = [];
  const failures = options.failures ?? 0;
  const source: BackfillSource = {
    portfolio: {
      async *fills(params = {}, call: BackfillCallOptions = {}) {
        calls.fills.push(params);
        signals.push(call.signal);
        if (options.hang) await aborted(call.signal);
        await sleep(40);
        if (calls.fills.length <= failures || options.failWhile?.()) throw new Error('HTTP 500');
        yield* fills;
      },
    },
    orders: {
      async *list(params = {}) {
        calls.orders.push(params);
        await sleep(40);
        yield* orders;
      },
    },
  };
  return { source, calls, signals };
}
