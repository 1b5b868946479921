import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { call } from '../helpers/exchange.js';
import { fund, place, seconds, stillExchange, T0 } from './helpers.js';

const FED = 'KXFED-26MAR-H0';
const CUT = 'KXFED-26MAR-C25';

let ex: Exchange & { clock: { advance(ms: number): void } };
beforeAll(async () => {
  ex = await stillExchange();
  for (const user of ['alice', 'bob', 'carol']) fund(ex, user);
  place(ex, 'alice', FED, 'bid', 0.4, 10);
  place(ex, 'alice', FED, 'bid', 0.42, 5);
  place(ex, 'alice', FED, 'bid', 0.41, 3);
  place(ex, 'bob', FED, 'ask', 0.55, 7);
  place(ex, 'bob', FED, 'ask', 0.6, 2);
});
afterAll(() => ex.close());

describe('order book', () => {
  it('lists bids of both legs ascending, best last, with fixed-point strings', async () => {
    const res = await call(ex, 'GET', `/markets/${FED}/orderbook`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      orderbook_fp: {
        yes_dollars: [['0.4000', '10.00'], ['0.4100', '3.00'], ['0.4200', '5.00']],
        // Asks rest as NO bids at 1 - price.
        no_dollars: [['0.4000', '2.00'], ['0.4500', '7.00']],
      },
    });
  });

  it('depth keeps the best N levels of each side; 0 keeps all', async () => {
    const one = await call(ex, 'GET', `/markets/${FED}/orderbook?depth=1`);
    expect(one.json.orderbook_fp).toEqual({ yes_dollars: [['0.4200', '5.00']], no_dollars: [['0.4500', '7.00']] });
    const two = await call(ex, 'GET', `/markets/${FED}/orderbook?depth=2`);
    expect(two.json.orderbook_fp.yes_dollars).toEqual([['0.4100', '3.00'], ['0.4200', '5.00']]);
    const all = await call(ex, 'GET', `/markets/${FED}/orderbook?depth=0`);
    expect(all.json.orderbook_fp.yes_dollars).toHaveLength(3);
    expect((await call(ex, 'GET', `/markets/${FED}/orderbook?depth=101`)).status).toBe(400);
  });

  it('an empty book has empty arrays; unknown markets are 404', async () => {
    const empty = await call(ex, 'GET', `/markets/${CUT}/orderbook`);
    expect(empty.json).toEqual({ orderbook_fp: { yes_dollars: [], no_dollars: [] } });
    expect((await call(ex, 'GET', '/markets/NOPE/orderbook')).status).toBe(404);
  });

  it('orderbooks answers one book per requested ticker and refuses unknown or missing tickers', async () => {
    const res = await call(ex, 'GET', `/markets/orderbooks?tickers=${FED},${CUT}`);
    expect(res.status).toBe(200);
    expect(res.json.orderbooks.map((b: { ticker: string }) => b.ticker)).toEqual([FED, CUT]);
    expect(res.json.orderbooks[0].orderbook_fp.no_dollars).toEqual([['0.4000', '2.00'], ['0.4500', '7.00']]);
    const repeated = await call(ex, 'GET', `/markets/orderbooks?tickers=${FED}&tickers=${CUT}`);
    expect(repeated.json.orderbooks).toHaveLength(2);
    expect((await call(ex, 'GET', `/markets/orderbooks?tickers=${FED},NOPE`)).json.message).toMatch(/^tickers: no such market: NOPE/);
    expect((await call(ex, 'GET', '/markets/orderbooks')).status).toBe(400);
  });

  it('the catalog row shows the top of the book', async () => {
    const { market } = (await call(ex, 'GET', `/markets/${FED}`)).json;
    expect(market).toMatchObject({
      yes_bid_dollars: '0.4200',
      yes_bid_size_fp: '5.00',
      yes_ask_dollars: '0.5500',
      yes_ask_size_fp: '7.00',
      no_bid_dollars: '0.4500',
      no_ask_dollars: '0.5800',
    });
  });
});

