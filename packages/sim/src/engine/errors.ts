export type EngineErrorCode =
  | 'invalid_parameters'
  | 'invalid_price'
  | 'market_not_found'
  | 'market_exists'
  | 'market_not_open'
  | 'invalid_status_transition'
  | 'insufficient_balance'
  | 'post_only_cross'
  | 'reduce_only_no_position'
  | 'order_not_found'
  | 'order_not_resting'
  | 'internal_error';

/**
 * Every refusal of the engine. Operations validate before mutating, so a thrown EngineError means
 * the engine state is exactly what it was before the call.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: EngineErrorCode;
  readonly field: string | undefined;

  constructor(code: EngineErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export function invalid(message: string, field?: string): EngineError {
  return new EngineError('invalid_parameters', message, field);
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}
