import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationSpec } from 'kalshi-ts/generated';
import type { ApiKeysTable, ApiKeyRow, KeyType } from '../db/api-keys.js';
import { forbidden, unauthorized } from './errors.js';

/** Who made a signed request. */
export interface AuthInfo {
  keyId: string;
  userId: string;
  scopes: readonly string[];
}

/*
 * Kalshi does not publish its timestamp tolerance. The simulator accepts a timestamp up to 60 s
 * behind the exchange clock (requests in flight, modest client clock drift) and up to 5 s ahead
 * (a client clock slightly fast), and says so in the 401 message so a skewed client is obvious.
 */
export const MAX_TIMESTAMP_AGE_MS = 60_000;
export const MAX_TIMESTAMP_LEAD_MS = 5_000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEADERS = ['kalshi-access-key', 'kalshi-access-timestamp', 'kalshi-access-signature'] as const;

/** Parses a PEM public key, checking that it is the kind of key it claims to be. */
export function parsePublicKey(pem: string, type: KeyType): KeyObject {
  const key = createPublicKey(pem);
  if (type === 'rsa' && key.asymmetricKeyType !== 'rsa') throw new Error(`expected an RSA public key, got ${key.asymmetricKeyType}`);
  if (type === 'ed25519' && key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 public key, got ${key.asymmetricKeyType}`);
  return key;
}

/** API keys parsed into KeyObjects once, on first use; deletion drops the cached entry. */
export class KeyStore {
  private readonly cache = new Map<string, { row: ApiKeyRow; key: KeyObject }>();

  constructor(private readonly table: ApiKeysTable) {}

  get(id: string): { row: ApiKeyRow; key: KeyObject } | undefined {
    let entry = this.cache.get(id);
    if (!entry) {
      const row = this.table.get(id);
      if (!row || row.deleted) return undefined;
      entry = { row, key: parsePublicKey(row.publicKeyPem, row.keyType) };
      this.cache.set(id, entry);
    }
    return entry;
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }
}

function verifySignature(type: KeyType, key: KeyObject, message: Buffer, signature: Buffer): boolean {
  try {
    if (type === 'ed25519') return verify(null, message, key, signature);
    // Strict: salt length must equal the digest length (32), as Kalshi's own SDKs sign.
    return verify('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  } catch {
    return false;
  }
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);

/**
 * Checks the three KALSHI-ACCESS-* headers. `signedPath` is the request path from the host root
 * (it includes /trade-api/v2) without the query string, exactly what the client must sign.
 *
 * Public operations need no headers, but when a client sends them anyway they are verified and a
 * bad signature is refused: silently ignoring broken credentials would hide a client bug until
 * the first private call. A good signature on a public route also moves the request onto the
 * key's rate-limit bucket instead of the IP's.
 */
export function authenticate(
  op: OperationSpec,
  method: string,
  signedPath: string,
  headers: IncomingHttpHeaders,
  keys: KeyStore,
  nowMs: number,
): AuthInfo | null {
  const [keyId, timestamp, signature] = HEADERS.map((h) => single(headers[h]));
  if (keyId === undefined && timestamp === undefined && signature === undefined) {
    if (!op.auth) return null;
    throw unauthorized(
      'missing_auth_headers',
      'authentication required: send KALSHI-ACCESS-KEY, KALSHI-ACCESS-TIMESTAMP and KALSHI-ACCESS-SIGNATURE',
      `${op.id} needs a signed request.`,
    );
  }
  const missing = HEADERS.filter((_, i) => [keyId, timestamp, signature][i] === undefined || [keyId, timestamp, signature][i] === '');
  if (missing.length > 0) {
    throw unauthorized('missing_auth_headers', `missing header(s): ${missing.map((h) => h.toUpperCase()).join(', ')}`);
  }

  if (!/^\d{1,16}$/.test(timestamp!)) {
    throw unauthorized('invalid_timestamp', 'KALSHI-ACCESS-TIMESTAMP must be the Unix time in milliseconds, as digits');
  }
  const ts = Number(timestamp);
  const skew = ts - nowMs;
  if (skew > MAX_TIMESTAMP_LEAD_MS || skew < -MAX_TIMESTAMP_AGE_MS) {
    const hint = timestamp!.length <= 10 ? ' (it looks like seconds; send milliseconds)' : '';
    throw unauthorized(
      'timestamp_out_of_window',
      `KALSHI-ACCESS-TIMESTAMP is ${(Math.abs(skew) / 1000).toFixed(1)} s ${skew > 0 ? 'ahead of' : 'behind'} the exchange clock${hint}; ` +
        `accepted: at most ${MAX_TIMESTAMP_AGE_MS / 1000} s old and ${MAX_TIMESTAMP_LEAD_MS / 1000} s in the future`,
      `exchange time ${nowMs} ms`,
    );
  }

  if (!BASE64.test(signature!)) {
    throw unauthorized('invalid_signature', 'KALSHI-ACCESS-SIGNATURE must be standard base64');
  }

  const entry = keys.get(keyId!);
  if (!entry) throw unauthorized('unknown_api_key', `unknown or deleted API key: ${keyId}`);

  const message = Buffer.from(`${timestamp}${method}${signedPath}`, 'utf8');
  if (!verifySignature(entry.row.keyType, entry.key, message, Buffer.from(signature!, 'base64'))) {
    throw unauthorized(
      'invalid_signature',
      'signature does not verify: sign timestamp + METHOD + path, where path starts at /trade-api/v2 and excludes the query string',
      entry.row.keyType === 'rsa' ? 'RSA keys: RSA-PSS, SHA-256, MGF1-SHA-256, salt length 32.' : 'Ed25519 keys: pure Ed25519.',
    );
  }
  return { keyId: entry.row.id, userId: entry.row.userId, scopes: entry.row.scopes };
}

/**
 * The parent scope an operation needs: `write` for anything billed to the write bucket or not a
 * GET, `read` otherwise. (Kalshi's child scopes such as `write::trade` are stored but grant
 * nothing extra here.)
 */
export function requiredScope(op: OperationSpec): 'read' | 'write' {
  return op.bucket === 'write' || op.method !== 'GET' ? 'write' : 'read';
}

export function authorize(op: OperationSpec, auth: AuthInfo): void {
  if (!op.auth) return;
  const scope = requiredScope(op);
  if (!auth.scopes.includes(scope)) {
    throw forbidden('insufficient_scope', `this API key lacks the '${scope}' scope needed by ${op.id}`, `Key scopes: ${auth.scopes.join(', ') || 'none'}.`);
  }
}
