import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kalshi } from 'kalshi-ts';
import type { Exchange } from 'kalshi-ts-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedKeyMaterial, runCli, sandbox, spawnCli, waitFor } from './helpers/cli.js';
import { newTrader, startSim, type Trader } from './helpers/exchange.js';

const M = 'KXHIGHNY-26JAN15-T38';

let ex: Exchange;
let box: ReturnType<typeof sandbox>;
let trader: Trader;
let env: NodeJS.ProcessEnv;
let sdk: Kalshi;
/** Unix second after every trade this file makes: exports end there, so the tape they see is fixed. */
let to: number;
let from: number;

beforeAll(async () => {
  ex = await startSim();
  box = sandbox();
  trader = await newTrader(ex, box.dir);
  env = { ...box.env, ...trader.env };
  sdk = new Kalshi({ baseURL: ex.restUrl, apiKeyId: trader.keyId, privateKey: trader.pem });
  from = Math.floor(Date.now() / 1000) - 1;
  // 24 taker orders: at least 24 trades on the tape, and 24 fills of our own.
  for (let i = 0; i < 24; i++) {
    await sdk.orders.create({ ticker: M, side: i % 2 ? 'ask' : 'bid', count: 1, price: i % 2 ? '0.01' : '0.99', time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross' });
  }
  to = Math.floor(Date.now() / 1000);
  // Let that second end, so no later trade can share it.
  await new Promise((r) => setTimeout(r, (to + 1) * 1000 - Date.now() + 50));
}, 30_000);

afterAll(async () => {
  await sdk?.close();
  await ex?.close();
  box?.cleanup();
});

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('kalshi export', () => {
  it('resumes a killed trades export with every row exactly once', async () => {
    const out = join(box.dir, 'trades.csv');
    const args = ['export', 'trades', '--market', M, '--to', String(to), '--page-size', '5', '--out', out];
    const expected = (await sdk.markets.trades({ ticker: M, max_ts: to }).toArray()).map((t) => t.trade_id);
    expect(expected.length).toBeGreaterThanOrEqual(24);

    // Slow pages, then a hard kill once two pages are committed.
    const first = await spawnCli(args, { env: { ...env, KALSHI_CLI_PAGE_DELAY_MS: '400' } });
    const state = `${out}.state.json`;
    await waitFor(() => existsSync(state) && (JSON.parse(readFileSync(state, 'utf8')) as { rows: number }).rows >= 10, 'two committed pages');
    first.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const partial = JSON.parse(readFileSync(state, 'utf8')) as { rows: number; position: { cursor: string } };
    expect(partial.rows).toBeLessThan(expected.length);
    expect(partial.position.cursor).not.toBe('');
    // As if the kill had landed in the middle of writing the next page.
    appendFileSync(out, 'torn-row,2026-01-01T00:00:00Z,KX');

    const resumed = await runCli(args, { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming: ${partial.rows} rows already in ${out}`);
    expect(resumed.stderr).toContain(`exported ${expected.length} trades to ${out}`);
    const rows = csv(out);
    expect(rows[0]).toEqual(['trade_id', 'created_time', 'ticker', 'yes_price_dollars', 'no_price_dollars', 'count_fp', 'taker_outcome_side', 'taker_book_side', 'is_block_trade']);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    expect(existsSync(state)).toBe(false);

    const again = await runCli(args, { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/trades\.csv already exists \(hint: pass --fresh to overwrite it/);
    const fresh = await runCli([...args, '--fresh'], { env });
    expect(fresh.code).toBe(0);
    expect(csv(out).slice(1).map((r) => r[0])).toEqual(expected);
  });

  it('stops cleanly on Ctrl-C with exit 130, and refuses to resume with other flags', async () => {
    const out = join(box.dir, 'fills.csv');
    const args = ['export', 'fills', '--market', M, '--to', String(to), '--page-size', '4', '--out', out];
    const child = await spawnCli(args, { env: { ...env, KALSHI_CLI_PAGE_DELAY_MS: '400' } });
    await waitFor(() => existsSync(`${out}.state.json`) && (JSON.parse(readFileSync(`${out}.state.json`, 'utf8')) as { rows: number }).rows >= 4, 'a committed page');
    child.kill('SIGINT');
    const stopped = await child.exited;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted: \d+ rows saved in .*fills\.csv; run the same command again to resume/);

    const other = await runCli(['export', 'fills', '--market', 'KXFED-26MAR-H0', '--to', String(to), '--out', out], { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is a partial fills export made with other flags \(--market KXHIGHNY-26JAN15-T38 --to \d+\) \(hint: repeat those flags/);

    const resumed = await runCli(args, { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const expected = (await sdk.portfolio.fills({ ticker: M, max_ts: to }).toArray()).map((f) => f.fill_id);
    expect(expected).toHaveLength(24);
    expect(csv(out).slice(1).map((r) => r[0])).toEqual(expected);
  });

  it('exports candles window by window', async () => {
    const out = join(box.dir, 'candles.csv');
    const start = from - 120;
    const r = await runCli(['export', 'candles', '--market', M, '--period', '1m', '--from', String(start), '--to', String(to + 60), '--page-size', '1', '--out', out], { env });
    expect(r.code, r.stderr).toBe(0);
    const { event } = await sdk.events.get((await sdk.markets.get(M)).market.event_ticker);
    const expected = (await sdk.markets.candlesticks(event.series_ticker, M, { start_ts: start, end_ts: to + 60, period_interval: 1 })).candlesticks;
    const rows = csv(out);
    expect(rows[0]!.slice(0, 6)).toEqual(['end_period_ts', 'end_period_time', 'price_open', 'price_high', 'price_low', 'price_close']);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(expected.map((k) => k.end_period_ts));
    expect(expected.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(new RegExp(`exported ${expected.length} candles? to`));
  });

  it('printed no key material', () => {
    expect(leakedKeyMaterial([trader.pem])).toEqual([]);
  });
});
