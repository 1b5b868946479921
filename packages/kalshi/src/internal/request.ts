import { makeAPIError } from '../core/error-factory.js';
import { APIConnectionError, APIError, APITimeoutError, APIUserAbortError, KalshiError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { OperationSpec } from '../generated/catalog-types.js';
import { authHeaders, authHeadersAsync, type RequestSigner } from './auth/signer.js';
import type { ClockOffset } from './clock-offset.js';
import { queryString, type QueryValue } from './path.js';
import type { Clock, RateLimiter } from './rate-limiter.js';
import { backoffMs, RETRYABLE_STATUS, retryAfterMs } from './retry.js';
import { TransportTimeout, type HttpResponse, type Transport } from './transport.js';

const MAX_SKEW_RETRIES = 3;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. */
  timeout?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  operation: OperationSpec;
  /** Already encoded, relative to the API base, without the query. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  /** Set for writes that are safe to repeat (order creates carrying a client_order_id). */
  idempotent?: boolean;
  /** Items billed for per-item operations (batch creates and cancels). */
  items?: number;
  clientOrderId?: string | undefined;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
}

export interface PipelineConfig {
  baseURL: string;
  transport: Transport;
  signer: RequestSigner | undefined;
  limiter: RateLimiter | undefined;
  logger: Logger;
  clock: Clock;
  /** Skew correction of signing timestamps (undefined: sign with the local clock as it is). */
  clockOffset?: ClockOffset | undefined;
  timeout: number;
  maxRetries: number;
  defaultHeaders: Record<string, string>;
  random?: () => number;
}

const DEFAULT_COST = 10;

export class RequestPipeline {
  readonly #config: PipelineConfig;
  /** Path prefix of the base URL (`/trade-api/v2`), which Kalshi includes in what is signed. */
  readonly #basePath: string;
  /** Whether per-request debug lines are wanted: building them costs an object per request. */
  readonly #debug: boolean;
  /** Requests under way; with more than one, signing moves off the event loop. */
  #inFlight = 0;
  /** Fired by close(): requests waiting to retry stop waiting instead of outliving the client. */
  readonly #closing = new AbortController();
  /**
   * Retry waits under way, ended by close() directly: a listener each on #closing would make Node
   * warn of a leak once more than 10 requests of one client wait at once (a burst into a 429).
   */
  readonly #waits = new Set<AbortController>();

  constructor(config: PipelineConfig) {
    this.#config = config;
    this.#basePath = new URL(config.baseURL).pathname.replace(/\/$/, '');
    this.#debug = config.logger !== silentLogger;
  }

  /** Ends every wait for a retry at once; later attempts are refused. */
  close(): void {
    this.#closing.abort();
    for (const wait of this.#waits) wait.abort();
  }

  async send<T>(request: ApiRequest, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    this.#inFlight++;
    try {
      return await this.#send<T>(request, options);
    } finally {
      this.#inFlight--;
    }
  }

  async #send<T>(request: ApiRequest, options: RequestOptions): Promise<ApiResponse<T>> {
    const { operation } = request;
    const config = this.#config;
    if (operation.auth && !config.signer) {
      throw new KalshiError(
        `${operation.id} needs an API key: pass apiKeyId and privateKey (or set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH)`,
      );
    }
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const canRetry = operation.method === 'GET' || operation.method === 'DELETE' || request.idempotent === true;
    const url = config.baseURL + request.path + queryString(request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const cost = (operation.cost?.tokens ?? DEFAULT_COST) * (operation.cost?.perItem ? Math.max(1, request.items ?? 1) : 1);

    // A write whose attempt was cut off or met a 5xx may have been carried out: once so, any final
    // error says so, whatever later attempts answered.
    let uncertain = false;
    let skewRetries = 0;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw withOutcome(this.#abortError(request), request, uncertain);
      if (this.#closing.signal.aborted) throw this.#closedError(request);
      if (config.limiter) await config.limiter.acquire(operation.bucket, cost, options.signal);
      const started = this.#debug ? config.clock.now() : 0;
      const signedOffset = config.clockOffset?.offsetMs ?? 0;
      let response: HttpResponse;
      try {
        response = await this.#attempt(request, url, body, options);
      } catch (error) {
        const failure = this.#transportError(error, request, options);
        uncertain = true;
        if (failure instanceof APIUserAbortError || !canRetry || attempt >= maxRetries || this.#closing.signal.aborted) throw withOutcome(failure, request, uncertain);
        await this.#wait(backoffMs(attempt, config.random), request, attempt, failure.message, options.signal).catch((e: KalshiError) => {
          throw withOutcome(e, request, uncertain);
        });
        continue;
      }
      if (this.#debug) {
        config.logger.debug('kalshi request', {
          method: operation.method, path: request.path, status: response.status, attempt, ms: config.clock.now() - started,
        });
      }
      if (response.status >= 200 && response.status < 300) {
        return { data: this.#parse<T>(response, request), status: response.status, headers: response.headers };
      }
      // A 401 means nothing ran, so even a POST may go again, if the clock was the reason: each time
      // the signing clock was corrected after this attempt was signed (the server's clock may jump
      // again while a retry is on the wire), a few times at most, so no clock dispute loops forever.
      if (response.status === 401 && config.signer && skewRetries < MAX_SKEW_RETRIES && this.#skewed(response, request, signedOffset)) {
        skewRetries++;
        attempt--;
        continue;
      }
      const error = makeAPIError({
        status: response.status, headers: response.headers, rawBody: response.body,
        method: operation.method, path: request.path, clientOrderId: request.clientOrderId,
      });
      if (response.status >= 500) uncertain = true;
      if (!canRetry || attempt >= maxRetries || !RETRYABLE_STATUS(response.status)) throw withOutcome(error, request, uncertain);
      const wait = retryAfterMs(response.headers, Date.now()) ?? backoffMs(attempt, config.random);
      await this.#wait(wait, request, attempt, error.message, options.signal).catch((e: KalshiError) => {
        throw withOutcome(e, request, uncertain);
      });
    }
  }

