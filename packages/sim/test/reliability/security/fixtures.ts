// The security suite's shared world: four private keys in every PEM flavour the SDK accepts, one
// local exchange that knows their public halves, a KeyLeakWatch that every part of the suite feeds,
// and the counters printed at the end.
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { Kalshi, type ClientOptions, type FetchLike } from 'kalshi-ts';
import type { Exchange } from '../../../src/index.js';
import { admin, start } from '../../helpers/exchange.js';
import { fund } from '../../trading/helpers.js';
import { KeyLeakWatch } from '../support.js';

const generate = promisify(generateKeyPair);

export type KeyLabel = 'rsaPkcs1' | 'rsaPkcs8' | 'rsaEncrypted' | 'ed25519';
export const KEY_LABELS: readonly KeyLabel[] = ['rsaPkcs1', 'rsaPkcs8', 'rsaEncrypted', 'ed25519'];

export interface TestKey {
  label: KeyLabel;
  /** The PEM exactly as a user would hold it (encrypted for rsaEncrypted). */
  pem: string;
  /** Only for rsaEncrypted. */
  passphrase?: string;
  publicPem: string;
  publicKey: KeyObject;
  /** Set once the key is registered on the exchange. */
  keyId: string;
  userId: string;
}

/** A user with one more key, registered on the shared exchange with the scopes given. */
export interface ExtraKey {
  keyId: string;
  userId: string;
  pem: string;
  publicKey: KeyObject;
}

export interface Figures {
  refusals: number;
  /** Objects reachable from clients, each inspected, stringified and JSON-encoded. */
  objects: number;
  requests: number;
  audit: string;
}

export interface World {
  watch: KeyLeakWatch;
  keys: Record<KeyLabel, TestKey>;
  exchange: Exchange;
  figures: Figures;
  /** How many PEMs and passphrases the watch looks for. */
  secrets: number;
  /** How many log lines the SDK and exchange loggers produced (a silent logger would prove nothing). */
  logLines: { sdk: number; exchange: number };
}

// Filled by setUpWorld (beforeAll); the parts read it inside their tests only.
export const world = {} as World;
const clients: Kalshi[] = [];

async function makeKey(label: KeyLabel): Promise<Omit<TestKey, 'keyId' | 'userId'>> {
  const spki = { type: 'spki', format: 'pem' } as const;
  if (label === 'ed25519') {
    const pair = await generate('ed25519', { publicKeyEncoding: spki, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return { label, pem: pair.privateKey, publicPem: pair.publicKey, publicKey: createPublicKey(pair.publicKey) };
  }
  const passphrase = label === 'rsaEncrypted' ? `pp-${randomBytes(12).toString('hex')}` : undefined;
  const pair = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: spki,
    privateKeyEncoding:
      label === 'rsaPkcs1'
        ? { type: 'pkcs1', format: 'pem' }
        : { type: 'pkcs8', format: 'pem', ...(passphrase !== undefined && { cipher: 'aes-256-cbc', passphrase }) },
  });
  return { label, pem: pair.privateKey, publicPem: pair.publicKey, publicKey: createPublicKey(pair.publicKey), ...(passphrase !== undefined && { passphrase }) };
}

/** Registers a public key for a new (funded) user, or for `userId`, with the scopes given. */
export async function registerKey(publicPem: string, opts: { scopes?: string[]; userId?: string } = {}): Promise<{ keyId: string; userId: string }> {
  let userId = opts.userId;
  if (userId === undefined) {
    userId = (await admin<{ user_id: string }>(world.exchange, 'POST', '/_sim/users', {})).user_id;
    await fund(world.exchange, userId, '100.00');
  }
  const key = await admin<{ api_key_id: string }>(world.exchange, 'POST', `/_sim/users/${userId}/keys/import`, {
    public_key_pem: publicPem,
    ...(opts.scopes && { scopes: opts.scopes }),
  });
  return { keyId: key.api_key_id, userId };
}

