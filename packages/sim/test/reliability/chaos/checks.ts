// What the chaos run asserts once its faults are cleared: books equal to REST, fills delivered
// once each, orders never doubled.
import { expect } from 'vitest';
import type { Trader, World } from './world.js';

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every fill the exchange holds for this account (the socket's trade_id is the fill's id). */
export function exchangeFills(world: World, t: Trader): string[] {
  return world.exchange.state.db.raw.prepare('SELECT id FROM fills WHERE user_id = ?').pluck().all(t.userId) as string[];
}

/** How many orders the exchange holds per client_order_id of this account. */
export function ordersByClientId(world: World, t: Trader): Map<string, number> {
  const rows = world.exchange.state.db.raw
    .prepare("SELECT json_extract(data, '$.clientOrderId') AS id, COUNT(*) AS n FROM orders WHERE user_id = ? GROUP BY id")
    .all(t.userId) as { id: string | null; n: number }[];
  return new Map(rows.filter((r) => r.id !== null).map((r) => [r.id!, r.n]));
}

/** Each live book is in sync and equal to GET /markets/{ticker}/orderbook (read with the trader's client). */
export async function expectBooksHealed(world: World, timeoutMs: number): Promise<void> {
  for (const t of world.traders) {
    for (const ticker of world.markets) {
      let last: string | undefined = 'never compared';
      const healed = async () => {
        const book = t.books.get(ticker);
        if (!book || book.isStale) return false;
        last = book.diff(await t.kalshi.markets.orderbook(ticker));
        return last === undefined;
      };
      await until(healed, timeoutMs, `trader ${t.name}'s book of ${ticker} to equal the REST book`).catch((error: Error) => {
        throw new Error(`${error.message}; last difference: ${last}; stale: ${t.books.get(ticker)?.staleReason}`);
      });
      expect(last).toBeUndefined();
    }
  }
}

/** The consumer received every fill the exchange has for the account, and none twice. */
export async function expectFillsOnce(world: World, timeoutMs: number): Promise<void> {
  for (const t of world.traders) {
    await until(() => exchangeFills(world, t).every((id) => t.fills.has(id)), timeoutMs, `trader ${t.name}'s fills`).catch(() => {});
    const onExchange = exchangeFills(world, t).sort();
    expect([...t.fills.keys()].sort(), `fills delivered to trader ${t.name}`).toEqual(onExchange);
    expect([...t.fills].filter(([, n]) => n > 1), `fills delivered twice to trader ${t.name}`).toEqual([]);
  }
}

/** No client_order_id names two orders; a create that resolved named exactly one. */
export function expectNoDoubleOrders(world: World): void {
  for (const t of world.traders) {
    const counts = ordersByClientId(world, t);
    expect([...counts].filter(([, n]) => n > 1), `client_order_ids with two orders (trader ${t.name})`).toEqual([]);
    const missing = [...t.orders].filter(([id, state]) => state === 'created' && counts.get(id) !== 1);
    expect(missing, `created orders the exchange does not hold (trader ${t.name})`).toEqual([]);
    // An error with outcomeUnknown false promised the exchange did nothing: the order must not exist.
    const refusedYetPlaced = [...t.orders].filter(([id, state]) => state === 'failed' && counts.has(id));
    expect(refusedYetPlaced, `orders placed although their error said nothing happened (trader ${t.name})`).toEqual([]);
    const unknown = [...counts.keys()].filter((id) => !t.orders.has(id));
    expect(unknown, `orders with client_order_ids this run never used (trader ${t.name})`).toEqual([]);
  }
}
