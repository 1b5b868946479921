/**
 * The CSV file and its sidecar state (`<out>.state.json`), committed page by page so an export
 * killed at any instant resumes with every row exactly once:
 *
 *   1. the page's rows are appended and fsynced;
 *   2. then the state (next cursor, row count, file length) is replaced atomically.
 *
 * On resume the file is cut back to the length the state recorded, which drops a page whose rows
 * were written but whose state was not; that page is then fetched again from the same cursor.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';

export interface ExportState<Position> {
  version: 1;
  kind: string;
  /** The flags as typed, which a resume must repeat, and what they resolved to the first time. */
  args: Record<string, string | null>;
  resolved: Record<string, string | number | null>;
  /** Where the next page starts; null when the first page is next. */
  position: Position | null;
  rows: number;
  pages: number;
  /** File length after the last committed page. */
  bytes: number;
  /** The last page is in: only the clean-up is left. */
  done: boolean;
  updated_at: string;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

export class CsvSink<Position> {
  readonly path: string;
  readonly statePath: string;
  #fd: number | undefined;
  #state: ExportState<Position>;

  private constructor(path: string, fd: number, state: ExportState<Position>) {
    this.path = path;
    this.statePath = stateFileOf(path);
    this.#fd = fd;
    this.#state = state;
  }

  get state(): Readonly<ExportState<Position>> {
    return this.#state;
  }

  /**
   * Opens a new export (writing the header) or resumes the one the state file describes. A state
   * file for different flags, or an existing file without one, is refused rather than mixed in.
   */
  static open<P>(path: string, init: Omit<ExportState<P>, 'version' | 'position' | 'rows' | 'pages' | 'bytes' | 'done' | 'updated_at'>, header: string[], fresh: boolean): { sink: CsvSink<P>; resumed: boolean } {
    const statePath = stateFileOf(path);
    if (fresh) {
      rmSync(statePath, { force: true });
      rmSync(path, { force: true });
    }
    const previous = readState<P>(statePath);
    if (previous) {
      if (previous.kind !== init.kind || JSON.stringify(previous.args) !== JSON.stringify(init.args)) {
        const was = Object.entries(previous.args).filter(([, v]) => v !== null).map(([k, v]) => `--${k} ${v}`).join(' ');
        throw new UsageError(
          `${path} is a partial ${previous.kind} export made with other flags (${was || 'none'})`,
          'repeat those flags to resume it, or pass --fresh to start over',
        );
      }
      if (!existsSync(path) || statSync(path).size < previous.bytes) {
        throw new UsageError(`${path} is shorter than its state file says (${previous.bytes} bytes); it was changed since`, 'pass --fresh to start over');
      }
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, previous.bytes);
      return { sink: new CsvSink(path, fd, previous), resumed: true };
    }
    if (existsSync(path) && statSync(path).size > 0) {
      throw new UsageError(`${path} already exists`, 'pass --fresh to overwrite it, or choose another --out');
    }
    const fd = openSync(path, 'w+');
    const head = csvLine(header);
    writeSync(fd, head, 0);
    fsyncSync(fd);
    const state: ExportState<P> = {
      version: 1,
      ...init,
      position: null,
      rows: 0,
      pages: 0,
      bytes: Buffer.byteLength(head),
      done: false,
      updated_at: new Date().toISOString(),
    };
    const sink = new CsvSink<P>(path, fd, state);
    sink.#saveState();
    return { sink, resumed: false };
  }

  /** Appends one page and moves the resume point past it, in that order. */
  commit(rows: unknown[][], next: Position | null, done: boolean): void {
    const fd = this.#fd;
    if (fd === undefined) throw new Error('export file is closed');
    const text = rows.map(csvLine).join('');
    const bytes = Buffer.byteLength(text);
    if (bytes) writeSync(fd, text, this.#state.bytes);
    fsyncSync(fd);
    this.#state = {
      ...this.#state,
      position: next,
      rows: this.#state.rows + rows.length,
      pages: this.#state.pages + 1,
      bytes: this.#state.bytes + bytes,
      done,
      updated_at: new Date().toISOString(),
    };
    this.#saveState();
  }

  /** The export is whole: the state file goes, the CSV stays. */
  finish(): void {
    this.close();
    rmSync(this.statePath, { force: true });
  }

  close(): void {
    if (this.#fd === undefined) return;
    // A resumed file may have been longer than the committed part; never leave a torn page behind.
    if (fstatSync(this.#fd).size > this.#state.bytes) ftruncateSync(this.#fd, this.#state.bytes);
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #saveState(): void {
    const tmp = `${this.statePath}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.#state, null, 2)}\n`);
    renameSync(tmp, this.statePath);
  }
}

export function stateFileOf(path: string): string {
  return `${path}.state.json`;
}

function readState<P>(path: string): ExportState<P> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as ExportState<P>;
    if (state.version !== 1 || typeof state.bytes !== 'number') throw new Error('unknown layout');
    return state;
  } catch {
    throw new UsageError(`the export state file ${path} is unreadable`, 'pass --fresh to start over');
  }
}
