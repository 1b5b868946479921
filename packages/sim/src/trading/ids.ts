import type { CountersTable } from '../db/counters.js';
import type { IdKind } from '../engine/index.js';

const KIND_PREFIX: Record<IdKind, string> = { order: '00000001', fill: '00000002', trade: '00000003' };

/**
 * Ids shaped like Kalshi's UUIDs but drawn from persisted counters, so they are deterministic,
 * sort in creation order, and continue exactly after a restart on the same database file.
 */
export function counterIds(counters: CountersTable): (kind: IdKind) => string {
  return (kind) => formatId(kind, counters.next(`id:${kind}`));
}

export function formatId(kind: IdKind, n: number): string {
  return `${KIND_PREFIX[kind]}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The counter behind an id made by `formatId`, or undefined for any other string. */
export function idNumber(id: string): number | undefined {
  const match = /^0000000[123]-0000-4000-8000-([0-9a-f]{12})$/.exec(id);
  return match ? parseInt(match[1]!, 16) : undefined;
}
