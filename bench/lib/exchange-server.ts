/**
 * The local exchange in a child process for the HTTP rows: no liquidity provider and no rate
 * limits (we measure the server, not the throttle), with funded users whose keys are sent over IPC.
 */
import { startExchange } from '../../packages/sim/src/index.js';

const users = Number(process.argv[2] ?? 16);
const exchange = await startExchange({ liquidity: false, rateLimits: false });
const admin = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(`${exchange.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const credentials: Array<{ apiKeyId: string; privateKey: string }> = [];
for (let i = 0; i < users; i++) {
  const { user_id } = await admin<{ user_id: string }>('/_sim/users', {});
  const key = await admin<{ api_key_id: string; private_key_pem: string }>(`/_sim/users/${user_id}/keys`, { key_type: 'ed25519' });
  await admin(`/_sim/users/${user_id}/fund`, { amount_dollars: '100000000.00' });
  credentials.push({ apiKeyId: key.api_key_id, privateKey: key.private_key_pem });
}
process.send?.({ restUrl: exchange.restUrl, credentials });
process.on('disconnect', () => void exchange.close().then(() => process.exit(0)));
