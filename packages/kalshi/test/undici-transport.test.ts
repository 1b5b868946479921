import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APITimeoutError, APIUserAbortError, Kalshi } from '../src/index.js';

// The default (undici) transport over a real loopback socket: timeouts are enforced by undici
// itself, so they need a real server that stalls.
let server: Server;
let baseURL: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.includes('slow-headers')) return; // never answers
    if (req.url?.includes('slow-body')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"market":');
      return; // never finishes the body
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"market":{"ticker":"OK"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('undici transport', () => {
  it('answers normally, then times out stalled headers and stalled bodies per attempt', async () => {
    const kalshi = new Kalshi({ baseURL, rateLimit: false, timeout: 100, maxRetries: 0 });
    await expect(kalshi.markets.get('OK')).resolves.toEqual({ market: { ticker: 'OK' } });
    await expect(kalshi.markets.get('slow-headers')).rejects.toBeInstanceOf(APITimeoutError);
    await expect(kalshi.markets.get('slow-body')).rejects.toBeInstanceOf(APITimeoutError);
    await kalshi.close();
  });

  it('stops when the caller aborts', async () => {
    const kalshi = new Kalshi({ baseURL, rateLimit: false, timeout: 0, maxRetries: 2 });
    const controller = new AbortController();
    const pending = kalshi.markets.get('slow-headers', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await kalshi.close();
  });
});
