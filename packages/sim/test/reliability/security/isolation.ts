// Credentials go only where their client was pointed: two clients with two keys in one process never
// swap headers, unrelated HTTP in the process carries none, and no redirect carries them elsewhere.
import { request as httpRequest } from 'node:http';
import { constants, verify, type KeyObject } from 'node:crypto';
import { APIError, type Kalshi } from 'kalshi-ts';
import { KalshiWS, WebSocketConnectionError } from 'kalshi-ts/ws';
import { getGlobalDispatcher, request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freshMarket } from '../../trading/helpers.js';
import { caught, client, keyOptions, within, world, type KeyLabel } from './fixtures.js';
import { size } from '../support.js';
import { recordingProxy, recordingServer, redirectingServer, type LocalServer, type Received } from './servers.js';

const A: KeyLabel = 'rsaPkcs1';
const B: KeyLabel = 'ed25519';

function header(received: Received, name: string): string | undefined {
  const value = received.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function hasCredentials(received: Received): boolean {
  return Object.keys(received.headers).some((name) => name.startsWith('kalshi-access'));
}

/** The request carries `label`'s key id and a signature that verifies with that key for its own method and path. */
function expectSignedBy(received: Received, label: KeyLabel): void {
  const key = world.keys[label];
  expect(header(received, 'kalshi-access-key'), `${received.method} ${received.url}`).toBe(key.keyId);
  const message = `${header(received, 'kalshi-access-timestamp')}${received.method}${received.url.split('?')[0]}`;
  expect(verifies(key.publicKey, message, header(received, 'kalshi-access-signature') ?? ''), `signature of ${received.url}`).toBe(true);
}

function verifies(key: KeyObject, message: string, signature: string): boolean {
  const data = Buffer.from(message);
  const sig = Buffer.from(signature, 'base64');
  if (key.asymmetricKeyType === 'ed25519') return verify(null, data, key, sig);
  return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
}

/** Three ways code beside the SDK makes HTTP calls: global fetch, undici.request and node:http. */
async function unrelatedCalls(target: string, tag: number): Promise<void> {
  await (await fetch(`${target}/fetch/${tag}`)).text();
  await (await undiciRequest(`${target}/undici/${tag}`)).body.text();
  await new Promise<void>((resolve, reject) => {
    httpRequest(`${target}/http/${tag}`, (res) => res.resume().on('end', resolve)).on('error', reject).end();
  });
}

const servers: LocalServer[] = [];
let proxy: LocalServer;
let hostA: LocalServer;
let hostB: LocalServer;
let bystander: LocalServer;

export function describeIsolation(): void {
  describe('credentials go only to the configured host', () => {
    beforeAll(async () => {
      [proxy, hostA, hostB, bystander] = await Promise.all([recordingProxy(world.exchange.url), recordingServer(), recordingServer(), recordingServer()]);
      servers.push(proxy, hostA, hostB, bystander);
    });
    afterAll(() => Promise.all(servers.map((s) => s.close())));
    it('two clients with two keys, interleaved on one exchange and two other hosts, beside unrelated HTTP', async () => {
      const dispatcher = getGlobalDispatcher();
      const viaProxy = (label: KeyLabel) => client(label, { baseURL: `${proxy.url}/trade-api/v2` });
      const [a, b] = [viaProxy(A), viaProxy(B)];
      const [a2, b2] = [client(A, { baseURL: `${hostA.url}/trade-api/v2` }), client(B, { baseURL: `${hostB.url}/trade-api/v2` })];
      const ticker = await freshMarket(world.exchange);
      const rounds = size(12, 300);
      for (let i = 0; i < rounds; i++) {
        // The caller's own header marks each request, so a swapped key would show against its mark.
        const mark = (who: string) => ({ headers: { 'x-caller': `${who}-${i}` } });
        await Promise.all([
          a.portfolio.balance(undefined, mark('A')),
          b.portfolio.balance(undefined, mark('B')),
          a.markets.get(ticker, mark('A')),
          b.orders.list(undefined, mark('B')),
          a2.markets.get(`MKT-A${i}`, mark('A')),
          b2.markets.get(`MKT-B${i}`, mark('B')),
          unrelatedCalls(bystander.url, i),
        ]);
      }
      expect(proxy.received).toHaveLength(rounds * 4);
      for (const received of proxy.received) expectSignedBy(received, header(received, 'x-caller')!.startsWith('A') ? A : B);
      expect(hostA.received).toHaveLength(rounds);
      for (const received of hostA.received) expectSignedBy(received, A);
      expect(hostB.received).toHaveLength(rounds);
      for (const received of hostB.received) expectSignedBy(received, B);
      expect(bystander.received).toHaveLength(rounds * 3);
      const ids = [world.keys[A].keyId, world.keys[B].keyId];
      for (const received of bystander.received) {
        expect(hasCredentials(received), received.url).toBe(false);
        expect(ids.some((id) => JSON.stringify(received.headers).includes(id)), received.url).toBe(false);
      }
      // The SDK keeps its own connection pool: the process-wide one is untouched.
      expect(getGlobalDispatcher()).toBe(dispatcher);
      world.figures.requests += proxy.received.length + hostA.received.length + hostB.received.length + bystander.received.length;
    });

    it.each([301, 302, 307, 308])('a %i redirect to another host is not followed with credentials', async (status) => {
      const target = await recordingServer();
      const redirector = await redirectingServer(status, target.url);
      servers.push(target, redirector);
      const base = `${redirector.url}/trade-api/v2`;
      const clients: [string, Kalshi][] = [
        ['default transport', client(A, { baseURL: base })],
        ['global fetch', client(A, { baseURL: base, fetch })],
      ];
      for (const [what, kalshi] of clients) {
        for (const call of [() => kalshi.portfolio.balance(), () => kalshi.markets.get('ANY')]) {
          const error = await caught(`${what} ${status}`, call);
          expect(error, what).toBeInstanceOf(APIError);
          expect((error as APIError).status, what).toBe(status);
        }
      }
      // A redirected WebSocket handshake is not followed either.
      const ws = new KalshiWS({ url: `${redirector.url.replace(/^http/, 'ws')}/trade-api/ws/v2`, ...keyOptions(A) });
      const refused = await caught('ws redirect', () => within(5_000, 'redirected handshake', ws.connect()));
      await ws.close();
      expect(refused).toBeInstanceOf(WebSocketConnectionError);
      expect(redirector.received.length).toBe(clients.length * 2 + 1);
      expect(target.received).toEqual([]);
      world.figures.requests += redirector.received.length;
    });

    it('the WebSocket client signs only its own handshake, never a frame or another request', async () => {
      const handshakes: Record<string, string>[] = [];
      const frames: string[] = [];
      class Recording extends WebSocket {
        constructor(url: string, options: { headers: Record<string, string> }) {
          handshakes.push({ ...options.headers });
          super(url, options);
          const send = this.send.bind(this) as (data: string, cb?: (err?: Error) => void) => void;
          (this as { send: unknown }).send = (data: string, cb?: (err?: Error) => void) => {
            frames.push(data);
            send(data, cb);
          };
        }
      }
      const wsA = new KalshiWS({ url: world.exchange.wsUrl, ...keyOptions(A), WebSocket: Recording });
      // Key B's socket aimed at a host that records the upgrade and refuses it.
      const wsB = new KalshiWS({ url: `${bystander.url.replace(/^http/, 'ws')}/trade-api/ws/v2`, ...keyOptions(B) });
      const before = bystander.received.length;
      try {
        await wsA.connect();
        await Promise.all([wsA.subscribe('fill').ready, wsA.subscribe('ticker').ready, unrelatedCalls(bystander.url, 100)]);
        expect(await caught('refused handshake', () => within(5_000, 'refused handshake', wsB.connect()))).toBeInstanceOf(WebSocketConnectionError);
        await unrelatedCalls(bystander.url, 101);
      } finally {
        await Promise.all([wsA.close(), wsB.close()]);
      }
      expect(handshakes).toHaveLength(1);
      expectSignedBy({ method: 'GET', url: '/trade-api/ws/v2', headers: lower(handshakes[0]!), upgrade: true }, A);
      expect(frames.length).toBeGreaterThanOrEqual(2);
      for (const frame of frames) expect(frame).not.toMatch(new RegExp(`${world.keys[A].keyId}|KALSHI-ACCESS`, 'i'));
      const seen = bystander.received.slice(before);
      const upgrades = seen.filter((r) => r.upgrade);
      expect(upgrades).toHaveLength(1);
      expectSignedBy(upgrades[0]!, B);
      for (const received of seen.filter((r) => !r.upgrade)) expect(hasCredentials(received), received.url).toBe(false);
      world.figures.requests += seen.length + handshakes.length;
    });
  });
}

function lower(headers: Record<string, string>): Received['headers'] {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
