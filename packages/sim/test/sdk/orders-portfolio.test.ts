import { InsufficientBalanceError, MarketClosedError, OrderNotFoundError, type Kalshi } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistent, freshMarket, fund, gtc, ioc, settle, setStatus, takerFee } from '../trading/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

let s: Session;
let bob: { kalshi: Kalshi; userId: string };
beforeAll(async () => {
  s = await session();
  bob = await s.other();
  await fund(s.exchange, s.userId, '100.00');
  await fund(s.exchange, bob.userId, '100.00');
});
afterAll(() => s.close());

describe('SDK orders.* and portfolio.* against the local exchange', () => {
  it('a resting order shows in create, get, list, queue positions and the resting total', async () => {
    const ticker = await freshMarket(s.exchange);
    const created = await s.kalshi.orders.create(gtc(ticker, 'bid', '10', '0.40'));
    expectSpecShape('CreateOrderV2', created);
    expect(created).toMatchObject({ fill_count: '0.00', remaining_count: '10.00' });
    expect(created.average_fill_price).toBeUndefined();

    const { order } = await s.kalshi.orders.get(created.order_id);
    expectSpecShape('GetOrder', { order });
    expect(order).toMatchObject({
      order_id: created.order_id,
      user_id: s.userId,
      client_order_id: created.client_order_id,
      ticker,
      status: 'resting',
      book_side: 'bid',
      outcome_side: 'yes',
      side: 'yes',
      action: 'buy',
      type: 'limit',
      yes_price_dollars: '0.4000',
      no_price_dollars: '0.6000',
      initial_count_fp: '10.00',
      remaining_count_fp: '10.00',
      fill_count_fp: '0.00',
      subaccount_number: 0,
    });

    const list = await s.kalshi.orders.list({ ticker });
    expectSpecShape('GetOrders', list);
    expect(list.orders.map((o) => o.order_id)).toEqual([created.order_id]);
    const resting = await s.kalshi.orders.list({ status: 'resting', ticker });
    expect(resting.orders).toHaveLength(1);
    expect((await s.kalshi.orders.list({ status: 'executed', ticker })).orders).toHaveLength(0);

    const queue = await s.kalshi.orders.queuePositions({ market_tickers: ticker });
    expectSpecShape('GetOrderQueuePositions', queue);
    expect(queue.queue_positions).toEqual([{ order_id: created.order_id, market_ticker: ticker, queue_position_fp: '0.00' }]);
    const one = await s.kalshi.orders.queuePosition(created.order_id);
    expectSpecShape('GetOrderQueuePosition', one);
    expect(one.queue_position_fp).toBe('0.00');

    const total = await s.kalshi.portfolio.restingOrderValue();
    expectSpecShape('GetPortfolioRestingOrderTotalValue', total);
    expect(total.total_resting_order_value).toBe(400);

    const balance = await s.kalshi.portfolio.balance();
    expectSpecShape('GetBalance', balance);
    expect(balance).toMatchObject({ balance: 9600, balance_dollars: '96.0000', portfolio_value: 0 });

    const cancel = await s.kalshi.orders.cancel(created.order_id);
    expectSpecShape('CancelOrderV2', cancel);
    expect(cancel).toMatchObject({ order_id: created.order_id, reduced_by: '10.00', client_order_id: created.client_order_id });
    expect((await s.kalshi.portfolio.balance()).balance).toBe(10_000);
    await expectConsistent(s.exchange);
  });

  it('crossing fills both sides at the maker price, with the taker fee, and moves positions and balances exactly', async () => {
    const ticker = await freshMarket(s.exchange);
    const [aliceBefore, bobBefore] = [await s.kalshi.portfolio.balance(), await bob.kalshi.portfolio.balance()];
    const maker = await s.kalshi.orders.create(gtc(ticker, 'bid', '10', '0.40'));
    const taker = await bob.kalshi.orders.create(ioc(ticker, 'ask', '4', '0.39'));
    expectSpecShape('CreateOrderV2', taker);
    expect(takerFee(4, 40)).toBe('0.0672');
    expect(taker).toMatchObject({ fill_count: '4.00', remaining_count: '0.00', average_fill_price: '0.4000', average_fee_paid: '0.0168' });

    const aliceFills = await s.kalshi.portfolio.fills({ ticker });
    expectSpecShape('GetFills', aliceFills);
    const bobFills = await bob.kalshi.portfolio.fills({ ticker });
    expect(aliceFills.fills).toHaveLength(1);
    expect(bobFills.fills).toHaveLength(1);
    expect(aliceFills.fills[0]).toMatchObject({
      order_id: maker.order_id, is_taker: false, book_side: 'bid', outcome_side: 'yes', action: 'buy',
      yes_price_dollars: '0.4000', no_price_dollars: '0.6000', count_fp: '4.00', fee_cost: '0.0000', ticker, market_ticker: ticker,
    });
    expect(bobFills.fills[0]).toMatchObject({
      order_id: taker.order_id, is_taker: true, book_side: 'ask', outcome_side: 'no', action: 'sell',
      yes_price_dollars: '0.4000', count_fp: '4.00', fee_cost: takerFee(4, 40),
    });
    expect(bobFills.fills[0]!.fill_id).not.toBe(aliceFills.fills[0]!.fill_id);

    const makerOrder = (await s.kalshi.orders.get(maker.order_id)).order;
    expect(makerOrder).toMatchObject({ status: 'resting', remaining_count_fp: '6.00', fill_count_fp: '4.00', maker_fill_cost_dollars: '1.6000', maker_fees_dollars: '0.0000' });
    const takerOrder = (await bob.kalshi.orders.get(taker.order_id)).order;
    expect(takerOrder).toMatchObject({ status: 'executed', remaining_count_fp: '0.00', taker_fill_cost_dollars: '2.4000', taker_fees_dollars: '0.0672' });

    const alicePos = await s.kalshi.portfolio.positions({ ticker });
    expectSpecShape('GetPositions', alicePos);
    expect(alicePos.market_positions).toEqual([
      expect.objectContaining({ ticker, position_fp: '4.00', market_exposure_dollars: '1.6000', total_traded_dollars: '1.6000', fees_paid_dollars: '0.0000' }),
    ]);
    expect(alicePos.event_positions[0]).toMatchObject({ total_cost_shares_fp: '4.00', event_exposure_dollars: '1.6000' });
    const bobPos = await bob.kalshi.portfolio.positions({ ticker });
    expect(bobPos.market_positions[0]).toMatchObject({ position_fp: '-4.00', market_exposure_dollars: '2.4000', fees_paid_dollars: '0.0672' });

    // Alice: $4.00 of collateral for the bid, of which $1.60 bought the fill. Bob: $2.40 + fee.
    const aliceAfter = await s.kalshi.portfolio.balance();
    const bobAfter = await bob.kalshi.portfolio.balance();
    expect(aliceAfter.balance_dollars).toBe('96.0000');
    expect(aliceBefore.balance - aliceAfter.balance).toBe(400);
    expect(bobAfter.balance_dollars).toBe('97.5328');
    expect(bobBefore.balance - bobAfter.balance).toBe(247);
    expect(aliceAfter.portfolio_value).toBe(160);
    expect(bobAfter.portfolio_value).toBe(240);
    await expectConsistent(s.exchange);

    // Settlement: YES pays Alice 4 × 100 cents; the resting remainder is cancelled and released.
    await settle(s.exchange, ticker, 'yes');
    const aliceSettlements = await s.kalshi.portfolio.settlements({ ticker });
    expectSpecShape('GetSettlements', aliceSettlements);
    expect(aliceSettlements.settlements).toEqual([
      expect.objectContaining({ ticker, market_result: 'yes', yes_count_fp: '4.00', yes_total_cost_dollars: '1.6000', no_count_fp: '0.00', revenue: 400, value: 100 }),
    ]);
    const bobSettlements = await bob.kalshi.portfolio.settlements();
    expect(bobSettlements.settlements[0]).toMatchObject({ ticker, no_count_fp: '4.00', no_total_cost_dollars: '2.4000', revenue: 0, fee_cost: '0.0672' });
    expect((await s.kalshi.portfolio.balance()).balance_dollars).toBe('102.4000');
    expect((await bob.kalshi.portfolio.balance()).balance_dollars).toBe('97.5328');
    expect((await s.kalshi.orders.get(maker.order_id)).order.status).toBe('canceled');
    const market = await s.kalshi.markets.get(ticker);
    expect(market.market).toMatchObject({ status: 'finalized', result: 'yes', settlement_value_dollars: '1.0000' });
    const settledPos = await s.kalshi.portfolio.positions({ ticker, count_filter: 'position' });
    expect(settledPos.market_positions).toEqual([]);
    await expectConsistent(s.exchange);
  });

  it('amend keeps the queue position for a smaller size and loses it for a larger one; decrease by and to', async () => {
    const ticker = await freshMarket(s.exchange);
    const first = await s.kalshi.orders.create(gtc(ticker, 'bid', '5', '0.30'));
    const second = await s.kalshi.orders.create(gtc(ticker, 'bid', '5', '0.30'));
    expect((await s.kalshi.orders.queuePosition(second.order_id)).queue_position_fp).toBe('5.00');

    const smaller = await s.kalshi.orders.amend(first.order_id, { ticker, side: 'bid', price: '0.30', count: '3' });
    expectSpecShape('AmendOrderV2', smaller);
    expect(smaller).toMatchObject({ order_id: first.order_id, remaining_count: '3.00', fill_count: '0.00' });
    expect((await s.kalshi.orders.queuePosition(first.order_id)).queue_position_fp).toBe('0.00');
    expect((await s.kalshi.orders.queuePosition(second.order_id)).queue_position_fp).toBe('3.00');

    const larger = await s.kalshi.orders.amend(first.order_id, { ticker, side: 'bid', price: '0.30', count: '6' });
    expect(larger.remaining_count).toBe('6.00');
    expect((await s.kalshi.orders.queuePosition(first.order_id)).queue_position_fp).toBe('5.00');
    expect((await s.kalshi.orders.queuePosition(second.order_id)).queue_position_fp).toBe('0.00');

    const repriced = await s.kalshi.orders.amend(first.order_id, { ticker, side: 'bid', price: '0.31', count: '6' });
    expect(repriced.remaining_count).toBeUndefined();
    const { order } = await s.kalshi.orders.get(first.order_id);
    expect(order).toMatchObject({ yes_price_dollars: '0.3100', remaining_count_fp: '6.00' });
    expect((await s.kalshi.orders.queuePosition(first.order_id)).queue_position_fp).toBe('0.00');

    const by = await s.kalshi.orders.decrease(second.order_id, { reduce_by: '2' });
    expectSpecShape('DecreaseOrderV2', by);
    expect(by.remaining_count).toBe('3.00');
    const to = await s.kalshi.orders.decrease(second.order_id, { reduce_to: '1' });
    expect(to.remaining_count).toBe('1.00');
    // (The SDK refuses reduce_to 0 client-side; the route's own test covers it.)
    const gone = await s.kalshi.orders.decrease(second.order_id, { reduce_by: '1' });
    expect(gone.remaining_count).toBe('0.00');
    expect((await s.kalshi.orders.get(second.order_id)).order.status).toBe('canceled');
    await s.kalshi.orders.cancel(first.order_id);
    await expectConsistent(s.exchange);
  });

  it('batch create answers per item; batch cancel and cancel-all', async () => {
    const ticker = await freshMarket(s.exchange);
    const batch = await s.kalshi.orders.batchCreate({
      orders: [gtc(ticker, 'bid', '1', '0.10'), gtc(ticker, 'bid', '1', '0.105'), gtc(ticker, 'ask', '2', '0.90')],
    });
    expectSpecShape('BatchCreateOrdersV2', batch);
    expect(batch.orders).toHaveLength(3);
    expect(batch.orders[0]!.order_id).toBeDefined();
    expect(batch.orders[1]!.order_id).toBeUndefined();
    expect(batch.orders[1]!.error).toMatchObject({ code: 'invalid_price' });
    expect(batch.orders[1]!.error!.message).toMatch(/^price: 0\.1050? is not a valid price in /);
    expect(batch.orders[2]!.remaining_count).toBe('2.00');
    const listed = await s.kalshi.orders.list({ ticker, status: 'resting' });
    expect(listed.orders.map((o) => o.order_id).sort()).toEqual([batch.orders[0]!.order_id, batch.orders[2]!.order_id].sort());

    const cancelled = await s.kalshi.orders.batchCancel({
      orders: [{ order_id: batch.orders[0]!.order_id! }, { order_id: '00000001-0000-4000-8000-ffffffffffff' }],
    });
    expectSpecShape('BatchCancelOrdersV2', cancelled);
    expect(cancelled.orders[0]).toMatchObject({ reduced_by: '1.00' });
    expect(cancelled.orders[0]!.error ?? null).toBeNull();
    expect(cancelled.orders[1]!.error).toMatchObject({ code: 'order_not_found' });

    await s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.11'));
    const none = await s.kalshi.orders.cancelAll();
    expectSpecShape('CancelAllOrders', none);
    expect((await s.kalshi.orders.list({ status: 'resting' })).orders).toEqual([]);
    await expectConsistent(s.exchange);
  });

  it('refusals are typed and change nothing: insufficient balance, closed market, another user\'s order', async () => {
    const ticker = await freshMarket(s.exchange);
    const before = await s.kalshi.portfolio.balance();
    const ordersBefore = (await s.kalshi.orders.list({ limit: 1000 })).orders.length;
    await expect(s.kalshi.orders.create(gtc(ticker, 'bid', '1000', '0.50'))).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect((await s.kalshi.portfolio.balance()).balance).toBe(before.balance);
    expect((await s.kalshi.orders.list({ limit: 1000 })).orders).toHaveLength(ordersBefore);

    await setStatus(s.exchange, ticker, 'closed');
    await expect(s.kalshi.orders.create(gtc(ticker, 'bid', '1', '0.50'))).rejects.toBeInstanceOf(MarketClosedError);

    const mine = await bob.kalshi.orders.create(gtc(await freshMarket(s.exchange), 'bid', '1', '0.20'));
    await expect(s.kalshi.orders.get(mine.order_id)).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(s.kalshi.orders.cancel(mine.order_id)).rejects.toBeInstanceOf(OrderNotFoundError);
    expect((await bob.kalshi.orders.get(mine.order_id)).order.status).toBe('resting');
    await bob.kalshi.orders.cancelAll();
    await expectConsistent(s.exchange);
  });

  it('a client_order_id repeat returns the first order and creates nothing', async () => {
    const ticker = await freshMarket(s.exchange);
    const first = await s.kalshi.orders.create(gtc(ticker, 'bid', '2', '0.20', { client_order_id: 'repeat-me' }));
    const again = await s.kalshi.orders.create(gtc(ticker, 'bid', '9', '0.25', { client_order_id: 'repeat-me' }));
    expectSpecShape('CreateOrderV2', again);
    expect(again).toMatchObject({ order_id: first.order_id, client_order_id: 'repeat-me', remaining_count: '2.00' });
    expect((await s.kalshi.orders.list({ ticker })).orders).toHaveLength(1);
    await s.kalshi.orders.cancelAll();
    await expectConsistent(s.exchange);
  });

  it('fills and orders paginate with limit=1, newest first, each item exactly once', async () => {
    const ticker = await freshMarket(s.exchange);
    for (const price of ['0.51', '0.52', '0.53']) await s.kalshi.orders.create(gtc(ticker, 'ask', '1', price));
    await bob.kalshi.orders.create(ioc(ticker, 'bid', '3', '0.53'));
    const all = (await s.kalshi.portfolio.fills({ ticker, limit: 100 })).fills.map((f) => f.fill_id);
    expect(all).toHaveLength(3);
    const paged: string[] = [];
    for await (const f of s.kalshi.portfolio.fills({ ticker, limit: 1 })) paged.push(f.fill_id);
    expect(paged).toEqual(all);
    const firstPage = await s.kalshi.portfolio.fills({ ticker, limit: 1 });
    expect(firstPage.cursor).not.toBe('');
    const orderIds: string[] = [];
    for await (const o of s.kalshi.orders.list({ ticker, limit: 1 })) orderIds.push(o.order_id);
    const allOrders = (await s.kalshi.orders.list({ ticker })).orders.map((o) => o.order_id);
    expect(orderIds).toEqual(allOrders);
    expect([...allOrders].sort().reverse()).toEqual(allOrders);
    const positions: string[] = [];
    for await (const p of s.kalshi.portfolio.positions({ limit: 1 })) positions.push(p.ticker);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toContain(ticker);
    const settlements: string[] = [];
    for await (const st of s.kalshi.portfolio.settlements({ limit: 1 })) settlements.push(st.ticker);
    expect(new Set(settlements).size).toBe(settlements.length);
    await expectConsistent(s.exchange);
  });
});
