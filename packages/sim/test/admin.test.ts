import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type Exchange } from '../src/index.js';
import { admin, start } from './helpers/exchange.js';

let ex: Exchange;
beforeAll(async () => {
  ex = await start();
});
afterAll(() => ex.close());

async function raw(method: string, path: string, body?: string) {
  const res = await fetch(`${ex.url}${path}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

describe('admin API', () => {
  it('reports health', async () => {
    const h = await admin(ex, 'GET', '/_sim/health');
    expect(h).toMatchObject({ ok: true, seed: 1, rate_limits_enabled: true });
  });

  it('creates users with a tier and lists their keys', async () => {
    const { user_id } = await admin<{ user_id: string }>(ex, 'POST', '/_sim/users', { name: 'alice', tier: 'prime' });
    const key = await admin<{ api_key_id: string }>(ex, 'POST', `/_sim/users/${user_id}/keys`, { key_type: 'ed25519', scopes: ['read'] });
    const user = await admin(ex, 'GET', `/_sim/users/${user_id}`);
    expect(user).toMatchObject({ user_id, name: 'alice', tier: 'prime', fcm: false });
    expect(user.api_keys).toEqual([{ api_key_id: key.api_key_id, name: 'ed25519 key', key_type: 'ed25519', scopes: ['read'] }]);
    expect(ex.db.users.get(user_id)?.tier).toBe('prime');
  });

  it('validates bodies and answers Kalshi-shaped errors', async () => {
    const badTier = await raw('POST', '/_sim/users', '{"tier":"gold"}');
    expect(badTier.status).toBe(400);
    expect(badTier.json.message).toMatch(/^tier: must be one of/);
    const unknownField = await raw('POST', '/_sim/users', '{"nme":"x"}');
    expect(unknownField.json.message).toBe('nme: is not an accepted field');
    const badJson = await raw('POST', '/_sim/users', '{');
    expect(badJson.json.code).toBe('invalid_json');
    const noUser = await raw('POST', '/_sim/users/nobody/keys', '{}');
    expect(noUser.status).toBe(404);
    const { user_id } = await admin<{ user_id: string }>(ex, 'POST', '/_sim/users', {});
    const writeOnly = await raw('POST', `/_sim/users/${user_id}/keys`, '{"scopes":["write"]}');
    expect(writeOnly.json.message).toBe("scopes: 'write' requires 'read'");
    const badPem = await raw('POST', `/_sim/users/${user_id}/keys/import`, '{"public_key_pem":"nope"}');
    expect(badPem.status).toBe(400);
    expect(badPem.json.message).toMatch(/^public_key_pem: /);
  });

  it('answers 404 and 405 like the REST API', async () => {
    expect((await raw('GET', '/_sim/nothing')).status).toBe(404);
    const wrong = await raw('PUT', '/_sim/clock');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });

  it('freezes, sets and advances the clock', async () => {
    const frozen = await admin<{ now_ms: number; frozen: boolean }>(ex, 'POST', '/_sim/clock', { set_ms: 1_800_000_000_000, freeze: true });
    expect(frozen).toMatchObject({ now_ms: 1_800_000_000_000, frozen: true });
    expect(ex.clock.now()).toBe(1_800_000_000_000);
    const later = await admin<{ now_ms: number }>(ex, 'POST', '/_sim/clock', { advance_ms: 1500 });
    expect(later.now_ms).toBe(1_800_000_001_500);
    const running = await admin<{ now_ms: number; frozen: boolean }>(ex, 'POST', '/_sim/clock', { freeze: false });
    expect(running.frozen).toBe(false);
    expect(ex.clock.now()).toBeGreaterThanOrEqual(1_800_000_001_500);
    expect((await raw('POST', '/_sim/clock', '{"advance_ms":-5}')).status).toBe(400);
  });

  it('refuses clock control when the exchange runs on a custom clock', async () => {
    const custom = await startExchange({ clock: { now: () => 42_000 } });
    try {
      const res = await fetch(`${custom.url}/_sim/clock`, { method: 'POST', body: '{"freeze":true}' });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { code: string }).code).toBe('clock_not_controllable');
    } finally {
      await custom.close();
    }
  });

  it('makes adding a route one line', async () => {
    ex.admin.add('POST', '/_sim/echo/:word', ({ params, body }) => ({ body: { word: params.word, body } }), { type: 'object' });
    expect(await admin(ex, 'POST', '/_sim/echo/hi', { a: 1 })).toEqual({ word: 'hi', body: { a: 1 } });
  });
});
