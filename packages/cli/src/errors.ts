/**
 * Every failure ends as one line on stderr with a hint, and an exit code per class of error, so
 * scripts can branch on `$?` without parsing text. The table is documented in the README.
 */
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  InsufficientBalanceError,
  KalshiError,
  KeyError,
  MarketClosedError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from 'kalshi-ts';
import { WebSocketConnectionError, WebSocketError, WebSocketServerError } from 'kalshi-ts/ws';

export const EXIT = {
  ok: 0,
  /** An unexpected error, or "no" at a confirmation prompt. */
  failure: 1,
  /** Bad command line, flags, input values or configuration. */
  usage: 2,
  /** No key, an unreadable key, or the exchange refused the key (401/403). */
  auth: 3,
  notFound: 4,
  /** The exchange refused the request (other 4xx): market closed, insufficient balance, bad order. */
  rejected: 5,
  rateLimited: 6,
  /** No answer, a timeout, or a 5xx. */
  unavailable: 7,
  /** Stopped with Ctrl-C before finishing (an export can be resumed). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI raises itself: its message is already what the user should read. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
    this.name = 'UsageError';
  }
}

/** Raised for a clean early stop (declined prompt, interrupted export) whose message is not an error. */
export class Stop extends CliError {
  constructor(message: string, exitCode: ExitCode) {
    super(message, exitCode);
    this.name = 'Stop';
  }
}

export interface Diagnosis {
  exitCode: ExitCode;
  message: string;
  hint: string | undefined;
}

const CLOCK_SKEW_MS = 5_000;

/** How far the local clock is from the server's, from the Date header of a response. */
export function clockSkewMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  const date = headers?.date;
  if (!date) return undefined;
  const server = Date.parse(date);
  return Number.isNaN(server) ? undefined : now - server;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The server's own words when it sent a Kalshi error body, else the SDK's message. */
function apiMessage(error: APIError): string {
  const body = error.body as { message?: unknown; error?: unknown } | undefined;
  const nested = body && typeof body === 'object' && typeof body.error === 'object' ? (body.error as { message?: unknown }) : body;
  const said =
    nested && typeof nested === 'object' && typeof nested.message === 'string'
      ? nested.message
      : typeof body?.error === 'string'
        ? body.error
        : undefined;
  if (said === undefined) return error.message;
  const where = error.method && error.path ? `${error.method} ${error.path}` : '';
  const status = error.status === undefined ? '' : `${error.status} `;
  return `${status}${where}: ${said}${error.code ? ` (${error.code})` : ''}`;
}

function authHint(error: APIError): string {
  const skew = clockSkewMs(error.headers);
  if (error.code === 'timestamp_out_of_window' || (skew !== undefined && Math.abs(skew) > CLOCK_SKEW_MS)) {
    const off = skew === undefined ? '' : ` (this machine is ${(Math.abs(skew) / 1000).toFixed(0)} s ${skew > 0 ? 'ahead of' : 'behind'} the exchange)`;
    return `clock skew${off}: sync the system clock (e.g. enable NTP) and retry`;
  }
  return 'check that the API key id matches the private key file (`kalshi keys check`), that the key was not deleted, and that this machine\'s clock is correct';
}

export function diagnose(error: unknown): Diagnosis {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: oneLine(error.message), hint: error.hint };
  if (error instanceof ValidationError) return { exitCode: EXIT.usage, message: oneLine(error.message), hint: undefined };
  if (error instanceof KeyError) {
    return {
      exitCode: EXIT.auth,
      message: oneLine(error.message),
      hint: 'KALSHI_API_KEY_ID / --api-key-id takes the key id (a UUID); KALSHI_PRIVATE_KEY_PATH / --private-key-path takes the key file Kalshi gave you',
    };
  }
  if (error instanceof APIError) {
    const message = oneLine(apiMessage(error));
    if (error instanceof AuthenticationError) return { exitCode: EXIT.auth, message, hint: authHint(error) };
    if (error instanceof PermissionDeniedError) {
      return { exitCode: EXIT.auth, message, hint: 'the key lacks the scope for this operation: create a key with read and write scopes' };
    }
    if (error instanceof NotFoundError) return { exitCode: EXIT.notFound, message, hint: 'check the ticker or id (`kalshi markets list` shows tickers)' };
    if (error instanceof MarketClosedError) {
      return { exitCode: EXIT.rejected, message, hint: 'the market is not open for trading: see its status with `kalshi markets get TICKER`' };
    }
    if (error instanceof InsufficientBalanceError) {
      return { exitCode: EXIT.rejected, message, hint: 'not enough available balance for this order: see `kalshi portfolio balance`' };
    }
    if (error instanceof RateLimitError) {
      return { exitCode: EXIT.rateLimited, message, hint: 'too many requests: wait a moment, or make fewer calls (the CLI already retried with backoff)' };
    }
    if (error instanceof APIConnectionError) {
      return { exitCode: EXIT.unavailable, message, hint: 'no answer from the exchange: check the network and the URL (--env, --base-url, KALSHI_BASE_URL)' };
    }
    if (error.status !== undefined && error.status >= 500) {
      return { exitCode: EXIT.unavailable, message, hint: 'the exchange failed to answer: retry later' };
    }
    if (error.status !== undefined && error.status >= 400) return { exitCode: EXIT.rejected, message, hint: 'the exchange refused the request as sent' };
    return { exitCode: EXIT.failure, message, hint: undefined };
  }
  if (error instanceof WebSocketConnectionError) {
    const message = oneLine(error.message);
    if (error.status === 401 || error.status === 403) {
      return { exitCode: EXIT.auth, message, hint: 'the WebSocket handshake was refused: check the API key id, the key file (`kalshi keys check`) and the clock' };
    }
    if (error.status === 404) return { exitCode: EXIT.notFound, message, hint: 'no WebSocket endpoint there: check --env / --base-url' };
    return { exitCode: EXIT.unavailable, message, hint: 'could not reach the WebSocket: check the network and --env / --base-url' };
  }
  if (error instanceof PaginationError) return { exitCode: EXIT.unavailable, message: oneLine(error.message), hint: 'the exchange answered inconsistently: retry later' };
  if (error instanceof WebSocketServerError) return { exitCode: EXIT.rejected, message: oneLine(error.message), hint: undefined };
  if (error instanceof WebSocketError) return { exitCode: EXIT.unavailable, message: oneLine(error.message), hint: undefined };
  if (error instanceof KalshiError) return { exitCode: EXIT.usage, message: oneLine(error.message), hint: undefined };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.failure, message: oneLine(message), hint: 'this looks like a bug in the CLI; rerun with --verbose and report it' };
}

/** The single line printed for a failure: `error: what happened (hint: what to do)`. */
export function errorLine(d: Diagnosis): string {
  return d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
}
