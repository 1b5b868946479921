/** When and how long to wait before another attempt. */

export const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/** min(0.5 * 2^retry, 8) seconds, scaled down by up to 25% at random so clients do not retry in step. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** retry, 8000);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * A server's Retry-After (seconds or an HTTP date) wins when it is sane; Kalshi's 429 sends none,
 * but proxies in front of it may.
 */
export function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return bounded(Number(ms));
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return bounded(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : bounded(date - now);
}

function bounded(ms: number): number | undefined {
  return ms >= 0 && ms <= 60_000 ? ms : undefined;
}
