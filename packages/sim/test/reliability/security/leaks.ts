// Key material never reaches an error, a log line, util.inspect or JSON of anything the SDK hands
// out. Every text produced here goes to the shared KeyLeakWatch, checked once at the end of the suite.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  createNodeSigner,
  Kalshi,
  KeyError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from 'kalshi-ts';
import { KalshiWS, WebSocketConnectionError, WebSocketError } from 'kalshi-ts/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMarket, gtc } from '../../trading/helpers.js';
import { caught, client, extraKey, instantClock, KEY_LABELS, keyOptions, recordingFetch, within, world, type KeyLabel, type WireRequest } from './fixtures.js';
import { closedPort, scriptedServer, type LocalServer } from './servers.js';

/** Every object reachable from `roots` through own properties (symbols and hidden ones too) and class getters. */
export function reachable(roots: unknown[], limit = 5_000): object[] {
  const seen = new Set<object>();
  const queue: unknown[] = [...roots];
  while (queue.length > 0 && seen.size < limit) {
    const value = queue.shift();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) queue.push(descriptor.value);
    }
    // Getters on the classes the SDK defines (state, url, ...); built-in prototypes are left alone.
    for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) {
      if (proto === Error.prototype || proto === Promise.prototype || proto === Map.prototype || proto === Set.prototype) break;
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (descriptor.get && key !== '__proto__') {
          try {
            queue.push(descriptor.get.call(value));
          } catch {
            // A getter that refuses this receiver has nothing to show.
          }
        }
      }
    }
  }
  return [...seen];
}

/** Shows every reachable object to the watch the ways a user could print it. */
function exposeAll(roots: unknown[]): number {
  const objects = reachable(roots);
  for (const object of objects) {
    world.watch.see(inspect(object, { showHidden: true, depth: Infinity, getters: true }));
    world.watch.see(object);
    try {
      world.watch.see(String(object));
    } catch {
      // Objects without a string form (null prototype) are covered by inspect.
    }
  }
  return objects.length;
}

let scripted: LocalServer;

/** A client on the scripted host with the SDK's debug logging going to the watch. */
function scriptedClient(label: KeyLabel, options: ConstructorParameters<typeof Kalshi>[0] = {}): Kalshi {
  const logger = world.watch.logger();
  const count = (line: (m: string, f?: Record<string, unknown>) => void) => (m: string, f?: Record<string, unknown>) => {
    world.logLines.sdk++;
    line(m, f);
  };
  return client(label, {
    baseURL: `${scripted.url}/trade-api/v2`,
    clock: instantClock(),
    maxRetries: 2,
    logger: { debug: count(logger.debug), info: count(logger.info), warn: count(logger.warn), error: count(logger.error) },
    ...options,
  });
}

