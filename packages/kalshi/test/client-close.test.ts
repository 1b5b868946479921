import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { APIUserAbortError, Kalshi, KalshiError } from '../src/index.js';
import { scriptedFetch } from './helpers/fake.js';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const BASE = 'http://127.0.0.1:9/trade-api/v2';

// Found by the chaos suite: a request waiting out a retry backoff kept its timer (and later sent
// again) after close(), so a closed client could outlive its owner by up to the longest backoff.
describe('close()', () => {
  it('ends a request that waits to retry at once, with no further attempt', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 503 }]);
    const kalshi = new Kalshi({ baseURL: BASE, fetch, rateLimit: false, apiKeyId: 'key-1', privateKey: pem, maxRetries: 5 });
    const pending = kalshi.portfolio.balance();
    const outcome = pending.then(() => 'resolved', (error: unknown) => error);
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 1));
    const started = performance.now();
    await kalshi.close();
    const error = await outcome;
    expect(performance.now() - started).toBeLessThan(200);
    expect(error).toBeInstanceOf(KalshiError);
    expect(error).not.toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toMatch(/client was closed/);
    await new Promise((r) => setTimeout(r, 600));
    expect(calls).toHaveLength(1);
  });

  it('refuses requests made after it', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 200, body: { balance: 1 } }]);
    const kalshi = new Kalshi({ baseURL: BASE, fetch, rateLimit: false, apiKeyId: 'key-1', privateKey: pem });
    await kalshi.close();
    await expect(kalshi.portfolio.balance()).rejects.toThrow(/client was closed/);
    expect(calls).toHaveLength(0);
  });

  it("a caller's abort during the wait is still reported as an abort", async () => {
    const { fetch } = scriptedFetch([{ status: 503 }]);
    const kalshi = new Kalshi({ baseURL: BASE, fetch, rateLimit: false, apiKeyId: 'key-1', privateKey: pem, maxRetries: 5 });
    const controller = new AbortController();
    const pending = kalshi.portfolio.balance(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await kalshi.close();
  });
});
