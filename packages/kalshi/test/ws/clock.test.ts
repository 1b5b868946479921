import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Kalshi } from '../../src/client.js';
import type { Logger } from '../../src/core/logger.js';
import { createNodeSigner } from '../../src/internal/node/crypto-signer.js';
import { KalshiWS, WebSocketConnectionError, type WebSocketError } from '../../src/ws/index.js';
import type { FakeKalshiServer } from './helpers/fake-server.js';
import { closeClients, KEY_ID, keys, makeClient, signer, startServer, until } from './helpers/fixtures.js';
import { inProcessLink } from './helpers/in-process-socket.js';

// Two clocks, two jobs: the signing clock follows Kalshi's time (and jumps when a skew is
// corrected); silences are measured on the monotonic clock, which nothing moves.

const SKEW_MS = 120_000;

function warnings(): { logger: Logger; seen: string[] } {
  const seen: string[] = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (message: string) => void seen.push(message) };
  return { logger, seen };
}

describe('watchdog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A client on a socket that never pings or answers, with a signing clock the test can move. */
  async function quietClient() {
    vi.useFakeTimers();
    const link = inProcessLink();
    const signing = { skewMs: 0 };
    const clock = { now: () => Date.now() + signing.skewMs, sleep: () => Promise.resolve() };
    const ws = new KalshiWS({
      url: 'ws://in-process.test/trade-api/ws/v2',
      WebSocket: link.WebSocket,
      signer,
      clock,
      heartbeatTimeoutMs: 1_000,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
    });
    const errors: WebSocketError[] = [];
    ws.on('error', (e) => errors.push(e));
    await ws.connect();
    const socket = link.socket!;
    const dead = () => errors.some((e) => /no ping, pong or frame/.test(e.message)) && socket.readyState === 3;
    return { ws, signing, dead };
  }

  it('does not count a signing clock jumping ahead (a skew fix) as silence', async () => {
    const { ws, signing, dead } = await quietClient();
    signing.skewMs = SKEW_MS;
    await vi.advanceTimersByTimeAsync(900);
    expect(dead()).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(dead()).toBe(true);
    await ws.close();
  });

  it('is not blinded by a signing clock jumping back', async () => {
    const { ws, signing, dead } = await quietClient();
    signing.skewMs = -SKEW_MS;
    await vi.advanceTimersByTimeAsync(1_100);
    expect(dead()).toBe(true);
    await ws.close();
  });
});

describe('handshake refused for a skewed clock', () => {
  let server: FakeKalshiServer;
  beforeAll(async () => {
    server = await startServer(20);
  });
  afterEach(async () => {
    await closeClients();
    server.clockOffsetMs = 0;
  });
  afterAll(() => server.close());

  it('reads the Date header of a 401, corrects the clock and retries once at once', async () => {
    server.clockOffsetMs = SKEW_MS;
    const { logger, seen } = warnings();
    const ws = makeClient(server, { logger });
    const reconnecting = vi.fn();
    ws.on('reconnecting', reconnecting);
    const before = server.handshakes.length;
    await ws.connect();
    const tries = server.handshakes.slice(before);
    expect(tries.map((h) => h.valid)).toEqual([false, true]);
    expect(Number(tries[1]!.timestamp) - Date.now()).toBeGreaterThan(SKEW_MS - 2_000);
    expect(seen).toEqual(['kalshi clock skew']);
    expect(reconnecting).not.toHaveBeenCalled();
  });

  it('corrects a reconnect the same way, without going through the backoff', async () => {
    const ws = makeClient(server);
    await ws.connect();
    const reconnecting = vi.fn();
    ws.on('reconnecting', reconnecting);
    ws.on('error', () => {});
    const before = server.handshakes.length;
    server.clockOffsetMs = SKEW_MS;
    server.drop();
    await until(() => ws.state === 'open' && server.handshakes.length > before + 1, 'reopened');
    expect(server.handshakes.slice(before).map((h) => h.valid)).toEqual([false, true]);
    // One backoff for the drop; the refused handshake was retried at once.
    expect(reconnecting).toHaveBeenCalledTimes(1);
  });

  it('shares the correction with the Kalshi client whose clock it was given', async () => {
    server.clockOffsetMs = SKEW_MS;
    const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const fetch = () => Promise.reject(new Error('no REST call is made here'));
    const kalshi = new Kalshi({ baseURL: 'http://127.0.0.1:9/trade-api/v2', apiKeyId: KEY_ID, privateKey, fetch, rateLimit: false });
    const ws = makeClient(server, { clock: kalshi.clock });
    await ws.connect();
    expect(Math.abs(kalshi.clock.now() - (Date.now() + SKEW_MS))).toBeLessThan(1_500);
    await kalshi.close();
  });

  it('still fails a first connect the clock does not explain, after the one retry', async () => {
    server.clockOffsetMs = SKEW_MS;
    const wrongKey = createNodeSigner({ keyId: KEY_ID, privateKey: crypto.generateKeyPairSync('ed25519').privateKey });
    const ws = makeClient(server, { signer: wrongKey });
    const before = server.handshakes.length;
    const error = await ws.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketConnectionError);
    expect((error as WebSocketConnectionError).status).toBe(401);
    expect(server.handshakes.length).toBe(before + 2);
    expect(ws.state).toBe('idle');
  });
});
