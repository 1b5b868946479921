/**
 * The command tree. Global flags live on the program and may appear anywhere on the line;
 * every failure is turned into one line on stderr and an exit code (see errors.ts).
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { registerBook } from './commands/book.js';
import { registerBrowse } from './commands/browse.js';
import { registerChart } from './commands/chart.js';
import { registerExport } from './commands/export.js';
import { registerKeys } from './commands/keys.js';
import { registerOrder } from './commands/order.js';
import { registerPortfolio } from './commands/portfolio.js';
import { registerSim } from './commands/sim.js';
import { registerStream } from './commands/stream.js';
import { ENV_NAMES, type GlobalFlags } from './config.js';
import { createContext, type Context } from './context.js';
import { diagnose, errorLine, EXIT, Stop } from './errors.js';
import { Output } from './output.js';

// The build writes the version in; run from the sources, it is read from package.json beside src/.
declare const __KALSHI_CLI_VERSION__: string | undefined;
const VERSION =
  typeof __KALSHI_CLI_VERSION__ === 'string' ? __KALSHI_CLI_VERSION__ : (createRequire(import.meta.url)('../package.json') as { version: string }).version;

const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    unexpected error, or "no" at a confirmation prompt
  2    usage: bad flags, arguments, values or configuration
  3    auth: no key, unreadable key, or key/signature refused (401/403)
  4    not found (404)
  5    rejected by the exchange (other 4xx: market closed, insufficient balance, ...)
  6    rate limited (429)
  7    network error, timeout or 5xx
  130  interrupted (Ctrl-C); an interrupted export resumes when run again

Configuration: flags, then KALSHI_API_KEY_ID, KALSHI_PRIVATE_KEY_PATH, KALSHI_ENV, KALSHI_BASE_URL,
then the profile (--profile or KALSHI_PROFILE) in ~/.config/kalshi/config.json (or KALSHI_CONFIG).`;

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  output?: Output;
}

export function buildProgram(ctx: () => Context, out: Output): Command {
  const program = new Command('kalshi')
    .description('Browse, watch, trade, stream and export Kalshi markets from the terminal.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--env <name>', 'exchange environment').choices([...ENV_NAMES]))
    .option('--profile <name>', 'profile from the config file')
    .option('--base-url <url>', 'REST base URL, e.g. http://127.0.0.1:8080/trade-api/v2')
    .option('--api-key-id <id>', 'API key id')
    .option('--private-key-path <file>', 'private key file (PEM)')
    .option('--config <file>', 'config file with profiles')
    .option('-v, --verbose', 'show each request: method, path, status, time')
    .option('--no-color', 'plain output without colours')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out.write(text),
      writeErr: (text) => out.errWrite(text),
    })
    .addHelpText('after', EXIT_CODES_HELP);

  registerBrowse(program, ctx);
  registerBook(program, ctx);
  registerPortfolio(program, ctx);
  registerOrder(program, ctx);
  registerStream(program, ctx);
  registerExport(program, ctx);
  registerChart(program, ctx);
  registerSim(program, ctx);
  registerKeys(program, ctx);
  return program;
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function run(argv: string[], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const out = options.output ?? new Output({ env, color: argv.includes('--no-color') ? false : undefined });
  let context: Context | undefined;
  let program: Command | undefined = undefined;
  const ctx = () => (context ??= createContext(out, program!.opts<GlobalFlags>(), env));
  program = buildProgram(ctx, out);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help / version).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Stop) {
      if (error.message) out.info(error.message);
      return error.exitCode;
    }
    const d = diagnose(error);
    out.error(errorLine(d));
    if (context?.verbose && error instanceof Error && error.stack && d.exitCode === EXIT.failure) out.info(out.ec.dim(error.stack));
    return d.exitCode;
  } finally {
    await context?.cleanup();
  }
}
