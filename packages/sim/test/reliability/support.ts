// Shared by the reliability suites (issue #8): how big a run is, how figures are printed, and a
// watch that proves key material never reaches any text the suites saw.
import { inspect } from 'node:util';

/** `KALSHI_SOAK=1` (npm run test:soak) turns each suite's bounded CI run into a long one. */
export const SOAK = process.env.KALSHI_SOAK === '1';

/** The CI size of a run, or the soak size under KALSHI_SOAK=1. */
export function size(ci: number, soak: number): number {
  return SOAK ? soak : ci;
}

/** One line per suite, greppable in CI output: `[reliability] chaos {"faults":12,...}`. */
export function printFigures(suite: string, figures: Record<string, unknown>): void {
  process.stdout.write(`[reliability] ${suite} ${JSON.stringify(figures)}\n`);
}

/** A logger (SDK and exchange share the shape) that keeps every line it is given. */
export interface RecordingLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Collects every text a suite produced (log lines, error messages and their inspect output,
 * inspected clients, CLI output) and checks none of it holds key material. A PEM is caught whole
 * or by any 32-character run of its base64 body, so a key cut into pieces is still found.
 */
export class KeyLeakWatch {
  readonly #secrets: { label: string; needles: string[] }[] = [];
  readonly #texts: string[] = [];

  /** A PEM private key (its body is what must never leak) or a passphrase. */
  addSecret(label: string, secret: string): void {
    const body = secret.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const needles = new Set<string>([secret]);
    if (body.length >= 32 && body !== secret) {
      for (let i = 0; i + 32 <= body.length; i += 16) needles.add(body.slice(i, i + 32));
    }
    this.#secrets.push({ label, needles: [...needles] });
  }

  /** Record any value: strings as they are, errors and objects as util.inspect shows them (deeply). */
  see(value: unknown): void {
    if (typeof value === 'string') this.#texts.push(value);
    else {
      this.#texts.push(inspect(value, { depth: 8, showHidden: true, getters: true }));
      if (value instanceof Error) this.#texts.push(String(value.stack ?? value.message));
      try {
        this.#texts.push(JSON.stringify(value) ?? '');
      } catch {
        // Cyclic values are covered by inspect above.
      }
    }
  }

  logger(): RecordingLogger {
    const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
      this.see(`${level} ${message}`);
      if (fields !== undefined) this.see(fields);
    };
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }

  /** How many texts were checked (printed with the figures, so an empty watch is visible). */
  get seen(): number {
    return this.#texts.length;
  }

  /** The labels of every secret found in any recorded text; [] when clean. */
  leaks(): string[] {
    const found: string[] = [];
    for (const { label, needles } of this.#secrets) {
      if (this.#texts.some((t) => needles.some((n) => t.includes(n)))) found.push(label);
    }
    return found;
  }
}
