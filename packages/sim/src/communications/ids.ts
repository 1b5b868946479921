import { createHash } from 'node:crypto';
import type { SimDatabase } from '../db/database.js';
import { invalidParameters } from '../server/errors.js';

export type CommKind = 'rfq' | 'quote' | 'block_trade_proposal';

// UUID-shaped like Kalshi's ids, from persisted counters: deterministic, in creation order, and
// continuing after a restart. The first group names the kind, so ids of different kinds never meet.
const PREFIX: Record<CommKind, string> = { rfq: 'c0000001', quote: 'c0000002', block_trade_proposal: 'c0000003' };

/** A new id and its sequence number (lists are ordered by it). */
export function nextCommId(db: SimDatabase, kind: CommKind): { id: string; seq: number } {
  const seq = db.counters.next(`id:${kind}`);
  return { id: `${PREFIX[kind]}-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`, seq };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kalshi answers 400 (not 404) for an id that is not a UUID at all. */
export function checkUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw invalidParameters(`${field}: '${value.slice(0, 80)}' is not a UUID`, 'Pass the id exactly as the exchange returned it.');
  return value;
}

/**
 * A user's public communications id: a hash of the user id, so it is stable for the user's life
 * (and across restarts) while not revealing the account behind it.
 */
export function communicationsIdOf(userId: string): string {
  return createHash('sha256').update(`kalshi-sim:communications:${userId}`).digest('hex');
}
