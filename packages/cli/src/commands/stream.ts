/**
 * `kalshi stream CHANNEL... [--market T ...]`: every message as one JSON line on stdout until
 * Ctrl-C (or --count messages). Resyncs, reconnects and dropped frames are reported on stderr,
 * so stdout stays pure NDJSON for `jq` and friends.
 */
import type { Command } from 'commander';
import type { Channel } from 'kalshi-ts/ws';
import type { Context } from '../context.js';
import { CliError, EXIT, UsageError } from '../errors.js';
import { flagsOf } from './common.js';

export const CHANNELS = [
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'user_orders',
  'order_group_updates',
  'market_lifecycle_v2',
  'multivariate_market_lifecycle',
  'communications',
  'cfbenchmarks_value',
  'cfbenchmarks_value_5hz',
  'pyth_value',
] as const;

interface StreamFlags {
  market: string[];
  count?: string;
}

export function socketClosed(info: { code: number; reason: string }): CliError {
  return new CliError(`the WebSocket connection closed (${info.code}${info.reason ? ` ${info.reason}` : ''})`, EXIT.unavailable, 'check the network and --env / --base-url, then retry');
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

async function streamAction(ctx: Context, channels: string[], flags: StreamFlags): Promise<void> {
  const { out } = ctx;
  const limit = flags.count === undefined ? undefined : Number(flags.count);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) throw new UsageError(`--count must be a positive whole number, got ${JSON.stringify(flags.count)}`);
  const ws = ctx.ws();
  const markets = flags.market;
  const sub = ws.subscribe(channels as Channel[], markets.length ? { market_tickers: markets } : {});
  let stopping = false;
  let lastError: unknown;
  let seen = 0;
  const done = new Promise<void>((resolve, reject) => {
    const stop = () => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    ctx.onCleanup(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
    sub.on('message', (message) => {
      if (stopping) return;
      out.jsonl(message);
      if (limit !== undefined && ++seen >= limit) stop();
    });
    ws.on('resync', (e) => {
      const seq = e.expectedSeq !== undefined ? ` (expected seq ${e.expectedSeq}, got ${e.receivedSeq ?? '?'})` : '';
      out.info(out.ec.yellow(`resync: ${e.channel}${e.markets ? ` [${e.markets.join(',')}]` : ''} after ${e.reason.replace(/_/g, ' ')}${seq}; fresh state follows`));
    });
    ws.on('reconnecting', (attempt, delayMs) => out.info(out.ec.yellow(`websocket: not connected, retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt})`)));
    ws.on('open', () => {
      if (ctx.verbose) out.info(out.ec.dim(`> connected to ${ws.url}`));
    });
    ws.on('error', (error) => {
      lastError = error;
      if (error.name === 'WebSocketFrameError') out.warn(error.message);
    });
    ws.on('close', (info) => {
      // The reason (a refused handshake, say) is reported right after the close: let it arrive first.
      if (!stopping && !info.willReconnect) setImmediate(() => reject(lastError ?? socketClosed(info)));
    });
  });
  done.catch(() => {});
  try {
    await Promise.race([sub.ready, done]);
    if (ctx.verbose) out.info(out.ec.dim(`> subscribed to ${channels.join(', ')}`));
    await done;
  } finally {
    stopping = true;
  }
}

export function registerStream(program: Command, ctx: () => Context): void {
  program
    .command('stream')
    .description('print WebSocket messages as NDJSON until Ctrl-C')
    .argument('<channels...>', `one or more of: ${CHANNELS.join(', ')}`)
    .option('-m, --market <ticker>', 'market ticker (repeat, or comma-separate, for several)', collect, [])
    .option('-n, --count <n>', 'stop after this many messages')
    .action(async (channels: string[], _opts, cmd: Command) => {
      await streamAction(ctx(), channels, flagsOf<StreamFlags>(cmd));
    });
}
