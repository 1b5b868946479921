/**
 * One logical connection that outlives its sockets: every (re)connect signs a fresh handshake, a
 * watchdog declares the socket dead after a silence, and a dead or dropped socket is replaced after a
 * jittered exponential backoff. What travels over the socket is the caller's business (see client.ts).
 */
import type { Logger } from '../core/logger.js';
import { authHeaders, type RequestSigner } from '../internal/auth/signer.js';
import type { CorrectedClock } from '../internal/clock-offset.js';
import { WebSocketConnectionError, type WebSocketError } from './errors.js';
import type { CloseInfo, ReconnectOptions } from './types.js';

/** The part of `ws`'s WebSocket the client uses; another implementation can be injected for tests or proxies. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string, cb?: (err?: Error) => void): void;
  ping(data?: unknown, mask?: boolean, cb?: (err: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'open', listener: () => void): this;
  /** `ws` delivers Buffers; an injected implementation may hand over the frame's text directly. */
  on(event: 'message', listener: (data: string | Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'ping' | 'pong', listener: (data: Buffer) => void): this;
  /** `ws` hands over a refused handshake's HTTP response here; an implementation without it is fine. */
  on(event: 'unexpected-response', listener: (request: unknown, response: HandshakeResponse) => void): this;
}

/** What the client reads of a refused handshake's HTTP response. */
export interface HandshakeResponse {
  statusCode?: number | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export type WebSocketConstructor = new (
  url: string,
  options: { headers: Record<string, string>; handshakeTimeout?: number },
) => WebSocketLike;

const OPEN = 1;

export interface ConnectionConfig {
  url: string;
  signer: RequestSigner | undefined;
  /** Signs handshakes only; silences are timed on the monotonic clock, which no skew fix moves. */
  clock: CorrectedClock;
  WebSocket: WebSocketConstructor;
  heartbeatTimeoutMs: number;
  handshakeTimeoutMs: number;
  reconnect: Required<ReconnectOptions>;
  logger: Logger;
}

export interface ConnectionHooks {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(info: CloseInfo): void;
  onError(error: WebSocketError): void;
  onReconnecting(attempt: number, delayMs: number): void;
  /** The first handshake was refused (HTTP 4xx): retrying with the same credentials cannot help. */
  onFatal(error: WebSocketConnectionError): void;
}

export function backoffDelay(attempt: number, options: Required<ReconnectOptions>, random = Math.random): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - options.jitter * random()));
}

