import { mergeResults, type Engine, type OpResult } from '../engine/index.js';
import { ApiError, badRequest, notFound } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { announce, type GroupEvent } from './events.js';
import { orderGroupStore, type OrderGroupRow } from './store.js';

/*
 * Order groups: a contracts limit over a rolling 15-second window of the group's fills (exchange
 * clock). Crossing it triggers the group: its resting orders are cancelled and orders naming it
 * are refused until a reset. The state is in SQLite (store.ts); every cancellation goes through
 * `trading.run`, so it is persisted and reaches the WebSocket feeds like any other cancel.
 */

/** Spec: up to 100,000 order groups per user at a time. */
export const MAX_GROUPS_PER_USER = 100_000;

/** Ids shaped like Kalshi's UUIDs, from a persisted counter: deterministic and restart-safe. */
function nextGroupId(exchange: ExchangeState): string {
  const n = exchange.db.counters.next('id:order_group');
  return `000000f1-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const groupNotFound = (id: string) =>
  notFound(
    `order_group_id: no order group ${id} in this account`,
    'Order groups are visible only to the user who created them, in the subaccount that owns them.',
    'order_group_not_found',
  );

/** The caller's group, or 404 (another user's group looks missing); `sub`, when given, must own it. */
export function ownGroup(exchange: ExchangeState, user: string, id: string, sub?: number): OrderGroupRow {
  const g = orderGroupStore(exchange.db).get(id);
  if (!g || g.user !== user || (sub !== undefined && g.sub !== sub)) throw groupNotFound(id);
  return g;
}

export function createGroup(exchange: ExchangeState, user: string, sub: number, limit: number): OrderGroupRow {
  const store = orderGroupStore(exchange.db);
  const ts = exchange.clock.now();
  const id = exchange.db.transaction(() => {
    if (store.countFor(user) >= MAX_GROUPS_PER_USER) {
      throw badRequest(`at most ${MAX_GROUPS_PER_USER} order groups per user`, 'Delete order groups you no longer use.', 'order_group_limit_reached');
    }
    const next = nextGroupId(exchange);
    store.insert({ id: next, user, sub, limit, ts });
    return next;
  });
  announce(exchange, [{ user, type: 'created', groupId: id, ts, limit }]);
  return store.get(id)!;
}

/** Resting orders of the group, oldest first: the ones a trigger would cancel. */
export function restingMembers(engine: Engine, g: OrderGroupRow): string[] {
  return engine
    .listOrders({ user: g.user, sub: g.sub, status: 'resting' })
    .filter((o) => o.orderGroupId === g.id)
    .map((o) => o.id);
}

/** Cancels the group's resting orders and runs `write` in the same transaction. */
function cancelMembers(exchange: ExchangeState, g: OrderGroupRow, write: () => void): OpResult {
  return exchange.trading.run((e) => e.cancelAll(g.user, { subaccount: g.sub, orderGroupId: g.id }), write);
}

export function triggerGroup(exchange: ExchangeState, g: OrderGroupRow): void {
  const store = orderGroupStore(exchange.db);
  // Re-triggering a triggered group still sweeps it: harmless, and nothing can be resting.
  const result = cancelMembers(exchange, g, () => store.setTriggered(g.id, true, exchange.clock.now()));
  if (!g.triggered) announce(exchange, [{ user: g.user, type: 'triggered', groupId: g.id, ts: result.ts }]);
}

/** Clears the trigger and the window: the group starts counting afresh. */
export function resetGroup(exchange: ExchangeState, g: OrderGroupRow): void {
  const store = orderGroupStore(exchange.db);
  const ts = exchange.clock.now();
  exchange.db.transaction(() => {
    store.setTriggered(g.id, false, ts);
    store.clearWindow(g.id);
  });
  announce(exchange, [{ user: g.user, type: 'reset', groupId: g.id, ts }]);
}

export function deleteGroup(exchange: ExchangeState, g: OrderGroupRow): void {
  const store = orderGroupStore(exchange.db);
  const result = cancelMembers(exchange, g, () => store.remove(g.id));
  announce(exchange, [{ user: g.user, type: 'deleted', groupId: g.id, ts: result.ts }]);
}

/** A limit below what the window already holds triggers the group at once. */
export function updateLimit(exchange: ExchangeState, g: OrderGroupRow, limit: number): void {
  const store = orderGroupStore(exchange.db);
  const now = exchange.clock.now();
  const trips = !g.triggered && store.windowTotal(g.id, now) > limit;
  const events: GroupEvent[] = [{ user: g.user, type: 'limit_updated', groupId: g.id, ts: now, limit }];
  if (trips) {
    const result = cancelMembers(exchange, g, () => {
      store.setLimit(g.id, limit, now);
      store.setTriggered(g.id, true, now);
    });
    events.push({ user: g.user, type: 'triggered', groupId: g.id, ts: result.ts });
  } else {
    exchange.db.transaction(() => store.setLimit(g.id, limit, now));
  }
  announce(exchange, events);
}

/**
 * Whether an order may join the group: it must be the placer's own, in the order's subaccount,
 * and not triggered. Called by order entry before the engine sees the order; request handling is
 * synchronous, so nothing can trigger the group between this check and the placement.
 */
export function checkOrderGroup(exchange: ExchangeState, user: string, sub: number, groupId: string): void {
  const g = orderGroupStore(exchange.db).get(groupId);
  if (!g || g.user !== user) {
    throw new ApiError(400, 'order_group_not_found', `order_group_id: no order group ${groupId} in this account`, 'Create one with POST /portfolio/order_groups/create.');
  }
  if (g.sub !== sub) {
    throw new ApiError(400, 'invalid_parameters', `order_group_id: order group ${groupId} belongs to subaccount ${g.sub}, the order to subaccount ${sub}`);
  }
  if (g.triggered) {
    throw new ApiError(400, 'order_group_triggered', `order_group_id: order group ${groupId} has been triggered`, 'Reset the group (PUT /portfolio/order_groups/{order_group_id}/reset) to place orders in it again.');
  }
}

/** Events of groups triggered by an operation's fills, announced once that operation commits. */
const pending = new WeakMap<OpResult, GroupEvent[]>();

/**
 * The fill hook, run inside every operation before it is saved. Fills of group members are added
 * to their groups' windows; a group whose window now exceeds its limit is triggered and its
 * resting orders are cancelled as part of the same operation. So the cancel is atomic with the
 * fill that crossed the limit: no later request (nor the rest of this one) can trade against them.
 * The operation that crosses the limit completes first: a group order that was the taker may fill
 * beyond the limit within that one operation, and only its remainder is cancelled.
 */
function onOperation(exchange: ExchangeState, result: OpResult, engine: Engine): OpResult | undefined {
  if (result.fills.length === 0) return undefined;
  const groupOf = new Map<string, string>();
  for (const o of result.touchedOrders) if (o.orderGroupId !== undefined) groupOf.set(o.id, o.orderGroupId);
  if (groupOf.size === 0) return undefined;
  const filled = new Map<string, number>();
  for (const f of result.fills) {
    const id = groupOf.get(f.orderId);
    if (id !== undefined) filled.set(id, (filled.get(id) ?? 0) + f.count);
  }
  const store = orderGroupStore(exchange.db);
  let cancels: OpResult | undefined;
  const events: GroupEvent[] = [];
  for (const [id, count] of filled) {
    const g = store.get(id);
    // A deleted group's orders were cancelled with it; an executed member may still report fills.
    if (!g) continue;
    store.addFill(id, result.ts, count);
    if (g.triggered || store.windowTotal(id, result.ts) <= g.limit) continue;
    store.setTriggered(id, true, result.ts);
    const more = engine.cancelAll(g.user, { subaccount: g.sub, orderGroupId: id });
    if (cancels) mergeResults(cancels, more);
    else cancels = more;
    events.push({ user: g.user, type: 'triggered', groupId: id, ts: result.ts });
  }
  if (events.length > 0) pending.set(result, events);
  return cancels;
}

/** Wires order groups into the exchange's single writer; call once per exchange. */
export function installOrderGroups(exchange: ExchangeState): void {
  exchange.trading.onOperation((result, engine) => onOperation(exchange, result, engine));
  exchange.trading.onCommit((result) => {
    const events = pending.get(result);
    if (!events) return;
    pending.delete(result);
    announce(exchange, events);
  });
}
