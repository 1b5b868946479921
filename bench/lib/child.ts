import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts a TypeScript module in a child process (through tsx) and waits for its first IPC message. */
export async function startChild<T>(module: string, args: string[] = []): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
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
