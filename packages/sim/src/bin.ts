/**
 * kalshi-sim: runs the local Kalshi-compatible exchange until SIGINT/SIGTERM.
 *   kalshi-sim --port 8080 --db sim.db --seed 1 [--host 127.0.0.1] [--tier basic] [--verbose]
 */
import { parseArgs } from 'node:util';
import { startExchange } from './exchange.js';
import type { Logger } from './logger.js';
import { isTier, TIERS } from './tiers.js';

const USAGE = `Usage: kalshi-sim [--port N] [--db FILE] [--seed N] [--host H] [--tier ${TIERS.join('|')}]
                  [--no-liquidity] [--no-rate-limits] [--verbose]`;

function fail(message: string): never {
  console.error(`kalshi-sim: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) fail(`--${name} must be a non-negative integer, got '${text}'`);
  return Number(text);
}

function consoleLogger(verbose: boolean): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`;
  return {
    debug: (m, f) => verbose && console.error(line('debug', m, f)),
    info: (m, f) => verbose && console.error(line('info', m, f)),
    warn: (m, f) => console.error(line('warn', m, f)),
    error: (m, f) => console.error(line('error', m, f)),
  };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        host: { type: 'string' },
        tier: { type: 'string' },
        // The liquidity provider is on by default; --liquidity is still accepted for old scripts.
        liquidity: { type: 'boolean' },
        'no-liquidity': { type: 'boolean' },
        'no-rate-limits': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const tier = values.tier ?? 'basic';
  if (!isTier(tier)) fail(`--tier must be one of ${TIERS.join(', ')}`);

  const exchange = await startExchange({
    port: integer('port', values.port, 0),
    db: values.db,
    seed: integer('seed', values.seed, 1),
    host: values.host,
    tier,
    liquidity: !values['no-liquidity'],
    rateLimits: !values['no-rate-limits'],
    logger: consoleLogger(values.verbose ?? false),
  });
  console.log(`Kalshi local exchange listening on ${exchange.url}`);
  console.log(`Admin API: ${exchange.url}/_sim/health`);
  console.log(`export KALSHI_BASE_URL=${exchange.restUrl}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    exchange.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`kalshi-sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
