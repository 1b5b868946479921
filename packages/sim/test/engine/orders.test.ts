import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/index.js';
import { USD, expectRejected, gtc, ioc, setup } from './helpers.js';

describe('order options', () => {
  it('reduce_only caps the count to the position it reduces', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 5, 40));
    e.placeOrder('bob', ioc('ask', 5, 40)); // bob now holds 5 NO
    e.placeOrder('carol', gtc('ask', 10, 50));
    const r = e.placeOrder('bob', ioc('bid', 10, 60, { reduceOnly: true }));
    expect(r.order).toMatchObject({ initialCount: 500, filledCount: 500, status: 'executed', reduceOnly: true });
    expect(e.getPositions('bob')[0]?.position).toBe(0);
    expectRejected(h, 'reduce_only_no_position', () => e.placeOrder('bob', ioc('bid', 1, 60, { reduceOnly: true })));
    // A YES holder cannot reduce by buying more YES.
    expectRejected(h, 'reduce_only_no_position', () => e.placeOrder('alice', ioc('bid', 1, 60, { reduceOnly: true })));
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', gtc('ask', 1, 60, { reduceOnly: true })));
    expect(checkInvariants(e)).toEqual([]);
  });

  it('client_order_id repeats return the first order and do nothing', () => {
    const h = setup();
    const e = h.engine;
    const first = e.placeOrder('alice', gtc('bid', 1, 40, { clientOrderId: 'x1' }));
    const snapshot = JSON.stringify(e.exportState());
    const again = e.placeOrder('alice', gtc('ask', 9, 10, { clientOrderId: 'x1' }));
    expect(again.duplicate).toBe(true);
    expect(again.order).toEqual(first.order);
    expect(again.fills).toEqual([]);
    expect(JSON.stringify(e.exportState())).toBe(snapshot);
    // Per user: another user may reuse the id.
    const other = e.placeOrder('bob', gtc('bid', 1, 40, { clientOrderId: 'x1' }));
    expect(other.duplicate).toBeUndefined();
    expect(other.order?.id).not.toBe(first.order?.id);
    expect(first.order?.clientOrderId).toBe('x1');
  });

  it('expiration_time is only for good_till_canceled and expired orders stop trading', () => {
    const h = setup();
    const e = h.engine;
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', ioc('bid', 1, 40, { expirationTime: h.t + 10 })));
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', gtc('bid', 1, 40, { expirationTime: h.t })));
    const o = e.placeOrder('alice', gtc('bid', 1, 40, { expirationTime: h.t + 1000 })).order!;
    expect(e.getAccount('alice')?.reserved).toBe(400_000);
    h.t += 999;
    expect(e.expireOrders().touchedOrders).toEqual([]);
    h.t += 1;
    // A matching taker treats the expired order as absent and removes it.
    const r = e.placeOrder('bob', gtc('ask', 1, 40));
    expect(r.trades).toEqual([]);
    expect(e.getOrder(o.id)).toMatchObject({ status: 'canceled', lastUpdateReason: 'expired' });
    expect(r.touchedOrders.map((x) => x.id)).toContain(o.id);
    expect(e.orderbook('M')).toEqual({ yes: [], no: [[6000, 100]] });
    expect(e.getAccount('alice')?.reserved).toBe(0);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('expireOrders removes due orders and releases their collateral', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 1, 40, { expirationTime: h.t + 500 })).order!;
    const b = e.placeOrder('alice', gtc('bid', 1, 41, { expirationTime: h.t + 100 })).order!;
    e.placeOrder('alice', gtc('bid', 1, 42));
    h.t += 600;
    const r = e.expireOrders();
    expect(r.touchedOrders.map((o) => [o.id, o.status, o.lastUpdateReason])).toEqual([
      [b.id, 'canceled', 'expired'],
      [a.id, 'canceled', 'expired'],
    ]);
    expect(r.bookDeltas).toEqual([
      { ticker: 'M', side: 'yes', price: 4100, delta: -100 },
      { ticker: 'M', side: 'yes', price: 4000, delta: -100 },
    ]);
    expect(e.getAccount('alice')?.reserved).toBe(420_000);
  });

  it('cancel_order_on_pause orders are cancelled when the market pauses', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 1, 40, { cancelOnPause: true })).order!;
    const b = e.placeOrder('alice', gtc('bid', 1, 39)).order!;
    const r = e.setMarketStatus('M', 'paused');
    expect(r.touchedOrders.map((o) => o.id)).toEqual([a.id]);
    expect(e.getOrder(a.id)).toMatchObject({ status: 'canceled', lastUpdateReason: 'market_paused' });
    expect(e.getOrder(b.id)?.status).toBe('resting');
    expectRejected(h, 'market_not_open', () => e.placeOrder('bob', gtc('ask', 1, 39)));
    expectRejected(h, 'market_not_open', () => e.amendOrder('alice', b.id, { price: 3800 }));
    e.setMarketStatus('M', 'open');
    expect(e.placeOrder('bob', ioc('ask', 1, 39)).trades).toHaveLength(1);
    e.placeOrder('alice', gtc('bid', 1, 30));
    e.setMarketStatus('M', 'closed');
    expect(e.orderbook('M')).toEqual({ yes: [], no: [] });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('validates requests and changes nothing on rejection', () => {
    const h = setup();
    const e = h.engine;
    e.addMarket({ ticker: 'U', eventTicker: 'EV', seriesFeeType: 'quadratic', tick: 100, status: 'unopened' });
    expectRejected(h, 'market_not_found', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), ticker: 'NOPE' }));
    expectRejected(h, 'market_not_open', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), ticker: 'U' }));
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), count: 0 }));
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), count: -5 }));
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), count: 1.5 }));
    expectRejected(h, 'invalid_price', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), price: 4050 }));
    expectRejected(h, 'invalid_price', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), price: 0 }));
    expectRejected(h, 'invalid_price', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), price: 10_000 }));
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('alice', { ...gtc('bid', 1, 40), subaccount: 64 }));
    expectRejected(h, 'invalid_parameters', () =>
      e.placeOrder('alice', { ...gtc('bid', 1, 40), side: 'buy' as unknown as 'bid' }),
    );
    expectRejected(h, 'market_exists', () =>
      e.addMarket({ ticker: 'M', eventTicker: 'EV', seriesFeeType: 'quadratic', tick: 100, status: 'open' }),
    );
  });
});

