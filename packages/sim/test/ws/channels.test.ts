import type { Kalshi } from 'kalshi-ts';
import { BookManager } from 'kalshi-ts/book';
import type { KalshiWS } from 'kalshi-ts/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { engineBook, frames, funded, place, rest, restBook, sdk, startWs, TICK_CENT, until, type User } from './harness.js';

let ex: Exchange;
let alice: User;
let bob: User;
let ws: KalshiWS;
let kalshi: Kalshi;
const [T1, T2] = TICK_CENT as [string, string];

beforeAll(async () => {
  ex = await startWs();
  [alice, bob] = await Promise.all([funded(ex), funded(ex)]);
  kalshi = rest(ex, alice);
  ws = sdk(ex, alice, { rest: kalshi });
});
afterAll(async () => {
  await ws.close();
  await kalshi.close();
  await ex.close();
  expect(frames.problems).toEqual([]);
  const data = ['orderbook_snapshot', 'orderbook_delta', 'trade', 'ticker', 'fill', 'market_position', 'user_order', 'market_lifecycle_v2', 'event_lifecycle'];
  for (const type of data) expect(frames.types, `a ${type} frame was checked`).toContain(type);
});

/** Collects a subscription's messages. */
async function collect(channel: Parameters<KalshiWS['subscribe']>[0], params: Parameters<KalshiWS['subscribe']>[1] = {}) {
  const sub = ws.subscribe(channel, params);
  const messages: { type: string; msg: Record<string, unknown> }[] = [];
  sub.on('message', (m) => messages.push(m as never));
  await sub.ready;
  return { sub, messages };
}

