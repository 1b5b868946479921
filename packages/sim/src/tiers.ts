/**
 * Kalshi's API usage tiers and their per-second token budgets (rate-limits page). The spec also
 * names `expert` and `prestige`, but publishes no numbers for them, so the simulator leaves them out.
 */
export const TIERS = ['basic', 'advanced', 'premier', 'paragon', 'prime'] as const;
export type Tier = (typeof TIERS)[number];

export interface BucketLimit {
  /** Tokens added per second. */
  readonly refillRate: number;
  readonly capacity: number;
}

export interface TierLimits {
  readonly read: BucketLimit;
  readonly write: BucketLimit;
}

// Buckets hold one second of budget, except that write buckets above Basic hold two seconds.
const tier = (read: number, write: number, writeSeconds: number): TierLimits => ({
  read: { refillRate: read, capacity: read },
  write: { refillRate: write, capacity: write * writeSeconds },
});

export const TIER_LIMITS: Readonly<Record<Tier, TierLimits>> = {
  basic: tier(200, 100, 1),
  advanced: tier(300, 300, 2),
  premier: tier(1000, 1000, 2),
  paragon: tier(2000, 2000, 2),
  prime: tier(4000, 4000, 2),
};

export const isTier = (value: unknown): value is Tier => (TIERS as readonly unknown[]).includes(value);
