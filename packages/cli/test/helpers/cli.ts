/**
 * Runs `kalshi` as a real child process and keeps everything it printed, so a test file can
 * finally check that no key material ever reached stdout or stderr.
 *
 * The process runs a bundle of src/bin.ts built here from the sources (SDK and local exchange
 * included, every npm dependency left external, as tsup does): the same code as
 * `node --import tsx packages/cli/src/bin.ts`, without paying tsx's start-up cost on each of the
 * dozens of processes the suite starts. KALSHI_CLI_TEST_RUNNER=tsx runs the sources through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledBin, fromRoot, ROOT } from '../../../sim/test/helpers/bundled-bin.js';

const version = (JSON.parse(readFileSync(fromRoot('packages/cli/package.json'), 'utf8')) as { version: string }).version;

export { ROOT };

let command: Promise<string[]> | undefined;

/** The argv prefix that starts the CLI: `node <bundle>` or `node --import tsx <bin.ts>`. */
export function cliCommand(): Promise<string[]> {
  if (process.env.KALSHI_CLI_TEST_RUNNER === 'tsx') return Promise.resolve([process.execPath, '--import', 'tsx', fromRoot('packages/cli/src/bin.ts')]);
  command ??= bundledBin({
    entry: 'packages/cli/src/bin.ts',
    // Inside packages/cli so bare imports resolve the CLI's own dependencies (commander 14).
    cacheDir: 'packages/cli/node_modules/.cache/kalshi-cli-test',
    sources: ['packages/cli/src', 'packages/kalshi/src', 'packages/sim/src'],
    // The local exchange (SQLite and all) stays in its own chunk, loaded only by `kalshi sim`, as in the real package.
    splitting: true,
    // As the tsup build does: the bundle does not sit where src/cli.ts would look for package.json.
    define: { __KALSHI_CLI_VERSION__: JSON.stringify(version) },
  }).then((entry) => [process.execPath, entry]);
  return command;
}

/** Everything every process of this test file printed. */
const transcript: string[] = [];

export function allOutput(): string {
  return transcript.join('\n');
}

export function record(text: string): void {
  transcript.push(text);
}

/** A private HOME / config dir, and an environment with none of the caller's KALSHI_* settings. */
export function sandbox(): { dir: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-cli-test-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    NO_COLOR: '1',
    TZ: 'UTC',
    LANG: 'C.UTF-8',
  };
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
}

export async function spawnCli(args: string[], options: RunOptions): Promise<ChildProcess & { output: () => RunResult; exited: Promise<RunResult> }> {
  const [bin, ...prefix] = await cliCommand();
  const child = spawn(bin!, [...prefix, ...args], { cwd: ROOT, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (options.input !== undefined) child.stdin!.end(options.input);
  const output = (): RunResult => ({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
  const exited = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      record(`$ kalshi ${args.join(' ')}\n${stdout}\n${stderr}`);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return Object.assign(child, { output, exited });
}

/** Runs to completion (or kills it after `timeoutMs`). */
export async function runCli(args: string[], options: RunOptions): Promise<RunResult> {
  const child = await spawnCli(args, options);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `check` passes, polling. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The base64 body of a PEM, and its lines: none of it may ever be printed. */
export function keyFragments(pem: string): string[] {
  const lines = pem
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('-----'));
  return [lines.join(''), ...lines.filter((l) => l.length >= 16)];
}

export function leakedKeyMaterial(pems: readonly string[], text = allOutput()): string[] {
  const flat = text.replace(/\s+/g, '');
  return pems.flatMap(keyFragments).filter((fragment) => text.includes(fragment) || flat.includes(fragment.replace(/\s+/g, '')));
}
