import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError, checkInvariants } from '../../src/engine/index.js';
import type { BookSide, OpResult, TimeInForce } from '../../src/engine/index.js';
import { Harness, USD } from './helpers.js';

// Random operation sequences from 3 users (2 subaccounts each) on a cent market with maker fees
// and a $0.001 market with price ranges. Arbitrary parameters are allowed to be invalid: the
// engine must then refuse without changing anything.

const USERS = ['u0', 'u1', 'u2'];
const TICKERS = ['A', 'B'];

type Op =
  | { k: 'deposit'; u: number; s: number; amt: number }
  | { k: 'withdraw'; u: number; s: number; amt: number }
  | { k: 'transfer'; u: number; s: number; amt: number }
  | {
      k: 'place';
      u: number;
      s: number;
      m: number;
      side: BookSide;
      count: number;
      price: number;
      tif: TimeInForce;
      post: boolean;
      reduce: boolean;
      stp: 'taker_at_cross' | 'maker';
      exp: number;
      cid: number;
      cop: boolean;
    }
  | { k: 'cancel'; u: number; o: number }
  | { k: 'cancelAll'; u: number; m: number }
  | { k: 'amend'; u: number; o: number; price: number; count: number; exp: number }
  | { k: 'decrease'; u: number; o: number; by: number; to: boolean }
  | { k: 'time'; ms: number }
  | { k: 'expire' }
  | { k: 'status'; m: number; st: 'open' | 'paused' | 'closed' }
  | { k: 'settle'; m: number; r: 'yes' | 'no' | 'scalar'; p: number };

const priceArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 40, max: 60 }).map((c) => c * 100) },
  { weight: 4, arbitrary: fc.integer({ min: 250, max: 300 }).map((c) => c * 10) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 700 }).map((c) => c * 10) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 10_005 }) },
);

const rarely = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('deposit' as const), u: fc.nat(2), s: fc.nat(1), amt: fc.integer({ min: 1, max: 10 * USD }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('withdraw' as const), u: fc.nat(2), s: fc.nat(1), amt: fc.integer({ min: 1, max: 6 * USD }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), u: fc.nat(2), s: fc.nat(1), amt: fc.integer({ min: 1, max: 6 * USD }) }) },
  {
    weight: 30,
    arbitrary: fc.record({
      k: fc.constant('place' as const),
      u: fc.nat(2),
      s: fc.nat(1),
      m: fc.nat(1),
      side: fc.constantFrom<BookSide>('bid', 'ask'),
      count: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 1500 }) }, { weight: 1, arbitrary: fc.integer({ min: -1, max: 2 }) }),
      price: priceArb,
      tif: fc.constantFrom<TimeInForce>('good_till_canceled', 'good_till_canceled', 'immediate_or_cancel', 'fill_or_kill'),
      post: rarely,
      reduce: rarely,
      stp: fc.constantFrom('taker_at_cross' as const, 'maker' as const),
      exp: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: 5000 }) }),
      cid: fc.integer({ min: -1, max: 30 }),
      cop: rarely,
    }),
  },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('cancel' as const), u: fc.nat(2), o: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancelAll' as const), u: fc.nat(2), m: fc.nat(2) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('amend' as const),
      u: fc.nat(2),
      o: fc.nat(200),
      price: fc.oneof(fc.constant(0), priceArb),
      count: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4000 })),
      exp: fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 1, max: 5000 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('decrease' as const), u: fc.nat(2), o: fc.nat(200), by: fc.integer({ min: 0, max: 2000 }), to: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('time' as const), ms: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'expire' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('status' as const), m: fc.nat(1), st: fc.constantFrom('open' as const, 'open' as const, 'paused' as const, 'closed' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('settle' as const), m: fc.nat(1), r: fc.constantFrom('yes' as const, 'no' as const, 'scalar' as const), p: fc.nat(4) }),
  },
);

function fresh(): Harness {
  const h = new Harness();
  h.engine.addMarket({
    ticker: 'A',
    eventTicker: 'E',
    seriesFeeType: 'quadratic_with_maker_fees',
    feeMultiplierPermille: 1000,
    tick: 100,
    status: 'open',
  });
  h.engine.addMarket({
    ticker: 'B',
    eventTicker: 'E',
    seriesFeeType: 'quadratic',
    feeMultiplierPermille: 700,
    tick: 10,
    priceRanges: [
      { start: 10, end: 3000, step: 10 },
      { start: 3000, end: 7000, step: 100 },
      { start: 7000, end: 9990, step: 10 },
    ],
    status: 'open',
  });
  for (const u of USERS) for (const s of [0, 1]) h.engine.deposit(u, s, 8 * USD);
  return h;
}