describe('every channel delivers what the engine did', () => {
  it('order book, trades, ticker, fills, positions and orders of a crossing trade', async () => {
    const books = new BookManager();
    const book = await collect('orderbook_delta', { market_tickers: [T1] });
    book.sub.on('message', (m) => books.handle(m));
    for (const m of book.messages) books.handle(m as never);
    const trades = await collect('trade', { market_tickers: [T1] });
    const ticker = await collect('ticker', { market_tickers: [T1] });
    const fills = await collect('fill');
    const positions = await collect('market_positions');
    const orders = await collect('user_orders', { market_tickers: [T1] });

    place(ex, bob, T1, 'bid', 4000, 10);
    const result = place(ex, alice, T1, 'ask', 4000, 4, 'alice-1');
    place(ex, bob, T1, 'ask', 4500, 2);
    place(ex, bob, T2, 'bid', 3000, 1);
    expect(result.fills.length).toBe(2);

    await until(() => trades.messages.length === 1 && fills.messages.length === 1 && orders.messages.length === 1, 2_000, 'frames');
    await until(() => books.get(T1)?.isStale === false, 2_000, 'book');
    await until(() => books.get(T1)!.equals(engineBook(ex, T1)), 2_000, 'book equals the engine');
    expect(books.get(T1)!.equals(await restBook(ex, kalshi, T1))).toBe(true);
    const mine = book.messages.filter((m) => m.type === 'orderbook_delta' && m.msg.client_order_id === 'alice-1');
    expect(mine).toEqual([expect.objectContaining({ msg: expect.objectContaining({ side: 'yes', price_dollars: '0.4000', delta_fp: '-4.00' }) })]);

    expect(trades.messages[0]!.msg).toMatchObject({
      market_ticker: T1, yes_price_dollars: '0.4000', no_price_dollars: '0.6000', count_fp: '4.00', taker_outcome_side: 'no', taker_book_side: 'ask', is_block_trade: false,
    });
    const aliceFill = result.fills.find((f) => f.user === alice.userId)!;
    expect(fills.messages[0]!.msg).toMatchObject({
      trade_id: aliceFill.id, order_id: result.order!.id, client_order_id: 'alice-1', market_ticker: T1, is_taker: true,
      outcome_side: 'no', book_side: 'ask', yes_price_dollars: '0.4000', count_fp: '4.00', post_position_fp: '-4.00', subaccount: 0,
    });
    expect(orders.messages.map((m) => m.msg)).toEqual([
      expect.objectContaining({ order_id: result.order!.id, user_id: alice.userId, status: 'executed', fill_count_fp: '4.00', remaining_count_fp: '0.00', client_order_id: 'alice-1' }),
    ]);
    await until(() => positions.messages.length === 1, 2_000, 'position');
    expect(positions.messages[0]!.msg).toMatchObject({ user_id: alice.userId, market_ticker: T1, position_fp: '-4.00', volume_fp: '4.00' });
    await until(() => ticker.messages.some((m) => m.msg.yes_ask_dollars === '0.4500'), 2_000, 'ticker');
    expect(ticker.messages.at(-1)!.msg).toMatchObject({
      market_ticker: T1, price_dollars: '0.4000', yes_bid_dollars: '0.4000', yes_bid_size_fp: '6.00', yes_ask_dollars: '0.4500',
      yes_ask_size_fp: '2.00', volume_fp: '4.00', open_interest_fp: '4.00', last_trade_size_fp: '4.00',
    });
    expect(ticker.messages.every((m) => m.msg.market_ticker === T1)).toBe(true);

    // Cancelling is an order update (and a book delta) too.
    const resting = place(ex, alice, T1, 'bid', 3000, 1);
    ex.state.trading.run((e) => e.cancelOrder(alice.userId, resting.order!.id));
    await until(() => orders.messages.some((m) => m.msg.status === 'canceled'), 2_000, 'cancel');
    expect(orders.messages.at(-1)!.msg).toMatchObject({ order_id: resting.order!.id, status: 'canceled', last_update_reason: 'Decrease' });
    for (const s of [book, trades, ticker, fills, positions, orders]) await s.sub.unsubscribe();
  });

  it('market lifecycle: pause, reopen, close, settle, and a market (and event) created at run time', async () => {
    const life = await collect('market_lifecycle_v2');
    const T = 'KXFED-26MAR-H25';
    place(ex, bob, T, 'bid', 5000, 3);
    place(ex, alice, T, 'ask', 5000, 3);
    const status = (s: 'open' | 'paused' | 'closed') => ex.state.trading.run((e) => e.setMarketStatus(T, s));
    status('paused');
    status('open');
    status('closed');
    ex.state.trading.run((e) => e.settle(T, 'yes'));

    const event = ex.db.events.get('KXFED-26MAR')!;
    ex.db.events.insert({ ...event, event_ticker: 'KXWSTEST-26', title: 'Socket test event' });
    ex.db.markets.insert({ ...ex.db.markets.get(T1)!, ticker: 'KXWSTEST-26-A', event_ticker: 'KXWSTEST-26', status: 'active' });
    ex.state.trading.addMarket('KXWSTEST-26-A');

    await until(() => life.messages.length === 7, 2_000, 'lifecycle frames');
    expect(life.messages.map((m) => [m.type, m.msg.event_type ?? m.msg.event_ticker])).toEqual([
      ['market_lifecycle_v2', 'deactivated'],
      ['market_lifecycle_v2', 'activated'],
      ['market_lifecycle_v2', 'close_date_updated'],
      ['market_lifecycle_v2', 'determined'],
      ['market_lifecycle_v2', 'settled'],
      ['event_lifecycle', 'KXWSTEST-26'],
      ['market_lifecycle_v2', 'created'],
    ]);
    expect(life.messages[0]!.msg).toMatchObject({ market_ticker: T, is_deactivated: true });
    expect(life.messages[1]!.msg).toMatchObject({ is_deactivated: false });
    expect(life.messages[3]!.msg).toMatchObject({ result: 'yes', settlement_value: '1.0000' });
    expect(life.messages[6]!.msg).toMatchObject({ market_ticker: 'KXWSTEST-26-A', additional_metadata: { event_ticker: 'KXWSTEST-26' } });
    await life.sub.unsubscribe();
  });

  it('positions report settlement, and fills only ever reach their owner', async () => {
    const bobWs = sdk(ex, bob);
    try {
      const bobFills = bobWs.subscribe('fill');
      const seen: unknown[] = [];
      bobFills.on('message', (m) => seen.push(m));
      await bobFills.ready;
      const positions = await collect('market_positions', { market_tickers: [T2] });
      place(ex, alice, T2, 'ask', 3000, 1);
      await until(() => seen.length === 1, 2_000, "bob's fill");
      ex.state.trading.run((e) => e.settle(T2, 'no'));
      await until(() => positions.messages.some((m) => m.msg.position_fp === '0.00'), 2_000, 'settled position');
      expect(positions.messages.map((m) => m.msg.position_fp)).toEqual(['-1.00', '0.00']);
      expect((seen[0] as { msg: { market_ticker: string; is_taker: boolean } }).msg).toMatchObject({ market_ticker: T2, is_taker: false });
      await positions.sub.unsubscribe();
    } finally {
      await bobWs.close();
    }
  });
});
