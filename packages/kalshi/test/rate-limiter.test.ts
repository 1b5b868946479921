import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { APIUserAbortError, KalshiError, RateLimitCostError } from '../src/core/errors.js';
import {
  RateLimiter,
  TIER_LIMITS,
  resolveRateLimit,
  systemClock,
  type Clock,
  type RateLimitConfig,
} from '../src/internal/rate-limiter.js';

/** Time only moves when the test says so; sleeps resolve in deadline order as it passes. */
class FakeClock implements Clock {
  t = 0;
  sleeps = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps++;
    return new Promise((resolve, reject) => {
      const timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(new APIUserAbortError({ status: undefined, message: 'Request was aborted.' }));
      });
    });
  }

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.resolve();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));

/** Records when each acquire settled, in settle order. */
function track(clock: FakeClock, p: Promise<void>, label: string, log: { label: string; at: number }[]) {
  const state = { done: false, error: undefined as unknown };
  p.then(
    () => {
      state.done = true;
      log.push({ label, at: clock.t });
    },
    (e: unknown) => {
      state.error = e;
    },
  );
  return state;
}

const cfg = (read: [number, number], write: [number, number] = [100, 100]): RateLimitConfig => ({
  read: { refillPerSecond: read[0], capacity: read[1] },
  write: { refillPerSecond: write[0], capacity: write[1] },
});

