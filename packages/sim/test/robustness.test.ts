import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange, Logger } from '../src/index.js';
import { call, newUser, start } from './helpers/exchange.js';
import type { Credentials } from './helpers/sign.js';

const errors: string[] = [];
const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (m, f) => errors.push(`${m} ${JSON.stringify(f)}`) };
let ex: Exchange;
let creds: Credentials;

beforeAll(async () => {
  ex = await start({ rateLimits: false, logger });
  creds = await newUser(ex);
});
afterAll(() => ex.close());

/** Writes raw bytes on a fresh connection and returns whatever comes back before it closes. */
function raw(payload: Buffer | string, timeoutMs = 2000): Promise<string> {
  const { port } = ex;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (c) => {
      chunks.push(c);
      // One full response is enough; with keep-alive the server would otherwise wait.
      if (/\r\n\r\n/.test(Buffer.concat(chunks).toString('latin1'))) setTimeout(done, 50);
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(payload);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

describe('the server survives garbage', () => {
  it.each([
    ['a % in the path', 'GET /trade-api/v2/markets/%zz HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a lone % at the end', 'GET /trade-api/v2/markets/abc% HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a % in the query', 'GET /trade-api/v2/markets?limit=%zz HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['an unknown method', 'BREW /trade-api/v2/markets HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['PATCH on a known path', 'PATCH /trade-api/v2/markets HTTP/1.1\r\nHost: x\r\n\r\n', 405],
    ['OPTIONS on a known path', 'OPTIONS /trade-api/v2/markets HTTP/1.1\r\nHost: x\r\n\r\n', 405],
    ['an absolute-form target', 'GET http://x/trade-api/v2/exchange/status HTTP/1.1\r\nHost: x\r\n\r\n', 200],
    ['a path outside the API', 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', 404],
    ['a non-HTTP line', 'hello there\r\n\r\n', 400],
    ['a lying Content-Length', 'POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}', 400],
    ['binary junk', Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), 400],
  ])('%s', async (_name, payload, status) => {
    const res = await raw(payload);
    expect(statusOf(res), res).toBe(status);
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
  });

  // Found by the fuzzer (test/reliability/fuzz.test.ts): Node's parser answered these with an
  // empty body, the only refusals that were not Kalshi-shaped.
  it.each([
    ['an unknown method', 'BREW /trade-api/v2/markets HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'malformed_request'],
    ['a broken request line', 'GET /trade-api/v2/markets HTTP/9\r\n\r\n', 400, 'malformed_request'],
    ['headers past the limit', `GET /trade-api/v2/markets HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
  ])('answers the parser refusing %s with a Kalshi-shaped error', async (_name, payload, status, code) => {
    const res = await raw(payload);
    expect(statusOf(res), res).toBe(status);
    const body = JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toEqual({ code, message: expect.any(String), details: expect.any(String) });
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
  });

  it('turns a truncated body into no crash', async () => {
    await raw('POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":', 200);
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
  });

  it('refuses a giant declared body without reading it', async () => {
    const res = await raw('POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{');
    expect(statusOf(res)).toBe(413);
    expect(res).toMatch(/payload_too_large/);
  });

  it('survives invalid UTF-8, deep nesting and huge numbers in JSON bodies', async () => {
    const bodies: (string | Buffer)[] = [
      Buffer.from([0xc3, 0x28]),
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `{"orders":[${'{},'.repeat(2000)}{}]}`,
      '{"ticker": 1e999999}',
      '{"__proto__": {"polluted": true}}',
    ];
    for (const body of bodies) {
      const res = await call(ex, 'POST', '/portfolio/events/orders/batched', { creds, raw: body });
      expect([400, 413]).toContain(res.status);
      expect(res.json).toHaveProperty('code');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns a throwing handler into a Kalshi-shaped 500 and logs it', async () => {
    ex.handlers.GetMilestones = () => {
      throw new TypeError('boom');
    };
    const res = await call(ex, 'GET', '/milestones?limit=5');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ code: 'internal_server_error', message: expect.any(String) });
    expect(errors.some((e) => e.includes('boom'))).toBe(true);
    expect((await call(ex, 'GET', '/exchange/status')).status).toBe(200);
  });

  it('answers 500 when a handler breaks its response schema (validateResponses)', async () => {
    ex.handlers.GetMilestone = () => ({ body: { wrong: true } as never });
    const res = await call(ex, 'GET', '/milestones/abc');
    expect(res.status).toBe(500);
    expect(errors.some((e) => e.includes('does not match GetMilestoneResponse'))).toBe(true);
  });

  it('keeps answering after a burst of mixed garbage', async () => {
    const junk = ['GET /%%% HTTP/1.1\r\n\r\n', 'POST /_sim/users HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{{{', 'DELETE /_sim/clock HTTP/1.1\r\nHost: x\r\n\r\n', '\u0000\u0000\u0000'];
    await Promise.all(junk.flatMap((j) => [raw(j, 300), raw(j, 300)]));
    expect((await call(ex, 'GET', '/markets?limit=1')).status).toBe(200);
  });
});
