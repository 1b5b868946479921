import { Engine, EngineError } from '../../src/engine/index.js';
import type { EngineState, PlaceOrderRequest } from '../../src/engine/index.js';

/** One contract in centi-contracts. */
export const C = 100;
/** One dollar in micros. */
export const USD = 1_000_000;
/** A price in cents, as price units. */
export const cents = (c: number): number => c * 100;

export class Harness {
  t: number;
  n: number;
  engine: Engine;

  constructor(t = 1_000_000, n = 0, state?: EngineState) {
    this.t = t;
    this.n = n;
    const deps = {
      now: () => this.t,
      nextId: (kind: 'order' | 'fill' | 'trade') => `${kind}-${++this.n}`,
    };
    this.engine = state === undefined ? new Engine(deps) : Engine.restore(state, deps);
  }

  /** A second harness continuing from this one's exported state, clock and id counter. */
  fork(): Harness {
    const state = JSON.parse(JSON.stringify(this.engine.exportState())) as EngineState;
    return new Harness(this.t, this.n, state);
  }
}

/** Engine with a cent market `M` (plain quadratic fees) and a $0.001 market `S` (maker fees). */
export function setup(): Harness {
  const h = new Harness();
  h.engine.addMarket({ ticker: 'M', eventTicker: 'EV', seriesFeeType: 'quadratic', tick: 100, status: 'open' });
  h.engine.addMarket({
    ticker: 'S',
    eventTicker: 'EV',
    seriesFeeType: 'quadratic_with_maker_fees',
    tick: 10,
    status: 'open',
  });
  for (const u of ['alice', 'bob', 'carol', 'dave']) h.engine.deposit(u, 0, 1_000 * USD);
  return h;
}

export function gtc(side: 'bid' | 'ask', contracts: number, priceCents: number, extra: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    ticker: 'M',
    side,
    count: contracts * C,
    price: cents(priceCents),
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'taker_at_cross',
    ...extra,
  };
}

export function ioc(side: 'bid' | 'ask', contracts: number, priceCents: number, extra: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return gtc(side, contracts, priceCents, { timeInForce: 'immediate_or_cancel', ...extra });
}

/** Runs `fn`, expects an EngineError with `code`, and that the engine state did not change. */
export function expectRejected(h: Harness, code: string, fn: () => unknown): EngineError {
  const before = JSON.stringify(h.engine.exportState());
  const idsBefore = h.n;
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof EngineError)) throw new Error(`expected EngineError ${code}, got ${String(caught)}`);
  if (caught.code !== code) throw new Error(`expected ${code}, got ${caught.code}: ${caught.message}`);
  if (JSON.stringify(h.engine.exportState()) !== before) throw new Error(`state changed by rejected operation (${code})`);
  if (h.n !== idsBefore) throw new Error('rejected operation consumed ids');
  return caught;
}
