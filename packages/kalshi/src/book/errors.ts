import { KalshiError } from '../core/errors.js';

/**
 * Thrown by every read of a book that is out of sync with the exchange. Reads throw rather than
 * return `undefined` because `undefined` already means "no level on that side": a caller who
 * sees it cannot tell an empty book from one that stopped being true, and trading on the second
 * is how money gets lost. The book becomes readable again with the next snapshot.
 */
export class StaleBookError extends KalshiError {
  override name = 'StaleBookError';
  constructor(
    readonly ticker: string | undefined,
    readonly reason: string,
  ) {
    super(
      `order book${ticker === undefined ? '' : ` for ${ticker}`} is stale (${reason}); ` +
        'it is readable again once a new snapshot arrives',
    );
  }
}

export type CorruptionKind = 'negative' | 'crossed' | 'overflow' | 'malformed' | 'no-snapshot';

/**
 * A delta or snapshot that no true Kalshi book can produce: the local copy has diverged (a lost
 * or reordered message) or the input is damaged. The book marks itself stale before throwing;
 * recovery is a fresh snapshot, which is why this is distinct from a plain ValidationError.
 */
export class BookCorruptionError extends KalshiError {
  override name = 'BookCorruptionError';
  constructor(
    readonly ticker: string | undefined,
    readonly kind: CorruptionKind,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`order book${ticker === undefined ? '' : ` for ${ticker}`}: ${reason}`, options);
  }
}
