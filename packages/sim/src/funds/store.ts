import type { Database, Statement } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';

/*
 * Typed access to the funds tables (db/migrations/funds.ts). The accessors live here rather than
 * on SimDatabase so the area stays in its own files; statements are prepared once per connection.
 */

export interface SubaccountTransferRow {
  seq: number;
  id: string;
  user_id: string;
  client_transfer_id: string | null;
  from_sub: number;
  to_sub: number;
  amount_micros: number;
  created_ts: number;
}

export type MovementKind = 'deposit' | 'withdrawal';

export interface CashMovementRow {
  seq: number;
  id: string;
  user_id: string;
  kind: MovementKind;
  method: string;
  status: string;
  sub: number;
  amount_micros: number;
  fee_micros: number;
  created_ts: number;
  finalized_ts: number | null;
}

export type Instance = 'event_contract' | 'margined';

export interface InstanceTransferRow {
  seq: number;
  id: string;
  user_id: string;
  source: Instance;
  destination: Instance;
  source_shard: number;
  destination_shard: number;
  source_sub: number;
  destination_sub: number;
  amount_micros: number;
  status: 'pending' | 'complete';
  created_ts: number;
}

export interface AllocationRow {
  allocations: { exchange_index: number; percent: number }[];
  resting_margin_reservation: 'none' | 'max' | 'sum';
}

/** `after` is the seq of the last row already served (lists run newest first). */
type Page = { after: number | undefined; limit: number };

function createStore(raw: Database) {
  const s = <P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> => raw.prepare<P, R>(sql);
  const subs = s<[string], { number: number }>('SELECT number FROM subaccounts WHERE user_id = ? ORDER BY number');
  const addSub = s('INSERT INTO subaccounts (user_id, number, created_ts) VALUES (?, ?, ?)');
  const netting = s<[string], { number: number; enabled: number }>('SELECT number, enabled FROM subaccount_netting WHERE user_id = ?');
  const setNetting = s(`
    INSERT INTO subaccount_netting (user_id, number, enabled, updated_ts) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_id, number) DO UPDATE SET enabled = excluded.enabled, updated_ts = excluded.updated_ts`);
  const addTransfer = s(`
    INSERT INTO subaccount_transfers (id, user_id, client_transfer_id, from_sub, to_sub, amount_micros, created_ts)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const transferByClient = s<[string, string], SubaccountTransferRow>('SELECT * FROM subaccount_transfers WHERE user_id = ? AND client_transfer_id = ?');
  const transfers = s<[string, number, number], SubaccountTransferRow>(
    'SELECT * FROM subaccount_transfers WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const addMovement = s(`
    INSERT INTO cash_movements (id, user_id, kind, method, status, sub, amount_micros, fee_micros, created_ts, finalized_ts)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const movements = s<[string, string, number, number], CashMovementRow>(
    'SELECT * FROM cash_movements WHERE user_id = ? AND kind = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const balance = s<[string, string], { balance_micros: number }>('SELECT balance_micros FROM instance_balances WHERE user_id = ? AND instance = ?');
  // Update first, insert when there is no row: an upsert would CHECK its negative candidate row.
  const addToBalance = s('UPDATE instance_balances SET balance_micros = balance_micros + ? WHERE user_id = ? AND instance = ?');
  const insertBalance = s('INSERT INTO instance_balances (user_id, instance, balance_micros) VALUES (?, ?, ?)');
  const addInstanceTransfer = s(`
    INSERT INTO instance_transfers (id, user_id, source, destination, source_shard, destination_shard, source_sub, destination_sub, amount_micros, status, created_ts)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const instanceTransfer = s<[string, string], InstanceTransferRow>('SELECT * FROM instance_transfers WHERE user_id = ? AND id = ?');
  const instanceTransfers = s<[string, number, number], InstanceTransferRow>(
    'SELECT * FROM instance_transfers WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const allocation = s<[string], { allocations: string; resting_margin_reservation: AllocationRow['resting_margin_reservation'] }>(
    'SELECT allocations, resting_margin_reservation FROM balance_allocations WHERE user_id = ?',
  );
  const setAllocation = s(`
    INSERT INTO balance_allocations (user_id, allocations, resting_margin_reservation, updated_ts) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_id) DO UPDATE SET allocations = excluded.allocations,
      resting_margin_reservation = excluded.resting_margin_reservation, updated_ts = excluded.updated_ts`);

  const before = (p: Page) => p.after ?? Number.MAX_SAFE_INTEGER;

  return {
    /** Numbered subaccounts the user created (the primary, 0, always exists and is not listed). */
    subaccounts: (user: string): number[] => subs.all(user).map((r) => r.number),
    addSubaccount(user: string, number: number, ts: number): void {
      addSub.run(user, number, ts);
    },
    /** Explicit settings only; a subaccount without a row has the default. */
    netting: (user: string): Map<number, boolean> => new Map(netting.all(user).map((r) => [r.number, r.enabled === 1])),
    setNetting(user: string, number: number, enabled: boolean, ts: number): void {
      setNetting.run(user, number, enabled ? 1 : 0, ts);
    },
    addTransfer(t: Omit<SubaccountTransferRow, 'seq'>): void {
      addTransfer.run(t.id, t.user_id, t.client_transfer_id, t.from_sub, t.to_sub, t.amount_micros, t.created_ts);
    },
    transferByClientId: (user: string, clientId: string): SubaccountTransferRow | undefined => transferByClient.get(user, clientId),
    transfers: (user: string, page: Page): SubaccountTransferRow[] => transfers.all(user, before(page), page.limit),
    addMovement(m: Omit<CashMovementRow, 'seq'>): void {
      addMovement.run(m.id, m.user_id, m.kind, m.method, m.status, m.sub, m.amount_micros, m.fee_micros, m.created_ts, m.finalized_ts);
    },
    movements: (user: string, kind: MovementKind, page: Page): CashMovementRow[] => movements.all(user, kind, before(page), page.limit),
    instanceBalance: (user: string, instance: Instance): number => balance.get(user, instance)?.balance_micros ?? 0,
    /** The CHECK constraint refuses a change that would take the balance below zero. */
    adjustInstanceBalance(user: string, instance: Instance, deltaMicros: number): void {
      if (addToBalance.run(deltaMicros, user, instance).changes === 0) insertBalance.run(user, instance, deltaMicros);
    },
    addInstanceTransfer(t: Omit<InstanceTransferRow, 'seq'>): void {
      addInstanceTransfer.run(
        t.id, t.user_id, t.source, t.destination, t.source_shard, t.destination_shard,
        t.source_sub, t.destination_sub, t.amount_micros, t.status, t.created_ts,
      );
    },
    instanceTransfer: (user: string, id: string): InstanceTransferRow | undefined => instanceTransfer.get(user, id),
    instanceTransfers: (user: string, page: Page): InstanceTransferRow[] => instanceTransfers.all(user, before(page), page.limit),
    allocation(user: string): AllocationRow | undefined {
      const row = allocation.get(user);
      return row && { allocations: JSON.parse(row.allocations) as AllocationRow['allocations'], resting_margin_reservation: row.resting_margin_reservation };
    },
    setAllocation(user: string, a: AllocationRow, ts: number): void {
      setAllocation.run(user, JSON.stringify(a.allocations), a.resting_margin_reservation, ts);
    },
  };
}

export type FundsStore = ReturnType<typeof createStore>;

const stores = new WeakMap<Database, FundsStore>();

export function fundsStore(db: SimDatabase): FundsStore {
  let store = stores.get(db.raw);
  if (!store) {
    store = createStore(db.raw);
    stores.set(db.raw, store);
  }
  return store;
}
