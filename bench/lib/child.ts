import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts a TypeScript module in a child process (through tsx) and waits for its first IPC message.
 * With BENCH_PROFILE_DIR set, the child writes a CPU profile there (servers are half of what a
 * loopback figure measures, so they get profiled too).
 */
export async function startChild<T>(module: string, args: string[] = []): Promise<{ child: ChildProcess; ready: T }> {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), args, { execArgv, stdio: 'inherit' });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`${module} exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.disconnect();
    setTimeout(() => child.kill(), 2000).unref();
  });
}
