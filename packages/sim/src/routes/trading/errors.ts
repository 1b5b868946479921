import { EngineError, type EngineErrorCode } from '../../engine/index.js';
import { ApiError } from '../../server/errors.js';

/*
 * Engine refusals as Kalshi-shaped errors. The codes are the ones the SDK's error factory turns
 * into domain errors where one exists (insufficient_balance -> InsufficientBalanceError,
 * market_closed -> MarketClosedError, order_not_found -> OrderNotFoundError); the rest fall back
 * to the status class (400 BadRequestError, 404 NotFoundError, 409 ConflictError).
 */
const MAPPING: Record<EngineErrorCode, [status: number, code: string]> = {
  invalid_parameters: [400, 'invalid_parameters'],
  invalid_price: [400, 'invalid_price'],
  market_not_found: [404, 'market_not_found'],
  market_exists: [409, 'market_exists'],
  market_not_open: [400, 'market_closed'],
  invalid_status_transition: [409, 'invalid_status_transition'],
  insufficient_balance: [400, 'insufficient_balance'],
  post_only_cross: [400, 'post_only_cross'],
  reduce_only_no_position: [400, 'reduce_only_no_position'],
  order_not_found: [404, 'order_not_found'],
  order_not_resting: [400, 'order_not_resting'],
  internal_error: [500, 'internal_error'],
};

/** Messages name the offending field first, like the request validator's (`price: ...`). */
export function apiErrorOf(err: EngineError, details = ''): ApiError {
  const [status, code] = MAPPING[err.code];
  const field = err.field;
  const message = field && !err.message.startsWith(`${field}:`) ? `${field}: ${err.message}` : err.message;
  return new ApiError(status, code, message, details || (field ? `Offending field: ${field}.` : ''));
}

/** Runs `fn`, turning an EngineError into its ApiError; anything else propagates untouched. */
export function engineCall<T>(fn: () => T, details?: (err: EngineError) => string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EngineError) throw apiErrorOf(err, details?.(err));
    throw err;
  }
}

/** The ErrorResponse a batch item carries in place of its result. */
export function itemError(err: unknown): { code: string; message: string; details: string } {
  if (err instanceof EngineError) return apiErrorOf(err).toBody();
  if (err instanceof ApiError) return err.toBody();
  throw err;
}

export const orderNotFound = (orderId: string) =>
  new ApiError(404, 'order_not_found', `order_id: no order ${orderId} in this account`, 'Orders are only visible to the user who placed them.');
