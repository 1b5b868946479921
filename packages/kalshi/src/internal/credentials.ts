import { isEnvironment, type Environment } from '../core/environments.js';
import { KalshiError, KeyError } from '../core/errors.js';
import { createSigner, readPrivateKeyFile } from '../platform/index.js';
import type { RequestSigner } from './auth/signer.js';
import { readEnv } from './env.js';

export interface CredentialOptions {
  apiKeyId?: string;
  privateKey?: string | Uint8Array;
  passphrase?: string;
}

/**
 * The signer the REST and WebSocket clients share the rules for: explicit options first, then
 * KALSHI_API_KEY_ID with KALSHI_PRIVATE_KEY or the file at KALSHI_PRIVATE_KEY_PATH. No key at all
 * means unsigned (public) use; half a credential is an error.
 */
export function loadSigner(options: CredentialOptions): RequestSigner | undefined {
  const keyId = options.apiKeyId ?? readEnv('KALSHI_API_KEY_ID');
  let privateKey: string | Uint8Array | undefined = options.privateKey ?? readEnv('KALSHI_PRIVATE_KEY');
  if (privateKey === undefined) {
    const keyPath = readEnv('KALSHI_PRIVATE_KEY_PATH');
    if (keyPath !== undefined) privateKey = readPrivateKeyFile(keyPath);
  }
  if (keyId === undefined && privateKey === undefined) return undefined;
  if (keyId === undefined) throw new KeyError('a private key was given but no API key id: pass apiKeyId or set KALSHI_API_KEY_ID');
  if (privateKey === undefined) {
    throw new KeyError('an API key id was given but no private key: pass privateKey or set KALSHI_PRIVATE_KEY_PATH');
  }
  const passphrase = options.passphrase ?? readEnv('KALSHI_PRIVATE_KEY_PASSPHRASE');
  return createSigner(passphrase === undefined ? { keyId, privateKey } : { keyId, privateKey, passphrase });
}

/** The environment named by the option or KALSHI_ENV, defaulting to production. */
export function resolveEnvironment(name: string | undefined): Environment {
  const envName = name ?? readEnv('KALSHI_ENV') ?? 'production';
  if (!isEnvironment(envName)) throw new KalshiError(`environment must be 'production' or 'demo', got ${JSON.stringify(envName)}`);
  return envName;
}
