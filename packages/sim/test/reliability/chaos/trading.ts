// What the two accounts do while faults land: place limit orders around the middle of the book
// (so they cross each other and fill), cancel some, and read. Every create carries a
// client_order_id chosen here, so the exchange's orders can be counted per id afterwards.
import { APIError } from 'kalshi-ts';
import type { Random } from '../../../src/seed/prng.js';
import type { Trader, World } from './world.js';

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
let nextOrder = 0;

/** Resting orders on both sides of every market, so the first crossing orders fill at once. */
export async function seedBooks(world: World): Promise<void> {
  const [a, b] = world.traders as [Trader, Trader];
  for (const ticker of world.markets) {
    for (const cents of [40, 42, 44]) await create(world, a, ticker, 'bid', cents, 5);
    for (const cents of [56, 58, 60]) await create(world, b, ticker, 'ask', cents, 5);
  }
}

/** What the SDK says a failed create may have done: anything not an APIError is a bug the run reports anyway. */
const endedIn = (error: unknown) => (error instanceof APIError && error.outcomeUnknown ? 'uncertain' : 'failed');

async function create(world: World, t: Trader, ticker: string, side: 'bid' | 'ask', cents: number, count: number): Promise<void> {
  const clientOrderId = `chaos-${t.name}-${++nextOrder}`;
  t.orders.set(clientOrderId, 'pending');
  try {
    const order = await t.kalshi.orders.create({
      ticker, side, count, price: `0.${String(cents).padStart(2, '0')}`,
      time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross', client_order_id: clientOrderId,
    });
    t.orders.set(clientOrderId, 'created');
    if (order.remaining_count !== '0.00') t.resting.push(order.order_id);
  } catch (error) {
    t.orders.set(clientOrderId, endedIn(error));
    world.caught(error);
  }
}

/** A batch create is retried whole; each item's client_order_id is what keeps it single. */
async function batch(world: World, t: Trader, random: Random): Promise<void> {
  const items = Array.from({ length: 2 + Math.floor(random() * 3) }, () => {
    const clientOrderId = `chaos-${t.name}-${++nextOrder}`;
    t.orders.set(clientOrderId, 'pending');
    return {
      ticker: pick(random, world.markets), side: random() < 0.5 ? ('bid' as const) : ('ask' as const),
      count: 1 + Math.floor(random() * 3), price: `0.${38 + Math.floor(random() * 25)}`,
      time_in_force: 'good_till_canceled' as const, self_trade_prevention_type: 'taker_at_cross' as const, client_order_id: clientOrderId,
    };
  });
  try {
    const { orders } = await t.kalshi.orders.batchCreate({ orders: items });
    orders.forEach((order, i) => {
      const clientOrderId = items[i]!.client_order_id;
      if (order.error || !order.order_id) {
        t.orders.set(clientOrderId, 'failed');
        world.caught(order.error);
        return;
      }
      t.orders.set(clientOrderId, 'created');
      if (order.remaining_count !== '0.00') t.resting.push(order.order_id);
    });
  } catch (error) {
    for (const item of items) t.orders.set(item.client_order_id, endedIn(error));
    world.caught(error);
  }
}

async function step(world: World, t: Trader, random: Random): Promise<void> {
  const r = random();
  const ticker = pick(random, world.markets);
  if (r < 0.1) return batch(world, t, random);
  if (r < 0.55) {
    // Prices straddle the middle: about half of them cross the other account's resting orders.
    await create(world, t, ticker, random() < 0.5 ? 'bid' : 'ask', 38 + Math.floor(random() * 25), 1 + Math.floor(random() * 4));
    return;
  }
  try {
    if (r < 0.7 && t.resting.length > 0) {
      const orderId = t.resting.splice(Math.floor(random() * t.resting.length), 1)[0]!;
      await t.kalshi.orders.cancel(orderId);
    } else if (r < 0.8) await t.kalshi.portfolio.balance();
    else if (r < 0.9) await t.kalshi.orders.list({ limit: 20 });
    else await t.kalshi.markets.orderbook(ticker);
  } catch (error) {
    // A cancel of an order that filled meanwhile, or a read that ran out of retries.
    world.caught(error);
  }
}

/** Each account runs `workers` loops of requests until `until` (ms since the epoch). */
export async function trade(world: World, random: Random, until: number, workers = 2): Promise<void> {
  const loops = world.traders.flatMap((t) =>
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) await step(world, t, random);
    }),
  );
  await Promise.all(loops);
}
