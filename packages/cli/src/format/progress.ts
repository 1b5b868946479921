/**
 * A one-line progress display on stderr: a bar when the total is known, a running count when it
 * is not. Redrawn in place on a terminal; silent in a pipe until the final summary.
 */
import type { Output } from '../output.js';

export interface ProgressState {
  rows: number;
  pages: number;
  /** 0..1 when known. */
  fraction?: number | undefined;
}

const BAR = 24;

export class Progress {
  readonly #out: Output;
  readonly #label: string;
  readonly #started = Date.now();
  #lastDraw = 0;
  #drawn = false;

  constructor(out: Output, label: string) {
    this.#out = out;
    this.#label = label;
  }

  update(state: ProgressState, force = false): void {
    if (!this.#out.errIsTTY) return;
    const now = Date.now();
    if (!force && now - this.#lastDraw < 80) return;
    this.#lastDraw = now;
    this.#drawn = true;
    const { ec } = this.#out;
    const secs = ((now - this.#started) / 1000).toFixed(1);
    let bar = '';
    if (state.fraction !== undefined) {
      const f = Math.min(1, Math.max(0, state.fraction));
      const full = Math.round(f * BAR);
      bar = `[${ec.cyan('█'.repeat(full))}${ec.dim('░'.repeat(BAR - full))}] ${String(Math.floor(f * 100)).padStart(3)}%  `;
    } else {
      const spin = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[state.pages % 10];
      bar = `${ec.cyan(spin!)} `;
    }
    this.#out.errWrite(`\r\x1b[K${this.#label}  ${bar}${state.rows.toLocaleString('en-US')} rows  ${state.pages} pages  ${ec.dim(`${secs} s`)}`);
  }

  /** Clears the bar; the caller prints the summary. */
  clear(): void {
    if (this.#drawn && this.#out.errIsTTY) this.#out.errWrite('\r\x1b[K');
    this.#drawn = false;
  }
}
