/**
 * After a restart: does the exchange hold exactly what the client's history allows for one
 * market's flow, whole (orders, their fills, both sides of every trade, positions), and do the
 * engine's own invariants hold?
 */
import type { Kalshi, Schema } from 'kalshi-ts';
import type { FlowResult } from './flow.js';
import { centi, position, tally, type MarketTally } from './ledger.js';
import { checkOrder } from './orders-check.js';

export interface MarketSnapshot {
  orders: Schema<'Order'>[][];
  fills: Schema<'Fill'>[][];
  tallies: MarketTally[];
}

export interface Verification {
  problems: string[];
  snapshot: MarketSnapshot;
  inFlightCreates: number;
  inFlightFound: number;
  inFlightCancelsApplied: number;
}

const LIMIT = 1000;

export async function snapshot(clients: readonly Kalshi[], ticker: string): Promise<MarketSnapshot> {
  const orders = await Promise.all(clients.map((k) => k.orders.list({ ticker, limit: LIMIT }).toArray()));
  const fills = await Promise.all(clients.map((k) => k.portfolio.fills({ ticker, limit: LIMIT }).toArray()));
  return { orders, fills, tallies: fills.map(tally) };
}

export async function invariants(url: string): Promise<string[]> {
  const res = await fetch(`${url}/_sim/invariants`);
  if (!res.ok) return [`GET /_sim/invariants -> ${res.status}`];
  return (await res.json()) as string[];
}

export async function verifyMarket(url: string, clients: readonly Kalshi[], ticker: string, flow: FlowResult): Promise<Verification> {
  const snap = await snapshot(clients, ticker);
  const problems: string[] = [];
  const v: Verification = { problems, snapshot: snap, inFlightCreates: 0, inFlightFound: 0, inFlightCancelsApplied: 0 };

  clients.forEach((_, user) => {
    const byClientId = new Map<string, Schema<'Order'>>();
    for (const o of snap.orders[user]!) {
      if (byClientId.has(o.client_order_id)) problems.push(`user ${user}: client_order_id ${o.client_order_id} on two orders`);
      byClientId.set(o.client_order_id, o);
    }
    // Whole orders: their fill counts are the sum of their own fills, and no fill is an orphan.
    const filledBy = new Map<string, number>();
    const takerBy = new Map<string, number>();
    for (const f of snap.fills[user]!) {
      if (!snap.orders[user]!.some((o) => o.order_id === f.order_id)) problems.push(`user ${user}: fill ${f.fill_id} of unknown order ${f.order_id}`);
      filledBy.set(f.order_id, (filledBy.get(f.order_id) ?? 0) + centi(f.count_fp));
      if (f.is_taker) takerBy.set(f.order_id, (takerBy.get(f.order_id) ?? 0) + centi(f.count_fp));
    }
    for (const o of snap.orders[user]!) {
      if ((filledBy.get(o.order_id) ?? 0) !== centi(o.fill_count_fp)) {
        problems.push(`user ${user}: order ${o.order_id} says filled ${o.fill_count_fp}, its fills add up to ${(filledBy.get(o.order_id) ?? 0) / 100}`);
      }
    }
    const tracked = flow.orders.filter((t) => t.user === user);
    const known = new Set(tracked.map((t) => t.clientOrderId));
    for (const o of snap.orders[user]!) if (!known.has(o.client_order_id)) problems.push(`user ${user}: order ${o.order_id} (${o.client_order_id}) was never sent`);
    for (const t of tracked) {
      const order = byClientId.get(t.clientOrderId);
      const verdict = checkOrder(t, order, order ? (takerBy.get(order.order_id) ?? 0) : 0);
      problems.push(...verdict.problems);
      if (t.ops[0].state === 'inflight') v.inFlightCreates += 1;
      if (verdict.foundInFlight) v.inFlightFound += 1;
      if (verdict.cancelApplied) v.inFlightCancelsApplied += 1;
    }
  });

  // Both sides of every trade: only these two users trade here, so YES bought = NO bought, takers
  // and makers match, and the public tape has every trade once.
  const all = snap.fills.flat();
  const sum = (pick: (f: Schema<'Fill'>) => boolean) => all.filter(pick).reduce((n, f) => n + centi(f.count_fp), 0);
  const [bids, asks, takers, makers] = [sum((f) => f.book_side === 'bid'), sum((f) => f.book_side === 'ask'), sum((f) => f.is_taker), sum((f) => !f.is_taker)];
  if (bids !== asks) problems.push(`${ticker}: ${bids / 100} YES bought but ${asks / 100} NO bought`);
  if (takers !== makers) problems.push(`${ticker}: ${takers / 100} contracts taken but ${makers / 100} made`);
  const tape = await clients[0]!.markets.trades({ ticker, limit: LIMIT }).toArray();
  const traded = tape.reduce((n, t) => n + centi(t.count_fp), 0);
  if (traded !== takers) problems.push(`${ticker}: the tape has ${traded / 100} contracts, the fills ${takers / 100}`);

  for (const [user, k] of clients.entries()) {
    const { market_positions } = await k.portfolio.positions({ ticker });
    const held = market_positions.find((p) => p.ticker === ticker);
    const expected = position(snap.tallies[user]!);
    if ((held ? centi(held.position_fp) : 0) !== expected) problems.push(`user ${user}: position ${held?.position_fp ?? 'none'}, fills say ${expected / 100}`);
  }
  const market = (await clients[0]!.markets.get(ticker)).market;
  const longs = snap.tallies.reduce((n, t) => n + Math.max(0, position(t)), 0);
  if (centi(market.open_interest_fp) !== longs) problems.push(`${ticker}: open_interest_fp ${market.open_interest_fp}, positions say ${longs / 100}`);

  problems.push(...(await invariants(url)).map((p) => `invariant: ${p}`));
  return v;
}
