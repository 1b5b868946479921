import type { Exchange } from 'kalshi-ts-sim';
import { Kalshi } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOutput, leakedKeyMaterial, runCli, sandbox } from './helpers/cli.js';
import { startSim } from './helpers/exchange.js';

let ex: Exchange;
let box: ReturnType<typeof sandbox>;
let env: NodeJS.ProcessEnv;
let sdk: Kalshi;
const kalshi = (...args: string[]) => runCli(args, { env });

beforeAll(async () => {
  ex = await startSim();
  box = sandbox();
  env = { ...box.env, KALSHI_BASE_URL: ex.restUrl };
  sdk = new Kalshi({ baseURL: ex.restUrl });
});

afterAll(async () => {
  await sdk?.close();
  await ex?.close();
  box?.cleanup();
});

// Read-only commands: the processes of these tests run side by side.
describe.concurrent('kalshi markets', () => {
  it('lists markets as a table, with the next cursor on stderr', async () => {
    const r = await kalshi('markets', 'list', '--limit', '3');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TICKER\s+STATUS\s+YES BID\s+YES ASK\s+LAST\s+VOLUME/);
    expect(lines).toHaveLength(4);
    expect(r.stderr).toMatch(/more markets: add --cursor \S+ for the next page, or --all/);
  });

  it('prints one JSON document with --json and one object per line with --jsonl', async () => {
    const json = await kalshi('markets', 'list', '--limit', '2', '--json');
    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout) as { markets: { ticker: string }[]; cursor: string };
    expect(page.markets).toHaveLength(2);
    expect(page.cursor).not.toBe('');

    const jsonl = await kalshi('markets', 'list', '--status', 'open', '--limit', '4', '--jsonl');
    expect(jsonl.code).toBe(0);
    const items = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; ticker: string });
    expect(items).toHaveLength(4);
    expect(items.map((m) => m.ticker)).toEqual(page.markets.map((m) => m.ticker).concat(items.slice(2).map((m) => m.ticker)));
    for (const m of items) expect(m.status).toBe('active');
  });

  it('takes every API filter as a flag and follows cursors with --all', async () => {
    const r = await kalshi('markets', 'list', '--event-ticker', 'KXFED-26MAR', '--limit', '2', '--all', '--jsonl');
    expect(r.code).toBe(0);
    const got = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { ticker: string; event_ticker: string }));
    const expected = await sdk.markets.list({ event_ticker: 'KXFED-26MAR' }).toArray();
    expect(got.map((m) => m.ticker)).toEqual(expected.map((m) => m.ticker));
    expect(got.length).toBeGreaterThan(2);
    for (const m of got) expect(m.event_ticker).toBe('KXFED-26MAR');
  });

  it('shows one market, and exits 4 with one line for an unknown ticker', async () => {
    const r = await kalshi('markets', 'get', 'KXFED-26MAR-H0');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ticker\s+KXFED-26MAR-H0$/m);
    expect(r.stdout).toMatch(/^yes bid \/ ask\s+0\.\d+ \(\d+\) \/ 0\.\d+ \(\d+\)$/m);

    const missing = await kalshi('markets', 'get', 'NOPE-123');
    expect(missing.code).toBe(4);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: 404 GET \/markets\/NOPE-123: .*\(hint: check the ticker/);
  });
});

describe.concurrent('kalshi events and series', () => {
  it('lists and shows events', async () => {
    const list = await kalshi('events', 'list', '--series-ticker', 'KXFED', '--with-nested-markets');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^EVENT\s+SERIES\s+CATEGORY\s+MARKETS\s+TITLE/);
    expect(list.stdout).toMatch(/^KXFED-26MAR\s+KXFED\s/m);

    const get = await kalshi('events', 'get', 'KXFED-26MAR');
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^series\s+KXFED$/m);
    expect(get.stdout).toMatch(/^KXFED-26MAR-H0\s+active/m);
  });

  it('lists and shows series', async () => {
    const list = await kalshi('series', 'list', '--json');
    expect(list.code).toBe(0);
    const { series } = JSON.parse(list.stdout) as { series: { ticker: string }[] };
    expect(series.map((s) => s.ticker)).toContain('KXFED');
    const get = await kalshi('series', 'get', 'KXFED');
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^series\s+KXFED$/m);
  });
});

