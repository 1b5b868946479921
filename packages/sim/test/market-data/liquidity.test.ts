import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/index.js';
import { dollarsToUnits, unitsToDollars } from '../../src/fixed.js';
import type { Exchange } from '../../src/index.js';
import { LIQUIDITY_USER } from '../../src/liquidity/index.js';
import { admin, call } from '../helpers/exchange.js';
import { fund, place, stillExchange } from './helpers.js';

type Level = [string, string];
interface Book { ticker: string; orderbook_fp: { yes_dollars: Level[]; no_dollars: Level[] } }
interface WireMarket {
  ticker: string;
  price_ranges: { start: string; end: string; step: string }[];
  yes_bid_dollars: string;
  yes_bid_size_fp: string;
  yes_ask_dollars: string;
  yes_ask_size_fp: string;
  no_bid_dollars: string;
  no_ask_dollars: string;
}

const BTC = 'KXBTC-26JAN1517-B97500';

async function openMarkets(ex: Exchange): Promise<WireMarket[]> {
  return (await call(ex, 'GET', '/markets?status=open&limit=1000')).json.markets;
}

async function books(ex: Exchange, tickers: string[]): Promise<Map<string, Book['orderbook_fp']>> {
  const res = await call(ex, 'GET', `/markets/orderbooks?tickers=${tickers.join(',')}`);
  expect(res.status).toBe(200);
  return new Map((res.json.orderbooks as Book[]).map((b) => [b.ticker, b.orderbook_fp]));
}

const best = <T>(levels: T[]) => levels.at(-1);
const onGrid = (m: WireMarket, price: string) =>
  m.price_ranges.some((r) => {
    const [p, start, end, step] = [price, r.start, r.end, r.step].map(dollarsToUnits) as [number, number, number, number];
    return p > 0 && p < 10_000 && p >= start && p <= end && (p - start) % step === 0;
  });

/** Every open market has both sides quoted on its grid, uncrossed, and its catalog row agrees. */
async function expectHealthyBooks(ex: Exchange): Promise<void> {
  const markets = await openMarkets(ex);
  expect(markets.length).toBeGreaterThan(20);
  const byTicker = await books(ex, markets.map((m) => m.ticker));
  for (const m of markets) {
    const book = byTicker.get(m.ticker)!;
    expect(book.yes_dollars.length, m.ticker).toBeGreaterThan(0);
    expect(book.no_dollars.length, m.ticker).toBeGreaterThan(0);
    const [yesBid, yesSize] = best(book.yes_dollars)!;
    const [noBid, noSize] = best(book.no_dollars)!;
    // Never crossed: the best YES bid is below the best YES ask (1 - best NO bid).
    expect(dollarsToUnits(yesBid) + dollarsToUnits(noBid), m.ticker).toBeLessThan(10_000);
    for (const [price] of book.yes_dollars) expect(onGrid(m, price), `${m.ticker} yes ${price}`).toBe(true);
    for (const [price] of book.no_dollars) expect(onGrid(m, (1 - Number(price)).toFixed(4)), `${m.ticker} no ${price}`).toBe(true);
    expect(m, m.ticker).toMatchObject({
      yes_bid_dollars: yesBid,
      yes_bid_size_fp: yesSize,
      no_bid_dollars: noBid,
      yes_ask_dollars: unitsToDollars(10_000 - dollarsToUnits(noBid)),
      yes_ask_size_fp: noSize,
    });
  }
}