describe('trades tape', () => {
  const tradeIds: string[] = [];
  let before: { volume_fp: string; open_interest_fp: string };

  beforeAll(async () => {
    before = (await call(ex, 'GET', `/markets/${FED}`)).json.market;
    // carol buys 3 YES at the 0.55 ask, then 10 s later sells 2 YES into the 0.42 bid.
    tradeIds.push(...place(ex, 'carol', FED, 'bid', 0.55, 3, 'immediate_or_cancel').trades.map((t) => t.id));
    ex.clock.advance(10_000);
    tradeIds.push(...place(ex, 'carol', FED, 'ask', 0.42, 2, 'immediate_or_cancel').trades.map((t) => t.id));
    ex.clock.advance(10_000);
    // Three more in another market, for pagination across markets.
    place(ex, 'alice', CUT, 'bid', 0.3, 10);
    for (let i = 0; i < 3; i++) tradeIds.push(...place(ex, 'bob', CUT, 'ask', 0.3, 1, 'immediate_or_cancel').trades.map((t) => t.id));
  });

  it('shows each trade with its price on both legs, size and taker direction, newest first', async () => {
    const res = await call(ex, 'GET', `/markets/trades?ticker=${FED}`);
    expect(res.status).toBe(200);
    expect(res.json.cursor).toBe('');
    expect(res.json.trades).toEqual([
      {
        trade_id: tradeIds[1],
        ticker: FED,
        count_fp: '2.00',
        yes_price_dollars: '0.4200',
        no_price_dollars: '0.5800',
        taker_outcome_side: 'no',
        taker_book_side: 'ask',
        taker_side: 'no',
        created_time: new Date(T0 + 10_000).toISOString(),
        is_block_trade: false,
      },
      {
        trade_id: tradeIds[0],
        ticker: FED,
        count_fp: '3.00',
        yes_price_dollars: '0.5500',
        no_price_dollars: '0.4500',
        taker_outcome_side: 'yes',
        taker_book_side: 'bid',
        taker_side: 'yes',
        created_time: new Date(T0).toISOString(),
        is_block_trade: false,
      },
    ]);
  });

  it('moves the market stats with the trades', async () => {
    const { market } = (await call(ex, 'GET', `/markets/${FED}`)).json;
    expect(market.last_price_dollars).toBe('0.4200');
    expect(Number(market.volume_fp) - Number(before.volume_fp)).toBe(5);
    // 3 YES were opened against bob's NO; carol's sale handed 2 of them to alice, opening nothing.
    expect(Number(market.open_interest_fp) - Number(before.open_interest_fp)).toBe(3);
    expect(market).toMatchObject({ yes_bid_dollars: '0.4200', yes_bid_size_fp: '3.00', yes_ask_dollars: '0.5500', yes_ask_size_fp: '4.00' });
  });

  it('limit=1 visits every trade exactly once, newest first', async () => {
    const seen: string[] = [];
    let cursor = '';
    do {
      const res = await call(ex, 'GET', `/markets/trades?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.json.trades.length).toBeLessThanOrEqual(1);
      seen.push(...res.json.trades.map((t: { trade_id: string }) => t.trade_id));
      cursor = res.json.cursor;
    } while (cursor);
    expect(seen).toEqual([...tradeIds].reverse());
  });

  it('filters by ticker, time (Unix seconds, inclusive) and block-trade flag', async () => {
    const ids = async (query: string) =>
      (await call(ex, 'GET', `/markets/trades?${query}`)).json.trades.map((t: { trade_id: string }) => t.trade_id);
    expect(await ids(`ticker=${CUT}`)).toEqual(tradeIds.slice(2).reverse());
    expect(await ids(`min_ts=${seconds(T0) + 10}`)).toEqual(tradeIds.slice(1).reverse());
    expect(await ids(`max_ts=${seconds(T0)}`)).toEqual([tradeIds[0]]);
    expect(await ids(`min_ts=${seconds(T0) + 10}&max_ts=${seconds(T0) + 10}`)).toEqual([tradeIds[1]]);
    expect(await ids('is_block_trade=true')).toEqual([]);
    expect(await ids('is_block_trade=false')).toHaveLength(tradeIds.length);
    expect(await ids('ticker=NOPE')).toEqual([]);
    expect((await call(ex, 'GET', '/markets/trades?cursor=bogus!')).status).toBe(400);
  });
});
