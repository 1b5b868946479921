/**
 * Errors a handler (or the pipeline) can throw to answer with a Kalshi-shaped body
 * `{ code, message, details }` (the spec's ErrorResponse). Anything else thrown becomes a 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string = '',
    /** Extra response headers, e.g. `Allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { code: string; message: string; details: string } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const badRequest = (message: string, details = '', code = 'bad_request') =>
  new ApiError(400, code, message, details);

export const invalidParameters = (message: string, details = '') =>
  new ApiError(400, 'invalid_parameters', message, details);

export const unauthorized = (code: string, message: string, details = '') =>
  new ApiError(401, code, message, details);

export const forbidden = (code: string, message: string, details = '') =>
  new ApiError(403, code, message, details);

export const notFound = (message: string, details = '', code = 'not_found') =>
  new ApiError(404, code, message, details);

export const conflict = (message: string, details = '', code = 'conflict') =>
  new ApiError(409, code, message, details);

export const notImplemented = (operationId: string) =>
  new ApiError(
    501,
    'not_implemented',
    `${operationId} is not implemented by the local exchange yet`,
    'The route exists in the Kalshi API; the simulator answers it in a later version.',
  );

/** Kalshi's 429 body is not an ErrorResponse; it is exactly this, with no Retry-After header. */
export const RATE_LIMIT_BODY = Object.freeze({ error: 'too many requests' });
