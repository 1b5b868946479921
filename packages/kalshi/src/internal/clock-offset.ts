/**
 * Correction for a local clock that disagrees with Kalshi's. Kalshi refuses a signature whose
 * timestamp is outside a short window, and a 401 says nothing about why; the response's `Date`
 * header does say what time the server thinks it is. When the two differ by more than the
 * threshold, the signing clock is moved by the difference (for every later request too).
 */
import type { Clock } from './rate-limiter.js';

/** Below this the clock is not the problem: Date has whole-second resolution, and Kalshi allows a few seconds. */
export const SKEW_THRESHOLD_MS = 2_000;

export class ClockOffset {
  #offsetMs = 0;

  constructor(readonly thresholdMs: number = SKEW_THRESHOLD_MS) {}

  /** Milliseconds added to the local clock when signing. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /**
   * Reads a response's Date header taken at local time `localNow`. Returns the skew it found (server
   * minus corrected local time) when that is past the threshold and the offset was moved; otherwise
   * undefined (no header, an unparseable one, or a clock that is close enough).
   */
  observe(dateHeader: string | undefined, localNow: number): number | undefined {
    if (dateHeader === undefined) return undefined;
    // The header is floored to the second, so the server's time is in [date, date + 1 s): the floor
    // keeps a corrected timestamp on the side of "slightly old", which Kalshi's window tolerates best.
    const serverMs = Date.parse(dateHeader);
    if (Number.isNaN(serverMs)) return undefined;
    const skew = serverMs - (localNow + this.#offsetMs);
    if (Math.abs(skew) <= this.thresholdMs) return undefined;
    this.#offsetMs = serverMs - localNow;
    return skew;
  }

  /** `base` with the offset applied to now(); sleeps are untouched. */
  corrected(base: Clock): CorrectedClock {
    const offsetMs = () => this.#offsetMs;
    return {
      now: () => base.now() + this.#offsetMs,
      sleep: (ms, signal) => base.sleep(ms, signal),
      get offsetMs() {
        return offsetMs();
      },
      observeServerDate: (dateHeader) => this.observe(dateHeader, base.now()),
    };
  }
}

/**
 * A signing clock that follows the server's time: `kalshi.clock` is one. Whoever holds it (the REST
 * pipeline, KalshiWS) can feed it a refusal's Date header, and every holder then signs with the fix.
 */
export interface CorrectedClock extends Clock {
  /** Milliseconds currently added to the local clock. */
  readonly offsetMs: number;
  /** See ClockOffset.observe: the skew corrected, or undefined when the clock was not moved. */
  observeServerDate(dateHeader: string | undefined): number | undefined;
}

export function isCorrectedClock(clock: Clock): clock is CorrectedClock {
  return typeof (clock as Partial<CorrectedClock>).observeServerDate === 'function';
}
