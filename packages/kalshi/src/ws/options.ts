/** Resolves KalshiWS options the way the REST client does, including the same environment variables. */
import { WebSocket } from 'ws';
import { ENVIRONMENTS } from '../core/environments.js';
import { KalshiError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { RequestSigner } from '../internal/auth/signer.js';
import { loadSigner, resolveEnvironment } from '../internal/credentials.js';
import { readEnv } from '../internal/env.js';
import { ClockOffset, isCorrectedClock, type CorrectedClock } from '../internal/clock-offset.js';
import { systemClock } from '../internal/rate-limiter.js';
import type { WebSocketConstructor } from './socket.js';
import type { BackfillSource, KalshiWSOptions, ReconnectOptions } from './types.js';

export interface ResolvedOptions {
  url: string;
  signer: RequestSigner | undefined;
  logger: Logger;
  clock: CorrectedClock;
  WebSocket: WebSocketConstructor;
  heartbeatTimeoutMs: number;
  commandTimeoutMs: number;
  reconnect: Required<ReconnectOptions>;
  rest: BackfillSource | undefined;
  validate: boolean;
  highWaterMark: number;
}

export function resolveOptions(options: KalshiWSOptions): ResolvedOptions {
  const reconnect = {
    initialDelayMs: positive('reconnect.initialDelayMs', options.reconnect?.initialDelayMs ?? 500),
    maxDelayMs: positive('reconnect.maxDelayMs', options.reconnect?.maxDelayMs ?? 30_000),
    jitter: options.reconnect?.jitter ?? 0.5,
  };
  if (!(reconnect.jitter >= 0 && reconnect.jitter <= 1)) throw new KalshiError('reconnect.jitter must be between 0 and 1');
  return {
    url: resolveUrl(options),
    signer: options.signer ?? loadSigner(options),
    logger: options.logger ?? silentLogger,
    clock: signingClock(options),
    WebSocket: options.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    heartbeatTimeoutMs: positive('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? 30_000),
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs ?? 10_000),
    reconnect,
    rest: options.rest,
    validate: options.validate ?? false,
    highWaterMark: positive('highWaterMark', options.highWaterMark ?? 10_000),
  };
}

/** http(s)://host/trade-api/v2 → ws(s)://host/trade-api/ws/v2, the layout every Kalshi host uses. */
export function wsUrlFromRestBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new KalshiError(`KALSHI_BASE_URL ${JSON.stringify(base)} is not a URL`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !path.endsWith('/trade-api/v2')) {
    throw new KalshiError(
      `cannot derive a WebSocket URL from ${JSON.stringify(base)} (expected http(s)://host/trade-api/v2): pass the url option`,
    );
  }
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${path.slice(0, -'/trade-api/v2'.length)}/trade-api/ws/v2`;
  return url.toString();
}

function resolveUrl(options: KalshiWSOptions): string {
  if (options.url !== undefined) {
    const url = new URL(options.url);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new KalshiError(`url must be ws(s)://, got ${url.protocol}`);
    return url.toString();
  }
  const base = readEnv('KALSHI_BASE_URL');
  if (base !== undefined) return wsUrlFromRestBase(base);
  return ENVIRONMENTS[resolveEnvironment(options.environment)].ws;
}

/**
 * A Kalshi client's clock carries its skew correction, which is then shared both ways: a fix found by
 * either client signs the other's next request. Any other clock gets a correction of its own.
 */
function signingClock(options: KalshiWSOptions): CorrectedClock {
  const clock = options.clock ?? systemClock;
  // An infinite threshold: no Date header ever moves this clock.
  if (options.clockSkewCorrection === false) return new ClockOffset(Number.POSITIVE_INFINITY).corrected(clock);
  return isCorrectedClock(clock) ? clock : new ClockOffset().corrected(clock);
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new KalshiError(`${name} must be a positive number, got ${value}`);
  return value;
}
