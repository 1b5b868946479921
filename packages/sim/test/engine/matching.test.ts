import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/index.js';
import { C, USD, cents, expectRejected, gtc, ioc, setup } from './helpers.js';

describe('matching', () => {
  it('crosses a YES bid with an ask (a NO bid) at the maker price', () => {
    const h = setup();
    const e = h.engine;
    const bid = e.placeOrder('alice', gtc('bid', 10, 40));
    expect(e.orderbook('M')).toEqual({ yes: [[4000, 1000]], no: [] });

    // Selling YES at 0.35 is buying NO at 0.65; 0.40 + 0.65 >= 1, so it trades at alice's 0.40.
    const r = e.placeOrder('bob', ioc('ask', 5, 35));
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ price: 4000, count: 500, takerSide: 'ask', makerOrderId: bid.order?.id });
    expect(r.fills.map((f) => [f.user, f.price, f.count, f.isTaker])).toEqual([
      ['bob', 4000, 500, true],
      ['alice', 4000, 500, false],
    ]);
    expect(r.order).toMatchObject({ status: 'executed', filledCount: 500, remainingCount: 0, takerFillCost: 3 * USD });
    expect(e.getOrder(bid.order!.id)).toMatchObject({ status: 'resting', filledCount: 500, remainingCount: 500 });
    expect(e.orderbook('M')).toEqual({ yes: [[4000, 500]], no: [] });
    expect(r.bookDeltas).toEqual([{ ticker: 'M', side: 'yes', price: 4000, delta: -500 }]);

    // bob paid 5 × $0.60 for NO plus the taker fee 0.07 × 5 × 0.4 × 0.6 = $0.084; alice paid 5 × $0.40.
    expect(e.getAccount('bob')).toMatchObject({ cash: 1_000 * USD - 3 * USD - 84_000, reserved: 0, feesPaid: 84_000 });
    expect(e.getAccount('alice')).toMatchObject({ cash: 1_000 * USD - 2 * USD - 2 * USD, reserved: 2 * USD });
    expect(e.getPositions('alice')[0]).toMatchObject({ position: 500, marketExposure: 2 * USD, totalTraded: 2 * USD });
    expect(e.getPositions('bob')[0]).toMatchObject({ position: -500, marketExposure: 3 * USD });
    expect(e.getMarket('M')).toMatchObject({ openInterest: 500, volume: 500, lastPrice: 4000 });
    expect(e.exchangeFees).toBe(84_000);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('a NO-side taker crosses resting NO bids from the YES side too', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('ask', 3, 70)); // NO bid at 0.30
    expect(e.orderbook('M')).toEqual({ yes: [], no: [[3000, 300]] });
    const r = e.placeOrder('bob', gtc('bid', 5, 75));
    expect(r.trades.map((t) => [t.price, t.count])).toEqual([[7000, 300]]);
    expect(r.order).toMatchObject({ status: 'resting', filledCount: 300, remainingCount: 200 });
    expect(e.orderbook('M')).toEqual({ yes: [[7500, 200]], no: [] });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('fills best price first, FIFO within a level, with partial fills', () => {
    const h = setup();
    const e = h.engine;
    const a1 = e.placeOrder('alice', gtc('bid', 2, 40)).order!;
    const c1 = e.placeOrder('carol', gtc('bid', 3, 40)).order!;
    const a2 = e.placeOrder('alice', gtc('bid', 1, 42)).order!;
    const r = e.placeOrder('bob', ioc('ask', 5, 40));
    expect(r.trades.map((t) => [t.makerOrderId, t.price, t.count])).toEqual([
      [a2.id, 4200, 100],
      [a1.id, 4000, 200],
      [c1.id, 4000, 200],
    ]);
    expect(e.getOrder(c1.id)).toMatchObject({ remainingCount: 100, filledCount: 200, status: 'resting' });
    expect(e.orderbook('M').yes).toEqual([[4000, 100]]);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('does not cross when prices sum below $1 and lists levels ascending with depth', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 1, 40));
    e.placeOrder('alice', gtc('bid', 1, 38));
    e.placeOrder('alice', gtc('bid', 1, 39));
    const r = e.placeOrder('bob', gtc('ask', 1, 41)); // NO bid 0.59: 0.40 + 0.59 < 1
    expect(r.trades).toEqual([]);
    expect(e.orderbook('M')).toEqual({ yes: [[3800, 100], [3900, 100], [4000, 100]], no: [[5900, 100]] });
    expect(e.orderbook('M', 2).yes).toEqual([[3900, 100], [4000, 100]]);
  });

  it('fill-or-kill: fills completely or does nothing', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 5, 40));
    const before = e.exportState().accounts;
    const killed = e.placeOrder('bob', gtc('ask', 6, 40, { timeInForce: 'fill_or_kill' }));
    expect(killed.order).toMatchObject({ status: 'canceled', filledCount: 0, remainingCount: 0, lastUpdateReason: 'fok_unfilled' });
    expect(killed.fills).toEqual([]);
    expect(e.exportState().accounts).toEqual(before);
    expect(e.orderbook('M').yes).toEqual([[4000, 500]]);

    const done = e.placeOrder('bob', gtc('ask', 5, 40, { timeInForce: 'fill_or_kill' }));
    expect(done.order).toMatchObject({ status: 'executed', filledCount: 500 });
    expect(e.orderbook('M').yes).toEqual([]);
    expect(checkInvariants(e)).toEqual([]);
  });

  it('immediate-or-cancel cancels the unfilled remainder', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 2, 40));
    const r = e.placeOrder('bob', ioc('ask', 5, 40));
    expect(r.order).toMatchObject({ status: 'canceled', filledCount: 200, remainingCount: 0, lastUpdateReason: 'ioc_remainder' });
    expect(e.orderbook('M')).toEqual({ yes: [], no: [] });
    expect(e.getAccount('bob')?.reserved).toBe(0);
    const none = e.placeOrder('bob', ioc('ask', 1, 40));
    expect(none.order).toMatchObject({ status: 'canceled', filledCount: 0 });
  });

  it('post-only rejects a crossing order without changing anything, and rests otherwise', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('alice', gtc('bid', 2, 40));
    expectRejected(h, 'post_only_cross', () => e.placeOrder('bob', gtc('ask', 1, 40, { postOnly: true })));
    const ok = e.placeOrder('bob', gtc('ask', 1, 41, { postOnly: true }));
    expect(ok.order).toMatchObject({ status: 'resting', postOnly: true });
    expectRejected(h, 'invalid_parameters', () => e.placeOrder('bob', ioc('ask', 1, 41, { postOnly: true })));
  });

  it('self-trade prevention taker_at_cross stops the taker at its own order', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('carol', gtc('ask', 1, 45));
    const own = e.placeOrder('alice', gtc('ask', 1, 46)).order!;
    e.placeOrder('bob', gtc('ask', 1, 47));
    const r = e.placeOrder('alice', gtc('bid', 3, 50));
    expect(r.trades.map((t) => t.price)).toEqual([4500]);
    expect(r.order).toMatchObject({ status: 'canceled', filledCount: 100, remainingCount: 0, lastUpdateReason: 'self_trade' });
    expect(e.getOrder(own.id)).toMatchObject({ status: 'resting', remainingCount: 100 });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('self-trade prevention maker cancels the own resting order and keeps matching', () => {
    const h = setup();
    const e = h.engine;
    e.placeOrder('carol', gtc('ask', 1, 45));
    const own = e.placeOrder('alice', gtc('ask', 1, 46)).order!;
    e.placeOrder('bob', gtc('ask', 1, 47));
    const r = e.placeOrder('alice', gtc('bid', 3, 50, { selfTradePrevention: 'maker' }));
    expect(r.trades.map((t) => t.price)).toEqual([4500, 4700]);
    expect(e.getOrder(own.id)).toMatchObject({ status: 'canceled', lastUpdateReason: 'self_trade', remainingCount: 0 });
    expect(r.touchedOrders.map((o) => o.id)).toContain(own.id);
    expect(r.order).toMatchObject({ status: 'resting', filledCount: 200, remainingCount: 100 });
    expect(e.orderbook('M')).toEqual({ yes: [[5000, 100]], no: [] });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('another subaccount of the same user is a different trader', () => {
    const h = setup();
    const e = h.engine;
    e.deposit('alice', 1, 10 * USD);
    e.placeOrder('alice', gtc('ask', 1, 45));
    const r = e.placeOrder('alice', gtc('bid', 1, 45, { subaccount: 1 }));
    expect(r.trades).toHaveLength(1);
    expect(e.getPositions('alice', 1)[0]?.position).toBe(100);
    expect(e.getPositions('alice', 0)[0]?.position).toBe(-100);
  });

  it('reports queue position as the count ahead at the same level', () => {
    const h = setup();
    const e = h.engine;
    const a = e.placeOrder('alice', gtc('bid', 2, 40)).order!;
    const b = e.placeOrder('bob', gtc('bid', 3, 40)).order!;
    const c = e.placeOrder('carol', gtc('bid', 1, 40)).order!;
    e.placeOrder('dave', gtc('bid', 7, 41));
    expect([a, b, c].map((o) => e.queuePosition(o.id))).toEqual([0, 200, 500]);
    e.cancelOrder('alice', a.id);
    expect([b, c].map((o) => e.queuePosition(o.id))).toEqual([0, 300]);
    e.decreaseOrder('bob', b.id, { reduceBy: 100 });
    expect(e.queuePosition(c.id)).toBe(200);
    expect(() => e.queuePosition('nope')).toThrow(/not found/);
    expect(() => e.queuePosition(a.id)).toThrow(/canceled/);
  });

  it('works on a $0.001 tick market and validates prices on its grid', () => {
    const h = setup();
    const e = h.engine;
    const r = e.placeOrder('alice', { ...gtc('bid', 0, 0), ticker: 'S', count: 1, price: 5550 });
    expect(r.order).toMatchObject({ price: 5550, remainingCount: 1 });
    expectRejected(h, 'invalid_price', () => e.placeOrder('alice', { ...gtc('bid', 1, 0), ticker: 'S', price: 5555 }));
    const t = e.placeOrder('bob', { ...ioc('ask', 0, 0), ticker: 'S', count: 1, price: 5540 });
    expect(t.fills[0]).toMatchObject({ price: 5550, count: 1 });
    // 0.01 contract at $0.555 costs 5_550 micros.
    expect(e.getPositions('alice').find((p) => p.ticker === 'S')).toMatchObject({ position: 1, totalTraded: 5_550 });
    expect(checkInvariants(e)).toEqual([]);
  });

  it('honours market price ranges', () => {
    const h = setup();
    const e = h.engine;
    e.addMarket({
      ticker: 'R',
      eventTicker: 'EV',
      seriesFeeType: 'quadratic',
      tick: 10,
      status: 'open',
      priceRanges: [
        { start: 10, end: 1000, step: 10 },
        { start: 1000, end: 9000, step: 100 },
        { start: 9000, end: 9990, step: 10 },
      ],
    });
    const place = (price: number) => e.placeOrder('alice', { ...gtc('bid', 1, 0), ticker: 'R', price });
    expect(place(990).order?.price).toBe(990);
    expect(place(1100).order?.price).toBe(1100);
    expect(place(9010).order?.price).toBe(9010);
    for (const bad of [0, 5, 1010, 8950, 10_000, 10_010, 1.5]) {
      expectRejected(h, 'invalid_price', () => place(bad));
    }
    expect(cents(1)).toBe(100);
    expect(C).toBe(100);
  });
});
