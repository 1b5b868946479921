/**
 * Errors raised by the streaming client. All are KalshiErrors, so one `instanceof` catches REST and
 * socket failures alike; each names what happened and, where there is one, what to do about it.
 */
import { KalshiError } from '../core/errors.js';
import { wsErrorCodes } from '../generated/catalog.js';

export class WebSocketError extends KalshiError {
  override name = 'WebSocketError';
}

/** The handshake or the socket failed. `status` is the HTTP status when the server refused the upgrade. */
export class WebSocketConnectionError extends WebSocketError {
  override name = 'WebSocketConnectionError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The command (or the client) was cancelled by close() or unsubscribe(); nothing more will happen to it. */
export class WebSocketClosedError extends WebSocketError {
  override name = 'WebSocketClosedError';
}

/** No reply to a command within `commandTimeoutMs` of writing it to the socket. */
export class WebSocketCommandTimeoutError extends WebSocketError {
  override name = 'WebSocketCommandTimeoutError';
  constructor(
    readonly command: string,
    readonly id: number,
    readonly timeoutMs: number,
  ) {
    super(
      `Kalshi did not answer the ${command} command (id ${id}) within ${timeoutMs} ms; ` +
        'the connection may be congested: retry, or raise commandTimeoutMs.',
    );
  }
}

const CODE_NAMES: ReadonlyMap<number, string> = new Map(wsErrorCodes.map((e) => [e.code, e.name]));

/** Codes after which the server has ended the subscription and it must be made again. */
export const TERMINAL_ERROR_CODES: ReadonlySet<number> = new Set([10, 25]);

/** An `error` frame from Kalshi, delivered to the command or subscription it belongs to. */
export class WebSocketServerError extends WebSocketError {
  override name = 'WebSocketServerError';
  /** The spec's name for the code, e.g. "Unknown subscription ID"; "Unknown error code" for codes it lacks. */
  readonly codeName: string;
  readonly terminal: boolean;
  constructor(
    readonly code: number,
    readonly serverMessage: string,
    readonly id?: number,
    readonly sid?: number,
    readonly command?: string,
  ) {
    const codeName = CODE_NAMES.get(code) ?? 'Unknown error code';
    const where = [command && `command ${command}`, id !== undefined && `id ${id}`, sid !== undefined && `sid ${sid}`]
      .filter(Boolean)
      .join(', ');
    super(`Kalshi WebSocket error ${code} (${codeName})${where ? ` for ${where}` : ''}: ${serverMessage}`);
    this.codeName = codeName;
    this.terminal = TERMINAL_ERROR_CODES.has(code);
  }
}

/** A frame that was not JSON, or (with `validate`) did not match the spec's schema. Never delivered. */
export class WebSocketFrameError extends WebSocketError {
  override name = 'WebSocketFrameError';
  constructor(
    message: string,
    /** The frame exactly as received, so it can be logged or reported. */
    readonly raw: string,
    readonly sid?: number,
  ) {
    super(message);
  }
}

/**
 * One try at backfilling fills or orders over REST after a reconnect failed. The client tries again
 * after a backoff until it succeeds or the subscription ends; live items wait behind it meanwhile.
 */
export class WebSocketBackfillError extends WebSocketError {
  override name = 'WebSocketBackfillError';
}
