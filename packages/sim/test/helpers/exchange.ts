import { startExchange, type Exchange, type ExchangeOptions } from '../../src/index.js';
import { signHeaders, type Credentials } from './sign.js';

/**
 * Tests start with the liquidity provider off, so books hold only what the test put there;
 * pass `liquidity: true` (or switch it on via /_sim/liquidity) to test with it.
 */
export async function start(options: ExchangeOptions = {}): Promise<Exchange> {
  return startExchange({ validateResponses: true, liquidity: false, ...options });
}

/** JSON request to the admin API of an exchange (or of one at `url`); throws unless the status is 2xx. */
export async function admin<T = Record<string, unknown>>(ex: { url: string } | string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${typeof ex === 'string' ? ex : ex.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A new user with one key (RSA unless told otherwise). */
export async function newUser(
  ex: Exchange,
  opts: { keyType?: 'rsa' | 'ed25519'; scopes?: string[]; tier?: string } = {},
): Promise<Credentials & { userId: string }> {
  const { user_id } = await admin<{ user_id: string }>(ex, 'POST', '/_sim/users', opts.tier ? { tier: opts.tier } : {});
  const key = await admin<{ api_key_id: string; private_key_pem: string }>(ex, 'POST', `/_sim/users/${user_id}/keys`, {
    ...(opts.keyType && { key_type: opts.keyType }),
    ...(opts.scopes && { scopes: opts.scopes }),
  });
  return { userId: user_id, keyId: key.api_key_id, privateKeyPem: key.private_key_pem };
}

export interface CallOptions {
  creds?: Credentials;
  body?: unknown;
  /** Raw body, sent as is (with `contentType`). */
  raw?: string | Buffer;
  contentType?: string;
  timestampMs?: number;
  headers?: Record<string, string>;
}

/** A REST call; `path` is relative to /trade-api/v2 and may carry a query string. */
export async function call(ex: Exchange, method: string, path: string, opts: CallOptions = {}) {
  const url = `${ex.restUrl}${path}`;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.creds) {
    Object.assign(headers, signHeaders(opts.creds, { method, path: new URL(url).pathname, timestampMs: opts.timestampMs ?? ex.clock.now() }));
  }
  let body: string | Buffer | undefined = opts.raw;
  if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, text, json: json as any };
}
