import { describe, expect, it } from 'vitest';
import { checkInvariants, feeBasis, feeForBasis } from '../../src/engine/index.js';
import type { FeeType } from '../../src/engine/index.js';
import { C, Harness, USD, expectRejected, gtc, ioc, setup } from './helpers.js';

const fee = (type: FeeType, taker: boolean, contracts: number, price: number, mult = 1000) =>
  feeForBasis(type, taker, mult, feeBasis(type, contracts * C, price));

describe('fees', () => {
  it('follows the Kalshi schedule, rounded up to $0.0001', () => {
    // 0.07 × 10 × 0.5 × 0.5 = $0.175
    expect(fee('quadratic', true, 10, 5000)).toBe(175_000);
    expect(fee('quadratic', false, 10, 5000)).toBe(0);
    // 0.0175 × 10 × 0.25 = $0.04375 -> $0.0438
    expect(fee('quadratic_with_maker_fees', false, 10, 5000)).toBe(43_800);
    expect(fee('quadratic_with_maker_fees', true, 10, 5000)).toBe(175_000);
    // combo makers pay half the taker rate: 0.035 × 10 × 0.25 = $0.0875
    expect(fee('quadratic_with_combo_maker_fees', false, 10, 5000)).toBe(87_500);
    // 0.07 × 0.33 × 0.67 = $0.015477 -> $0.0155
    expect(fee('quadratic', true, 1, 3300)).toBe(15_500);
    // multiplier 0.5
    expect(fee('quadratic', true, 10, 5000, 500)).toBe(87_500);
    // flat: $0.01 per contract for takers
    expect(fee('flat', true, 10, 5000)).toBe(100_000);
    expect(fee('flat', false, 10, 5000)).toBe(0);
    // 0.01 contract at $0.01: 0.07 × 0.01 × 0.01 × 0.99 rounds up to $0.0001
    expect(feeForBasis('quadratic', true, 1000, feeBasis('quadratic', 1, 100))).toBe(100);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    // 1,000,000 contracts at $0.50: 0.07 × 1e6 × 0.25 = $17,500
    expect(fee('quadratic', true, 1_000_000, 5000)).toBe(17_500 * USD);
    // 0.0175 × C × P × (1 − P) in micros = 17_500 × C × P × (1 − P), rounded up to 100 micros.
    const num = 17_500n * 99_999_900n * 3300n * 6700n; // C in centi, P in 1e-4: scale 1e2 × 1e8
    const den = 100n * 10_000n * 10_000n * 100n;
    const expected = Number((num + den - 1n) / den) * 100;
    expect(fee('quadratic_with_maker_fees', false, 999_999, 3300)).toBe(expected);
  });

  it('charges the taker $0.175 for 10 contracts at $0.50 and collects it', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 10, 50));
    const r = e.placeOrder('bob', ioc('ask', 10, 50));
    expect(r.fills.map((f) => [f.isTaker, f.fee])).toEqual([
      [true, 175_000],
      [false, 0],
    ]);
    expect(r.order?.takerFees).toBe(175_000);
    expect(e.exchangeFees).toBe(175_000);
    expect(e.getAccount('bob')?.cash).toBe(1_000 * USD - 5 * USD - 175_000);
  });

  it('reserves and charges maker fees where the series has them', () => {
    const h = setup();
    const e = h.engine;
    const m = e.placeOrder('alice', { ...gtc('bid', 10, 0), ticker: 'S', price: 5000 }).order!;
    expect(e.getAccount('alice')?.reserved).toBe(5 * USD + 43_800);
    // Filled in two pieces the maker still pays what one fill would.
    const r1 = e.placeOrder('bob', { ...ioc('ask', 3, 0), ticker: 'S', price: 5000 });
    const r2 = e.placeOrder('bob', { ...ioc('ask', 7, 0), ticker: 'S', price: 5000 });
    const makerFees = [...r1.fills, ...r2.fills].filter((f) => !f.isTaker).map((f) => f.fee);
    expect(makerFees.reduce((a, b) => a + b, 0)).toBe(43_800);
    expect(e.getOrder(m.id)).toMatchObject({ makerFees: 43_800, status: 'executed' });
    expect(e.getAccount('alice')).toMatchObject({ reserved: 0, cash: 1_000 * USD - 5 * USD - 43_800 });
    expect(checkInvariants(e)).toEqual([]);
  });
});

