// Finds timers and sockets a run leaves behind. Counting process.getActiveResourcesInfo() by type
// alone can hide a leak (a test-runner timer that ends while a leaked one starts keeps the count),
// so the watch also follows each timer made during the run and each new handle by identity.

type TimerFn = typeof setTimeout;
type ClearFn = typeof clearTimeout;

/** Active resources by type, as Node reports them. */
export function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

// Sockets and servers as objects, to tell a new one from an old one; Node has no public API for it.
const activeHandles = (): object[] => (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();

export class ResourceWatch {
  readonly #counts = resourceCounts();
  readonly #handles = new Set(activeHandles());
  /** Timers made since start() that have neither fired nor been cleared, with where they were made. */
  readonly #timers = new Map<NodeJS.Timeout, string>();
  readonly #restore: () => void;

  constructor() {
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = { setTimeout: g.setTimeout as TimerFn, setInterval: g.setInterval as TimerFn, clearTimeout: g.clearTimeout as ClearFn, clearInterval: g.clearInterval as ClearFn };
    const timers = this.#timers;
    const origin = () => (new Error().stack ?? '').split('\n').slice(3, 6).join(' <- ').trim();
    g.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer = saved.setTimeout((...a: unknown[]) => {
        timers.delete(timer);
        fn(...a);
      }, ms, ...args);
      timers.set(timer, origin());
      return timer;
    };
    g.setInterval = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer = saved.setInterval(fn, ms, ...args);
      timers.set(timer, origin());
      return timer;
    };
    const clear = (original: ClearFn) => (timer: NodeJS.Timeout | undefined) => {
      if (timer !== undefined) timers.delete(timer);
      original(timer);
    };
    g.clearTimeout = clear(saved.clearTimeout);
    g.clearInterval = clear(saved.clearInterval);
    this.#restore = () => Object.assign(g, saved);
  }

  /** What is still alive that was not before: by type count, by timer, by handle. */
  leaks(): string[] {
    const out: string[] = [];
    for (const [type, n] of resourceCounts()) {
      const was = this.#counts.get(type) ?? 0;
      if (n > was) out.push(`${type}: ${was} -> ${n}`);
    }
    // An unref'd timer does not hold the process open (undici's keep-alive timers are such); a ref'd one does.
    for (const [timer, where] of this.#timers) if (timer.hasRef()) out.push(`timer from ${where}`);
    for (const handle of activeHandles()) if (!this.#handles.has(handle)) out.push(`handle ${handle.constructor.name}`);
    return out;
  }

  /** Waits up to `settleMs` for closing sockets and expiring timers, then stops watching. */
  async stop(settleMs = 3_000): Promise<string[]> {
    const deadline = Date.now() + settleMs;
    let leaks = this.leaks();
    while (leaks.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      leaks = this.leaks();
    }
    this.#restore();
    return leaks;
  }
}
