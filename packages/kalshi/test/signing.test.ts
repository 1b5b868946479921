import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyError } from '../src/core/errors.js';
import { authHeaders, preSignText, repairPem, type RequestSigner } from '../src/internal/auth/signer.js';
import { createNodeSigner, readPrivateKeyFile } from '../src/internal/node/crypto-signer.js';

const PASS = 'correct horse battery staple';
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = crypto.generateKeyPairSync('ed25519');
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });

const pem = {
  rsaPkcs1: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  rsaPkcs8: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  rsaPkcs8Enc: rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }) as string,
  rsaPkcs1Enc: rsa.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }) as string,
  ed25519: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  ec: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  rsaPublic: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  rsaPublicPkcs1: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
};

const MESSAGE = '1703123456789GET/trade-api/v2/portfolio/balance';
const PSS = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

function verifies(signer: RequestSigner, message: string, signature: string): boolean {
  const data = Buffer.from(message);
  const sig = Buffer.from(signature, 'base64');
  return signer.algorithm === 'ed25519'
    ? crypto.verify(null, data, ed.publicKey, sig)
    : crypto.verify('sha256', data, { key: rsa.publicKey, ...PSS }, sig);
}

/** Every 20-character slice of every PEM body we own, plus the passphrase. */
const secrets = (() => {
  const out = new Set<string>([PASS]);
  for (const text of Object.values(pem)) {
    const body = text
      .split('\n')
      .filter((l) => l && !l.startsWith('-----') && !l.includes(':'))
      .join('');
    for (let i = 0; i + 20 <= body.length; i++) out.add(body.slice(i, i + 20));
  }
  return [...out];
})();

function expectNoSecrets(text: string): void {
  const leaked = secrets.find((s) => text.includes(s));
  expect(leaked, 'key material or passphrase leaked').toBeUndefined();
}

function keyError(fn: () => unknown): KeyError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeyError);
    const e = err as KeyError;
    expect(e.cause).toBeUndefined();
    // inspect covers message, stack, cause and any extra own properties.
    expectNoSecrets(util.inspect(e, { depth: 5, showHidden: true }));
    expectNoSecrets(JSON.stringify(Object.getOwnPropertyNames(e).map((k) => (e as unknown as Record<string, unknown>)[k])));
    return e;
  }
  throw new Error('expected a KeyError');
}

describe('preSignText / authHeaders', () => {
  it('joins timestamp, upper-case method and path, without the query string', () => {
    expect(preSignText(1703123456789, 'GET', '/trade-api/v2/portfolio/balance')).toBe(MESSAGE);
    expect(preSignText(1703123456789, 'get', '/trade-api/v2/portfolio/balance?limit=5&cursor=abc')).toBe(MESSAGE);
    expect(preSignText(1, 'delete', '/trade-api/v2/portfolio/orders/x?')).toBe('1DELETE/trade-api/v2/portfolio/orders/x');
  });

  it('refuses a path that is not from the host root, and a non-integer timestamp', () => {
    expect(() => preSignText(1, 'GET', 'portfolio/balance')).toThrow(/path/);
    expect(() => preSignText(1.5, 'GET', '/x')).toThrow(/timestampMs/);
  });

  it('produces the three headers with a signature over the pre-sign text', () => {
    const signer = createNodeSigner({ keyId: 'key-1', privateKey: pem.ed25519 });
    const h = authHeaders(signer, 'post', '/trade-api/v2/portfolio/orders?x=1', 1703123456789);
    expect(Object.keys(h).sort()).toEqual(['KALSHI-ACCESS-KEY', 'KALSHI-ACCESS-SIGNATURE', 'KALSHI-ACCESS-TIMESTAMP']);
    expect(h['KALSHI-ACCESS-KEY']).toBe('key-1');
    expect(h['KALSHI-ACCESS-TIMESTAMP']).toBe('1703123456789');
    expect(verifies(signer, '1703123456789POST/trade-api/v2/portfolio/orders', h['KALSHI-ACCESS-SIGNATURE']!)).toBe(true);
  });
});

