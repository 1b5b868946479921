/**
 * Client-side token buckets mirroring Kalshi's per-key limits. Kalshi answers an over-limit
 * request with a 429 and no Retry-After, so the only way to stay fast is to never send it:
 * requests wait here until their bucket holds enough tokens.
 */

import { APIUserAbortError, KalshiError, RateLimitCostError } from '../core/errors.js';

export interface Clock {
  /** Milliseconds since the epoch (Date.now scale), so one clock can also stamp requests. */
  now(): number;
  /** Resolves after `ms`; rejects with APIUserAbortError if `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(): APIUserAbortError {
  return new APIUserAbortError({ status: undefined, message: 'Request was aborted.' });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const onAbort = () => {
        globalThis.clearTimeout(timer);
        reject(abortError());
      };
      // Looked up on globalThis at call time so fake timers installed after import still apply.
      const timer = globalThis.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

export type Tier = 'basic' | 'advanced' | 'premier' | 'paragon' | 'prime';
export interface BucketConfig {
  refillPerSecond: number;
  capacity: number;
}
export interface RateLimitConfig {
  read: BucketConfig;
  write: BucketConfig;
}
/** A tier name, explicit buckets, or `false` to send without client-side limiting. */
export type RateLimitOption = Tier | RateLimitConfig | false;

// Capacity is one second of budget, except that write buckets above Basic hold two seconds.
const tier = (read: number, write: number, writeSeconds: number): RateLimitConfig =>
  Object.freeze({
    read: Object.freeze({ refillPerSecond: read, capacity: read }),
    write: Object.freeze({ refillPerSecond: write, capacity: write * writeSeconds }),
  });

export const TIER_LIMITS: Record<Tier, RateLimitConfig> = Object.freeze({
  basic: tier(200, 100, 1),
  advanced: tier(300, 300, 2),
  premier: tier(1000, 1000, 2),
  paragon: tier(2000, 2000, 2),
  prime: tier(4000, 4000, 2),
});

function checkBucket(name: string, b: BucketConfig | undefined): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (!b || !ok(b.refillPerSecond) || !ok(b.capacity)) {
    throw new KalshiError(`rateLimit.${name} needs positive finite refillPerSecond and capacity`);
  }
}

/** `undefined` means the Basic tier; `false` means no limiter (null). */
export function resolveRateLimit(option: RateLimitOption | undefined): RateLimitConfig | null {
  if (option === false) return null;
  if (option === undefined) return TIER_LIMITS.basic;
  if (typeof option === 'string') {
    if (!Object.hasOwn(TIER_LIMITS, option)) {
      throw new KalshiError(`Unknown rate limit tier "${String(option)}"; expected one of ${Object.keys(TIER_LIMITS).join(', ')}`);
    }
    return TIER_LIMITS[option];
  }
  checkBucket('read', option.read);
  checkBucket('write', option.write);
  return option;
}

interface Waiter {
  cost: number;
  resolve: () => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

// Refill arithmetic is floating point; without slack a wait computed to the exact millisecond
// can leave a hair under `cost` and cost an extra 1 ms round trip.
const EPSILON = 1e-9;
// One settled promise shared by every uncontended acquire, so the hot path allocates nothing.
const RESOLVED: Promise<void> = Promise.resolve();

class Bucket {
  tokens: number;
  last: number;
  readonly queue: Waiter[] = [];
  /** Set while the pump sleeps; aborting it makes the pump re-plan (its head waiter left). */
  wake: AbortController | undefined;
  pumping = false;

  constructor(
    readonly name: 'read' | 'write',
    readonly refillPerSecond: number,
    readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  refill(now: number): void {
    // A clock that steps backwards (wall-clock adjustment) must not drain the bucket.
    const elapsed = now - this.last;
    if (elapsed > 0) this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerSecond) / 1000);
    this.last = now;
  }
}

export class RateLimiter {
  readonly #clock: Clock;
  readonly #read: Bucket;
  readonly #write: Bucket;

  constructor(config: RateLimitConfig, clock: Clock = systemClock) {
    checkBucket('read', config.read);
    checkBucket('write', config.write);
    this.#clock = clock;
    const now = clock.now();
    this.#read = new Bucket('read', config.read.refillPerSecond, config.read.capacity, now);
    this.#write = new Bucket('write', config.write.refillPerSecond, config.write.capacity, now);
  }

  /** Resolves when `cost` tokens have been taken from the bucket; waits (FIFO per bucket) otherwise. */
  acquire(bucket: 'read' | 'write', cost: number, signal?: AbortSignal): Promise<void> {
    const b = bucket === 'write' ? this.#write : this.#read;
    if (!Number.isInteger(cost) || cost <= 0) {
      return Promise.reject(new KalshiError(`Rate limit cost must be a positive integer, got ${cost}`));
    }
    if (cost > b.capacity) {
      return Promise.reject(
        new RateLimitCostError(
          `Request costs ${cost} tokens but the ${b.name} bucket holds at most ${b.capacity}, so it can never be sent; ` +
            'split the batch into smaller requests or raise the rate limit tier.',
        ),
      );
    }
    if (signal?.aborted) return Promise.reject(abortError());
    if (b.queue.length === 0) {
      b.refill(this.#clock.now());
      if (b.tokens + EPSILON >= cost) {
        b.tokens -= cost;
        return RESOLVED;
      }
    }
    return this.#enqueue(b, cost, signal);
  }

  /** Tokens currently available (for tests/metrics). */
  available(bucket: 'read' | 'write'): number {
    const b = bucket === 'write' ? this.#write : this.#read;
    b.refill(this.#clock.now());
    return b.tokens;
  }

  #enqueue(b: Bucket, cost: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { cost, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = b.queue.indexOf(waiter);
          if (i < 0) return;
          b.queue.splice(i, 1);
          reject(abortError());
          // Only the head decides how long the pump sleeps; anyone behind can just leave.
          if (i === 0) b.wake?.abort();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      b.queue.push(waiter);
      if (!b.pumping) void this.#pump(b);
    });
  }

  /** One loop per bucket while it has waiters: admit the head when it fits, else sleep until it will. */
  async #pump(b: Bucket): Promise<void> {
    b.pumping = true;
    try {
      for (;;) {
        b.refill(this.#clock.now());
        let head = b.queue[0];
        while (head && b.tokens + EPSILON >= head.cost) {
          b.tokens -= head.cost;
          b.queue.shift();
          if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
          head.resolve();
          head = b.queue[0];
        }
        if (!head) return;
        const wait = Math.max(1, Math.ceil(((head.cost - b.tokens) * 1000) / b.refillPerSecond));
        const wake = new AbortController();
        b.wake = wake;
        try {
          await this.#clock.sleep(wait, wake.signal);
        } catch (err) {
          if (!wake.signal.aborted) throw err;
        } finally {
          b.wake = undefined;
        }
      }
    } catch (err) {
      // A broken clock must not strand callers: fail everyone queued rather than hang.
      for (const w of b.queue.splice(0)) {
        if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
        w.reject(err);
      }
    } finally {
      b.pumping = false;
    }
  }
}
