/**
 * A full-screen view that redraws in place (alternate screen, hidden cursor), with keys read in
 * raw mode, and a throttle so a burst of updates costs one redraw. Everything it changes on the
 * terminal is undone by close(), which is safe to call more than once.
 */
import type { Output } from './output.js';

const ESC = '\x1b[';

export interface ScreenOptions {
  /** Fewest milliseconds between two redraws. */
  intervalMs: number;
  input?: NodeJS.ReadStream;
}

export class LiveScreen {
  readonly #out: Output;
  readonly #input: NodeJS.ReadStream;
  readonly #intervalMs: number;
  readonly #tty: boolean;
  #render: () => string[] = () => [];
  #timer: NodeJS.Timeout | undefined;
  #last = 0;
  #open = false;
  #raw = false;
  #onKey: ((data: Buffer) => void) | undefined;
  #onResize: (() => void) | undefined;

  constructor(out: Output, options: ScreenOptions) {
    this.#out = out;
    this.#input = options.input ?? process.stdin;
    this.#tty = out.isTTY;
    // A pipe gets a plain frame at most once a second instead of escape codes.
    this.#intervalMs = this.#tty ? options.intervalMs : Math.max(options.intervalMs, 1000);
  }

  /** Takes over the terminal; `onQuit` runs on q, Q, Esc or Ctrl-C. */
  open(render: () => string[], onQuit: () => void): void {
    this.#render = render;
    this.#open = true;
    if (this.#tty) {
      this.#out.write(`${ESC}?1049h${ESC}?25l${ESC}H${ESC}2J`);
      this.#onResize = () => this.update(true);
      this.#out.stdout.on('resize', this.#onResize);
    }
    if (this.#input.isTTY) {
      this.#input.setRawMode(true);
      this.#raw = true;
    }
    this.#onKey = (data: Buffer) => {
      const key = data.toString('utf8');
      // Ctrl-C arrives as a byte in raw mode, not as SIGINT.
      if (key === 'q' || key === 'Q' || key === '\x03' || key === '\x1b' || key === '\x04') onQuit();
    };
    this.#input.on('data', this.#onKey);
    this.#input.resume();
    // A terminal shows the frame at once; a pipe gets its first frame once there is news.
    if (this.#tty) this.update(true);
  }

  /** Redraws now, or as soon as the throttle allows. */
  update(now = false): void {
    if (!this.#open) return;
    const wait = this.#last + this.#intervalMs - Date.now();
    if (now || wait <= 0) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#draw();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#draw();
    }, wait);
  }

  #draw(): void {
    this.#last = Date.now();
    const lines = this.#render();
    if (!this.#tty) {
      this.#out.line(`${lines.join('\n')}\n`);
      return;
    }
    const rows = this.#out.rows;
    const shown = lines.slice(0, Math.max(1, rows - 1));
    this.#out.write(`${ESC}H${shown.map((l) => `${l}${ESC}K`).join('\n')}\n${ESC}J`);
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onKey) this.#input.off('data', this.#onKey);
    if (this.#raw) this.#input.setRawMode(false);
    this.#input.pause();
    if (this.#tty) {
      if (this.#onResize) this.#out.stdout.off('resize', this.#onResize);
      this.#out.write(`${ESC}?25h${ESC}?1049l`);
    }
  }
}
