/**
 * The only place the CLI writes to the terminal. Commands get an Output and never touch
 * process.stdout / process.stderr (or console) directly, so tests and the error path see
 * everything that was printed, and colour is decided once.
 */
import picocolors from 'picocolors';

export type Colors = ReturnType<typeof picocolors.createColors>;

export interface OutputOptions {
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** false forces colour off (--no-color); undefined decides from the terminal and NO_COLOR / FORCE_COLOR. */
  color?: boolean;
  env?: NodeJS.ProcessEnv;
}

function colorWanted(stream: NodeJS.WriteStream, flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export class Output {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Colours for text going to stdout. */
  readonly c: Colors;
  /** Colours for text going to stderr. */
  readonly ec: Colors;

  constructor(options: OutputOptions = {}) {
    const env = options.env ?? process.env;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.c = picocolors.createColors(colorWanted(this.stdout, options.color, env));
    this.ec = picocolors.createColors(colorWanted(this.stderr, options.color, env));
  }

  get isTTY(): boolean {
    return this.stdout.isTTY === true;
  }

  get errIsTTY(): boolean {
    return this.stderr.isTTY === true;
  }

  /** Terminal width for tables; generous when stdout is a pipe so nothing is cut for scripts. */
  get columns(): number {
    return this.isTTY ? (this.stdout.columns ?? 100) : 200;
  }

  get rows(): number {
    return this.stdout.rows ?? 40;
  }

  /** Raw text to stdout, no newline added. */
  write(text: string): void {
    this.stdout.write(text);
  }

  /** One line (or several joined) to stdout. */
  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** One JSON document, pretty when a person is looking, compact in a pipe. */
  json(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, this.isTTY ? 2 : undefined)}\n`);
  }

  /** One compact JSON value per line. */
  jsonl(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Diagnostics, progress and prompts: stderr, so stdout stays clean for pipes. */
  info(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Raw text to stderr, no newline added (progress bars, prompts). */
  errWrite(text: string): void {
    this.stderr.write(text);
  }

  warn(text: string): void {
    this.stderr.write(`${this.ec.yellow('warning:')} ${text}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.ec.red('error:')} ${text}\n`);
  }
}
