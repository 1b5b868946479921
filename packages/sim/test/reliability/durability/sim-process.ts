/**
 * The local exchange as a real child process (`kalshi-sim`, i.e. src/bin.ts), so it can be killed
 * with SIGKILL and loaded from another process's side of the socket.
 *
 * The process runs a bundle of src/bin.ts built here from the sources (npm dependencies left
 * external, as tsup does): the same code as `node --import tsx packages/sim/src/bin.ts`, without
 * tsx's start-up cost (about 1 s against 0.4 s) on each of the dozens of restarts a suite makes.
 * KALSHI_SIM_TEST_RUNNER=tsx runs the sources through tsx instead; KALSHI_SIM_TEST_BIN=<file.mjs>
 * runs that build (e.g. a deliberately broken one, to see a suite catch the fault).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { bundledBin, fromRoot, ROOT } from '../../helpers/bundled-bin.js';

export { ROOT };
const LISTENING = /listening on (http:\/\/\S+)/;

let command: Promise<string[]> | undefined;

/** The argv that starts `kalshi-sim`: `node <bundle>` or `node --import tsx <bin.ts>`. */
export function simCommand(): Promise<string[]> {
  if (process.env.KALSHI_SIM_TEST_BIN) return Promise.resolve([process.execPath, process.env.KALSHI_SIM_TEST_BIN]);
  if (process.env.KALSHI_SIM_TEST_RUNNER === 'tsx') return Promise.resolve([process.execPath, '--import', 'tsx', fromRoot('packages/sim/src/bin.ts')]);
  command ??= bundledBin({
    entry: 'packages/sim/src/bin.ts',
    // Inside the repository so the bundle's bare imports (better-sqlite3, ws, ajv) resolve.
    cacheDir: 'node_modules/.cache/kalshi-sim-test',
    sources: ['packages/kalshi/src', 'packages/sim/src'],
  }).then((entry) => [process.execPath, entry]);
  return command;
}

export interface SimProcess {
  readonly child: ChildProcess;
  /** e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly restUrl: string;
  /** From spawn to the "listening" line: what a restart costs, start-up of node included. */
  readonly startMs: number;
  /** Resolves once the process is gone, however it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed on stderr so far (warnings and errors only, without --verbose). */
  stderr(): string;
  /** SIGKILL: no shutdown code runs, as in a power cut of the process. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown bin.ts installs. */
  stop(): Promise<void>;
}

/**
 * Starts `kalshi-sim --port 0 ...args` and waits for its URL. Every chunk it prints goes to
 * `onOutput` (a key-leak watch, typically). `env` adds to the inherited environment (e.g.
 * NODE_OPTIONS preloading a probe into the exchange).
 */
export async function startSim(args: string[], onOutput: (text: string) => void, timeoutMs = 20_000, env: Record<string, string> = {}): Promise<SimProcess> {
  const [bin, ...prefix] = await simCommand();
  const started = performance.now();
  const child = spawn(bin!, [...prefix, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no URL within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`kalshi-sim ${args.join(' ')}: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onOutput(chunk);
      const found = LISTENING.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onOutput(chunk);
    });
    void exited.then(({ code, signal }) => fail(`exited (${code ?? signal}) before listening`));
  });
  const startMs = performance.now() - started;
  const end = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { child, url, restUrl: `${url}/trade-api/v2`, startMs, exited, stderr: () => stderr, kill: end('SIGKILL'), stop: end('SIGTERM') };
}
