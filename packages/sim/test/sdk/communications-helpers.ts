// Shared setup of the communications tests: one exchange, Alice (the session's user) and two
// more funded users, and small helpers for balances, RFQ bodies and walking cursor pages.
import { Kalshi } from 'kalshi-ts';
import { newUser } from '../helpers/exchange.js';
import { accounts, fund } from '../trading/helpers.js';
import { session, type Session } from './harness.js';

export type Client = { kalshi: Kalshi; userId: string };

export interface CommSession {
  s: Session;
  bob: Client;
  carol: Client;
  /** Another signed-in user. Ed25519 keys: far cheaper to generate than RSA, and these tests need several. */
  newClient(): Promise<Client>;
  /** Available cash of an account, micros. */
  cash(userId: string, sub?: number): Promise<number>;
  close(): Promise<void>;
}

export async function commSession(): Promise<CommSession> {
  const s = await session();
  const clients: Kalshi[] = [];
  const newClient = async (): Promise<Client> => {
    const u = await newUser(s.exchange, { keyType: 'ed25519' });
    const kalshi = new Kalshi({ baseURL: s.exchange.restUrl, apiKeyId: u.keyId, privateKey: u.privateKeyPem, rateLimit: false, maxRetries: 0 });
    clients.push(kalshi);
    return { kalshi, userId: u.userId };
  };
  const [bob, carol] = [await newClient(), await newClient()];
  for (const user of [s.userId, bob.userId, carol.userId]) await fund(s.exchange, user, '1000.00');
  return {
    s,
    bob,
    carol,
    newClient,
    cash: async (userId, sub = 0) => (await accounts(s.exchange, userId)).find((a) => a.subaccount === sub)?.balance_micros ?? 0,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await s.close();
    },
  };
}

export const micros = (dollars: string) => Math.round(Number(dollars) * 1_000_000);

export const rfqBody = (ticker: string, extra: Record<string, unknown> = {}) => ({ market_ticker: ticker, contracts_fp: '10', rest_remainder: false, ...extra });

/** Every page of a list, following cursors: the ids in the order served. */
export async function walk<T extends { id: string }>(fetch: (cursor?: string) => Promise<{ cursor?: string; items: T[] }>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.cursor || undefined;
  } while (cursor);
  return ids;
}
