/**
 * Command ids and replies. Each command gets the next integer id and waits in a map until a frame
 * with that id answers it, an error frame rejects it, its timer runs out, or its socket dies.
 * Callbacks are synchronous on purpose: a `subscribed` reply and the first data frame can arrive in
 * the same network read, and the sid must be known before that data frame is routed.
 */
import { WebSocketCommandTimeoutError, WebSocketError, WebSocketServerError } from './errors.js';

/** The envelope fields every server frame may carry. */
export interface Frame {
  type?: unknown;
  id?: unknown;
  sid?: unknown;
  seq?: unknown;
  msg?: unknown;
}

export interface CommandHandlers {
  onReply(frame: Frame): void;
  onFail(error: WebSocketError): void;
}

/** The socket carrying a command died before its reply; the caller decides whether to send it again. */
export class ConnectionLostError extends WebSocketError {
  override name = 'ConnectionLostError';
}

interface InFlight {
  cmd: string;
  timer: ReturnType<typeof setTimeout>;
  handlers: CommandHandlers;
}

export class CommandTracker {
  #nextId = 1;
  readonly #inflight = new Map<number, InFlight>();
  readonly #write: (text: string) => boolean;
  readonly #timeoutMs: number;

  constructor(write: (text: string) => boolean, timeoutMs: number) {
    this.#write = write;
    this.#timeoutMs = timeoutMs;
  }

  /** Writes the command now and returns its id, or undefined (handlers untouched) when no socket is open. */
  send(cmd: string, params: object | undefined, handlers: CommandHandlers): number | undefined {
    const id = this.#nextId;
    const text = JSON.stringify(params === undefined ? { id, cmd } : { id, cmd, params });
    if (!this.#write(text)) return undefined;
    this.#nextId++;
    // The deadline starts when the command is on the wire: waiting for a connection is not a timeout.
    const timer = setTimeout(() => {
      this.#inflight.delete(id);
      handlers.onFail(new WebSocketCommandTimeoutError(cmd, id, this.#timeoutMs));
    }, this.#timeoutMs);
    this.#inflight.set(id, { cmd, timer, handlers });
    return id;
  }

  commandOf(id: number): string | undefined {
    return this.#inflight.get(id)?.cmd;
  }

  /** Routes a frame carrying an id to its command; false when no command waits for that id. */
  settle(frame: Frame): boolean {
    const id = frame.id;
    if (typeof id !== 'number') return false;
    const entry = this.#inflight.get(id);
    if (!entry) return false;
    this.#inflight.delete(id);
    clearTimeout(entry.timer);
    if (frame.type === 'error') entry.handlers.onFail(serverError(frame, entry.cmd));
    else entry.handlers.onReply(frame);
    return true;
  }

  /** Fails every command waiting for a reply (socket lost or client closed). */
  failAll(error: WebSocketError): void {
    const entries = [...this.#inflight.values()];
    this.#inflight.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.handlers.onFail(error);
    }
  }
}

export function serverError(frame: Frame, command?: string): WebSocketServerError {
  const body = (frame.msg ?? {}) as { code?: unknown; msg?: unknown };
  return new WebSocketServerError(
    typeof body.code === 'number' ? body.code : 0,
    typeof body.msg === 'string' ? body.msg : '(no message)',
    typeof frame.id === 'number' ? frame.id : undefined,
    typeof frame.sid === 'number' ? frame.sid : undefined,
    command,
  );
}
