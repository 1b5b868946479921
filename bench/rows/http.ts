import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { Agent } from 'undici';
import { startChild, stopChild } from '../lib/child.js';
import { concurrently, measure, type MeasureOptions, type Variant } from '../lib/measure.js';
import { ratioRow, type Row } from '../lib/report.js';
import { Kalshi } from '../lib/sdk.js';

const TICKER = 'KXBENCH-26JAN01-T50';
const PATH = `/trade-api/v2/markets/${TICKER}`;

interface Official {
  getMarket(ticker: string): Promise<unknown>;
}

/** The official SDK, when the benchmark's own dev dependencies are installed (bench/package.json). */
function loadOfficial(basePath: string, credentials?: { apiKey: string; privateKeyPem: string }): Official | undefined {
  try {
    const require = createRequire(new URL('../package.json', import.meta.url));
    const sdk = require('kalshi-typescript') as {
      Configuration: new (p: object) => object;
      MarketApi: new (c: object) => Official;
    };
    return new sdk.MarketApi(new sdk.Configuration({ basePath, ...credentials }));
  } catch {
    return undefined;
  }
}

/**
 * GET of a ~1.5 KB market body on loopback, JSON parsed, unsigned and signed, at concurrency 1
 * and 16: our client against undici.request (the limit: the same transport with nothing on top;
 * signed, with a pre-parsed key) and against the official kalshi-typescript SDK.
 */
export async function httpRows(options: MeasureOptions): Promise<Row[]> {
  const { child, ready } = await startChild<{ port: number; bytes: number }>('./market-server.ts');
  const origin = `http://127.0.0.1:${ready.port}`;
  const baseURL = `${origin}/trade-api/v2`;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pss = { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  const agent = new Agent({ connections: 64 });
  const rawGet = async (headers: Record<string, string>) => {
    const res = await agent.request({ origin, path: PATH, method: 'GET', headers });
    return res.body.json();
  };
  const signedHeaders = () => {
    const ts = String(Date.now());
    return {
      'KALSHI-ACCESS-KEY': 'bench',
      'KALSHI-ACCESS-TIMESTAMP': ts,
      'KALSHI-ACCESS-SIGNATURE': sign('sha256', Buffer.from(`${ts}GET${PATH}`), pss).toString('base64'),
    };
  };
  const unsignedClient = new Kalshi({ baseURL, rateLimit: false, maxRetries: 0 });
  const signedClient = new Kalshi({ baseURL, rateLimit: false, maxRetries: 0, apiKeyId: 'bench', privateKey: pem });
  const officialUnsigned = loadOfficial(baseURL);
  const officialSigned = loadOfficial(baseURL, { apiKey: 'bench', privateKeyPem: pem });
  const rows: Row[] = [];
  try {
    for (const concurrency of [1, 16]) {
      const variants = (ours: Kalshi, limit: () => Promise<unknown>, official: Official | undefined): Variant[] => [
        { name: 'ours', run: (n) => concurrently(n, concurrency, () => ours.markets.get(TICKER)) },
        { name: 'limit', run: (n) => concurrently(n, concurrency, limit) },
        ...(official ? [{ name: 'official', run: (n: number) => concurrently(n, concurrency, () => official.getMarket(TICKER)) }] : []),
      ];
      const unsigned = await measure(variants(unsignedClient, () => rawGet({}), officialUnsigned), options);
      const signed = await measure(variants(signedClient, () => rawGet(signedHeaders()), officialSigned), options);
      const label = `GET ${ready.bytes} B, concurrency ${concurrency}`;
      rows.push(ratioRow('http unsigned', label, 'req/s', unsigned.ours!, 'undici.request', unsigned.limit!, 0.9));
      rows.push(officialRow('http unsigned', label, unsigned, 3));
      rows.push(ratioRow('http signed', label, 'req/s', signed.ours!, 'undici + pre-parsed signer', signed.limit!, 1.0));
      rows.push(officialRow('http signed', label, signed, 4));
      // The bare limit against the official SDK, same run: no client on this transport and signer
      // can beat this ratio, which shows whether the 4x target is reachable here at all.
      if (signed.official !== undefined) {
        rows.push(ratioRow('http signed', `${label}: undici + signer itself (ceiling)`, 'req/s', signed.limit!, 'kalshi-typescript', signed.official));
      }
    }
  } finally {
    await Promise.all([unsignedClient.close(), signedClient.close(), agent.close()]);
    await stopChild(child);
  }
  return rows;
}

function officialRow(area: string, name: string, rates: Record<string, number>, minRatio: number): Row {
  if (rates.official === undefined) {
    return { area, name, unit: 'req/s', ours: rates.ours!, baselineName: 'kalshi-typescript (not installed)', target: `>= ${minRatio}x` };
  }
  return ratioRow(area, name, 'req/s', rates.ours!, 'kalshi-typescript', rates.official, minRatio);
}
