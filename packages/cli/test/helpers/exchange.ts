/** The local exchange the CLI processes talk to, started in the test process, and its admin API. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startExchange, type Exchange } from 'kalshi-ts-sim';
import { admin } from '../../../sim/test/helpers/exchange.js';

export { admin };

export async function startSim(): Promise<Exchange> {
  return startExchange({ liquidity: true });
}

export interface Trader {
  userId: string;
  keyId: string;
  pem: string;
  keyPath: string;
  /** The environment that points the CLI at this exchange with this key. */
  env: Record<string, string>;
}

/** A funded user with an RSA key, its private key in a 0600 file under `dir`. */
export async function newTrader(ex: Exchange, dir: string, fund = '1000.00'): Promise<Trader> {
  const { user_id } = await admin<{ user_id: string }>(ex, 'POST', '/_sim/users', {});
  const key = await admin<{ api_key_id: string; private_key_pem: string }>(ex, 'POST', `/_sim/users/${user_id}/keys`, {});
  if (fund !== '0') await admin(ex, 'POST', `/_sim/users/${user_id}/fund`, { amount_dollars: fund });
  const keyPath = join(dir, `${key.api_key_id}.pem`);
  writeFileSync(keyPath, key.private_key_pem, { mode: 0o600 });
  return {
    userId: user_id,
    keyId: key.api_key_id,
    pem: key.private_key_pem,
    keyPath,
    env: { KALSHI_BASE_URL: ex.restUrl, KALSHI_API_KEY_ID: key.api_key_id, KALSHI_PRIVATE_KEY_PATH: keyPath },
  };
}
