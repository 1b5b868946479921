import { createPublicKey, generateKeyPair, randomUUID, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { rest } from 'kalshi-ts/generated';
import type { ApiKeyRow, KeyType } from '../../db/api-keys.js';
import { fcmStore } from '../../fcm/index.js';
import { parsePublicKey, type AuthInfo } from '../../server/auth.js';
import { forbidden, invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { TIERS, type Tier } from '../../tiers.js';
import { keysAccountStore } from './store.js';

const generate = promisify(generateKeyPair);
const DEFAULT_SCOPES = ['read', 'write'] as const;
/** Kalshi lets Premier and higher usage levels register their own public keys. */
const MIN_CREATE_TIER: Tier = 'premier';

function callerOf(auth: AuthInfo | null): string {
  if (!auth) throw new Error('API-key handler reached without authentication');
  return auth.userId;
}

/** A subtrader's keys are its FCM's trading credentials: they may not manage keys themselves. */
function refuseBoundKey(exchange: ExchangeState, user: string): void {
  if (fcmStore(exchange.db).subtrader(user)) {
    throw forbidden('bound_api_key', 'API keys bound to an FCM subtrader cannot manage API keys', 'Use a key of the FCM member itself.');
  }
}

/** The keys a user manages: its own and, for an FCM member, those bound to its subtraders. */
function manageableKeys(exchange: ExchangeState, user: string): ApiKeyRow[] {
  const keys = exchange.db.apiKeys.listByUser(user);
  if (exchange.db.users.get(user)?.fcm) {
    for (const s of fcmStore(exchange.db).subtradersOf(user)) keys.push(...exchange.db.apiKeys.listByUser(s.subtraderId));
  }
  return keys.sort((a, b) => a.createdTs - b.createdTs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function keyToWire(exchange: ExchangeState, key: ApiKeyRow, owner: string): rest.ApiKey {
  const out: rest.ApiKey = { api_key_id: key.id, name: key.name, scopes: key.scopes as rest.ApiKeyScope[] };
  const sub = keysAccountStore(exchange.db).keySubaccount(key.id);
  if (sub !== undefined) out.subaccount = sub;
  if (key.userId !== owner) out.fcm_subtrader_id = key.userId;
  return out;
}

interface KeyRequest {
  scopes?: string[] | undefined;
  subaccount?: number | undefined;
  fcm_subtrader_id?: string | undefined;
}

// As on Kalshi, the broad `write` scope needs `read` beside it; child scopes stand alone.
function checkScopes(scopes: readonly string[]): string[] {
  if (scopes.includes('write') && !scopes.includes('read')) throw invalidParameters("scopes: 'write' requires 'read'", 'Add "read", or grant child write scopes only.');
  return [...new Set(scopes)];
}

/** Who the new key will act as, and what it is restricted to, after every check passed. */
function resolveBinding(exchange: ExchangeState, user: string, body: KeyRequest): { owner: string; subaccount?: number } {
  if (body.subaccount !== undefined && body.fcm_subtrader_id !== undefined) {
    throw invalidParameters('fcm_subtrader_id: cannot be combined with subaccount; a key is bound to one or the other');
  }
  if (body.fcm_subtrader_id !== undefined) {
    if (!exchange.db.users.get(user)?.fcm) throw forbidden('fcm_access_required', 'fcm_subtrader_id: only FCM members can bind keys to subtraders');
    const s = fcmStore(exchange.db).subtrader(body.fcm_subtrader_id);
    if (!s || s.fcmUserId !== user) throw invalidParameters(`fcm_subtrader_id: no subtrader ${body.fcm_subtrader_id} under this FCM`, 'Create it first with POST /fcm/subtraders.');
    return { owner: s.subtraderId };
  }
  return body.subaccount === undefined ? { owner: user } : { owner: user, subaccount: body.subaccount };
}

/** Kalshi warns when a minted subtrader key has no daily cap behind it (its orders would fail). */
function capWarning(exchange: ExchangeState, owner: string, user: string): string | undefined {
  if (owner === user || fcmStore(exchange.db).dailyCap(owner) !== undefined) return undefined;
  return `subtrader ${owner} has no event-contract daily cap: orders through this key are rejected until one is set`;
}

function insertKey(exchange: ExchangeState, user: string, body: KeyRequest & { name: string }, publicKeyPem: string, keyType: KeyType) {
  const scopes = checkScopes(body.scopes ?? DEFAULT_SCOPES);
  const binding = resolveBinding(exchange, user, body);
  const id = randomUUID();
  exchange.db.transaction(() => {
    exchange.db.apiKeys.insert({ id, userId: binding.owner, publicKeyPem, keyType, scopes, name: body.name, createdTs: exchange.clock.now() });
    if (binding.subaccount !== undefined) keysAccountStore(exchange.db).restrictKey(id, binding.subaccount);
  });
  return { id, warning: capWarning(exchange, binding.owner, user) };
}

/** The key's type and its public key in SPKI PEM, whatever PEM flavour the client sent. */
function readPublicKey(pem: string): { keyType: KeyType; spki: string } {
  const hint = 'Send an RSA or Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----).';
  // createPublicKey would happily derive a public key from a private one; never accept (or store) that.
  if (/PRIVATE KEY/.test(pem)) throw invalidParameters('public_key: this is a private key; send only the public key', hint);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw invalidParameters('public_key: not a PEM-encoded public key', hint);
  }
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ed25519') throw invalidParameters(`public_key: ${String(type)} keys are not accepted`, hint);
  const spki = key.export({ type: 'spki', format: 'pem' }).toString();
  parsePublicKey(spki, type);
  return { keyType: type, spki };
}

export const apiKeyHandlers: Handlers = {
  GetApiKeys: ({ exchange, query, auth }) => {
    const user = callerOf(auth);
    refuseBoundKey(exchange, user);
    const keys = manageableKeys(exchange, user).filter((k) => query.fcm_subtrader_id === undefined || k.userId === query.fcm_subtrader_id);
    return { body: { api_keys: keys.map((k) => keyToWire(exchange, k, user)) } };
  },

  CreateApiKey: ({ exchange, body, auth }) => {
    const user = callerOf(auth);
    refuseBoundKey(exchange, user);
    const tier = exchange.db.users.get(user)?.tier ?? exchange.config.defaultTier;
    if (TIERS.indexOf(tier) < TIERS.indexOf(MIN_CREATE_TIER)) {
      throw forbidden('insufficient_usage_level', `registering your own public key needs the ${MIN_CREATE_TIER} API usage level or higher; this account is ${tier}`, 'Use POST /api_keys/generate instead.');
    }
    const b = body!;
    const { keyType, spki } = readPublicKey(b.public_key);
    const { id, warning } = insertKey(exchange, user, b, spki, keyType);
    return { status: 201, body: warning === undefined ? { api_key_id: id } : { api_key_id: id, warning } };
  },

  GenerateApiKey: async ({ exchange, body, auth }) => {
    const user = callerOf(auth);
    refuseBoundKey(exchange, user);
    const b = body!;
    const keyType: KeyType = b.key_type ?? 'rsa';
    // Checked before the (slow) key generation; insertKey repeats them at no cost.
    checkScopes(b.scopes ?? DEFAULT_SCOPES);
    resolveBinding(exchange, user, b);
    // Kalshi hands out RSA private keys as PKCS#1 and Ed25519 ones as PKCS#8.
    const pair =
      keyType === 'rsa'
        ? await generate('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } })
        : await generate('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const { id, warning } = insertKey(exchange, user, b, pair.publicKey, keyType);
    const out: rest.GenerateApiKeyResponse = { api_key_id: id, key_type: keyType, private_key: pair.privateKey };
    if (warning !== undefined) out.warning = warning;
    return { status: 201, body: out };
  },

  DeleteApiKey: ({ exchange, params, auth }) => {
    const user = callerOf(auth);
    refuseBoundKey(exchange, user);
    const key = manageableKeys(exchange, user).find((k) => k.id === params.api_key);
    if (!key) throw notFound(`api_key: no API key ${params.api_key} on this account`, '', 'api_key_not_found');
    exchange.db.apiKeys.delete(key.id);
    // The key store caches parsed keys: drop the entry so the key stops authenticating at once.
    exchange.keys.invalidate(key.id);
    return { status: 204 };
  },
};