describe('amend', () => {
  it('keeps queue position on a size decrease or expiry change only', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 3, 40)).order!;
    const b = e.placeOrder('bob', gtc('bid', 1, 40)).order!;
    const c = e.placeOrder('carol', gtc('bid', 1, 40)).order!;
    let r = e.amendOrder('alice', a.id, { count: 200 });
    expect(r.order).toMatchObject({ remainingCount: 200, seq: a.seq, lastUpdateReason: 'amended' });
    expect(e.queuePosition(b.id)).toBe(200);
    r = e.amendOrder('alice', a.id, { expirationTime: h.t + 5000 });
    expect(r.order).toMatchObject({ seq: a.seq, expirationTime: h.t + 5000 });
    r = e.amendOrder('alice', a.id, { expirationTime: 0 });
    expect(r.order?.expirationTime).toBeUndefined();
    expect(e.queuePosition(a.id)).toBe(0);
    // A size increase goes to the back.
    r = e.amendOrder('alice', a.id, { count: 400 });
    expect(r.order!.seq).toBeGreaterThan(c.seq);
    expect(e.queuePosition(a.id)).toBe(200);
    expect(e.queuePosition(b.id)).toBe(0);
    // So does a price change, to the new level.
    r = e.amendOrder('bob', b.id, { price: 4100 });
    expect(e.orderbook('M').yes).toEqual([[4000, 500], [4100, 100]]);
    expect(r.bookDeltas).toEqual([
      { ticker: 'M', side: 'yes', price: 4000, delta: -100 },
      { ticker: 'M', side: 'yes', price: 4100, delta: 100 },
    ]);
    expect(e.getAccount('alice')?.reserved).toBe(400 * 4000);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('count is the new total including what already filled', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 5, 40)).order!;
    e.placeOrder('bob', ioc('ask', 2, 40));
    const r = e.amendOrder('alice', a.id, { count: 400 });
    expect(r.order).toMatchObject({ filledCount: 200, remainingCount: 200, seq: a.seq });
    expectRejected(h, 'invalid_parameters', () => e.amendOrder('alice', a.id, { count: 200 }));
    expectRejected(h, 'order_not_found', () => e.amendOrder('bob', a.id, { count: 300 }));
    expectRejected(h, 'invalid_parameters', () => e.amendOrder('alice', a.id, {}));
  });

  it('an amended price that crosses trades immediately as a taker', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('dave', gtc('ask', 1, 45));
    const c = e.placeOrder('carol', gtc('bid', 2, 40)).order!;
    const r = e.amendOrder('carol', c.id, { price: 4600 });
    expect(r.fills.map((f) => [f.user, f.price, f.isTaker])).toEqual([
      ['carol', 4500, true],
      ['dave', 4500, false],
    ]);
    expect(r.order).toMatchObject({ price: 4600, filledCount: 100, remainingCount: 100, status: 'resting' });
    expect(r.order!.takerFees).toBeGreaterThan(0);
    expect(e.orderbook('M')).toEqual({ yes: [[4600, 100]], no: [] });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('a post-only order cannot be amended into a cross', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('dave', gtc('ask', 1, 45));
    const c = e.placeOrder('carol', gtc('bid', 2, 40, { postOnly: true })).order!;
    expectRejected(h, 'post_only_cross', () => e.amendOrder('carol', c.id, { price: 4500 }));
  });

  it('an unaffordable increase is rejected', () => {
    const h = setup();
    const e = h.engine;
    e.deposit('erin', 0, 1 * USD);
    const o = e.placeOrder('erin', gtc('bid', 2, 50)).order!;
    expectRejected(h, 'insufficient_balance', () => e.amendOrder('erin', o.id, { count: 300 }));
    expectRejected(h, 'insufficient_balance', () => e.amendOrder('erin', o.id, { price: 5100 }));
    expect(e.amendOrder('erin', o.id, { price: 4900 }).order?.price).toBe(4900);
  });
});