describe.concurrent('kalshi book', () => {
  it('prints the depth ladder with the best bid and ask marked', async () => {
    const r = await kalshi('book', 'KXFED-26MAR-H0', '--depth', '3');
    expect(r.code).toBe(0);
    const bid = /^\s+bid\s+(0\.\d+)\s+([\d,.]+)\s+<- best bid$/m.exec(r.stdout);
    const ask = /^\s+ask\s+(0\.\d+)\s+([\d,.]+)\s+<- best ask$/m.exec(r.stdout);
    expect(bid, r.stdout).not.toBeNull();
    expect(ask, r.stdout).not.toBeNull();
    expect(Number(ask![1])).toBeGreaterThan(Number(bid![1]));
    expect(r.stdout).toMatch(/---- spread 0\.\d+ · mid 0\.\d+ ----/);
  });

  it('prints the REST order book with --json', async () => {
    const r = await kalshi('book', 'KXFED-26MAR-H0', '--json');
    expect(r.code).toBe(0);
    const book = JSON.parse(r.stdout) as { orderbook_fp: { yes_dollars: string[][]; no_dollars: string[][] } };
    expect(book.orderbook_fp.yes_dollars.length).toBeGreaterThan(0);
  });
});

describe.concurrent('errors and diagnostics', () => {
  it('exits 2 on usage errors, with commander\'s one line', async () => {
    const [unknown, choice, both, time, noCommand] = await Promise.all([
      kalshi('markets', 'list', '--bogus'),
      kalshi('markets', 'list', '--status', 'sideways'),
      kalshi('markets', 'list', '--json', '--jsonl'),
      kalshi('markets', 'list', '--min-close-ts', 'yesterday-ish'),
      kalshi(),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/Allowed choices are unopened, open, paused, closed, settled/);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('error: --json and --jsonl cannot be used together\n');
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/--min-close-ts: "yesterday-ish" is not a time/);
    expect(noCommand.code).toBe(2);
  });

  it('shows each request with --verbose', async () => {
    const r = await kalshi('markets', 'get', 'KXFED-26MAR-H0', '--verbose');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^> GET \/markets\/KXFED-26MAR-H0 200 \d+ ms$/m);
  });

  it('exits 3 when a command needs a key and none is configured', async () => {
    const r = await kalshi('portfolio', 'balance');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: no API key configured \(hint: set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH/);
  });

  it('exits 7 with a hint when the exchange cannot be reached', async () => {
    const r = await runCli(['markets', 'list', '--base-url', 'http://127.0.0.1:9/trade-api/v2'], { env: box.env });
    expect(r.code).toBe(7);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/connection failed.*\(hint: no answer from the exchange: check the network and the URL/);
  });

});

// These swap a handler of the exchange, so they run alone.
describe('errors the exchange answers with', () => {
  it('exits 6 when rate limited, 7 on a 5xx', async () => {
    const original = ex.handlers.GetSeries;
    const { ApiError } = await import('kalshi-ts-sim');
    ex.handlers.GetSeries = () => {
      throw new ApiError(429, 'too_many_requests', 'too many requests');
    };
    const limited = await kalshi('series', 'get', 'KXFED');
    ex.handlers.GetSeries = () => {
      throw new ApiError(503, 'unavailable', 'down for maintenance');
    };
    const down = await kalshi('series', 'get', 'KXFED');
    ex.handlers.GetSeries = original;
    expect(limited.code).toBe(6);
    expect(limited.stderr).toMatch(/429 GET \/series\/KXFED: too many requests.*\(hint: too many requests: wait a moment/);
    expect(down.code).toBe(7);
    expect(down.stderr).toMatch(/503 GET \/series\/KXFED: down for maintenance.*\(hint: the exchange failed to answer/);
  });

  it('printed nothing that looks like key material', () => {
    expect(leakedKeyMaterial([])).toEqual([]);
    expect(allOutput()).not.toMatch(/PRIVATE KEY/);
  });
});
