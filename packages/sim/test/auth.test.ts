import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock, type Exchange } from '../src/index.js';
import { admin, call, newUser, start } from './helpers/exchange.js';
import { signature, signHeaders, type Credentials } from './helpers/sign.js';

let ex: Exchange;
let rsa: Credentials;
let ed: Credentials;
let readOnly: Credentials;
const clock = new ControllableClock();

beforeAll(async () => {
  clock.freeze();
  ex = await start({ clock, rateLimits: false });
  rsa = await newUser(ex);
  ed = await newUser(ex, { keyType: 'ed25519' });
  readOnly = await newUser(ex, { scopes: ['read'] });
  // GetBalance is not implemented yet; an echo handler shows what the pipeline let through.
  ex.handlers.GetBalance = ({ auth }) => ({ body: { balance: 0, portfolio_value: 0, updated_ts: 0, balance_dollars: auth!.userId } as never });
  ex.handlers.CancelAllOrders = () => ({ status: 204 });
});
afterAll(() => ex.close());

describe('request signing', () => {
  it('accepts RSA-PSS (salt 32) and Ed25519 signatures', async () => {
    const a = await call(ex, 'GET', '/portfolio/balance', { creds: rsa });
    expect(a.status, a.text).toBe(200);
    const b = await call(ex, 'GET', '/portfolio/balance', { creds: ed });
    expect(b.status, b.text).toBe(200);
  });

  it('issues PKCS#1 PEM for RSA and PKCS#8 PEM for Ed25519, as Kalshi does', () => {
    expect(rsa.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(ed.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('signs the path without the query string', async () => {
    const res = await call(ex, 'GET', '/portfolio/balance?subaccount=0', { creds: rsa });
    expect(res.status, res.text).toBe(200);
    // A client that signs the query too is refused: the signed text is timestamp+METHOD+path only.
    const headers = signHeaders(rsa, { method: 'GET', path: '/trade-api/v2/portfolio/balance', timestampMs: clock.now() });
    const withQuery = { ...headers, 'KALSHI-ACCESS-SIGNATURE': signature(rsa.privateKeyPem, `${clock.now()}GET/trade-api/v2/portfolio/balance?subaccount=0`) };
    const bad = await call(ex, 'GET', '/portfolio/balance?subaccount=0', { headers: withQuery });
    expect(bad.status).toBe(401);
    expect(bad.json.code).toBe('invalid_signature');
  });

  it('requires signatures on private operations', async () => {
    const res = await call(ex, 'GET', '/portfolio/balance');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'missing_auth_headers', message: expect.stringContaining('KALSHI-ACCESS-KEY') });
    const partial = await call(ex, 'GET', '/portfolio/balance', { headers: { 'KALSHI-ACCESS-KEY': rsa.keyId } });
    expect(partial.status).toBe(401);
    expect(partial.json.message).toMatch(/KALSHI-ACCESS-TIMESTAMP/);
  });

  it('refuses a signature from another key, another method or another path', async () => {
    const ts = clock.now();
    const other = signHeaders(ed, { method: 'GET', path: '/trade-api/v2/portfolio/balance', timestampMs: ts });
    const swapped = await call(ex, 'GET', '/portfolio/balance', { headers: { ...other, 'KALSHI-ACCESS-KEY': rsa.keyId } });
    expect(swapped.json.code).toBe('invalid_signature');
    const post = signHeaders(rsa, { method: 'POST', path: '/trade-api/v2/portfolio/balance', timestampMs: ts });
    expect((await call(ex, 'GET', '/portfolio/balance', { headers: post })).json.code).toBe('invalid_signature');
    const path = signHeaders(rsa, { method: 'GET', path: '/portfolio/balance', timestampMs: ts });
    expect((await call(ex, 'GET', '/portfolio/balance', { headers: path })).json.code).toBe('invalid_signature');
  });

  it('is strict about the RSA-PSS salt length', async () => {
    const headers = signHeaders(rsa, { method: 'GET', path: '/trade-api/v2/portfolio/balance', timestampMs: clock.now(), saltLength: 222 });
    const res = await call(ex, 'GET', '/portfolio/balance', { headers });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('invalid_signature');
  });

  it('refuses unknown and deleted keys', async () => {
    const unknown = await call(ex, 'GET', '/portfolio/balance', { creds: { ...rsa, keyId: 'no-such-key' } });
    expect(unknown.status).toBe(401);
    expect(unknown.json.code).toBe('unknown_api_key');
    const doomed = await newUser(ex);
    expect((await call(ex, 'GET', '/portfolio/balance', { creds: doomed })).status).toBe(200);
    await admin(ex, 'DELETE', `/_sim/keys/${doomed.keyId}`);
    const deleted = await call(ex, 'GET', '/portfolio/balance', { creds: doomed });
    expect(deleted.json.code).toBe('unknown_api_key');
  });

  it('accepts timestamps from 60 s in the past to 5 s in the future of the exchange clock', async () => {
    const now = clock.now();
    for (const ts of [now - 60_000, now + 5_000]) {
      expect((await call(ex, 'GET', '/portfolio/balance', { creds: rsa, timestampMs: ts })).status).toBe(200);
    }
    for (const ts of [now - 60_001, now + 5_001]) {
      const res = await call(ex, 'GET', '/portfolio/balance', { creds: rsa, timestampMs: ts });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('timestamp_out_of_window');
      expect(res.json.message).toMatch(/60 s old and 5 s in the future/);
    }
    const seconds = await call(ex, 'GET', '/portfolio/balance', { creds: rsa, timestampMs: Math.floor(now / 1000) });
    expect(seconds.json.message).toMatch(/looks like seconds/);
  });

  it('rejects a malformed timestamp or signature header', async () => {
    const good = signHeaders(rsa, { method: 'GET', path: '/trade-api/v2/portfolio/balance', timestampMs: clock.now() });
    const ts = await call(ex, 'GET', '/portfolio/balance', { headers: { ...good, 'KALSHI-ACCESS-TIMESTAMP': '12.5' } });
    expect(ts.json.code).toBe('invalid_timestamp');
    const sig = await call(ex, 'GET', '/portfolio/balance', { headers: { ...good, 'KALSHI-ACCESS-SIGNATURE': 'not base64!' } });
    expect(sig.json.code).toBe('invalid_signature');
  });

  it('leaves public operations open but still refuses bad credentials on them', async () => {
    expect((await call(ex, 'GET', '/markets/KXFED-26MAR-H0')).status).toBe(200);
    expect((await call(ex, 'GET', '/markets/KXFED-26MAR-H0', { creds: ed })).status).toBe(200);
    const bad = await call(ex, 'GET', '/markets/KXFED-26MAR-H0', { creds: { ...rsa, privateKeyPem: ed.privateKeyPem } });
    expect(bad.status).toBe(401);
  });

  it('answers 403 when the key lacks the scope', async () => {
    expect((await call(ex, 'GET', '/portfolio/balance', { creds: readOnly })).status).toBe(200);
    const res = await call(ex, 'DELETE', '/portfolio/events/orders', { creds: readOnly });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('insufficient_scope');
    expect((await call(ex, 'DELETE', '/portfolio/events/orders', { creds: rsa })).status).toBe(204);
  });

  it('accepts imported public keys of both types', async () => {
    const { user_id } = await admin<{ user_id: string }>(ex, 'POST', '/_sim/users', {});
    for (const type of ['rsa', 'ed25519'] as const) {
      const pair =
        type === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
          : generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
      const key = await admin<{ api_key_id: string; key_type: string }>(ex, 'POST', `/_sim/users/${user_id}/keys/import`, { public_key_pem: pair.publicKey });
      expect(key.key_type).toBe(type);
      const res = await call(ex, 'GET', '/portfolio/balance', { creds: { keyId: key.api_key_id, privateKeyPem: pair.privateKey } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.balance_dollars).toBe(user_id);
    }
  });
});
