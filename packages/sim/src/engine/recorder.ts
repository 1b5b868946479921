// Collects what one operation changed, for the persistence layer and the WebSocket feed. Orders,
// accounts and positions are gathered by identity and copied once when the operation finishes,
// so each appears once with its final state.

import type { Account, MarketAccount, OrderRec } from './records.js';
import { toOrder } from './records.js';
import type { BookDelta, Fill, OpResult, Settlement, Trade } from './types.js';

export class Recorder {
  readonly ts: number;
  readonly fills: Fill[] = [];
  readonly trades: Trade[] = [];
  readonly deltas: BookDelta[] = [];
  private readonly orders = new Set<OrderRec>();
  private readonly accounts = new Set<Account>();
  private readonly positions = new Set<MarketAccount>();

  constructor(ts: number) {
    this.ts = ts;
  }

  order(o: OrderRec): void {
    this.orders.add(o);
  }

  account(a: Account): void {
    this.accounts.add(a);
  }

  position(ma: MarketAccount): void {
    this.positions.add(ma);
    this.accounts.add(ma.account);
  }

  delta(ticker: string, side: 'yes' | 'no', price: number, delta: number): void {
    if (delta === 0) return;
    const last = this.deltas[this.deltas.length - 1];
    if (last !== undefined && last.ticker === ticker && last.side === side && last.price === price) {
      last.delta += delta;
      if (last.delta === 0) this.deltas.pop();
      return;
    }
    this.deltas.push({ ticker, side, price, delta });
  }

  finish(primary?: OrderRec, extra?: { settlements?: Settlement[]; reducedBy?: number }): OpResult {
    const out: OpResult = {
      ts: this.ts,
      fills: this.fills,
      trades: this.trades,
      touchedOrders: [...this.orders].map(toOrder),
      touchedAccounts: [...this.accounts].map((a) => ({ user: a.user, sub: a.sub })),
      touchedPositions: [...this.positions].map((p) => ({ user: p.account.user, sub: p.account.sub, ticker: p.ticker })),
      bookDeltas: this.deltas,
    };
    if (primary !== undefined) out.order = toOrder(primary);
    if (extra?.settlements !== undefined) out.settlements = extra.settlements;
    if (extra?.reducedBy !== undefined) out.reducedBy = extra.reducedBy;
    return out;
  }
}

export function emptyResult(ts: number): OpResult {
  return { ts, fills: [], trades: [], touchedOrders: [], touchedAccounts: [], touchedPositions: [], bookDeltas: [] };
}

/**
 * Folds `more` (an operation run right after `into`, in the same transaction) into `into`, as if
 * both were one operation: lists are concatenated, and an order, account or position touched by
 * both appears once, with its later state. Mutates `into` so that holders of it see the whole.
 */
export function mergeResults(into: OpResult, more: OpResult): void {
  into.fills.push(...more.fills);
  into.trades.push(...more.trades);
  into.bookDeltas.push(...more.bookDeltas);
  if (more.settlements !== undefined) into.settlements = [...(into.settlements ?? []), ...more.settlements];
  const orders = new Map(into.touchedOrders.map((o) => [o.id, o]));
  for (const o of more.touchedOrders) orders.set(o.id, o);
  into.touchedOrders = [...orders.values()];
  if (into.order !== undefined && !into.duplicate) into.order = orders.get(into.order.id) ?? into.order;
  const accounts = new Map(into.touchedAccounts.map((a) => [`${a.sub}:${a.user}`, a]));
  for (const a of more.touchedAccounts) accounts.set(`${a.sub}:${a.user}`, a);
  into.touchedAccounts = [...accounts.values()];
  const positions = new Map(into.touchedPositions.map((p) => [`${p.sub}:${p.user}:${p.ticker}`, p]));
  for (const p of more.touchedPositions) positions.set(`${p.sub}:${p.user}:${p.ticker}`, p);
  into.touchedPositions = [...positions.values()];
}