export class Connection {
  readonly #config: ConnectionConfig;
  readonly #hooks: ConnectionHooks;
  readonly #path: string;
  #socket: WebSocketLike | undefined;
  #stopped = true;
  #everOpened = false;
  #attempt = 0;
  #stable = false;
  #lastError: Error | undefined;
  /** Status and Date header of the handshake the server just refused, when the socket exposed them. */
  #refusal: { status: number | undefined; date: string | undefined } | undefined;
  /** The clock offset the current handshake was signed with. */
  #signedOffsetMs = 0;
  /** Whether the current handshake is already the one retry a 401 explained by the clock gets. */
  #skewRetried = false;
  /** performance.now() of the last frame, ping or pong. */
  #lastActivity = 0;
  #stampedThisTurn = false;
  readonly #endTurn = () => {
    this.#stampedThisTurn = false;
  };
  #pinged = false;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed: (() => void) | undefined;

  constructor(config: ConnectionConfig, hooks: ConnectionHooks) {
    this.#config = config;
    this.#hooks = hooks;
    this.#path = new URL(config.url).pathname;
    if (!config.signer) config.logger.warn('no Kalshi credentials: the WebSocket handshake is sent unsigned and will be refused by Kalshi');
  }

  get isOpen(): boolean {
    return this.#socket?.readyState === OPEN;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  /** Writes a text frame; false when no socket is open (the caller keeps the message for later). */
  send(text: string): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(text, (err) => {
      if (err) this.#config.logger.warn('WebSocket send failed', { error: err.message });
    });
    return true;
  }

  /** Closes the socket and cancels every timer; resolves once the socket has closed. */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#watchdog);
    this.#retryTimer = this.#watchdog = undefined;
    const socket = this.#socket;
    if (!socket || socket.readyState > OPEN) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // A peer that never completes the closing handshake must not keep us (or the process) waiting.
      const force = setTimeout(() => socket.terminate(), 1_000);
      this.#closed = () => {
        clearTimeout(force);
        resolve();
      };
      socket.close(1000, 'client closed');
    });
  }

  #open(skewRetry = false): void {
    const { url, signer, clock, logger } = this.#config;
    this.#skewRetried = skewRetry;
    // Signed per attempt: a timestamp reused on a reconnect would be stale.
    this.#signedOffsetMs = clock.offsetMs;
    const headers = signer ? authHeaders(signer, 'GET', this.#path, clock.now()) : {};
    let socket: WebSocketLike;
    try {
      socket = new this.#config.WebSocket(url, { headers, handshakeTimeout: this.#config.handshakeTimeoutMs });
    } catch (error) {
      this.#lastError = error as Error;
      this.#afterClose(1006, '');
      return;
    }
    this.#socket = socket;
    this.#lastError = undefined;
    this.#refusal = undefined;
    // Listening takes over `ws`'s own abort of a refused handshake, so the socket is ended here.
    socket.on('unexpected-response', (_request, response) => {
      if (socket !== this.#socket) return;
      this.#refusal = { status: response.statusCode, date: headerOf(response.headers.date) };
      socket.terminate();
    });
    socket.on('open', () => {
      if (socket !== this.#socket) return;
      this.#everOpened = true;
      this.#stable = false;
      this.#touch();
      this.#armWatchdog(this.#config.heartbeatTimeoutMs / 2);
      logger.debug('WebSocket open', { url });
      this.#hooks.onOpen();
    });
    // Kalshi sends text frames only; a binary one is decoded anyway so a bad one is reported, not lost.
    socket.on('message', (data) => {
      if (socket !== this.#socket) return;
      this.#touch();
      this.#hooks.onMessage(textOf(data));
    });
    socket.on('ping', () => socket === this.#socket && this.#touch());
    socket.on('pong', () => socket === this.#socket && this.#touch());
    socket.on('error', (err) => {
      if (socket === this.#socket) this.#lastError = err;
    });
    socket.on('close', (code, reason) => {
      if (socket !== this.#socket) return;
      this.#socket = undefined;
      this.#afterClose(code, reason.toString('utf8'));
    });
  }

  #afterClose(code: number, reason: string): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    if (this.#closed) {
      this.#closed();
      this.#closed = undefined;
    }
    const error = this.#lastError;
    const status = this.#refusal?.status ?? statusOf(error);
    if (this.#stopped) {
      this.#hooks.onClose({ code, reason, willReconnect: false });
      return;
    }
    if (status === 401 && this.#skewExplains(this.#refusal?.date)) {
      this.#hooks.onClose({ code, reason, willReconnect: true });
      if (!this.#stopped) this.#open(true);
      return;
    }
    if (error || status !== undefined) {
      const message = status
        ? `Kalshi refused the WebSocket handshake with HTTP ${status}` +
          (status === 401
            ? ': check the API key id, the private key and the clock.'
            : status < 400
              ? ': redirects are not followed, so the signed handshake never reaches another host; check the url.'
              : '.')
        : `WebSocket connection failed: ${error?.message ?? 'the socket closed'}`;
      const wrapped = new WebSocketConnectionError(message, status, { cause: error });
      // A redirect or a 4xx answers the same credentials the same way: retrying cannot help.
      if (!this.#everOpened && status !== undefined && status >= 300 && status < 500) {
        this.#stopped = true;
        this.#hooks.onClose({ code, reason, willReconnect: false });
        this.#hooks.onFatal(wrapped);
        return;
      }
      this.#hooks.onError(wrapped);
    }
    this.#hooks.onClose({ code, reason, willReconnect: true });
    if (this.#stopped) return;
    const attempt = ++this.#attempt;
    const delay = backoffDelay(attempt - 1, this.#config.reconnect);
    this.#hooks.onReconnecting(attempt, delay);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#stopped) this.#open();
    }, delay);
  }

  /**
   * Whether a refused handshake is the clock's fault, as the REST pipeline judges a 401: the Date
   * header shows a skew past the threshold (the shared offset is moved), or another holder of the
   * clock moved the offset after this handshake was signed. Either way one more try is worth it.
   */
  #skewExplains(date: string | undefined): boolean {
    const { clock, logger } = this.#config;
    const skew = clock.observeServerDate(date);
    if (skew !== undefined) {
      logger.warn('kalshi clock skew', {
        operation: 'WebSocket handshake',
        skewMs: skew,
        offsetMs: clock.offsetMs,
        fix: 'the local clock disagrees with Kalshi; signing with a corrected timestamp (sync the clock, e.g. with NTP)',
      });
    }
    return !this.#skewRetried && clock.offsetMs !== this.#signedOffsetMs;
  }

  #touch(): void {
    // The frames of one network read are handled in one synchronous turn, so one clock read serves
    // them all: no timer (the watchdog included) can run before the turn ends.
    if (!this.#stampedThisTurn) {
      this.#stampedThisTurn = true;
      this.#lastActivity = performance.now();
      queueMicrotask(this.#endTurn);
    }
    this.#pinged = false;
    // Traffic after an open proves the server is serving us, so the next failure starts the backoff afresh.
    if (!this.#stable) {
      this.#stable = true;
      this.#attempt = 0;
    }
  }

  #armWatchdog(delayMs: number): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = setTimeout(() => this.#checkHeartbeat(), Math.max(1, delayMs));
  }

  // One timer re-armed at expiry instead of one per frame: busy sockets cost nothing extra.
  #checkHeartbeat(): void {
    const socket = this.#socket;
    if (!socket || this.#stopped) return;
    const timeout = this.#config.heartbeatTimeoutMs;
    const idle = performance.now() - this.#lastActivity;
    if (idle >= timeout) {
      this.#hooks.onError(new WebSocketConnectionError(`no ping, pong or frame from Kalshi for ${Math.round(idle)} ms; reconnecting`));
      this.#watchdog = undefined;
      socket.terminate();
      return;
    }
    // Halfway through a silence, ask for a pong: a live server answers, a dead one stays quiet.
    if (idle >= timeout / 2 && !this.#pinged && socket.readyState === OPEN) {
      this.#pinged = true;
      socket.ping();
    }
    this.#armWatchdog(idle < timeout / 2 ? timeout / 2 - idle : timeout - idle);
  }
}

function textOf(data: string | Buffer | ArrayBuffer | Buffer[]): string {
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** For WebSocket implementations that report a refused handshake only in their error message. */
function statusOf(error: Error | undefined): number | undefined {
  const match = error?.message.match(/Unexpected server response: (\d{3})/);
  return match ? Number(match[1]) : undefined;
}