describe('RateLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits a full bucket at once, then one request per 50 ms at 200 tokens/s and cost 10', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(TIER_LIMITS.basic, clock);
    const log: { label: string; at: number }[] = [];
    const states = Array.from({ length: 23 }, (_, i) => track(clock, limiter.acquire('read', 10), `r${i}`, log));
    await flush();
    expect(states.filter((s) => s.done)).toHaveLength(20);
    expect(limiter.available('read')).toBe(0);

    await clock.advance(49);
    expect(states[20]!.done).toBe(false);
    await clock.advance(1);
    expect(states[20]!.done).toBe(true);
    expect(states[21]!.done).toBe(false);
    await clock.advance(100);
    expect(log.slice(20)).toEqual([
      { label: 'r20', at: 50 },
      { label: 'r21', at: 100 },
      { label: 'r22', at: 150 },
    ]);
    expect(clock.pending).toBe(0);
  });

  it('refills continuously up to capacity and never beyond', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(TIER_LIMITS.basic, clock);
    await limiter.acquire('read', 100);
    expect(limiter.available('read')).toBe(100);
    clock.t = 125;
    expect(limiter.available('read')).toBe(125);
    clock.t = 10_000;
    expect(limiter.available('read')).toBe(200);
  });

  it('keeps the write bucket independent of the read bucket', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(TIER_LIMITS.basic, clock);
    for (let i = 0; i < 20; i++) await limiter.acquire('read', 10);
    expect(limiter.available('read')).toBe(0);

    await limiter.acquire('write', 10);
    expect(limiter.available('write')).toBe(90);
    for (let i = 0; i < 9; i++) await limiter.acquire('write', 10);
    const log: { label: string; at: number }[] = [];
    track(clock, limiter.acquire('write', 10), 'w', log);
    track(clock, limiter.acquire('read', 10), 'r', log);
    // Write refills at 100/s (10 tokens per 100 ms), read at 200/s.
    await clock.advance(200);
    expect(log).toEqual([
      { label: 'r', at: 50 },
      { label: 'w', at: 100 },
    ]);
  });

  it('serves waiters strictly FIFO so a large request is not starved by small ones behind it', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(cfg([10, 10]), clock);
    await limiter.acquire('read', 10);
    const log: { label: string; at: number }[] = [];
    track(clock, limiter.acquire('read', 10), 'big', log);
    for (let i = 0; i < 3; i++) track(clock, limiter.acquire('read', 1), `small${i}`, log);
    await clock.advance(500);
    // Five tokens are back: enough for a newcomer costing 1, but it must still queue behind `big`.
    track(clock, limiter.acquire('read', 1), 'late', log);
    await clock.advance(499);
    expect(log).toEqual([]);
    await clock.advance(1_500);
    expect(log).toEqual([
      { label: 'big', at: 1000 },
      { label: 'small0', at: 1100 },
      { label: 'small1', at: 1200 },
      { label: 'small2', at: 1300 },
      { label: 'late', at: 1400 },
    ]);
  });

  it('never admits more than capacity plus refill over any prefix, and keeps order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 40 }), async (costs) => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(cfg([100, 30]), clock);
        const log: { label: string; at: number }[] = [];
        costs.forEach((c, i) => track(clock, limiter.acquire('read', c), String(i), log));
        await clock.advance(costs.reduce((a, b) => a + b, 0) * 10 + 1_000);
        expect(log.map((e) => e.label)).toEqual(costs.map((_, i) => String(i)));
        let spent = 0;
        log.forEach((e, i) => {
          spent += costs[i]!;
          expect(spent).toBeLessThanOrEqual(30 + (e.at * 100) / 1000 + 1e-6);
        });
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a cost above the bucket capacity at once with an actionable message', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(TIER_LIMITS.basic, clock);
    const err = await limiter.acquire('write', 150).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitCostError);
    const message = (err as Error).message;
    expect(message).toContain('150');
    expect(message).toContain('100');
    expect(message).toContain('write');
    expect(message).toMatch(/split the batch/);
    expect(message).toMatch(/tier/);
    expect(clock.sleeps).toBe(0);
    // Tokens are untouched, and higher tiers' two-second write buckets do admit it.
    expect(limiter.available('write')).toBe(100);
    await new RateLimiter(TIER_LIMITS.advanced, clock).acquire('write', 600);
  });

  it('rejects costs that are not positive integers', async () => {
    const limiter = new RateLimiter(TIER_LIMITS.basic, new FakeClock());
    for (const cost of [0, -10, 1.5, Number.NaN]) {
      const err = await limiter.acquire('read', cost).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KalshiError);
      expect(err).not.toBeInstanceOf(RateLimitCostError);
    }
    expect(limiter.available('read')).toBe(200);
  });

  it('aborting a waiter rejects it, frees its place and consumes no tokens', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(TIER_LIMITS.basic, clock);
    for (let i = 0; i < 20; i++) await limiter.acquire('read', 10);
    const log: { label: string; at: number }[] = [];
    const head = new AbortController();
    const middle = new AbortController();
    const a = track(clock, limiter.acquire('read', 10, head.signal), 'a', log);
    const b = track(clock, limiter.acquire('read', 10, middle.signal), 'b', log);
    track(clock, limiter.acquire('read', 10), 'c', log);
    await clock.advance(20);
    head.abort();
    middle.abort();
    await flush();
    expect(a.error).toBeInstanceOf(APIUserAbortError);
    expect((a.error as Error).message).toBe('Request was aborted.');
    expect(b.error).toBeInstanceOf(APIUserAbortError);
    // c moves to the front and gets the first 10 tokens, at 50 ms rather than 150 ms.
    await clock.advance(200);
    expect(log).toEqual([{ label: 'c', at: 50 }]);
    expect(limiter.available('read')).toBe(34);
    expect(clock.pending).toBe(0);
  });

  it('rejects an already-aborted signal without taking tokens', async () => {
    const limiter = new RateLimiter(TIER_LIMITS.basic, new FakeClock());
    await expect(limiter.acquire('read', 10, AbortSignal.abort())).rejects.toBeInstanceOf(APIUserAbortError);
    expect(limiter.available('read')).toBe(200);
  });

  it('uncontended acquires share one settled promise and never sleep', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(TIER_LIMITS.basic, clock);
    const p1 = limiter.acquire('read', 10);
    const p2 = limiter.acquire('write', 10);
    expect(p1).toBe(p2);
    await p1;
    expect(clock.sleeps).toBe(0);
  });

  it('leaves no timers pending with the system clock, after waits and after aborts', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const limiter = new RateLimiter(TIER_LIMITS.basic);
    for (let i = 0; i < 20; i++) await limiter.acquire('read', 10);

    const ctrl = new AbortController();
    const aborted = limiter.acquire('read', 10, ctrl.signal);
    expect(vi.getTimerCount()).toBe(1);
    ctrl.abort();
    await expect(aborted).rejects.toBeInstanceOf(APIUserAbortError);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);

    const waits = [limiter.acquire('read', 10), limiter.acquire('read', 10)];
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(waits);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('systemClock.sleep clears its timer when aborted', async () => {
    vi.useFakeTimers();
    const ctrl = new AbortController();
    const p = systemClock.sleep(1_000, ctrl.signal);
    expect(vi.getTimerCount()).toBe(1);
    ctrl.abort();
    await expect(p).rejects.toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('resolveRateLimit', () => {
  it('defaults to Basic, and false disables limiting', () => {
    expect(resolveRateLimit(undefined)).toEqual(TIER_LIMITS.basic);
    expect(resolveRateLimit(false)).toBeNull();
    expect(resolveRateLimit('prime')).toBe(TIER_LIMITS.prime);
  });

  it('passes explicit buckets through and rejects nonsense', () => {
    const custom = cfg([50, 75], [20, 40]);
    expect(resolveRateLimit(custom)).toBe(custom);
    expect(() => resolveRateLimit('gold' as never)).toThrow(KalshiError);
    expect(() => resolveRateLimit(cfg([0, 10]))).toThrow(KalshiError);
    expect(() => resolveRateLimit(cfg([10, 10], [10, Number.POSITIVE_INFINITY]))).toThrow(KalshiError);
  });

  it('matches the published tier table', () => {
    const b = (refillPerSecond: number, capacity: number) => ({ refillPerSecond, capacity });
    expect(TIER_LIMITS).toEqual({
      basic: { read: b(200, 200), write: b(100, 100) },
      advanced: { read: b(300, 300), write: b(300, 600) },
      premier: { read: b(1000, 1000), write: b(1000, 2000) },
      paragon: { read: b(2000, 2000), write: b(2000, 4000) },
      prime: { read: b(4000, 4000), write: b(4000, 8000) },
    });
  });
});
