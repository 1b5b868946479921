/**
 * Node adapter for request signing: parses the private key once with node:crypto and signs with it.
 * Every error raised here is written from scratch so no key text or passphrase can leak into logs.
 */
import { constants, createPrivateKey, KeyObject, sign as cryptoSign, type SignKeyObjectInput } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyError } from '../../core/errors.js';
import { repairPem, type KeyAlgorithm, type RequestSigner } from '../auth/signer.js';

export interface NodeSignerOptions {
  /** The API key id shown next to the key in Kalshi's settings. */
  keyId: string;
  /** PEM text (repaired if mangled by env vars), PEM or DER bytes, or an already parsed KeyObject. */
  privateKey: string | Uint8Array | KeyObject;
  /** Only for encrypted keys. */
  passphrase?: string;
}

const FIX_KEY = 'Pass the private key file Kalshi gave you when you created the API key.';
const MSG = {
  missing: `No private key given. ${FIX_KEY}`,
  empty: `The private key is empty. ${FIX_KEY}`,
  public: `This is a public key, not a private key. ${FIX_KEY}`,
  openssh: 'OpenSSH private keys are not supported: convert it with `ssh-keygen -p -m PKCS8 -f <file>` (on a copy).',
  path: 'The private key looks like a file path, not key text: read the file first, e.g. readPrivateKeyFile(path).',
  garbage: `The private key is not PEM or DER key data (expected text starting with "-----BEGIN"). ${FIX_KEY}`,
  needPassphrase: 'The private key is encrypted: pass its passphrase, or decrypt it first with `openssl pkey -in <file> -out <new file>`.',
  badPassphrase: 'Could not decrypt the private key: the passphrase is wrong (or the key file is damaged).',
} as const;

// OpenSSL error codes are fixed identifiers, safe to show; the rest of an OpenSSL error is not relied on.
function sslCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^ERR_[A-Z0-9_]+$/.test(code) ? code : 'unknown error';
}

function isMissingPassphrase(err: unknown): boolean {
  const code = sslCode(err);
  return code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED';
}

function parsePem(pem: string, passphrase: string | undefined): KeyObject {
  if (/-----BEGIN (RSA |EC |)PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem)) throw new KeyError(MSG.public);
  if (pem.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) throw new KeyError(MSG.openssh);
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (encrypted && !passphrase) throw new KeyError(MSG.needPassphrase);
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (err) {
    if (encrypted) throw new KeyError(MSG.badPassphrase);
    throw new KeyError(
      `Could not parse the private key PEM (${sslCode(err)}): check it is the complete file, including the BEGIN and END lines.`,
    );
  }
}

function parseDer(der: Buffer, passphrase: string | undefined): KeyObject {
  let needsPassphrase = false;
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type, passphrase });
    } catch (err) {
      needsPassphrase ||= isMissingPassphrase(err);
    }
  }
  if (needsPassphrase) throw new KeyError(passphrase ? MSG.badPassphrase : MSG.needPassphrase);
  throw new KeyError(MSG.garbage);
}

function parseText(text: string, passphrase: string | undefined): KeyObject {
  const s = repairPem(text);
  if (s === '') throw new KeyError(MSG.empty);
  if (s.includes('-----BEGIN')) return parsePem(s, passphrase);
  if (/^ssh-(rsa|ed25519|dss) /.test(s)) throw new KeyError(MSG.public);
  // A PEM body whose header lines were lost, or a DER file read as base64.
  const b64 = s.replace(/\s+/g, '');
  if (b64.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return parseDer(Buffer.from(b64, 'base64'), passphrase);
  if (!/\s/.test(s) && /^(~|\.{0,2}\/|[A-Za-z]:\\)|\.(pem|key|der|txt)$/i.test(s)) throw new KeyError(MSG.path);
  throw new KeyError(MSG.garbage);
}

function toKeyObject(input: unknown, passphrase: string | undefined): KeyObject {
  if (input instanceof KeyObject) return input;
  if (typeof input === 'string') return parseText(input, passphrase);
  if (input instanceof Uint8Array) {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes.includes('-----BEGIN')) return parseText(bytes.toString('utf8'), passphrase);
    if (bytes.length === 0) throw new KeyError(MSG.empty);
    return parseDer(bytes, passphrase);
  }
  throw new KeyError(MSG.missing);
}

