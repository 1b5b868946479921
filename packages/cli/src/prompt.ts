/** Yes/no confirmation before anything that moves money. */
import { createInterface } from 'node:readline';
import { UsageError } from './errors.js';
import type { Output } from './output.js';

export interface ConfirmOptions {
  /** --yes was given. */
  assumeYes: boolean;
  /** What is being confirmed, for the refusal message ("place a live order"). */
  action: string;
  input?: NodeJS.ReadStream;
}

/**
 * Asks on the terminal; without one (a pipe, CI, cron) it refuses unless --yes was given, since
 * nobody could have read the summary.
 */
export async function confirm(out: Output, question: string, options: ConfirmOptions): Promise<boolean> {
  if (options.assumeYes) return true;
  const input = options.input ?? process.stdin;
  if (!input.isTTY) {
    throw new UsageError(`refusing to ${options.action} without confirmation: stdin is not a terminal`, 'pass --yes to confirm non-interactively, or --dry-run to see the signed request');
  }
  const rl = createInterface({ input, output: out.stderr, terminal: true });
  return new Promise<boolean>((resolve) => {
    let answered = false;
    const finish = (yes: boolean) => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(yes);
    };
    rl.on('SIGINT', () => {
      out.errWrite('\n');
      finish(false);
    });
    rl.on('close', () => finish(false));
    rl.question(`${question} ${out.ec.dim('[y/N]')} `, (answer) => finish(/^y(es)?$/i.test(answer.trim())));
  });
}
