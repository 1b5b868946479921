// The exchange refuses what an attacker who saw one signed request could try: replaying it late or
// early, on another path or method, after the key was deleted, or with a key lacking the scope.
// Every signature here is one the SDK produced; refusals are checked raw and as the SDK's typed errors.
import { AuthenticationError, createNodeSigner, PermissionDeniedError, type APIError, type RequestSigner } from 'kalshi-ts';
import { KalshiWS, WebSocketConnectionError } from 'kalshi-ts/ws';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { admin } from '../../helpers/exchange.js';
import { freshMarket, gtc } from '../../trading/helpers.js';
import { caught, client, exchangeClock, extraKey, instantClock, within, keyOptions, recordingFetch, world, type KeyLabel, type WireRequest } from './fixtures.js';

const SIGNED = ['kalshi-access-key', 'kalshi-access-timestamp', 'kalshi-access-signature'];

/** The three signed headers of the last request the SDK sent. */
function signedHeadersOf(request: WireRequest | undefined): Record<string, string> {
  if (!request) throw new Error('the SDK sent no request');
  const picked = Object.fromEntries(Object.entries(request.headers).filter(([name]) => SIGNED.includes(name.toLowerCase())));
  expect(Object.keys(picked)).toHaveLength(3);
  return picked;
}

