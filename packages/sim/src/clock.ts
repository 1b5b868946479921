/** The exchange's notion of time, in milliseconds since the epoch (Date.now scale). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Real time by default; tests and the admin API can freeze it, set it or move it forward so that
 * timestamps windows, rate-limit refills and market schedules are reproducible.
 */
export class ControllableClock implements Clock {
  // While running: now = base.now() + offset. While frozen: now = frozenAt.
  private offset = 0;
  private frozenAt: number | null = null;

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.frozenAt ?? this.base.now() + this.offset;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  freeze(): void {
    this.frozenAt ??= this.now();
  }

  /** Resumes ticking from the current (possibly set or advanced) time, not from real time. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offset = this.frozenAt - this.base.now();
    this.frozenAt = null;
  }

  set(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt = ms;
    else this.offset = ms - this.base.now();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }
}
