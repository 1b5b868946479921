import type { Database } from 'better-sqlite3';
import type { SimDatabase } from '../../db/database.js';

export interface GrantRow {
  exchangeInstance: 'event_contract' | 'margined';
  level: string;
  source: string;
  grantedTs: number;
  expiresTs: number | null;
}

interface RawGrant {
  exchange_instance: GrantRow['exchangeInstance'];
  level: string;
  source: string;
  granted_ts: number;
  expires_ts: number | null;
}

function build(db: Database) {
  const restriction = db.prepare<[string], { subaccount: number | null }>('SELECT subaccount FROM api_key_restrictions WHERE key_id = ?');
  const restrict = db.prepare('INSERT INTO api_key_restrictions (key_id, subaccount) VALUES (?, ?)');
  const grants = db.prepare<[string], RawGrant>('SELECT * FROM api_usage_grants WHERE user_id = ? ORDER BY granted_ts, level');
  const upsertGrant = db.prepare(
    `INSERT INTO api_usage_grants (user_id, exchange_instance, level, source, granted_ts, expires_ts) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, exchange_instance, level) DO UPDATE SET source = excluded.source, granted_ts = excluded.granted_ts, expires_ts = excluded.expires_ts`,
  );
  const anyOrder = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM orders WHERE user_id = ? LIMIT 1');
  const volumeSince = db.prepare<[string, number], { n: number | null }>(
    "SELECT SUM(json_extract(data, '$.count')) AS n FROM fills WHERE user_id = ? AND ts >= ?",
  );

  return {
    /** The subaccount a key is restricted to, if any. */
    keySubaccount(keyId: string): number | undefined {
      return restriction.get(keyId)?.subaccount ?? undefined;
    },
    restrictKey(keyId: string, subaccount: number): void {
      restrict.run(keyId, subaccount);
    },
    grants(userId: string): GrantRow[] {
      return grants.all(userId).map((r) => ({ exchangeInstance: r.exchange_instance, level: r.level, source: r.source, grantedTs: r.granted_ts, expiresTs: r.expires_ts }));
    },
    upsertGrant(userId: string, grant: GrantRow): void {
      upsertGrant.run(userId, grant.exchangeInstance, grant.level, grant.source, grant.grantedTs, grant.expiresTs);
    },
    /** Whether the user ever placed an order (every order reaches the simulator through its API). */
    hasOrders(userId: string): boolean {
      return anyOrder.get(userId) !== undefined;
    },
    /** Contracts the user traded since `sinceMs`, maker and taker, in centi-contracts. */
    volumeSince(userId: string, sinceMs: number): number {
      return volumeSince.get(userId, sinceMs)?.n ?? 0;
    },
  };
}

export type KeysAccountStore = ReturnType<typeof build>;

// The shared SimDatabase has no slot for this area's tables; statements are prepared once per
// connection and dropped with it.
const stores = new WeakMap<Database, KeysAccountStore>();

export function keysAccountStore(db: SimDatabase): KeysAccountStore {
  let store = stores.get(db.raw);
  if (!store) {
    store = build(db.raw);
    stores.set(db.raw, store);
  }
  return store;
}
