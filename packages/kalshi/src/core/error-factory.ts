import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InsufficientBalanceError,
  InternalServerError,
  MarketClosedError,
  NotFoundError,
  OrderNotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type APIErrorInit,
} from './errors.js';

type APIErrorClass = new (init: APIErrorInit, options?: { cause?: unknown }) => APIError;

// Kalshi codes callers branch on. Looked up before the status table so the most specific class wins.
const BY_CODE: Record<string, APIErrorClass> = {
  insufficient_balance: InsufficientBalanceError,
  insufficient_funds: InsufficientBalanceError,
  market_closed: MarketClosedError,
  market_not_open: MarketClosedError,
  market_not_active: MarketClosedError,
  trading_is_paused: MarketClosedError,
  exchange_closed: MarketClosedError,
  order_not_found: OrderNotFoundError,
};

const BY_STATUS: Record<number, APIErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: BadRequestError,
  429: RateLimitError,
};

interface ParsedBody {
  code?: string;
  message?: string;
  details?: string;
}

/**
 * Kalshi answers errors in two shapes: `{code, message, details}` (the spec's ErrorResponse,
 * sometimes nested under `error`) and `{"error": "too many requests"}` (the documented 429).
 */
export function parseErrorBody(body: unknown): ParsedBody {
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === 'string') return { message: nested };
  const source = nested && typeof nested === 'object' ? (nested as Record<string, unknown>) : record;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const parsed: ParsedBody = {};
  const code = str(source.code);
  const message = str(source.message) ?? str(source.msg);
  const details = str(source.details);
  if (code !== undefined) parsed.code = code;
  if (message !== undefined) parsed.message = message;
  if (details !== undefined) parsed.details = details;
  return parsed;
}

export interface ErrorContext {
  status: number;
  headers: Record<string, string>;
  rawBody: string;
  method: string;
  path: string;
  clientOrderId?: string | undefined;
}

const HINTS: Record<number, string> = {
  401: 'check the API key id, that the private key matches it, and that the machine clock is correct',
  403: 'the key lacks the scope or the account the permission for this operation',
  429: 'the rate limit was exceeded; lower the request rate or raise the client rateLimit tier to match your account',
};

export function makeAPIError(context: ErrorContext): APIError {
  let body: unknown = context.rawBody;
  try {
    body = context.rawBody ? JSON.parse(context.rawBody) : undefined;
  } catch {
    // A non-JSON error page (a proxy, a load balancer) is kept as text in `body`.
  }
  const parsed = parseErrorBody(body);
  const what = parsed.message ?? (typeof body === 'string' && body.length < 200 && body ? body : `HTTP ${context.status}`);
  const hint =
    HINTS[context.status] ??
    (context.status >= 300 && context.status < 400
      ? `redirects are not followed, so signed headers never reach another host; if the API moved${context.headers.location ? ` (to ${context.headers.location})` : ''}, set baseURL to its new address`
      : undefined);
  const message = `${context.status} ${context.method} ${context.path}: ${what}${parsed.code ? ` (${parsed.code})` : ''}${hint ? ` - ${hint}` : ''}`;
  const Class =
    (parsed.code && BY_CODE[parsed.code]) || BY_STATUS[context.status] || (context.status >= 500 ? InternalServerError : APIError);
  return new Class({
    status: context.status,
    code: parsed.code,
    message,
    details: parsed.details,
    headers: context.headers,
    body,
    requestId: context.headers['x-request-id'],
    clientOrderId: context.clientOrderId,
    method: context.method,
    path: context.path,
  });
}
