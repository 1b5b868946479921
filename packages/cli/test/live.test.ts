/**
 * The interactive and long-running commands: `book --watch` and the order prompt driven through a
 * real pseudo-terminal (tmux), `stream` until Ctrl-C, and `kalshi sim` as a process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kalshi } from 'kalshi-ts';
import type { Exchange } from 'kalshi-ts-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, leakedKeyMaterial, record, ROOT, runCli, sandbox, spawnCli, waitFor } from './helpers/cli.js';
import { admin, newTrader, startSim, type Trader } from './helpers/exchange.js';

const T = 'KXFED-26MAR-H0';
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `kalshi-cli-test-${process.pid}`;

let ex: Exchange;
let box: ReturnType<typeof sandbox>;
let trader: Trader;
let env: NodeJS.ProcessEnv;
let sdk: Kalshi;
const pems: string[] = [];

beforeAll(async () => {
  ex = await startSim();
  box = sandbox();
  trader = await newTrader(ex, box.dir);
  pems.push(trader.pem);
  env = { ...box.env, ...trader.env };
  sdk = new Kalshi({ baseURL: ex.restUrl, apiKeyId: trader.keyId, privateKey: trader.pem });
  // Quotes stay; the random taker goes, so every trade on the tape is one a test made.
  await admin(ex, 'POST', '/_sim/liquidity', { enabled: true, noise: false });
});

afterAll(async () => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  await sdk?.close();
  await ex?.close();
  box?.cleanup();
});

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts `kalshi ARGS` in a 120x40 terminal; its exit code lands in the returned file. */
async function inTerminal(name: string, args: string[], vars: NodeJS.ProcessEnv): Promise<string> {
  const exitFile = join(box.dir, `${name}.exit`);
  const assignments = Object.entries(vars).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  const command = ['env', '-i', ...assignments, 'TERM=xterm-256color', ...(await cliCommand()), ...args].map(quote).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', `cd ${quote(ROOT)} && ${command}; echo $? > ${quote(exitFile)}`);
  return exitFile;
}

function screen(name: string): string {
  const text = tmux('capture-pane', '-p', '-t', name);
  record(text);
  return text;
}

const exitCode = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);

async function restBest(): Promise<{ bid: string; ask: string }> {
  const { orderbook_fp: book } = await sdk.markets.orderbook(T);
  const bestYes = Math.max(...book.yes_dollars.map(([p]) => Number(p)));
  const bestNo = Math.max(...book.no_dollars.map(([p]) => Number(p)));
  return { bid: bestYes.toFixed(2), ask: (1 - bestNo).toFixed(2) };
}