function algorithmOf(key: KeyObject): KeyAlgorithm {
  if (key.type !== 'private') {
    throw new KeyError(key.type === 'public' ? MSG.public : `Expected a private key but got a ${key.type} key. ${FIX_KEY}`);
  }
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'rsa-pss-sha256';
  if (type === 'ed25519') return 'ed25519';
  if (type === 'rsa-pss') {
    // A PSS-restricted RSA key signs identically as long as its parameters allow SHA-256 with a 32-byte salt.
    const d = key.asymmetricKeyDetails ?? {};
    const ok = (d.hashAlgorithm ?? 'sha256') === 'sha256' && (d.mgf1HashAlgorithm ?? 'sha256') === 'sha256';
    if (ok && (d.saltLength ?? 0) <= 32) return 'rsa-pss-sha256';
    throw new KeyError('This RSA-PSS key is restricted to parameters other than SHA-256 with a 32-byte salt, which Kalshi requires.');
  }
  throw new KeyError(`Unsupported private key type "${type ?? 'unknown'}": Kalshi API keys are RSA or Ed25519. ${FIX_KEY}`);
}

class NodeSigner implements RequestSigner {
  readonly keyId: string;
  readonly algorithm: KeyAlgorithm;
  // Private fields are invisible to inspect, JSON, Object.keys and structuredClone alike.
  readonly #digest: string | null;
  readonly #key: KeyObject | SignKeyObjectInput;

  constructor(keyId: string, key: KeyObject) {
    this.keyId = keyId;
    this.algorithm = algorithmOf(key);
    this.#digest = this.algorithm === 'ed25519' ? null : 'sha256';
    this.#key =
      this.algorithm === 'ed25519'
        ? key
        : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
    Object.freeze(this);
  }

  sign(message: string): string {
    return cryptoSign(this.#digest, Buffer.from(message, 'utf8'), this.#key).toString('base64');
  }

  // With a callback, node:crypto signs on the libuv thread pool.
  signAsync(message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      cryptoSign(this.#digest, Buffer.from(message, 'utf8'), this.#key, (error, signature) => {
        if (error) reject(new KeyError('signing failed: the key could not produce a signature'));
        else resolve(signature.toString('base64'));
      });
    });
  }

  toJSON(): { keyId: string; algorithm: KeyAlgorithm } {
    return { keyId: this.keyId, algorithm: this.algorithm };
  }

  toString(): string {
    return `NodeSigner(${this.keyId}, ${this.algorithm})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect?: (v: unknown, o: object) => string): string {
    const summary = this.toJSON();
    return `NodeSigner ${inspect ? inspect(summary, options) : JSON.stringify(summary)}`;
  }
}

/**
 * Text that is (or holds) a key rather than an id or a path: a PEM, or a run no file name could be
 * (over NAME_MAX). Such text is never echoed: a swapped argument or env var must not print the key.
 * Exported so that tools built on the SDK (the CLI among them) can refuse a setting before any of
 * their own messages repeats it.
 */
export function looksLikeKeyText(text: string): boolean {
  return /-----BEGIN|PRIVATE KEY|[\r\n]/.test(text) || text.split(/[\\/]/).some((part) => part.length > 255);
}

export function createNodeSigner(options: NodeSignerOptions): RequestSigner {
  const keyId = typeof options?.keyId === 'string' ? options.keyId.trim() : '';
  if (looksLikeKeyText(keyId) || keyId.length > 128) {
    throw new KeyError('keyId holds key text, not an API key id: pass the private key as privateKey and the id (a UUID) as keyId.');
  }
  // The key id goes into an HTTP header verbatim, where only printable ASCII is safe.
  if (keyId === '' || /[^\x20-\x7e]/.test(keyId)) {
    throw new KeyError("keyId is missing or invalid: pass the API key id shown next to the key in Kalshi's settings.");
  }
  const passphrase = options.passphrase === '' ? undefined : options.passphrase;
  return new NodeSigner(keyId, toKeyObject(options.privateKey, passphrase));
}

/**
 * Reads a key file for createNodeSigner. DER files come back as base64 text, which it also accepts.
 * Errors name the path but never the content.
 */
export function readPrivateKeyFile(path: string): string {
  if (typeof path !== 'string' || path.trim() === '') throw new KeyError('No private key file path given.');
  if (looksLikeKeyText(path)) {
    throw new KeyError('The private key file path holds key text, not a path: pass the key text as privateKey (or KALSHI_PRIVATE_KEY) instead.');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? path.startsWith('~')
          ? 'does not exist ("~" is not expanded here: use an absolute path)'
          : 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not readable (permission denied)'
          : code === 'EISDIR'
            ? 'is a directory, not a key file'
            : `could not be read (${typeof code === 'string' ? code : 'unknown error'})`;
    throw new KeyError(`Private key file ${JSON.stringify(path)} ${why}.`);
  }
  // 0x30 opens an ASN.1 SEQUENCE: a binary DER key rather than PEM text.
  return bytes[0] === 0x30 && !bytes.includes('-----BEGIN') ? bytes.toString('base64') : bytes.toString('utf8');
}