/** Sends captured headers as they are, to any path and method: what a replaying attacker does. */
async function replay(headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${world.exchange.restUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  world.watch.see(text);
  return { status: res.status, code: (text ? (JSON.parse(text) as { code?: string }).code : undefined) ?? '' };
}

async function expectRefused(what: string, answer: Promise<{ status: number; code: string }>, status: number, code: string) {
  expect(await answer, what).toEqual({ status, code });
  world.figures.refusals++;
}

async function expectTypedRefusal(what: string, call: () => Promise<unknown>, Class: typeof AuthenticationError, code: string) {
  const error = await caught(what, call);
  expect(error, what).toBeInstanceOf(Class);
  expect((error as APIError).code, what).toBe(code);
  world.figures.refusals++;
}

/** Opens a KalshiWS and returns how the handshake ended: 'open' or the refusal status. */
async function handshake(options: ConstructorParameters<typeof KalshiWS>[0]): Promise<number | 'open'> {
  const ws = new KalshiWS({ url: world.exchange.wsUrl, logger: world.watch.logger(), ...options });
  ws.on('error', (error) => world.watch.see(error));
  try {
    await within(5_000, 'handshake', ws.connect());
    return 'open';
  } catch (error) {
    world.watch.see(error);
    expect(error).toBeInstanceOf(WebSocketConnectionError);
    return (error as WebSocketConnectionError).status ?? -1;
  } finally {
    await ws.close();
  }
}

/** A raw upgrade with the given headers; resolves to 101 or the refusal status. */
function rawHandshake(headers: Record<string, string>, path = '/trade-api/ws/v2'): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${world.exchange.url.replace(/^http/, 'ws')}${path}`, { headers });
    socket.on('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? -1);
      res.resume();
      socket.terminate();
    });
    socket.on('error', () => resolve(-1));
  });
}

/** A KalshiWS WebSocket constructor that keeps the handshake headers it was asked to send. */
function recordingSocket(log: Record<string, string>[]) {
  return class extends WebSocket {
    constructor(url: string, options: { headers: Record<string, string> }) {
      log.push({ ...options.headers });
      super(url, options);
    }
  };
}

export function describeRefusals(): void {
  describe('the exchange refuses misused SDK signatures', () => {
    it.each<KeyLabel>(['rsaPkcs1', 'ed25519'])('replays outside the timestamp window (%s)', async (label) => {
      const wire: WireRequest[] = [];
      // Skew correction off: with it the SDK would re-sign with the exchange's time and succeed.
      const kalshi = client(label, { fetch: recordingFetch(wire), clockSkewCorrection: false });
      await kalshi.portfolio.balance();
      const captured = signedHeadersOf(wire.at(-1));
      // Inside the window a replay works: Kalshi's scheme has no nonce, only the timestamp bounds it.
      expect(await replay(captured, 'GET', '/portfolio/balance')).toMatchObject({ status: 200 });
      await exchangeClock({ advance_ms: 61_000 });
      try {
        await expectRefused('replay 61 s later', replay(captured, 'GET', '/portfolio/balance'), 401, 'timestamp_out_of_window');
        // The SDK's own clock is now 61 s behind the exchange: its fresh signatures are stale too.
        await expectTypedRefusal('SDK 61 s behind', () => kalshi.portfolio.balance(), AuthenticationError, 'timestamp_out_of_window');
      } finally {
        await exchangeClock('reset');
      }
      // A signature dated more than 5 s ahead, made by the SDK with a fast clock, is refused raw and typed.
      const fast = client(label, { fetch: recordingFetch(wire), clock: instantClock(6_000), clockSkewCorrection: false });
      await expectTypedRefusal('SDK 6 s ahead', () => fast.portfolio.balance(), AuthenticationError, 'timestamp_out_of_window');
      await expectRefused('replay from the future', replay(signedHeadersOf(wire.at(-1)), 'GET', '/portfolio/balance'), 401, 'timestamp_out_of_window');
    });

    it('a captured signature authorises neither another path nor another method', async () => {
      const wire: WireRequest[] = [];
      const kalshi = client('rsaPkcs8', { fetch: recordingFetch(wire) });
      const ticker = await freshMarket(world.exchange);
      const { order_id } = await kalshi.orders.create(gtc(ticker, 'bid', '1', '0.30'));

      await kalshi.orders.list({ ticker });
      const listOrders = signedHeadersOf(wire.at(-1));
      await expectRefused('GetOrders signature as CreateOrder', replay(listOrders, 'POST', '/portfolio/events/orders', gtc(ticker, 'bid', '1', '0.31')), 401, 'invalid_signature');
      await expectRefused('GetOrders signature as CancelAllOrders', replay(listOrders, 'DELETE', '/portfolio/events/orders'), 401, 'invalid_signature');

      // The same path under another method: reading an order group does not delete it.
      const { order_group_id } = await kalshi.orderGroups.create({ contracts_limit: 5 });
      await kalshi.orderGroups.get(order_group_id);
      const getGroup = signedHeadersOf(wire.at(-1));
      expect(await replay(getGroup, 'GET', `/portfolio/order_groups/${order_group_id}`)).toMatchObject({ status: 200 });
      await expectRefused('GET signature as DELETE', replay(getGroup, 'DELETE', `/portfolio/order_groups/${order_group_id}`), 401, 'invalid_signature');

      // Listing keys does not let a replay register the attacker's key.
      await kalshi.apiKeys.list();
      const attacker = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
      await expectRefused('GetApiKeys signature as CreateApiKey', replay(signedHeadersOf(wire.at(-1)), 'POST', '/api_keys', { name: 'x', public_key: attacker.publicKey }), 401, 'invalid_signature');

      await kalshi.portfolio.balance();
      await expectRefused('balance signature on positions', replay(signedHeadersOf(wire.at(-1)), 'GET', '/portfolio/positions'), 401, 'invalid_signature');

      // Nothing the refused replays asked for happened: the order rests, no second order exists.
      expect((await kalshi.orders.get(order_id)).order.status).toBe('resting');
      expect((await kalshi.orders.list({ ticker })).orders.map((o) => o.order_id)).toEqual([order_id]);
      await expect(kalshi.orderGroups.get(order_group_id)).resolves.toBeDefined();
      expect((await kalshi.apiKeys.list()).api_keys?.map((k) => k.api_key_id)).toEqual([world.keys.rsaPkcs8.keyId]);

      // Through the SDK: a signer that signs another path or method than the request's.
      for (const [what, rewrite] of [
        ['another path', (m: string) => m.replace('/portfolio/balance', '/portfolio/positions')],
        ['another method', (m: string) => m.replace('GET', 'POST')],
      ] as const) {
        const { apiKeyId, privateKey } = keyOptions('rsaPkcs8');
        const honest = createNodeSigner({ keyId: apiKeyId!, privateKey: privateKey as string });
        const skewed: RequestSigner = { keyId: honest.keyId, algorithm: honest.algorithm, sign: (message) => honest.sign(rewrite(message)) };
        const liar = client(null, { signer: skewed });
        await expectTypedRefusal(what, () => liar.portfolio.balance(), AuthenticationError, 'invalid_signature');
      }
    });

    it('deleted keys, through the admin API and through apiKeys.delete', async () => {
      const wire: WireRequest[] = [];
      const doomed = await extraKey();
      const kalshi = client(null, { apiKeyId: doomed.keyId, privateKey: doomed.pem, fetch: recordingFetch(wire) });
      await kalshi.portfolio.balance();
      const captured = signedHeadersOf(wire.at(-1));
      await admin(world.exchange, 'DELETE', `/_sim/keys/${doomed.keyId}`);
      await expectTypedRefusal('admin-deleted key', () => kalshi.portfolio.balance(), AuthenticationError, 'unknown_api_key');
      await expectRefused('replay of a deleted key', replay(captured, 'GET', '/portfolio/balance'), 401, 'unknown_api_key');

      // One key of a user deletes another of the same user; then a key deletes itself.
      const main = await extraKey();
      const second = await extraKey({ userId: main.userId, type: 'rsa' });
      const mainClient = client(null, { apiKeyId: main.keyId, privateKey: main.pem });
      const secondClient = client(null, { apiKeyId: second.keyId, privateKey: second.pem });
      await secondClient.portfolio.balance();
      await mainClient.apiKeys.delete(second.keyId);
      await expectTypedRefusal('key deleted by apiKeys.delete', () => secondClient.portfolio.balance(), AuthenticationError, 'unknown_api_key');
      await mainClient.apiKeys.delete(main.keyId);
      await expectTypedRefusal('key that deleted itself', () => mainClient.apiKeys.list(), AuthenticationError, 'unknown_api_key');
    });

    it('keys without the scope for the operation', async () => {
      const ticker = await freshMarket(world.exchange);
      const readOnly = await extraKey({ scopes: ['read'] });
      const reader = client(null, { apiKeyId: readOnly.keyId, privateKey: readOnly.pem });
      await expectTypedRefusal('read key creating an order', () => reader.orders.create(gtc(ticker, 'bid', '1', '0.20')), PermissionDeniedError, 'insufficient_scope');
      await expectTypedRefusal('read key minting a key', () => reader.apiKeys.generate({ name: 'escalate' }), PermissionDeniedError, 'insufficient_scope');
      expect((await reader.orders.list({ ticker })).orders).toEqual([]);

      // Child scopes grant nothing the parent scope is needed for, reading included.
      const tradeOnly = await extraKey({ scopes: ['write::trade'] });
      const trader = client(null, { apiKeyId: tradeOnly.keyId, privateKey: tradeOnly.pem });
      await expectTypedRefusal('write::trade key reading', () => trader.portfolio.balance(), PermissionDeniedError, 'insufficient_scope');
      await expectTypedRefusal('write::trade key trading', () => trader.orders.create(gtc(ticker, 'bid', '1', '0.20')), PermissionDeniedError, 'insufficient_scope');
    });

    it('the WebSocket handshake: stale, future, other-path, deleted and unscoped signatures', async () => {
      const handshakes: Record<string, string>[] = [];
      expect(await handshake({ ...keyOptions('ed25519'), WebSocket: recordingSocket(handshakes) })).toBe('open');
      const captured = signedHeadersOf({ method: 'GET', url: '', headers: handshakes.at(-1)!, body: undefined });
      expect(await rawHandshake(captured)).toBe(101);

      const expectWs = async (what: string, outcome: Promise<number | 'open'>, status: number) => {
        expect(await outcome, what).toBe(status);
        world.figures.refusals++;
      };
      await expectWs('SDK clock 61 s behind', handshake({ ...keyOptions('rsaPkcs1'), clock: instantClock(-61_000), clockSkewCorrection: false }), 401);
      await expectWs('SDK clock 6 s ahead', handshake({ ...keyOptions('rsaPkcs1'), clock: instantClock(6_000), clockSkewCorrection: false }), 401);

      // A REST signature on the socket path.
      const wire: WireRequest[] = [];
      await client('rsaPkcs1', { fetch: recordingFetch(wire) }).portfolio.balance();
      await expectWs('REST signature on the socket', rawHandshake(signedHeadersOf(wire.at(-1))), 401);

      const doomed = await extraKey();
      await admin(world.exchange, 'DELETE', `/_sim/keys/${doomed.keyId}`);
      await expectWs('deleted key', handshake({ apiKeyId: doomed.keyId, privateKey: doomed.pem }), 401);
      const unscoped = await extraKey({ scopes: ['write::trade'] });
      await expectWs('key without read', handshake({ apiKeyId: unscoped.keyId, privateKey: unscoped.pem }), 403);

      await exchangeClock({ advance_ms: 61_000 });
      try {
        await expectWs('handshake replayed 61 s later', rawHandshake(captured), 401);
      } finally {
        await exchangeClock('reset');
      }
    });
  });
}