describe('balances', () => {
  it('rejects an unfundable order without changing anything', () => {
    const h = setup();
    const e = h.engine;
    e.deposit('erin', 0, 1 * USD);
    expectRejected(h, 'insufficient_balance', () => e.placeOrder('erin', gtc('bid', 10, 50)));
    expect(e.getAccount('erin')).toMatchObject({ cash: USD, reserved: 0 });
    expect(e.listOrders({ user: 'erin' })).toEqual([]);
    expectRejected(h, 'insufficient_balance', () => e.placeOrder('nobody', gtc('bid', 1, 50)));
  });

  it('needs the taker fee too, to the micro', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('ask', 20, 50));
    e.deposit('erin', 0, 5 * USD + 175_000 - 1);
    expectRejected(h, 'insufficient_balance', () => e.placeOrder('erin', ioc('bid', 10, 50)));
    e.deposit('erin', 0, 1);
    const r = e.placeOrder('erin', ioc('bid', 10, 50));
    expect(r.order?.filledCount).toBe(1000);
    expect(e.getAccount('erin')).toMatchObject({ cash: 0, reserved: 0 });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('reserves only the part of an order that opens exposure', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('bob', gtc('ask', 10, 40));
    e.placeOrder('alice', ioc('bid', 10, 40)); // alice holds 10 YES at $0.40
    expect(e.getAccount('alice')?.reserved).toBe(0);
    e.placeOrder('alice', gtc('ask', 10, 60)); // closes all 10 YES: nothing to reserve
    expect(e.getAccount('alice')?.reserved).toBe(0);
    e.placeOrder('alice', gtc('ask', 5, 70)); // capacity used up: opens 5 NO at $0.30
    expect(e.getAccount('alice')?.reserved).toBe(500 * 3000);
    e.placeOrder('alice', gtc('bid', 1, 30)); // bids can only close NO, which alice lacks
    expect(e.getAccount('alice')?.reserved).toBe(500 * 3000 + 100 * 3000);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('funds a taker against the state after maker self-trade cancels, to the micro', () => {
    // erin: 10 YES ($4 + $0.168 fee), ask A1 10 @ 0.45 closing them, ask A3 20 @ 0.90 ($2 opening).
    // A bid 10 @ 0.50 with maker STP cancels A1, so A3 now closes 10 and opens 10: $5 + $1 needed
    // against $2 held and $4 free.
    const fund = 4 * USD + 168_000 + 2 * USD + 4 * USD;
    const bid = gtc('bid', 10, 50, { selfTradePrevention: 'maker' });
    const prepare = (cash: number) => {
      const h = setup();
      const e = h.engine;
      e.deposit('erin', 0, cash);
      e.placeOrder('bob', gtc('ask', 10, 40));
      e.placeOrder('erin', ioc('bid', 10, 40));
      e.placeOrder('erin', gtc('ask', 10, 45));
      e.placeOrder('erin', gtc('ask', 20, 90));
      expect(e.getAccount('erin')).toMatchObject({ reserved: 2 * USD });
      return h;
    };
    const poor = prepare(fund - 1);
    expectRejected(poor, 'insufficient_balance', () => poor.engine.placeOrder('erin', bid));
    const e = prepare(fund).engine;
    const r = e.placeOrder('erin', bid);
    expect(r.order).toMatchObject({ status: 'resting', remainingCount: 1000 });
    expect(r.touchedOrders.filter((o) => o.lastUpdateReason === 'self_trade')).toHaveLength(1);
    expect(e.getAccount('erin')).toMatchObject({ cash: 0, reserved: 6 * USD });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('redeems YES against NO for $1 and books the P&L', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('bob', gtc('ask', 10, 40));
    e.placeOrder('alice', ioc('bid', 10, 40));
    const cashBefore = e.getAccount('alice')!.cash;
    e.placeOrder('carol', gtc('bid', 10, 60));
    const r = e.placeOrder('alice', ioc('ask', 10, 60));
    const takerFee = r.fills.find((f) => f.isTaker)!.fee;
    expect(takerFee).toBe(168_000); // 0.07 × 10 × 0.6 × 0.4
    expect(e.getAccount('alice')!.cash).toBe(cashBefore + 6 * USD - takerFee);
    expect(e.getPositions('alice')[0]).toMatchObject({ position: 0, marketExposure: 0, realizedPnl: 2 * USD });
    expect(e.getMarket('M')?.openInterest).toBe(1000); // bob's NO against carol's YES
    expect(checkInvariants(e)).toEqual([]);
  });

  it('moves cash with deposit, withdraw and transfer', () => {
    const h = new Harness();
    const e = h.engine;
    e.deposit('u', 0, 10 * USD);
    expectRejected(h, 'insufficient_balance', () => e.withdraw('u', 0, 11 * USD));
    expectRejected(h, 'insufficient_balance', () => e.transfer('u', 0, 1, 11 * USD));
    expectRejected(h, 'invalid_parameters', () => e.deposit('u', 0, 0));
    expectRejected(h, 'invalid_parameters', () => e.transfer('u', 0, 0, 1));
    e.transfer('u', 0, 3, 4 * USD);
    e.withdraw('u', 3, USD);
    expect(e.getAccount('u', 0)?.cash).toBe(6 * USD);
    expect(e.getAccount('u', 3)?.cash).toBe(3 * USD);
    expect(checkInvariants(e)).toEqual([]);
  });
});

describe('settlement', () => {
  function traded() {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 5, 40));
    e.placeOrder('bob', ioc('ask', 5, 40)); // alice 5 YES for $2, bob 5 NO for $3 (+ fee)
    e.placeOrder('carol', gtc('bid', 1, 10)); // still resting at settlement
    return h;
  }

  it('pays YES holders on a yes result', () => {
    const h = traded();
    const e = h.engine;
    const aliceCash = e.getAccount('alice')!.cash;
    const bobCash = e.getAccount('bob')!.cash;
    const r = e.settle('M', 'yes');
    expect(r.settlements).toEqual([
      expect.objectContaining({ user: 'alice', yesCount: 500, noCount: 0, yesTotalCost: 2 * USD, revenue: 5 * USD, value: 10_000 }),
      expect.objectContaining({ user: 'bob', yesCount: 0, noCount: 500, noTotalCost: 3 * USD, revenue: 0, feeCost: 84_000 }),
    ]);
    expect(e.getAccount('alice')?.cash).toBe(aliceCash + 5 * USD);
    expect(e.getAccount('bob')?.cash).toBe(bobCash);
    expect(e.getAccount('carol')).toMatchObject({ cash: 1_000 * USD, reserved: 0 });
    expect(e.listOrders({ user: 'carol' })[0]).toMatchObject({ status: 'canceled', lastUpdateReason: 'market_settled' });
    expect(e.getPositions('alice')[0]).toMatchObject({ position: 0, realizedPnl: 3 * USD });
    expect(e.getMarket('M')).toMatchObject({ status: 'settled', result: 'yes', openInterest: 0 });
    expect(checkInvariants(e)).toEqual([]);
    expectRejected(h, 'invalid_status_transition', () => e.settle('M', 'no'));
    expectRejected(h, 'invalid_status_transition', () => e.setMarketStatus('M', 'open'));
  });

  it('pays NO holders on a no result', () => {
    const h = traded();
    const e = h.engine;
    const bobCash = e.getAccount('bob')!.cash;
    const r = e.settle('M', 'no');
    expect(r.settlements?.map((s) => [s.user, s.revenue])).toEqual([
      ['alice', 0],
      ['bob', 5 * USD],
    ]);
    expect(e.getAccount('bob')?.cash).toBe(bobCash + 5 * USD);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('splits $1 on a scalar result', () => {
    const h = traded();
    const e = h.engine;
    expectRejected(h, 'invalid_parameters', () => e.settle('M', 'scalar'));
    const r = e.settle('M', 'scalar', 3000);
    expect(r.settlements?.map((s) => [s.user, s.revenue])).toEqual([
      ['alice', 1.5 * USD],
      ['bob', 3.5 * USD],
    ]);
    expect(checkInvariants(e)).toEqual([]);
  });
});

describe('export / restore', () => {
  it('restores an identical engine', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 5, 40, { clientOrderId: 'c', expirationTime: h.t + 100 }));
    e.placeOrder('carol', gtc('bid', 5, 40));
    e.placeOrder('bob', ioc('ask', 2, 40));
    const twin = h.fork();
    expect(twin.engine.exportState()).toEqual(e.exportState());
    expect(checkInvariants(twin.engine)).toEqual([]);
    const a = e.placeOrder('dave', ioc('ask', 6, 40));
    const b = twin.engine.placeOrder('dave', ioc('ask', 6, 40));
    expect(b).toEqual(a);
    expect(twin.engine.placeOrder('alice', gtc('bid', 9, 1, { clientOrderId: 'c' })).duplicate).toBe(true);
  });

  it('restores time priority after amendments reordered a level', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 1, 40)).order!;
    const b = e.placeOrder('bob', gtc('bid', 1, 40)).order!;
    e.amendOrder('alice', a.id, { count: 200 });
    const twin = h.fork();
    expect(checkInvariants(twin.engine)).toEqual([]);
    expect(twin.engine.queuePosition(b.id)).toBe(0);
    expect(twin.engine.queuePosition(a.id)).toBe(100);
    expect(twin.engine.placeOrder('dave', ioc('ask', 1, 40)).trades[0]?.makerOrderId).toBe(b.id);
  });
});
