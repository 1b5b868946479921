/**
 * `kalshi sim`: runs the local exchange in this process, with a funded user and a key ready to
 * use, and tells how to point the CLI and the SDK at it. `--env sim` finds it through the state
 * file written here, which goes away when the exchange stops.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { configHome, readSimState, simStatePath, type SimState } from '../config.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { ensurePrivateDir, writePrivateKey } from '../keyfile.js';
import { money } from '../format/values.js';
import { flagsOf } from './common.js';
import { parseDollars } from 'kalshi-ts';

interface SimFlags {
  port: string;
  host: string;
  db?: string;
  seed: string;
  liquidity: boolean;
  fund: string;
}

function wholeNumber(text: string, flag: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function admin<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`local exchange admin ${method} ${path} failed: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

async function simAction(ctx: Context, flags: SimFlags): Promise<void> {
  const { out } = ctx;
  const port = wholeNumber(flags.port, '--port', 65_535);
  const seed = wholeNumber(flags.seed, '--seed', 2 ** 31 - 1);
  const fund = flags.fund.trim();
  const fundMicros = parseDollars(fund, '--fund');
  // Loaded only here: the local exchange brings SQLite along, which no other command needs.
  const { startExchange } = await import('kalshi-ts-sim');
  const exchange = await startExchange({
    port,
    host: flags.host,
    seed,
    liquidity: flags.liquidity,
    ...(flags.db ? { db: flags.db } : {}),
  });
  const statePath = simStatePath(ctx.env);
  let keyPath: string | undefined;
  // SIGHUP too: closing the terminal should clean up like Ctrl-C does.
  const stopped = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve(signal));
  });
  try {
    const { user_id } = await admin<{ user_id: string }>(exchange.url, 'POST', '/_sim/users', { name: 'kalshi-cli' });
    const key = await admin<{ api_key_id: string; private_key_pem: string }>(exchange.url, 'POST', `/_sim/users/${user_id}/keys`, { name: 'kalshi sim' });
    if (fundMicros > 0n) await admin(exchange.url, 'POST', `/_sim/users/${user_id}/fund`, { amount_dollars: fund });

    const dir = join(configHome(ctx.env), 'sim');
    ensurePrivateDir(dir);
    keyPath = join(dir, `${key.api_key_id}.pem`);
    writePrivateKey(keyPath, key.private_key_pem);
    const previous = readSimState(ctx.env);
    if (previous && previous.pid !== process.pid) out.warn(`another kalshi sim (pid ${previous.pid}) was running; --env sim now points at this one`);
    const state: SimState = {
      base_url: exchange.restUrl,
      ws_url: exchange.wsUrl,
      api_key_id: key.api_key_id,
      private_key_path: keyPath,
      pid: process.pid,
      started_at: new Date().toISOString(),
    };
    writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

    const { c } = out;
    out.line(c.bold(`Local Kalshi exchange running (seed ${seed}${flags.db ? `, database ${flags.db}` : ', in memory'}${flags.liquidity ? ', with a liquidity provider' : ''})`));
    out.line(`  REST       ${exchange.restUrl}`);
    out.line(`  WebSocket  ${exchange.wsUrl}`);
    out.line(`  admin API  ${exchange.url}/_sim/health`);
    out.line(`  user       ${user_id}${fundMicros > 0n ? `, funded with ${money(fundMicros)}` : ''}`);
    out.line(`  API key    ${key.api_key_id}, private key in ${keyPath} (mode 600)`);
    out.line('');
    out.line('Point the CLI and the SDK at it (from another terminal):');
    out.line(`export KALSHI_BASE_URL=${exchange.restUrl} KALSHI_API_KEY_ID=${key.api_key_id} KALSHI_PRIVATE_KEY_PATH=${keyPath}`);
    out.line('');
    out.line(c.dim('or add --env sim to any kalshi command, e.g. `kalshi --env sim book KXFED-26MAR-H0 --watch`. Ctrl-C stops the exchange.'));
    const signal = await stopped;
    out.info(`${signal}: stopping the local exchange`);
  } finally {
    await exchange.close();
    // The state file is ours only while it names this process.
    if (existsSync(statePath)) {
      try {
        const current = JSON.parse(readFileSync(statePath, 'utf8')) as SimState;
        if (current.pid === process.pid) rmSync(statePath, { force: true });
      } catch {
        // Unreadable: leave it; readSimState ignores it once the pid is gone.
      }
    }
    // An in-memory exchange forgets its keys when it stops, so the file would only be clutter.
    if (keyPath && !flags.db) rmSync(keyPath, { force: true });
  }
}

export function registerSim(program: Command, ctx: () => Context): void {
  program
    .command('sim')
    .description('run the local exchange with a funded user and an API key, until Ctrl-C')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite file to keep state in (default: in memory)')
    .option('--seed <n>', 'catalog seed: the same seed gives the same markets', '1')
    .option('--no-liquidity', 'start without the built-in market maker')
    .option('--fund <dollars>', 'deposit for the new user', '1000.00')
    .action(async (_opts, cmd: Command) => simAction(ctx(), flagsOf<SimFlags>(cmd)));
}