describe.skipIf(!hasTmux)('kalshi book --watch in a terminal', () => {
  it('shows the live best bid and ask, follows orders and trades, and quits on q', async () => {
    const exitFile = await inTerminal('book', ['book', T, '--watch', '--depth', '8'], env);
    await waitFor(() => /^live · updated \d\d:\d\d:\d\d UTC · q to quit$/m.test(screen('book')), 'the live view', 15_000);

    // What the screen calls best bid / ask is the exchange's book (the quotes move now and then: retry until both agree).
    await waitFor(async () => {
      const text = screen('book');
      const bid = /^\s+bid\s+(0\.\d+)\s+[\d,.]+\s+<- best bid$/m.exec(text)?.[1];
      const ask = /^\s+ask\s+(0\.\d+)\s+[\d,.]+\s+<- best ask$/m.exec(text)?.[1];
      const rest = await restBest();
      return bid === rest.bid && ask === rest.ask;
    }, 'the screen to match the REST book', 10_000, 200);

    // A resting bid well below the top appears as its own level.
    const { bid } = await restBest();
    const level = (Number(bid) - 0.06).toFixed(2);
    const resting = await sdk.orders.create({ ticker: T, side: 'bid', count: 77, price: level, time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' });
    await waitFor(() => new RegExp(`^\\s+${level.replace('.', '\\.')}\\s+77$`, 'm').test(screen('book')), `a level of 77 at ${level}`);

    // A trade shows as the last trade (priced a little through the ask, so a quote moving meanwhile cannot dodge it).
    const { ask } = await restBest();
    const taken = await sdk.orders.create({ ticker: T, side: 'bid', count: 3, price: Math.min(0.99, Number(ask) + 0.02).toFixed(2), time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross' });
    expect(taken.fill_count).toBe('3.00');
    const [trade] = (await sdk.markets.trades({ ticker: T, limit: 1 })).trades;
    const price = Number(trade!.yes_price_dollars).toFixed(2).replace('.', '\\.');
    await waitFor(() => new RegExp(`^last trade  ${price} x 3  \\(taker bought yes\\)`, 'm').test(screen('book')), 'the last trade');

    // Cut the socket: the view reconnects, resubscribes and follows changes made meanwhile.
    await admin(ex, 'POST', '/_sim/ws/drop', { connection: 'all', user_id: trader.userId });
    await sdk.orders.cancel(resting.order_id);
    await waitFor(() => {
      const text = screen('book');
      return /^live · updated/m.test(text) && !new RegExp(`^\\s+${level.replace('.', '\\.')}\\s+77$`, 'm').test(text);
    }, 'the view to recover without the canceled level');

    const view = screen('book');
    expect(view).toMatch(/^KXFED-26MAR-H0 {2}YES book {2}\(active\)$/m);
    expect(view).toMatch(/---- spread 0\.\d+ · mid 0\.\d+ ----/);

    tmux('send-keys', '-t', 'book', 'q');
    await waitFor(() => exitCode(exitFile), 'the watch to exit');
    expect(exitCode(exitFile)).toBe('0');
  });

  it('asks before placing an order, and places it on y', async () => {
    const no = await inTerminal('prompt-no', ['order', 'create', T, 'buy-yes', '2', '3c'], env);
    await waitFor(() => screen('prompt-no').includes('Place this order? [y/N]'), 'the prompt');
    expect(screen('prompt-no')).toMatch(/fee: +up to \$0\.0041 \(estimate/);
    tmux('send-keys', '-t', 'prompt-no', 'n', 'Enter');
    await waitFor(() => exitCode(no), 'the declined order to exit');
    expect(exitCode(no)).toBe('1');

    const yes = await inTerminal('prompt-yes', ['order', 'create', T, 'buy-yes', '2', '3c'], env);
    await waitFor(() => screen('prompt-yes').includes('Place this order? [y/N]'), 'the prompt');
    tmux('send-keys', '-t', 'prompt-yes', 'y', 'Enter');
    await waitFor(() => exitCode(yes), 'the order to be placed');
    expect(exitCode(yes)).toBe('0');
    const placed = (await sdk.orders.list({ ticker: T, status: 'resting' }).toArray()).filter((o) => o.yes_price_dollars === '0.0300');
    expect(placed).toHaveLength(1);
  });
});

describe('kalshi stream', () => {
  it('prints NDJSON until Ctrl-C, reporting resyncs on stderr', async () => {
    const child = await spawnCli(['stream', 'orderbook_delta', 'trade', '--market', T], { env });
    await waitFor(() => child.output().stdout.includes('orderbook_snapshot'), 'the snapshot');
    await admin(ex, 'POST', '/_sim/ws/faults', { connection: 'all', user_id: trader.userId, fault: 'skip_seq', channel: 'orderbook_delta' });
    await sdk.orders.create({ ticker: T, side: 'bid', count: 1, price: '0.02', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' });
    await waitFor(() => /resync/.test(child.output().stderr), 'the resync report');
    await waitFor(() => child.output().stdout.split('\n').filter((l) => l.includes('orderbook_snapshot')).length >= 2, 'the fresh snapshot');
    child.kill('SIGINT');
    const done = await child.exited;
    expect(done.code).toBe(0);
    const lines = done.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; msg: { market_ticker: string } });
    expect(lines[0]!.type).toBe('orderbook_snapshot');
    for (const m of lines) expect(m.msg.market_ticker).toBe(T);
    expect(done.stderr).toMatch(/^resync: orderbook_delta \[KXFED-26MAR-H0\] after gap \(expected seq \d+, got \d+\); fresh state follows$/m);
  });

  it('stops after --count messages and rejects unknown channels', async () => {
    const [r, bad, noMarket] = await Promise.all([
      runCli(['stream', 'ticker', '--count', '2'], { env }),
      runCli(['stream', 'tickers'], { env }),
      runCli(['stream', 'orderbook_delta'], { env }),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: channels: "tickers" is not a Kalshi WebSocket channel\n');
    expect(noMarket.code).toBe(2);
  });

  it('exits 3 when the WebSocket handshake is refused', async () => {
    const wrongKey = { ...env, KALSHI_API_KEY_ID: '00000000-0000-4000-8000-000000000000' };
    const [r, watch] = await Promise.all([runCli(['stream', 'ticker'], { env: wrongKey }), runCli(['book', T, '--watch'], { env: wrongKey })]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*401.*\(hint: the WebSocket handshake was refused: check the API key id/m);
    expect(watch.code, watch.stderr).toBe(3);
  });
});

describe('kalshi sim', () => {
  it('runs a local exchange with a funded user and a 0600 key, and prints the env line', async () => {
    const simBox = sandbox();
    try {
      const child = await spawnCli(['sim', '--seed', '7', '--no-liquidity'], { env: simBox.env });
      const line = await waitFor(() => /^export KALSHI_BASE_URL=(\S+) KALSHI_API_KEY_ID=(\S+) KALSHI_PRIVATE_KEY_PATH=(\S+)$/m.exec(child.output().stdout), 'the export line', 20_000);
      const [, baseUrl, keyId, keyPath] = line as RegExpExecArray;
      expect(statSync(keyPath!).mode & 0o777).toBe(0o600);
      pems.push(readFileSync(keyPath!, 'utf8'));
      expect(child.output().stdout).toMatch(/user\s+\S+, funded with \$1,000\.00/);

      const exported = await runCli(['portfolio', 'balance'], { env: { ...simBox.env, KALSHI_BASE_URL: baseUrl!, KALSHI_API_KEY_ID: keyId!, KALSHI_PRIVATE_KEY_PATH: keyPath! } });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch(/available balance\s+\$1,000\.00/);
      // --env sim finds the running exchange and its key by itself.
      const bySim = await runCli(['--env', 'sim', 'keys', 'check'], { env: simBox.env });
      expect(bySim.code, bySim.stderr).toBe(0);
      expect(bySim.stdout).toContain(`ok: key ${keyId}`);

      child.kill('SIGINT');
      const done = await child.exited;
      expect(done.code).toBe(0);
      expect(existsSync(keyPath!)).toBe(false);
      const gone = await runCli(['--env', 'sim', 'markets', 'list'], { env: simBox.env });
      expect(gone.code).toBe(2);
    } finally {
      simBox.cleanup();
    }
  });

  it('printed no key material, in any output or screen of this file', () => {
    expect(pems.length).toBe(2);
    expect(leakedKeyMaterial(pems)).toEqual([]);
  });
});