/** Applies one op; returns the result, or the error code of a refusal. */
function apply(h: Harness, op: Op, orderIds: string[]): OpResult | string {
  const e = h.engine;
  const user = USERS[(op as { u?: number }).u ?? 0] as string;
  // Mostly the user's own resting orders; sometimes any order ever seen (foreign or finished).
  const orderId = (o: number): string => {
    const own = o % 10 !== 0 ? e.listOrders({ user, status: 'resting' }) : [];
    if (own.length > 0) return (own[o % own.length] as { id: string }).id;
    return orderIds[o % Math.max(1, orderIds.length)] ?? 'none';
  };
  try {
    switch (op.k) {
      case 'deposit':
        return e.deposit(user, op.s, op.amt);
      case 'withdraw':
        return e.withdraw(user, op.s, op.amt);
      case 'transfer':
        return e.transfer(user, op.s, 1 - op.s, op.amt);
      case 'place': {
        const r = e.placeOrder(user, {
          ticker: TICKERS[op.m] as string,
          side: op.side,
          count: op.count,
          price: op.price,
          timeInForce: op.tif,
          selfTradePrevention: op.stp,
          subaccount: op.s,
          ...(op.post ? { postOnly: true } : {}),
          ...(op.reduce && op.tif === 'immediate_or_cancel' ? { reduceOnly: true } : {}),
          ...(op.exp !== 0 ? { expirationTime: h.t + op.exp } : {}),
          ...(op.cid >= 0 ? { clientOrderId: `c${op.cid}` } : {}),
          ...(op.cop ? { cancelOnPause: true } : {}),
        });
        if (r.order !== undefined && !r.duplicate) orderIds.push(r.order.id);
        return r;
      }
      case 'cancel':
        return e.cancelOrder(user, orderId(op.o));
      case 'cancelAll':
        return e.cancelAll(user, op.m < 2 ? { ticker: TICKERS[op.m] as string } : {});
      case 'amend':
        return e.amendOrder(user, orderId(op.o), {
          ...(op.price !== 0 ? { price: op.price } : {}),
          ...(op.count !== 0 ? { count: op.count } : {}),
          ...(op.exp >= 0 ? { expirationTime: op.exp === 0 ? 0 : h.t + op.exp } : {}),
        });
      case 'decrease':
        return e.decreaseOrder(user, orderId(op.o), op.to ? { reduceTo: op.by } : { reduceBy: op.by });
      case 'time':
        h.t += op.ms;
        return 'time';
      case 'expire':
        return e.expireOrders();
      case 'status':
        return e.setMarketStatus(TICKERS[op.m] as string, op.st);
      case 'settle':
        // Settling ends a market for good, so only one attempt in five goes through.
        if (op.p !== 0) return 'time';
        return e.settle(TICKERS[op.m] as string, op.r, op.r === 'scalar' ? 2500 : undefined);
    }
  } catch (err) {
    if (err instanceof EngineError && err.code !== 'internal_error') return err.code;
    throw err;
  }
}

const seqArb = fc.array(opArb, { minLength: 1, maxLength: 80, size: 'max' });

describe('engine properties', () => {
  it('keeps every invariant after every operation, and refusals change nothing', () => {
    let refusals = 0;
    let fills = 0;
    fc.assert(
      fc.property(seqArb, (ops) => {
        const h = fresh();
        const ids: string[] = [];
        for (const op of ops) {
          const before = JSON.stringify(h.engine.exportState());
          const r = apply(h, op, ids);
          if (typeof r === 'string' && r !== 'time') {
            refusals += 1;
            expect(JSON.stringify(h.engine.exportState())).toBe(before);
          } else if (typeof r !== 'string') {
            fills += r.fills.length;
            for (const o of r.touchedOrders) expect(o.remainingCount).toBeGreaterThanOrEqual(0);
          }
          const v = checkInvariants(h.engine);
          if (v.length > 0) throw new Error(`after ${JSON.stringify(op)}: ${v.join('; ')}`);
        }
      }),
      { numRuns: 300 },
    );
    // The generator must actually exercise both paths.
    expect(refusals).toBeGreaterThan(100);
    expect(fills).toBeGreaterThan(100);
  });

  it('export then restore yields an engine that behaves identically', () => {
    fc.assert(
      fc.property(seqArb, seqArb, (prefix, suffix) => {
        const a = fresh();
        const ids: string[] = [];
        for (const op of prefix) apply(a, op, ids);
        const b = a.fork();
        expect(b.engine.exportState()).toEqual(a.engine.exportState());
        const idsB = ids.slice();
        for (const op of suffix) {
          const ra = apply(a, op, ids);
          const rb = apply(b, op, idsB);
          expect(rb).toEqual(ra);
        }
        expect(b.engine.exportState()).toEqual(a.engine.exportState());
        expect(b.engine.orderbook('A')).toEqual(a.engine.orderbook('A'));
        expect(checkInvariants(b.engine)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