export function describeLeaks(): void {
  describe('key material stays out of errors, logs, inspect and JSON', () => {
    beforeAll(async () => {
      scripted = await scriptedServer();
    });
    afterAll(() => scripted?.close());
    it('every API, connection, timeout and abort error, for each kind of key', async () => {
      const port = await closedPort();
      for (const label of KEY_LABELS) {
        const kalshi = scriptedClient(label);
        for (const status of [301, 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 504]) {
          const error = await caught(`status ${status}`, () => kalshi.markets.get(`S${status}`));
          expect(error).toBeInstanceOf(APIError);
          expect((error as APIError).status).toBe(status);
        }
        expect(await caught('not JSON', () => kalshi.markets.get('NOTJSON'))).toBeInstanceOf(APIError);
        expect(await caught('dropped', () => kalshi.markets.get('DROP'))).toBeInstanceOf(APIConnectionError);
        expect(await caught('timeout', () => kalshi.markets.get('HANG', { timeout: 100, maxRetries: 0 }))).toBeInstanceOf(APITimeoutError);
        const abort = new AbortController();
        setTimeout(() => abort.abort(), 30);
        expect(await caught('abort', () => kalshi.markets.get('HANG', { signal: abort.signal }))).toBeInstanceOf(APIUserAbortError);
        const refused = scriptedClient(label, { baseURL: `http://127.0.0.1:${port}/trade-api/v2` });
        expect(await caught('refused', () => refused.markets.get('S200'))).toBeInstanceOf(APIConnectionError);
        // Retries that end in success still log each failed attempt.
        await expect(kalshi.markets.get(`FLAKY-${label}`)).resolves.toMatchObject({ market: { ticker: `FLAKY-${label}` } });
        expect(await caught('validation', () => kalshi.orders.create(gtc('', 'bid', '1', '0.5')))).toBeInstanceOf(ValidationError);
        expect(await caught('bad price', () => kalshi.orders.create(gtc('KX-A', 'bid', '1', '1.5')))).toBeInstanceOf(ValidationError);
      }
      expect(world.logLines.sdk).toBeGreaterThan(KEY_LABELS.length * 10);
    }, 20_000);

    it('errors from the exchange itself: 400, 401, 403, 404, over the wire as the SDK sent it', async () => {
      const wire: WireRequest[] = [];
      const ticker = await freshMarket(world.exchange);
      const readOnly = await extraKey({ scopes: ['read'] });
      for (const label of KEY_LABELS) {
        const kalshi = client(label, { fetch: recordingFetch(wire), logger: world.watch.logger() });
        expect(await caught('404', () => kalshi.orders.get('no-such-order'))).toBeInstanceOf(NotFoundError);
        expect(await caught('400', () => kalshi.orders.create(gtc(ticker, 'bid', '100000', '0.99')))).toBeInstanceOf(APIError);
        // The id of one key with the PEM of another: the signature cannot verify.
        const other = label === 'ed25519' ? 'rsaPkcs1' : 'ed25519';
        const mismatched = client(null, { ...keyOptions(label), apiKeyId: world.keys[other].keyId, fetch: recordingFetch(wire) });
        expect(await caught('401', () => mismatched.portfolio.balance())).toBeInstanceOf(AuthenticationError);
        // Registering a private key as a public one is refused before anything is sent.
        expect(await caught('private as public', () => kalshi.apiKeys.create({ name: 'oops', public_key: world.keys[label].pem }))).toBeInstanceOf(ValidationError);
      }
      const scoped = client(null, { apiKeyId: readOnly.keyId, privateKey: readOnly.pem, fetch: recordingFetch(wire) });
      expect(await caught('403', () => scoped.orders.create(gtc(ticker, 'bid', '1', '0.40')))).toBeInstanceOf(PermissionDeniedError);
      // What went over the wire is watched too: signatures and bodies, never a key.
      expect(wire.length).toBeGreaterThanOrEqual(KEY_LABELS.length * 3);
      for (const request of wire) world.watch.see(request);
      world.figures.requests += wire.length;
    });

    it('refusing a bad, encrypted, truncated or misplaced key never echoes it', async () => {
      const dir = tmpdir();
      for (const label of KEY_LABELS) {
        const { pem, passphrase } = world.keys[label];
        const lines = pem.trim().split('\n');
        const truncated = [...lines.slice(0, lines.length / 2), lines.at(-1)!].join('\n');
        const corrupted = pem.replace(/([A-Za-z0-9+/]{20})[A-Za-z0-9+/]/, '$1!');
        const bodyOnly = lines.slice(1, -1).join('');
        const flattened = pem.replace(/\n/g, ' ');
        const bad: [string, Record<string, unknown>][] = [
          ['truncated', { apiKeyId: 'k', privateKey: truncated, passphrase }],
          ['corrupted', { apiKeyId: 'k', privateKey: corrupted, passphrase }],
          ['body only, bytes', { apiKeyId: 'k', privateKey: Buffer.from(bodyOnly.slice(0, -8)), passphrase }],
          ['PEM as the key id', { apiKeyId: flattened, privateKey: pem, passphrase }],
          ['PEM as both', { apiKeyId: pem, privateKey: pem, passphrase }],
        ];
        if (passphrase !== undefined) {
          bad.push(['no passphrase', { apiKeyId: 'k', privateKey: pem }], ['wrong passphrase', { apiKeyId: 'k', privateKey: pem, passphrase: `${passphrase}x` }]);
          bad.push(['passphrase as the key', { apiKeyId: 'k', privateKey: passphrase, passphrase }]);
        }
        for (const [what, options] of bad) {
          expect(await caught(`${label} ${what}: Kalshi`, () => new Kalshi({ baseURL: 'http://127.0.0.1:9/trade-api/v2', ...options }))).toBeInstanceOf(KeyError);
          expect(await caught(`${label} ${what}: KalshiWS`, () => new KalshiWS({ url: 'ws://127.0.0.1:9/trade-api/ws/v2', ...options }))).toBeInstanceOf(KeyError);
          expect(await caught(`${label} ${what}: signer`, () => createNodeSigner({ keyId: String(options.apiKeyId), privateKey: options.privateKey as string, passphrase: options.passphrase as string }))).toBeInstanceOf(KeyError);
        }
        // The environment variables swapped: key text where the file path belongs, and a wrong passphrase.
        const file = join(dir, `kalshi-security-${process.pid}-${label}.pem`);
        writeFileSync(file, truncated, { mode: 0o600 });
        const envCases: Record<string, string>[] = [
          { KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY_PATH: pem },
          { KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY_PATH: file },
          { KALSHI_API_KEY_ID: pem.replace(/\n/g, ' '), KALSHI_PRIVATE_KEY: pem, ...(passphrase !== undefined && { KALSHI_PRIVATE_KEY_PASSPHRASE: passphrase }) },
          ...(passphrase !== undefined ? [{ KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY: pem, KALSHI_PRIVATE_KEY_PASSPHRASE: 'wrong' }] : []),
        ];
        for (const env of envCases) {
          const saved = { ...process.env };
          Object.assign(process.env, env);
          try {
            expect(await caught(`${label} env ${Object.keys(env).join('+')}`, () => new Kalshi({ baseURL: 'http://127.0.0.1:9/trade-api/v2' }))).toBeInstanceOf(KeyError);
          } finally {
            for (const name of Object.keys(env)) delete process.env[name];
            Object.assign(process.env, saved);
          }
        }
      }
    });

    it('WebSocket errors: refused handshakes, an unreachable host, error frames from the server', async () => {
      const port = await closedPort();
      const logger = world.watch.logger();
      for (const label of KEY_LABELS) {
        const wrongKey = { ...keyOptions(label), apiKeyId: world.keys[label === 'ed25519' ? 'rsaPkcs1' : 'ed25519'].keyId };
        const refused = new KalshiWS({ url: world.exchange.wsUrl, ...wrongKey, logger });
        refused.on('error', (error) => world.watch.see(error));
        expect(await caught('handshake 401', () => within(5_000, 'refused handshake', refused.connect()))).toBeInstanceOf(WebSocketConnectionError);
        const notFound = new KalshiWS({ url: world.exchange.wsUrl.replace('/ws/v2', '/ws/v9'), ...keyOptions(label), logger });
        expect(await caught('handshake 404', () => within(5_000, 'handshake 404', notFound.connect()))).toBeInstanceOf(WebSocketConnectionError);
        // Nothing listens: the client keeps retrying and reports each failure as an error event.
        const unreachable = new KalshiWS({ url: `ws://127.0.0.1:${port}/trade-api/ws/v2`, ...keyOptions(label), logger, reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
        const failures: unknown[] = [];
        unreachable.on('error', (error) => failures.push(error));
        void unreachable.connect().catch((error: unknown) => world.watch.see(error));
        await within(5_000, 'connection failures', new Promise<void>((resolve) => unreachable.on('reconnecting', (attempt) => attempt >= 2 && resolve())));
        const ok = new KalshiWS({ url: world.exchange.wsUrl, ...keyOptions(label), logger });
        await ok.connect();
        const bad = ok.subscribe('orderbook_delta', { market_ticker: 'NO-SUCH-MARKET' });
        const frameError = await caught('server error frame', () => within(5_000, 'error frame', bad.ready));
        await Promise.all([refused.close(), notFound.close(), unreachable.close(), ok.close()]);
        expect(failures.length).toBeGreaterThanOrEqual(2);
        expect(frameError).toBeInstanceOf(WebSocketError);
        for (const failure of failures) world.watch.see(failure);
      }
    });

    it('inspect, JSON and String of clients, signers, resources and everything reachable from them', async () => {
      let objects = 0;
      for (const label of KEY_LABELS) {
        const kalshi = client(label);
        await kalshi.portfolio.balance();
        const ws = new KalshiWS({ url: world.exchange.wsUrl, ...keyOptions(label), rest: kalshi, logger: world.watch.logger() });
        try {
          await ws.connect();
          const sub = ws.subscribe('fill');
          await sub.ready;
          const signer = createNodeSigner({ keyId: world.keys[label].keyId, privateKey: world.keys[label].pem, passphrase: world.keys[label].passphrase });
          objects += exposeAll([kalshi, ws, sub, signer, kalshi.orders, kalshi.portfolio, kalshi.apiKeys, ws.state]);
          // The same client built from the environment, as most users configure it.
          const saved = { ...process.env };
          process.env.KALSHI_API_KEY_ID = world.keys[label].keyId;
          process.env.KALSHI_PRIVATE_KEY = world.keys[label].pem;
          if (world.keys[label].passphrase) process.env.KALSHI_PRIVATE_KEY_PASSPHRASE = world.keys[label].passphrase;
          try {
            const fromEnv = new Kalshi({ baseURL: world.exchange.restUrl });
            objects += exposeAll([fromEnv, new KalshiWS({ url: world.exchange.wsUrl })]);
            await fromEnv.close();
          } finally {
            for (const name of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY', 'KALSHI_PRIVATE_KEY_PASSPHRASE']) delete process.env[name];
            Object.assign(process.env, saved);
          }
        } finally {
          await ws.close();
        }
      }
      // Each client graph is more than a handful of objects, or the walk proved nothing.
      expect(objects).toBeGreaterThan(KEY_LABELS.length * 50);
      world.figures.objects += objects;
    });
  });
}