  #attempt(request: ApiRequest, url: string, body: string | undefined, options: RequestOptions): Promise<HttpResponse> {
    const config = this.#config;
    // No Accept header: Kalshi answers JSON whatever it says, and each header costs undici ~3 us to
    // validate and write (about 10% of a loopback GET, measured against bare undici.request).
    const headers: Record<string, string> = { ...config.defaultHeaders, ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const send = () =>
      config.transport.send({
        method: request.operation.method, url, headers, body, signal: options.signal, timeoutMs: options.timeout ?? config.timeout,
      });
    // Signed afresh on every attempt: Kalshi refuses stale timestamps, and a retry may come seconds later.
    const signer = config.signer;
    if (!signer) return send();
    const signedPath = this.#basePath + request.path;
    const now = config.clock.now() + (config.clockOffset?.offsetMs ?? 0);
    // Alone, signing inline is cheapest; with others in flight, the thread pool signs on another
    // core while this one moves bytes (measured in bench/rows/http.ts).
    if (this.#inFlight > 1 && signer.signAsync) {
      return authHeadersAsync(signer, request.operation.method, signedPath, now).then((auth) => {
        Object.assign(headers, auth);
        return send();
      });
    }
    Object.assign(headers, authHeaders(signer, request.operation.method, signedPath, now));
    return send();
  }

  /**
   * Whether a 401 is explained by the clock: the Date header shows the local clock off by more than
   * the threshold (the offset is then corrected), or the request was signed before another request
   * corrected it.
   */
  #skewed(response: HttpResponse, request: ApiRequest, signedOffset: number): boolean {
    const offset = this.#config.clockOffset;
    if (!offset) return false;
    const skew = offset.observe(response.headers.date, this.#config.clock.now());
    if (skew !== undefined) {
      this.#config.logger.warn('kalshi clock skew', {
        path: request.path,
        skewMs: skew,
        offsetMs: offset.offsetMs,
        fix: 'the local clock disagrees with Kalshi; signing with a corrected timestamp (sync the clock, e.g. with NTP)',
      });
      return true;
    }
    return offset.offsetMs !== signedOffset;
  }

  #parse<T>(response: HttpResponse, request: ApiRequest): T {
    if (response.body === '') return undefined as T;
    try {
      return JSON.parse(response.body) as T;
    } catch (cause) {
      throw new APIError(
        { status: response.status, message: `${request.operation.method} ${request.path}: response is not valid JSON`, headers: response.headers, body: response.body },
        { cause },
      );
    }
  }

  #transportError(error: unknown, request: ApiRequest, options: RequestOptions): APIError {
    const where = `${request.operation.method} ${request.path}`;
    const base = { status: undefined, method: request.operation.method, path: request.path, clientOrderId: request.clientOrderId };
    if (options.signal?.aborted) return new APIUserAbortError({ ...base, message: `${where}: request was aborted` });
    if (error instanceof TransportTimeout) {
      const ms = options.timeout ?? this.#config.timeout;
      return new APITimeoutError({ ...base, message: `${where}: no response within ${ms} ms (raise the timeout option or check the network)` });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new APIConnectionError({ ...base, message: `${where}: connection failed: ${reason}` }, { cause: error });
  }

  #abortError(request: ApiRequest): APIUserAbortError {
    return new APIUserAbortError({
      status: undefined, method: request.operation.method, path: request.path, clientOrderId: request.clientOrderId,
      message: `${request.operation.method} ${request.path}: request was aborted`,
    });
  }

  #closedError(request: ApiRequest): KalshiError {
    return new KalshiError(`${request.operation.method} ${request.path}: the client was closed (create a new Kalshi to send more requests)`);
  }

  async #wait(ms: number, request: ApiRequest, attempt: number, reason: string, signal: AbortSignal | undefined) {
    this.#config.logger.warn('kalshi retry', { path: request.path, attempt: attempt + 1, waitMs: ms, reason });
    // One signal for the caller's abort and close(); built only here, as retries are the rare path.
    const stop = new AbortController();
    const onStop = () => stop.abort();
    if (signal?.aborted || this.#closing.signal.aborted) stop.abort();
    else signal?.addEventListener('abort', onStop, { once: true });
    this.#waits.add(stop);
    try {
      await this.#config.clock.sleep(ms, stop.signal);
    } catch {
      throw signal?.aborted ? this.#abortError(request) : this.#closedError(request);
    } finally {
      signal?.removeEventListener('abort', onStop);
      this.#waits.delete(stop);
    }
  }
}

/** The error a call ends in; when an attempt of a write may have been carried out, it says so, on the error and in its message. */
function withOutcome<E extends KalshiError>(error: E, request: ApiRequest, uncertain: boolean): E {
  if (!uncertain || request.operation.method === 'GET' || !(error instanceof APIError) || error.outcomeUnknown) return error;
  error.outcomeUnknown = true;
  const lookup = request.clientOrderId ? `look the order up by client_order_id ${request.clientOrderId}` : 'check its effect';
  error.message += ` (an attempt may have been carried out: ${lookup} before sending it again)`;
  return error;
}
