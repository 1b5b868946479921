/**
 * Runtime-neutral half of Kalshi request signing: what gets signed and which headers carry it.
 * The key handling itself lives in a runtime adapter (see ../node/crypto-signer.ts).
 */
import { ValidationError } from '../../core/errors.js';

export type KeyAlgorithm = 'rsa-pss-sha256' | 'ed25519';

export interface RequestSigner {
  /** The API key id Kalshi shows next to the key; sent as KALSHI-ACCESS-KEY. */
  readonly keyId: string;
  readonly algorithm: KeyAlgorithm;
  /** Signs `message` (UTF-8) synchronously and returns the signature as base64. */
  sign(message: string): string;
  /**
   * The same off the calling thread, where the platform can: with several requests in flight,
   * signatures then use the other cores instead of queueing on the event loop.
   */
  signAsync?(message: string): Promise<string>;
}

/**
 * The exact text Kalshi verifies: timestamp + METHOD + path. The path is the one from the host
 * root (so it includes /trade-api/v2), and the query string is not part of it: signing it makes
 * every request with parameters fail with 401.
 */
export function preSignText(timestampMs: number, method: string, path: string): string {
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
    throw new ValidationError('timestampMs', 'must be a non-negative integer number of milliseconds');
  }
  if (!path.startsWith('/')) {
    throw new ValidationError('path', 'must be the path from the host root, e.g. /trade-api/v2/portfolio/balance');
  }
  const q = path.indexOf('?');
  return `${timestampMs}${method.toUpperCase()}${q === -1 ? path : path.slice(0, q)}`;
}

export function authHeaders(
  signer: RequestSigner,
  method: string,
  path: string,
  timestampMs: number,
): Record<string, string> {
  return {
    'KALSHI-ACCESS-KEY': signer.keyId,
    'KALSHI-ACCESS-TIMESTAMP': String(timestampMs),
    'KALSHI-ACCESS-SIGNATURE': signer.sign(preSignText(timestampMs, method, path)),
  };
}

/** authHeaders, signing off-thread when the signer can. */
export async function authHeadersAsync(
  signer: RequestSigner,
  method: string,
  path: string,
  timestampMs: number,
): Promise<Record<string, string>> {
  if (!signer.signAsync) return authHeaders(signer, method, path, timestampMs);
  return {
    'KALSHI-ACCESS-KEY': signer.keyId,
    'KALSHI-ACCESS-TIMESTAMP': String(timestampMs),
    'KALSHI-ACCESS-SIGNATURE': await signer.signAsync(preSignText(timestampMs, method, path)),
  };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Undoes what env files, CI secret stores and copy-paste do to PEM text: surrounding quotes,
 * literal "\n" sequences, CRLF, indentation, and a whole key flattened onto one line.
 * Text that is not PEM comes back trimmed and otherwise untouched.
 */
export function repairPem(text: string): string {
  let s = text.trim();
  while (s.length >= 2 && (s[0] === '"' || s[0] === "'" || s[0] === '`') && s.endsWith(s[0])) {
    s = s.slice(1, -1).trim();
  }
  s = s
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
  // Exports from keychains and PKCS#12 tools add "Bag Attributes" text or extra blocks around the key.
  const blocks = [...s.matchAll(PEM_BLOCK)];
  const m = blocks.find((b) => b[1]?.includes('PRIVATE KEY')) ?? blocks[0];
  if (!m) return s;
  const [block, label, body = ''] = m;
  // OpenSSL needs the header and footer on their own lines; a one-line body is safe to rewrap
  // unless it carries legacy Proc-Type headers, whose layout we cannot reconstruct.
  const inner = body.trim();
  if (inner.includes('\n') || inner.includes(':')) return `${block}\n`;
  const lines = inner.replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
}
