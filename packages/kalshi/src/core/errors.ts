/**
 * Error taxonomy. Everything the SDK throws is a KalshiError; HTTP failures are APIError
 * subclasses picked by status (and, where Kalshi sends a known code, by that code).
 * Messages never include key material: the signer keeps keys out of every error it raises.
 */

export type Headers = Record<string, string>;

export class KalshiError extends Error {
  override name = 'KalshiError';
}

/** Input the SDK refused before sending: names the field and what was wrong with it. */
export class ValidationError extends KalshiError {
  override name = 'ValidationError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Raised while loading or using a private key. Never carries the key or its passphrase. */
export class KeyError extends KalshiError {
  override name = 'KeyError';
}

/** A list endpoint handed back a cursor it had already returned: following it would loop forever. */
export class PaginationError extends KalshiError {
  override name = 'PaginationError';
}

/** The client-side rate limiter could never admit the request (for example a batch larger than the bucket). */
export class RateLimitCostError extends KalshiError {
  override name = 'RateLimitCostError';
}

export interface APIErrorInit {
  status: number | undefined;
  code?: string | undefined;
  message: string;
  details?: string | undefined;
  headers?: Headers | undefined;
  body?: unknown;
  requestId?: string | undefined;
  /** The client_order_id the SDK sent with an order create, so a caller can look the order up. */
  clientOrderId?: string | undefined;
  method?: string | undefined;
  path?: string | undefined;
  /** See APIError.outcomeUnknown. */
  outcomeUnknown?: boolean | undefined;
}

export class APIError extends KalshiError {
  override name = 'APIError';
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly details: string | undefined;
  readonly headers: Headers;
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly clientOrderId: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  /**
   * True when this write may have been carried out although the call ends in this error: this or
   * an earlier attempt of it was cut off, timed out or met a 5xx after reaching the exchange. Look
   * it up (an order by `clientOrderId`) before deciding to send it again. Always false for reads.
   */
  outcomeUnknown: boolean;

  constructor(init: APIErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.headers = init.headers ?? {};
    this.body = init.body;
    this.requestId = init.requestId;
    this.clientOrderId = init.clientOrderId;
    this.method = init.method;
    this.path = init.path;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** No HTTP response at all: DNS, refused connection, reset socket. */
export class APIConnectionError extends APIError {
  override name = 'APIConnectionError';
}
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}
/** The caller's AbortSignal fired. Never retried. */
export class APIUserAbortError extends APIError {
  override name = 'APIUserAbortError';
}

// Domain errors: Kalshi error codes that callers commonly branch on.
export class InsufficientBalanceError extends BadRequestError {
  override name = 'InsufficientBalanceError';
}
export class MarketClosedError extends BadRequestError {
  override name = 'MarketClosedError';
}
export class OrderNotFoundError extends NotFoundError {
  override name = 'OrderNotFoundError';
}
