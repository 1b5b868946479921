import type { SimDatabase } from '../db/database.js';

/*
 * Ids shaped like Kalshi's UUIDs, drawn from persisted counters like the trading ids
 * (trading/ids.ts) so they are deterministic and survive restarts. The first group names the
 * kind with an `f` (funds) prefix that the trading kinds never use.
 */
const PREFIX = {
  'subaccount-transfer': 'f0000001',
  'instance-transfer': 'f0000002',
  deposit: 'f0000003',
  withdrawal: 'f0000004',
} as const;

export type FundsIdKind = keyof typeof PREFIX;

export function nextFundsId(db: SimDatabase, kind: FundsIdKind): string {
  const n = db.counters.next(`id:${kind}`);
  return `${PREFIX[kind]}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
