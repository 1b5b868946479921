import type { OperationSpec } from 'kalshi-ts/generated';
import { TIER_LIMITS, type Tier } from '../tiers.js';

/** Tokens a request costs when the spec states no other cost. */
export const DEFAULT_COST = 10;

/** Tokens `op` costs; per-item operations (batches) are billed for each entry of `orders`. */
export function requestCost(op: OperationSpec, body: unknown): number {
  if (!op.cost) return DEFAULT_COST;
  if (!op.cost.perItem) return op.cost.tokens;
  const orders = (body as { orders?: unknown } | undefined)?.orders;
  const items = Array.isArray(orders) ? orders.length : 1;
  return op.cost.tokens * Math.max(1, items);
}

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * Kalshi-style token buckets per subject (an API key, or a client IP for unsigned requests) and
 * per bucket (read / write), refilled continuously from the exchange clock so a frozen clock
 * freezes refills too. A new bucket starts full.
 */
export class RateLimiter {
  enabled = true;
  private readonly buckets = new Map<string, Bucket>();

  /** Takes `cost` tokens if available; returns false (and takes nothing) when over the limit. */
  take(subject: string, bucket: 'read' | 'write', tier: Tier, cost: number, nowMs: number): boolean {
    if (!this.enabled) return true;
    const limits = TIER_LIMITS[tier][bucket];
    const id = `${bucket}:${subject}`;
    let state = this.buckets.get(id);
    if (!state) {
      state = { tokens: limits.capacity, last: nowMs };
      this.buckets.set(id, state);
    }
    // A clock set backwards refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, nowMs - state.last);
    state.tokens = Math.min(limits.capacity, state.tokens + (elapsed * limits.refillRate) / 1000);
    state.last = nowMs;
    if (state.tokens < cost) return false;
    state.tokens -= cost;
    return true;
  }

  /** Forgets all buckets (they start full again), e.g. after a tier change in tests. */
  reset(): void {
    this.buckets.clear();
  }
}
