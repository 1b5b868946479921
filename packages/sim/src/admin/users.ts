import { createPublicKey, generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyType } from '../db/api-keys.js';
import { parsePublicKey } from '../server/auth.js';
import { badRequest, notFound } from '../server/errors.js';
import { TIERS, type Tier } from '../tiers.js';
import type { AdminContext, AdminHandler } from './router.js';

const generate = promisify(generateKeyPair);

/** Kalshi's ApiKeyScope values. */
const SCOPES = ['read', 'write', 'read::block_trade_accept', 'read::portfolio_balance', 'write::trade', 'write::transfer', 'write::fcm_risk', 'write::block_trade_accept'];
const DEFAULT_SCOPES = ['read', 'write'];

export const createUserSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, tier: { enum: TIERS }, fcm: { type: 'boolean' } },
  additionalProperties: false,
};
export const setTierSchema = {
  type: 'object',
  required: ['tier'],
  properties: { tier: { enum: TIERS } },
  additionalProperties: false,
};
const scopesSchema = { type: 'array', items: { enum: SCOPES }, uniqueItems: true };
export const generateKeySchema = {
  type: 'object',
  properties: { key_type: { enum: ['rsa', 'ed25519'] }, scopes: scopesSchema, name: { type: 'string' } },
  additionalProperties: false,
};
export const importKeySchema = {
  type: 'object',
  required: ['public_key_pem'],
  properties: { public_key_pem: { type: 'string' }, scopes: scopesSchema, name: { type: 'string' } },
  additionalProperties: false,
};

function userOr404(ctx: AdminContext) {
  const user = ctx.exchange.db.users.get(ctx.params.id!);
  if (!user) throw notFound(`user not found: ${ctx.params.id}`);
  return user;
}

// As on Kalshi, a key with `write` must also have `read`.
function checkScopes(scopes: string[]): string[] {
  if (scopes.includes('write') && !scopes.includes('read')) throw badRequest("scopes: 'write' requires 'read'");
  return scopes;
}

export const createUser: AdminHandler = ({ exchange, body }: AdminContext<{ name?: string; tier?: Tier; fcm?: boolean }>) => {
  const id = randomUUID();
  const createdTs = exchange.clock.now();
  exchange.db.users.insert({ id, name: body.name ?? `user-${id.slice(0, 8)}`, fcm: body.fcm ?? false, tier: body.tier ?? exchange.config.defaultTier, createdTs });
  return { status: 201, body: { user_id: id } };
};

export const getUser: AdminHandler = (ctx) => {
  const user = userOr404(ctx);
  const keys = ctx.exchange.db.apiKeys.listByUser(user.id);
  return {
    body: {
      user_id: user.id,
      name: user.name,
      tier: user.tier,
      fcm: user.fcm,
      created_ms: user.createdTs,
      api_keys: keys.map((k) => ({ api_key_id: k.id, name: k.name, key_type: k.keyType, scopes: k.scopes })),
    },
  };
};

export const setTier: AdminHandler = (ctx: AdminContext<{ tier: Tier }>) => {
  const user = userOr404(ctx);
  ctx.exchange.db.users.setTier(user.id, ctx.body.tier);
  return { body: { user_id: user.id, tier: ctx.body.tier } };
};

/** Generates a key pair and hands the private key out once, in the PEM flavour Kalshi uses. */
export const generateKey: AdminHandler = async (ctx: AdminContext<{ key_type?: KeyType; scopes?: string[]; name?: string }>) => {
  const user = userOr404(ctx);
  const keyType = ctx.body.key_type ?? 'rsa';
  const scopes = checkScopes(ctx.body.scopes ?? DEFAULT_SCOPES);
  const { publicKey, privateKey } =
    keyType === 'rsa'
      ? await generate('rsa', {
          modulusLength: 2048,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        })
      : await generate('ed25519', {
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
  const id = randomUUID();
  ctx.exchange.db.apiKeys.insert({ id, userId: user.id, publicKeyPem: publicKey, keyType, scopes, name: ctx.body.name ?? `${keyType} key`, createdTs: ctx.exchange.clock.now() });
  return { status: 201, body: { api_key_id: id, private_key_pem: privateKey } };
};

/** Registers a public key the caller generated; the key type is read from the PEM. */
export const importKey: AdminHandler = (ctx: AdminContext<{ public_key_pem: string; scopes?: string[]; name?: string }>) => {
  const user = userOr404(ctx);
  const scopes = checkScopes(ctx.body.scopes ?? DEFAULT_SCOPES);
  let keyType: KeyType;
  try {
    const detected = createPublicKey(ctx.body.public_key_pem).asymmetricKeyType;
    if (detected !== 'rsa' && detected !== 'ed25519') throw new Error(`unsupported key type ${detected}`);
    keyType = detected;
    parsePublicKey(ctx.body.public_key_pem, keyType);
  } catch (err) {
    throw badRequest(`public_key_pem: ${err instanceof Error ? err.message : 'not a public key'}`, 'Send an RSA or Ed25519 public key in PEM.');
  }
  const id = randomUUID();
  ctx.exchange.db.apiKeys.insert({ id, userId: user.id, publicKeyPem: ctx.body.public_key_pem, keyType, scopes, name: ctx.body.name ?? 'imported key', createdTs: ctx.exchange.clock.now() });
  return { status: 201, body: { api_key_id: id, key_type: keyType } };
};

export const deleteKey: AdminHandler = ({ exchange, params }) => {
  if (!exchange.db.apiKeys.delete(params.id!)) throw notFound(`API key not found: ${params.id}`);
  exchange.keys.invalidate(params.id!);
  return { status: 204 };
};
