import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APITimeoutError, APIUserAbortError, Kalshi } from '../src/index.js';
import { undiciTransport } from '../src/internal/node/undici-transport.js';
import { TransportTimeout } from '../src/internal/transport.js';

// The default (undici) transport over a real loopback socket: timeouts are enforced by undici
// itself, so they need a real server that stalls.
let server: Server;
let baseURL: string;
let origin: string;
const seenPaths: string[] = [];
// "é" is two bytes in UTF-8; chunking after an odd count splits one across two chunks.
const CHUNKED_BODY = JSON.stringify({ name: 'é'.repeat(3000), tail: '🚀' });
beforeAll(async () => {
  server = createServer((req, res) => {
    seenPaths.push(req.url ?? '');
    if (req.url?.includes('slow-headers')) return; // never answers
    if (req.url?.includes('chunked')) {
      const bytes = Buffer.from(CHUNKED_BODY);
      res.writeHead(200, [['content-type', 'application/json'], ['x-dup', 'a'], ['x-dup', 'b']]);
      for (let at = 0; at < bytes.length; at += 999) res.write(bytes.subarray(at, at + 999));
      res.end();
      return;
    }
    if (req.url?.includes('redirect')) {
      res.writeHead(302, { location: 'http://elsewhere.invalid/steal' });
      res.end();
      return;
    }
    if (req.url?.includes('slow-body')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"market":');
      return; // never finishes the body
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"market":{"ticker":"OK"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseURL = `${origin}/trade-api/v2`;
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

  describe('the transport itself', () => {
    const send = (path: string, signal?: AbortSignal, timeoutMs = 0) =>
      transport.send({ method: 'GET', url: `${origin}${path}`, headers: {}, body: undefined, signal, timeoutMs });
    const transport = undiciTransport();
    afterAll(() => transport.close?.());

    it('reassembles a body sent in many chunks, characters split across them included', async () => {
      const response = await send('/chunked');
      expect(response.status).toBe(200);
      expect(response.body).toBe(CHUNKED_BODY);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['x-dup']).toBe('a, b');
    });

    it('hands a redirect back instead of following it', async () => {
      const response = await send('/redirect');
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('http://elsewhere.invalid/steal');
    });

    it('sends nothing when the signal is already aborted', async () => {
      const before = seenPaths.length;
      const reason = new Error('gave up');
      await expect(send('/never-sent', AbortSignal.abort(reason))).rejects.toBe(reason);
      // Another request on the same origin proves the aborted one would have arrived first.
      await send('/after');
      expect(seenPaths.slice(before)).toEqual(['/after']);
    });

    it('rejects with the reason when aborted after the headers, mid-body', async () => {
      const controller = new AbortController();
      const reason = new Error('stop reading');
      const pending = send('/slow-body', controller.signal);
      setTimeout(() => controller.abort(reason), 50);
      await expect(pending).rejects.toBe(reason);
    });

    it('turns both of undici\'s deadlines into TransportTimeout', async () => {
      await expect(send('/slow-headers', undefined, 50)).rejects.toBeInstanceOf(TransportTimeout);
      await expect(send('/slow-body', undefined, 50)).rejects.toBeInstanceOf(TransportTimeout);
    });
  });
});
