import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENVIRONMENTS } from '../../src/core/environments.js';
import { createNodeSigner } from '../../src/internal/node/crypto-signer.js';
import { KalshiWS, WebSocketConnectionError, wsUrlFromRestBase, type WebSocketError } from '../../src/ws/index.js';
import type { FakeKalshiServer } from './helpers/fake-server.js';
import { closeClients, KEY_ID, makeClient, sleep, startServer, until } from './helpers/fixtures.js';

let server: FakeKalshiServer;
beforeAll(async () => {
  server = await startServer(20);
});
afterEach(async () => {
  await closeClients();
  server.refuseWith = undefined;
  server.pinging = true;
  server.answerPings = true;
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

describe('handshake', () => {
  it('signs the upgrade request, verified with the public key', async () => {
    const ws = makeClient(server);
    const opened = vi.fn();
    ws.on('open', opened);
    const before = server.handshakes.length;
    await ws.connect();
    expect(ws.state).toBe('open');
    expect(opened).toHaveBeenCalledTimes(1);
    const handshake = server.handshakes[before]!;
    expect(handshake).toMatchObject({ keyId: KEY_ID, path: '/trade-api/ws/v2', valid: true });
  });

  it('signs afresh at every reconnect and reports the backoff', async () => {
    const ws = makeClient(server);
    const reconnecting = vi.fn();
    ws.on('reconnecting', reconnecting);
    await ws.connect();
    const first = server.handshakes.length;
    const connections = server.connections;
    await sleep(5);
    server.drop();
    await until(() => server.connections === connections + 1 && ws.state === 'open', 'reconnect');
    expect(reconnecting).toHaveBeenCalledWith(1, 10);
    const [a, b] = server.handshakes.slice(first - 1, first + 1);
    expect(a!.valid && b!.valid).toBe(true);
    expect(b!.timestamp).not.toBe(a!.timestamp);
  });

  it('rejects connect() on a refused first handshake and does not retry', async () => {
    const ws = makeClient(server, { signer: createNodeSigner({ keyId: KEY_ID, privateKey: crypto.generateKeyPairSync('ed25519').privateKey }) });
    const before = server.handshakes.length;
    const error = await ws.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketConnectionError);
    expect((error as WebSocketConnectionError).status).toBe(401);
    expect((error as Error).message).toMatch(/HTTP 401.*API key/);
    await sleep(60);
    expect(server.handshakes.length).toBe(before + 1);
    expect(ws.state).toBe('idle');
  });

  it('fails subscriptions waiting for a refused first handshake instead of leaving them pending', async () => {
    server.refuseWith = 403;
    const ws = makeClient(server);
    const sub = ws.subscribe('ticker');
    await expect(sub.ready).rejects.toMatchObject({ name: 'WebSocketConnectionError', status: 403 });
    await expect(ws.listSubscriptions()).rejects.toBeInstanceOf(WebSocketConnectionError);
  });

  it('keeps retrying with growing, capped delays once it has been connected', async () => {
    const ws = makeClient(server);
    const delays: number[] = [];
    const errors: WebSocketError[] = [];
    ws.on('reconnecting', (_attempt, delay) => delays.push(delay));
    ws.on('error', (e) => errors.push(e));
    await ws.connect();
    server.refuseWith = 503;
    server.drop();
    await until(() => delays.length >= 5, 'five reconnect attempts');
    expect(delays.slice(0, 5)).toEqual([10, 20, 40, 40, 40]);
    expect(errors.some((e) => e instanceof WebSocketConnectionError && e.status === 503)).toBe(true);
    server.refuseWith = undefined;
    await until(() => ws.state === 'open', 'reopen');
  });
});

describe('watchdog', () => {
  it('declares a silent connection dead, terminates it and reconnects', async () => {
    const ws = makeClient(server, { heartbeatTimeoutMs: 120 });
    const errors: WebSocketError[] = [];
    ws.on('error', (e) => errors.push(e));
    await ws.connect();
    const connections = server.connections;
    server.pinging = false;
    server.answerPings = false;
    await until(() => server.connections > connections, 'a reconnect after silence', 2_000);
    expect(errors.some((e) => /no ping, pong or frame/.test(e.message))).toBe(true);
  });

  it('leaves a connection alone while the server pings', async () => {
    const ws = makeClient(server, { heartbeatTimeoutMs: 120 });
    await ws.connect();
    const connections = server.connections;
    await sleep(300);
    expect(server.connections).toBe(connections);
  });

  it('pings a quiet server itself and accepts its pong as life', async () => {
    const ws = makeClient(server, { heartbeatTimeoutMs: 120 });
    await ws.connect();
    const connections = server.connections;
    server.pinging = false;
    await sleep(300);
    expect(server.connections).toBe(connections);
  });
});

describe('close()', () => {
  it('leaves no timers or sockets behind', async () => {
    const count = () => {
      const info = process.getActiveResourcesInfo();
      return { timers: info.filter((r) => r === 'Timeout').length, sockets: info.filter((r) => r === 'TCPSocketWrap').length };
    };
    await sleep(20);
    const baseline = count();
    const ws = makeClient(server, { heartbeatTimeoutMs: 500 });
    await ws.connect();
    ws.subscribe('ticker');
    await ws.subscribe('trade').ready;
    const listed = ws.listSubscriptions().catch((e: unknown) => e);
    expect(count().sockets).toBeGreaterThan(baseline.sockets);
    await ws.close();
    expect(ws.state).toBe('closed');
    await until(() => server.socket?.readyState === 3, 'server side closed');
    await sleep(20);
    await listed;
    // Other tests may leave timers of their own running out: none may be added by this client.
    expect(count().timers).toBeLessThanOrEqual(baseline.timers);
    expect(count().sockets).toBeLessThanOrEqual(baseline.sockets);
  });

  it('rejects commands and subscriptions still waiting', async () => {
    const ws = makeClient(server);
    server.intercept = () => true;
    const sub = ws.subscribe('ticker');
    const list = ws.listSubscriptions();
    await until(() => server.commandsNamed('list_subscriptions').length > 0, 'command sent');
    await ws.close();
    server.intercept = undefined;
    await expect(sub.ready).rejects.toMatchObject({ name: 'WebSocketClosedError' });
    await expect(list).rejects.toMatchObject({ name: 'WebSocketClosedError' });
    expect(() => ws.subscribe('ticker')).toThrow(/closed/);
  });
});

describe('configuration', () => {
  it('is importable as kalshi-ts/ws', async () => {
    const mod = await import('kalshi-ts/ws');
    expect(mod.KalshiWS).toBe(KalshiWS);
  });

  it('derives the socket URL from a REST base URL', () => {
    expect(wsUrlFromRestBase('https://demo-api.kalshi.co/trade-api/v2')).toBe('wss://demo-api.kalshi.co/trade-api/ws/v2');
    expect(wsUrlFromRestBase('http://127.0.0.1:8080/trade-api/v2/')).toBe('ws://127.0.0.1:8080/trade-api/ws/v2');
    expect(() => wsUrlFromRestBase('https://example.com/api')).toThrow(/url option/);
  });

  it('reads KALSHI_BASE_URL, then KALSHI_ENV, like the REST client', () => {
    vi.stubEnv('KALSHI_API_KEY_ID', '');
    vi.stubEnv('KALSHI_PRIVATE_KEY', '');
    vi.stubEnv('KALSHI_PRIVATE_KEY_PATH', '');
    vi.stubEnv('KALSHI_BASE_URL', '');
    vi.stubEnv('KALSHI_ENV', 'demo');
    expect(new KalshiWS().url).toBe(ENVIRONMENTS.demo.ws);
    expect(new KalshiWS({ environment: 'production' }).url).toBe(ENVIRONMENTS.production.ws);
    vi.stubEnv('KALSHI_BASE_URL', 'http://localhost:9999/trade-api/v2');
    expect(new KalshiWS().url).toBe('ws://localhost:9999/trade-api/ws/v2');
    expect(new KalshiWS({ url: 'ws://x.test/trade-api/ws/v2' }).url).toBe('ws://x.test/trade-api/ws/v2');
  });

  it('loads credentials from the environment', async () => {
    vi.stubEnv('KALSHI_API_KEY_ID', KEY_ID);
    vi.stubEnv('KALSHI_PRIVATE_KEY', (await import('./helpers/fixtures.js')).keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const ws = makeClient(server, { signer: undefined });
    const before = server.handshakes.length;
    await ws.connect();
    expect(server.handshakes[before]).toMatchObject({ keyId: KEY_ID, valid: true });
    expect(JSON.stringify(ws)).not.toMatch(/PRIVATE/);
  });
});