describe('liquidity provider', () => {
  let ex: Exchange & { clock: { advance(ms: number): void } };
  beforeAll(async () => {
    ex = await stillExchange({ liquidity: true });
  });
  afterAll(() => ex.close());

  it('quotes every open market at start: both sides, on the tick grid, uncrossed, mirrored in the catalog', async () => {
    await expectHealthyBooks(ex);
    const status = await admin(ex, 'GET', '/_sim/liquidity');
    expect(status).toMatchObject({ enabled: true, noise: true, user_id: LIQUIDITY_USER, steps: 0 });
  });

  it('quotes sub-cent markets at 0.001 ticks', async () => {
    const book = (await call(ex, 'GET', `/markets/${BTC}/orderbook`)).json.orderbook_fp as Book['orderbook_fp'];
    const prices = [...book.yes_dollars, ...book.no_dollars].map(([p]) => dollarsToUnits(p));
    expect(prices.length).toBe(6);
    expect(prices.every((p) => p % 10 === 0)).toBe(true);
    expect(prices.some((p) => p % 100 !== 0)).toBe(true);
  });

  it('stays healthy and consistent over many refreshes, with the noise taker filling the tape', async () => {
    let trades = 0;
    for (let i = 0; i < 40; i++) {
      // Less than the refresh interval, so the provider's own timer stays out of the count.
      ex.clock.advance(500);
      const report = await admin<{ trades: number; markets: number }>(ex, 'POST', '/_sim/liquidity/step');
      expect(report.markets).toBeGreaterThan(20);
      trades += report.trades;
      if (i % 10 === 9) await expectHealthyBooks(ex);
    }
    expect(trades).toBeGreaterThan(0);
    expect(checkInvariants(ex.state.trading.engine)).toEqual([]);
    const tape = (await call(ex, 'GET', '/markets/trades?limit=1000')).json.trades;
    expect(tape.length).toBe(trades);
    // The provider only ever makes: it never takes, so it can never have traded with itself.
    const taken = ex.db.raw.prepare("SELECT count(*) AS n FROM fills WHERE user_id = ? AND json_extract(data, '$.isTaker') = 1").get(LIQUIDITY_USER);
    expect(taken).toEqual({ n: 0 });
    expect((await admin(ex, 'GET', '/_sim/liquidity')).steps).toBe(40);
  });

  it('replenishes right after its quotes are hit', async () => {
    fund(ex, 'taker');
    const before = (await call(ex, 'GET', `/markets/${BTC}/orderbook`)).json.orderbook_fp;
    const [askNo, askSize] = best(before.no_dollars as Level[])!;
    const hit = place(ex, 'taker', BTC, 'bid', 1 - Number(askNo), Number(askSize), 'immediate_or_cancel');
    expect(hit.trades.length).toBeGreaterThan(0);
    expect(best(ex.state.trading.engine.orderbook(BTC).no)?.[0]).not.toBe(dollarsToUnits(askNo));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await call(ex, 'GET', `/markets/${BTC}/orderbook`)).json.orderbook_fp).toEqual(before);
  });

  it('can be switched off (pulling every quote) and on again, with or without noise', async () => {
    await admin(ex, 'POST', '/_sim/liquidity', { enabled: false });
    await expect(admin(ex, 'POST', '/_sim/liquidity/step')).rejects.toThrow(/409/);
    const markets = await openMarkets(ex);
    const empty = await books(ex, markets.map((m) => m.ticker));
    expect([...empty.values()].every((b) => b.yes_dollars.length + b.no_dollars.length === 0)).toBe(true);
    expect(markets.every((m) => m.yes_bid_dollars === '0.0000' && m.yes_ask_dollars === '1.0000')).toBe(true);

    expect(await admin(ex, 'POST', '/_sim/liquidity', { enabled: true, noise: false })).toMatchObject({ enabled: true, noise: false });
    await expectHealthyBooks(ex);
    for (let i = 0; i < 10; i++) expect((await admin<{ trades: number }>(ex, 'POST', '/_sim/liquidity/step')).trades).toBe(0);
    await expect(admin(ex, 'POST', '/_sim/liquidity', { enabled: 'yes' })).rejects.toThrow(/400/);
  });

  it('refreshes on its own as the exchange clock advances, and not while it stands still', async () => {
    const steps = async () => (await admin<{ steps: number }>(ex, 'GET', '/_sim/liquidity')).steps;
    const first = await steps();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await steps()).toBe(first);
    ex.clock.advance(1500);
    await expect.poll(steps, { timeout: 2000 }).toBeGreaterThan(first);
  });
});

describe('liquidity provider determinism and restarts', () => {
  it('the same seed and clock give the same books and tape', async () => {
    const run = async () => {
      const ex = await stillExchange({ liquidity: true, seed: 3 });
      try {
        for (let i = 0; i < 15; i++) {
          ex.clock.advance(1000);
          ex.state.liquidity.step();
        }
        const engine = ex.state.trading.engine;
        return {
          books: engine.listMarkets().map((m) => engine.orderbook(m.ticker)),
          tape: (await call(ex, 'GET', '/markets/trades?limit=1000')).json.trades,
        };
      } finally {
        await ex.close();
      }
    };
    expect(await run()).toEqual(await run());
  });

  it('starting switched off on a file that has quotes pulls them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-lp-'));
    const db = join(dir, 'sim.db');
    try {
      const first = await stillExchange({ db, liquidity: true });
      expect(first.state.trading.engine.orderbook(BTC).yes.length).toBeGreaterThan(0);
      await first.close();
      const second = await stillExchange({ db, liquidity: false });
      expect(second.state.trading.engine.orderbook(BTC)).toEqual({ yes: [], no: [] });
      expect(second.db.markets.get(BTC)?.yes_bid_dollars).toBe('0.0000');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
