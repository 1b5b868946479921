// Test-only request signing with node:crypto (independent of the SDK's signer, which is written
// concurrently): RSA-PSS SHA-256 with a 32-byte salt, or Ed25519, over timestamp + METHOD + path.
import { constants, createPrivateKey, sign, type KeyObject } from 'node:crypto';

export interface Credentials {
  keyId: string;
  privateKeyPem: string;
}

export interface SignOptions {
  method: string;
  /** Path from the host root, e.g. /trade-api/v2/portfolio/balance; any query string is dropped. */
  path: string;
  timestampMs: number;
  /** Override the RSA-PSS salt length (tests of the verifier's strictness). */
  saltLength?: number;
}

const keys = new Map<string, KeyObject>();

export function signature(privateKeyPem: string, message: string, saltLength = 32): string {
  let key = keys.get(privateKeyPem);
  if (!key) keys.set(privateKeyPem, (key = createPrivateKey(privateKeyPem)));
  const data = Buffer.from(message, 'utf8');
  const sig =
    key.asymmetricKeyType === 'ed25519'
      ? sign(null, data, key)
      : sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
  return sig.toString('base64');
}

export function signHeaders(creds: Credentials, opts: SignOptions): Record<string, string> {
  const path = opts.path.split('?')[0]!;
  const ts = String(opts.timestampMs);
  return {
    'KALSHI-ACCESS-KEY': creds.keyId,
    'KALSHI-ACCESS-TIMESTAMP': ts,
    'KALSHI-ACCESS-SIGNATURE': signature(creds.privateKeyPem, `${ts}${opts.method.toUpperCase()}${path}`, opts.saltLength),
  };
}