/** A fresh key pair for a new user (or `userId`), watched like the main four. */
export async function extraKey(opts: { scopes?: string[]; userId?: string; type?: 'rsa' | 'ed25519' } = {}): Promise<ExtraKey> {
  const made = await makeKey(opts.type === 'rsa' ? 'rsaPkcs8' : 'ed25519');
  watchSecret(`extra ${opts.type ?? 'ed25519'} key`, made.pem);
  return { ...(await registerKey(made.publicPem, opts)), pem: made.pem, publicKey: made.publicKey };
}

function watchSecret(label: string, secret: string): void {
  world.watch.addSecret(label, secret);
  world.secrets++;
}

export async function setUpWorld(): Promise<void> {
  world.watch = new KeyLeakWatch();
  world.figures = { refusals: 0, objects: 0, requests: 0, audit: 'not run' };
  world.logLines = { sdk: 0, exchange: 0 };
  world.secrets = 0;
  const exchangeLog = world.watch.logger();
  const counted = (line: (m: string, f?: Record<string, unknown>) => void) => (m: string, f?: Record<string, unknown>) => {
    world.logLines.exchange++;
    line(m, f);
  };
  world.exchange = await start({
    rateLimits: false,
    logger: { debug: counted(exchangeLog.debug), info: counted(exchangeLog.info), warn: counted(exchangeLog.warn), error: counted(exchangeLog.error) },
  });
  const made = await Promise.all(KEY_LABELS.map(makeKey));
  world.keys = {} as Record<KeyLabel, TestKey>;
  for (const key of made) {
    watchSecret(`${key.label} PEM`, key.pem);
    if (key.passphrase !== undefined) {
      watchSecret(`${key.label} passphrase`, key.passphrase);
      // The decrypted key must not leak either, in any encoding the SDK might hold it in.
      const decrypted = createPrivateKey({ key: key.pem, passphrase: key.passphrase }).export({ type: 'pkcs8', format: 'pem' });
      watchSecret(`${key.label} decrypted`, decrypted.toString());
    }
    world.keys[key.label] = { ...key, ...(await registerKey(key.publicPem)) };
  }
}

export async function tearDownWorld(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await world.exchange?.close();
}

/** Advances (or, with `reset`, realigns) the exchange clock through the admin API. */
export async function exchangeClock(change: { advance_ms: number } | 'reset'): Promise<void> {
  await admin(world.exchange, 'POST', '/_sim/clock', change === 'reset' ? { set_ms: Date.now() } : change);
}

/** SDK client options for one of the four keys, as a user would pass them. */
export function keyOptions(label: KeyLabel): Pick<ClientOptions, 'apiKeyId' | 'privateKey' | 'passphrase'> {
  const key = world.keys[label];
  return { apiKeyId: key.keyId, privateKey: key.pem, ...(key.passphrase !== undefined && { passphrase: key.passphrase }) };
}

/** A signed SDK client (closed at teardown): the exchange by default, no client-side limiter, no waits. */
export function client(label: KeyLabel | null, options: ClientOptions = {}): Kalshi {
  const made = new Kalshi({
    baseURL: world.exchange.restUrl,
    rateLimit: false,
    maxRetries: 0,
    ...(label && keyOptions(label)),
    ...options,
  });
  clients.push(made);
  return made;
}

/** Retry waits skipped, signing on the real clock (or shifted by `offsetMs`). */
export function instantClock(offsetMs = 0) {
  return { now: () => Date.now() + offsetMs, sleep: async () => {} };
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch for the SDK that keeps every request it sends (signed headers included) and forwards it. */
export function recordingFetch(log: WireRequest[], target: typeof fetch = fetch): FetchLike {
  return async (url, init) => {
    log.push({ method: init.method, url, headers: { ...init.headers }, body: init.body });
    return target(url, init);
  };
}

/** Runs `fn`, which must throw, and returns what it threw (watched), or fails naming `what`. */
export async function caught(what: string, fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    world.watch.see(error);
    return error;
  }
  throw new Error(`${what}: expected an error, but it succeeded`);
}

/** `promise`, or a rejection naming `what` after `ms`: a client that retries forever fails fast. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no outcome within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