describe('createNodeSigner: accepted keys', () => {
  const cases: [string, () => RequestSigner, string][] = [
    ['RSA PKCS#1 PEM', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs1 }), 'rsa-pss-sha256'],
    ['RSA PKCS#8 PEM', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs8 }), 'rsa-pss-sha256'],
    ['encrypted PKCS#8', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs8Enc, passphrase: PASS }), 'rsa-pss-sha256'],
    ['encrypted PKCS#1', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs1Enc, passphrase: PASS }), 'rsa-pss-sha256'],
    ['Ed25519 PKCS#8 PEM', () => createNodeSigner({ keyId: 'k', privateKey: pem.ed25519 }), 'ed25519'],
    ['PEM bytes', () => createNodeSigner({ keyId: 'k', privateKey: new TextEncoder().encode(pem.rsaPkcs1) }), 'rsa-pss-sha256'],
    ['DER bytes', () => createNodeSigner({ keyId: 'k', privateKey: new Uint8Array(ed.privateKey.export({ type: 'pkcs8', format: 'der' })) }), 'ed25519'],
    ['PEM body without its BEGIN/END lines', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs1.split('\n').slice(1, -2).join('\n') }), 'rsa-pss-sha256'],
    ['KeyObject', () => createNodeSigner({ keyId: 'k', privateKey: rsa.privateKey }), 'rsa-pss-sha256'],
  ];

  it.each(cases)('%s signs verifiably', (_name, make, algorithm) => {
    const signer = make();
    expect(signer.algorithm).toBe(algorithm);
    const sig = signer.sign(MESSAGE);
    expect(verifies(signer, MESSAGE, sig)).toBe(true);
    expect(verifies(signer, MESSAGE + 'x', sig)).toBe(false);
    expect(Buffer.from(sig, 'base64')).toHaveLength(algorithm === 'ed25519' ? 64 : 256);
  });

  it('treats an empty passphrase on a plain key as absent', () => {
    expect(createNodeSigner({ keyId: 'k', privateKey: pem.ed25519, passphrase: '' }).algorithm).toBe('ed25519');
  });

  it('accepts a PSS-restricted RSA key whose parameters match', () => {
    const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256' });
    const signer = createNodeSigner({ keyId: 'k', privateKey: pss.privateKey });
    expect(crypto.verify('sha256', Buffer.from(MESSAGE), { key: pss.publicKey, ...PSS }, Buffer.from(signer.sign(MESSAGE), 'base64'))).toBe(true);
    const sha512 = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha512' });
    expect(keyError(() => createNodeSigner({ keyId: 'k', privateKey: sha512.privateKey })).message).toMatch(/RSA-PSS key is restricted/);
  });
});

describe('repairPem', () => {
  const mangled: [string, string, string][] = [
    ['escaped \\n', pem.rsaPkcs1.replace(/\n/g, '\\n'), pem.rsaPkcs1],
    ['double-quoted, escaped', `"${pem.ed25519.replace(/\n/g, '\\n')}"`, pem.ed25519],
    ['single-quoted', `'${pem.rsaPkcs8}'`, pem.rsaPkcs8],
    ['CRLF', pem.rsaPkcs1.replace(/\n/g, '\r\n'), pem.rsaPkcs1],
    ['escaped \\r\\n with padding', `  ${pem.rsaPkcs1.replace(/\n/g, '\\r\\n')}  `, pem.rsaPkcs1],
    ['flattened onto one line', pem.rsaPkcs1.replace(/\n/g, ' '), pem.rsaPkcs1],
    ['indented', pem.ed25519.split('\n').map((l) => `    ${l}`).join('\n'), pem.ed25519],
  ];

  it('leaves a well-formed PEM unchanged', () => {
    for (const text of Object.values(pem)) expect(repairPem(text)).toBe(text);
  });

  it.each(mangled)('repairs %s, and the result signs', (_name, text, original) => {
    expect(repairPem(text)).toBe(original);
    const signer = createNodeSigner({ keyId: 'k', privateKey: text });
    expect(verifies(signer, MESSAGE, signer.sign(MESSAGE))).toBe(true);
  });

  it('keeps encrypted PKCS#1 headers intact when escaped', () => {
    const signer = createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs1Enc.replace(/\n/g, '\\n'), passphrase: PASS });
    expect(verifies(signer, MESSAGE, signer.sign(MESSAGE))).toBe(true);
  });
});