describe('decrease and cancel', () => {
  it('decreases by or to a count; reaching zero cancels', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 5, 40)).order!;
    let r = e.decreaseOrder('alice', a.id, { reduceBy: 150 });
    expect(r.reducedBy).toBe(150);
    expect(r.order).toMatchObject({ remainingCount: 350, status: 'resting', lastUpdateReason: 'decreased' });
    r = e.decreaseOrder('alice', a.id, { reduceTo: 100 });
    expect(r.order).toMatchObject({ remainingCount: 100, seq: a.seq });
    expect(e.getAccount('alice')?.reserved).toBe(100 * 4000);
    expectRejected(h, 'invalid_parameters', () =>
      e.decreaseOrder('alice', a.id, { reduceBy: 1, reduceTo: 1 } as unknown as { reduceBy: number }),
    );
    expectRejected(h, 'invalid_parameters', () => e.decreaseOrder('alice', a.id, {} as unknown as { reduceBy: number }));
    expectRejected(h, 'invalid_parameters', () => e.decreaseOrder('alice', a.id, { reduceTo: 101 }));
    r = e.decreaseOrder('alice', a.id, { reduceTo: 0 });
    expect(r.order).toMatchObject({ status: 'canceled', remainingCount: 0 });
    expect(e.getAccount('alice')?.reserved).toBe(0);
    expectRejected(h, 'order_not_resting', () => e.decreaseOrder('alice', a.id, { reduceBy: 1 }));
  });

  it('reduce_by beyond the remaining count cancels the order', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 1, 40)).order!;
    const r = e.decreaseOrder('alice', a.id, { reduceBy: 500 });
    expect(r.reducedBy).toBe(100);
    expect(r.order?.status).toBe('canceled');
  });

  it('cancels one order, or all of a user filtered by market and subaccount', () => {
    const h = setup();
    const e = h.engine;
    e.deposit('alice', 2, 10 * USD);
    const a = e.placeOrder('alice', gtc('bid', 1, 40)).order!;
    e.placeOrder('alice', gtc('ask', 1, 60));
    e.placeOrder('alice', { ...gtc('bid', 1, 0), ticker: 'S', price: 4000 });
    e.placeOrder('alice', gtc('bid', 1, 41, { subaccount: 2 }));
    e.placeOrder('bob', gtc('bid', 1, 41));
    expectRejected(h, 'order_not_found', () => e.cancelOrder('bob', a.id));
    const r = e.cancelOrder('alice', a.id);
    expect(r.reducedBy).toBe(100);
    expectRejected(h, 'order_not_resting', () => e.cancelOrder('alice', a.id));
    expect(e.cancelAll('alice', { ticker: 'S' }).touchedOrders).toHaveLength(1);
    expect(e.cancelAll('alice', { subaccount: 0 }).touchedOrders).toHaveLength(1);
    expect(e.cancelAll('alice').touchedOrders).toHaveLength(1);
    expect(e.listOrders({ user: 'alice', status: 'resting' })).toEqual([]);
    expect(e.listOrders({ status: 'resting' })).toHaveLength(1);
    expect(e.getAccount('alice')?.reserved).toBe(0);
    expect(e.getAccount('alice', 2)?.reserved).toBe(0);
    expect(checkInvariants(e)).toEqual([]);
  });
});
