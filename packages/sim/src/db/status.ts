/**
 * Kalshi reports a market's lifecycle with one set of names (Market.status) and filters it with
 * another (the `status` query parameter). This is the one place that maps between them.
 */

export const MARKET_STATUSES = [
  'initialized',
  'inactive',
  'active',
  'closed',
  'determined',
  'disputed',
  'amended',
  'finalized',
] as const;
export type MarketStatus = (typeof MARKET_STATUSES)[number];

export type MarketStatusFilter = 'unopened' | 'open' | 'paused' | 'closed' | 'settled';
export type EventStatus = 'unopened' | 'open' | 'closed' | 'settled';

// `determined` and `disputed` markets have stopped trading but have not paid out yet, so they
// count as closed; `amended` is a settlement that was corrected, so it counts as settled.
export const STATUSES_FOR_FILTER: Readonly<Record<MarketStatusFilter, readonly MarketStatus[]>> = {
  unopened: ['initialized'],
  open: ['active'],
  paused: ['inactive'],
  closed: ['closed', 'determined', 'disputed'],
  settled: ['amended', 'finalized'],
};

const PHASE: Readonly<Record<MarketStatus, EventStatus>> = {
  initialized: 'unopened',
  active: 'open',
  inactive: 'open',
  closed: 'closed',
  determined: 'closed',
  disputed: 'closed',
  amended: 'settled',
  finalized: 'settled',
};

/** True for the statuses after which a market has paid out (settled_ts is set). */
export const isSettled = (status: MarketStatus): boolean => PHASE[status] === 'settled';

/**
 * An event is open while any of its markets trades (paused counts: it will resume), unopened
 * while none has opened, settled once all have paid out, and closed otherwise.
 */
export function eventStatus(marketStatuses: readonly MarketStatus[]): EventStatus {
  const phases = marketStatuses.map((s) => PHASE[s]);
  if (phases.includes('open')) return 'open';
  if (phases.length === 0 || phases.every((p) => p === 'unopened')) return 'unopened';
  if (phases.every((p) => p === 'settled')) return 'settled';
  return 'closed';
}