describe('createNodeSigner: refused keys', () => {
  const truncated = pem.rsaPkcs1.slice(0, 400) + '\n-----END RSA PRIVATE KEY-----\n';
  const body = pem.rsaPkcs8.split('\n').slice(1, -2).join('\n');

  const cases: [string, () => unknown, RegExp][] = [
    ['missing passphrase (PKCS#8)', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs8Enc }), /encrypted: pass its passphrase/],
    ['missing passphrase (PKCS#1)', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs1Enc }), /encrypted: pass its passphrase/],
    ['wrong passphrase (PKCS#8)', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs8Enc, passphrase: 'nope' }), /passphrase is wrong/],
    ['wrong passphrase (PKCS#1)', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPkcs1Enc, passphrase: 'nope' }), /passphrase is wrong/],
    ['garbage text', () => createNodeSigner({ keyId: 'k', privateKey: 'this is not a key at all' }), /not PEM or DER/],
    ['headerless base64 of the wrong thing', () => createNodeSigner({ keyId: 'k', privateKey: body.slice(0, 200) }), /not PEM or DER/],
    ['truncated PEM', () => createNodeSigner({ keyId: 'k', privateKey: truncated }), /Could not parse .*complete file/],
    ['empty string', () => createNodeSigner({ keyId: 'k', privateKey: '  ' }), /empty/],
    ['undefined', () => createNodeSigner({ keyId: 'k', privateKey: undefined as unknown as string }), /No private key given/],
    ['a file path', () => createNodeSigner({ keyId: 'k', privateKey: '~/.kalshi/key.pem' }), /file path/],
    ['public key PEM', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPublic }), /public key/],
    ['PKCS#1 public key PEM', () => createNodeSigner({ keyId: 'k', privateKey: pem.rsaPublicPkcs1 }), /public key/],
    ['public KeyObject', () => createNodeSigner({ keyId: 'k', privateKey: rsa.publicKey }), /public key/],
    ['EC key PEM', () => createNodeSigner({ keyId: 'k', privateKey: pem.ec }), /Unsupported private key type "ec"/],
    ['EC KeyObject', () => createNodeSigner({ keyId: 'k', privateKey: ec.privateKey }), /Unsupported private key type "ec"/],
    ['empty keyId', () => createNodeSigner({ keyId: ' ', privateKey: pem.ed25519 }), /keyId/],
    ['keyId with a newline', () => createNodeSigner({ keyId: 'a\nb', privateKey: pem.ed25519 }), /keyId/],
  ];

  it.each(cases)('%s throws a clear KeyError without key material', (_name, fn, message) => {
    expect(keyError(fn).message).toMatch(message);
  });

  it('gives each kind of failure its own message', () => {
    const messages = cases.map(([, fn]) => keyError(fn).message);
    expect(new Set(messages).size).toBeGreaterThanOrEqual(9);
  });
});

describe('the signer does not reveal its key', () => {
  const signers = [
    createNodeSigner({ keyId: 'abc', privateKey: pem.ed25519 }),
    createNodeSigner({ keyId: 'abc', privateKey: pem.rsaPkcs8Enc, passphrase: PASS }),
  ];

  it.each(signers.map((s) => [s.algorithm, s] as const))('%s', (algorithm, signer) => {
    const views = [
      util.inspect(signer, { showHidden: true, depth: 10 }),
      JSON.stringify(signer),
      String(signer),
      `${signer}`,
      JSON.stringify(Object.keys(signer)),
      JSON.stringify(Object.getOwnPropertyNames(signer).map((k) => (signer as unknown as Record<string, unknown>)[k])),
    ];
    for (const v of views) {
      expectNoSecrets(v);
      expect(v).not.toMatch(/KeyObject|BEGIN/);
    }
    expect(util.inspect(signer)).toBe(`NodeSigner { keyId: 'abc', algorithm: '${algorithm}' }`);
    expect(JSON.parse(JSON.stringify(signer))).toEqual({ keyId: 'abc', algorithm });
    expect(Object.keys(signer).sort()).toEqual(['algorithm', 'keyId']);
    expect(Object.isFrozen(signer)).toBe(true);
  });
});

describe('readPrivateKeyFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalshi-signing-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a PEM file that createNodeSigner accepts', () => {
    const file = path.join(dir, 'key.pem');
    fs.writeFileSync(file, pem.rsaPkcs1, { mode: 0o600 });
    expect(readPrivateKeyFile(file)).toBe(pem.rsaPkcs1);
  });

  it('reads a DER file as text createNodeSigner accepts', () => {
    const file = path.join(dir, 'key.der');
    fs.writeFileSync(file, rsa.privateKey.export({ type: 'pkcs1', format: 'der' }));
    const signer = createNodeSigner({ keyId: 'k', privateKey: readPrivateKeyFile(file) });
    expect(verifies(signer, MESSAGE, signer.sign(MESSAGE))).toBe(true);
  });

  it('names the path when the file is missing or a directory', () => {
    const missing = path.join(dir, 'nope.pem');
    expect(keyError(() => readPrivateKeyFile(missing)).message).toBe(`Private key file ${JSON.stringify(missing)} does not exist.`);
    expect(keyError(() => readPrivateKeyFile('~/nope.pem')).message).toMatch(/"~" is not expanded/);
    expect(keyError(() => readPrivateKeyFile(dir)).message).toMatch(/directory/);
    expect(keyError(() => readPrivateKeyFile('')).message).toMatch(/No private key file path/);
  });
});

describe('signAsync', () => {
  it('produces signatures that verify, off the event loop, for both key types', async () => {
    const rsaKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const edKeys = crypto.generateKeyPairSync('ed25519');
    const rsaSigner = createNodeSigner({ keyId: 'k', privateKey: rsaKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() });
    const edSigner = createNodeSigner({ keyId: 'k', privateKey: edKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const message = '1703123456789GET/trade-api/v2/portfolio/balance';
    const rsaSig = Buffer.from(await rsaSigner.signAsync!(message), 'base64');
    const edSig = Buffer.from(await edSigner.signAsync!(message), 'base64');
    expect(crypto.verify('sha256', Buffer.from(message), { key: rsaKeys.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, rsaSig)).toBe(true);
    expect(crypto.verify(null, Buffer.from(message), edKeys.publicKey, edSig)).toBe(true);
  });
});
