import { constants, createSign, generateKeyPairSync, sign } from 'node:crypto';
import { measure, type MeasureOptions } from '../lib/measure.js';
import { ratioRow, type Row } from '../lib/report.js';
import { createNodeSigner } from '../lib/sdk.js';

const MESSAGE = '1703123456789GET/trade-api/v2/portfolio/orders';

/**
 * Signatures per second: our signer against crypto.sign with a pre-parsed KeyObject (the limit:
 * nothing can sign faster through node:crypto) and against the official kalshi-typescript SDK's
 * way, which hands the PEM text to createSign on every call (copied in shape from its auth.js).
 */
export async function signingRows(options: MeasureOptions): Promise<Row[]> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const ours = createNodeSigner({ keyId: 'bench', privateKey: pem });
  const pss = { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  const pemPss = { key: pem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  const rates = await measure(
    [
      { name: 'ours', run: (n) => { for (let i = 0; i < n; i++) ours.sign(MESSAGE); } },
      { name: 'limit', run: (n) => { for (let i = 0; i < n; i++) sign('sha256', Buffer.from(MESSAGE), pss).toString('base64'); } },
      {
        name: 'official',
        run: (n) => {
          for (let i = 0; i < n; i++) {
            const signer = createSign('RSA-SHA256');
            signer.update(MESSAGE);
            signer.end();
            signer.sign(pemPss).toString('base64');
          }
        },
      },
    ],
    options,
  );
  const ed = generateKeyPairSync('ed25519');
  const edOurs = createNodeSigner({ keyId: 'bench', privateKey: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  const edRates = await measure(
    [
      { name: 'ours', run: (n) => { for (let i = 0; i < n; i++) edOurs.sign(MESSAGE); } },
      { name: 'limit', run: (n) => { for (let i = 0; i < n; i++) sign(null, Buffer.from(MESSAGE), ed.privateKey).toString('base64'); } },
    ],
    options,
  );
  return [
    ratioRow('signing', 'RSA-PSS 2048 signatures', 'sig/s', rates.ours!, 'crypto.sign, pre-parsed key', rates.limit!, 0.95),
    ratioRow('signing', 'RSA-PSS 2048 signatures', 'sig/s', rates.ours!, 'kalshi-typescript (PEM per call)', rates.official!, 2.5),
    ratioRow('signing', 'Ed25519 signatures', 'sig/s', edRates.ours!, 'crypto.sign, pre-parsed key', edRates.limit!, 0.95),
  ];
}
