import { EngineError } from '../engine/index.js';
import { apiErrorOf } from '../routes/trading/errors.js';
import { ApiError, invalidParameters } from '../server/errors.js';
import { moneyDollars } from '../wire/index.js';

/** Messages start with the wire field at fault, like the request validator's. */
export const fieldError = (field: string, message: string, details = '') => invalidParameters(`${field}: ${message}`, details);

export const insufficient = (field: string, what: string, availableMicros: number) =>
  new ApiError(400, 'insufficient_balance', `${field}: exceeds the available balance of ${what}`, `Available: $${moneyDollars(availableMicros)}.`);

/**
 * Runs a cash operation; an engine refusal becomes a Kalshi error. `amountField` is the wire name
 * of the amount (the engine calls it `amount`), `available` what the source holds, for the message.
 */
export function runCash<T>(fn: () => T, amountField: string, source: string, available: () => number): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    if (err.code === 'insufficient_balance') throw insufficient(amountField, source, available());
    throw apiErrorOf(err);
  }
}
