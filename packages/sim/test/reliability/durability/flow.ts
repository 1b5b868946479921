/**
 * The order flow a kill interrupts: workers of two users place, amend and cancel crossing orders
 * through the SDK until the exchange dies under them, and every operation is written down with
 * what the client knows of it: acknowledged (with the response), refused (a Kalshi error: nothing
 * happened), or in flight (no answer: it may or may not have happened).
 */
import { APIConnectionError, APIError, type Kalshi } from 'kalshi-ts';
import type { KeyLeakWatch } from '../support.js';
import { centi } from './ledger.js';

export type OpState = 'acked' | 'refused' | 'inflight';

export interface CreateOp {
  kind: 'create';
  state: OpState;
  side: 'bid' | 'ask';
  tif: 'good_till_canceled' | 'immediate_or_cancel';
  /** Cents (the markets here are linear_cent). */
  price: number;
  /** Centi-contracts. */
  count: number;
  orderId?: string;
  /** From the acknowledgement, centi-contracts. */
  filled?: number;
  remaining?: number;
}

export interface AmendOp {
  kind: 'amend';
  state: OpState;
  price: number;
  /** The new total (filled + resting), centi-contracts. */
  count: number;
  filled?: number;
  remaining?: number;
}

export interface CancelOp {
  kind: 'cancel';
  state: OpState;
  reducedBy?: number;
}

export type Op = CreateOp | AmendOp | CancelOp;

/** One order's life as the client saw it. Its operations ran one after another, never together. */
export interface TrackedOrder {
  user: number;
  clientOrderId: string;
  ops: [CreateOp, ...(AmendOp | CancelOp)[]];
}

export interface FlowResult {
  orders: TrackedOrder[];
  /** Failures that are not refusals and did not come from the kill: each one is a bug. */
  unexpected: string[];
  refusals: Map<string, number>;
}

export interface FlowOptions {
  clients: readonly Kalshi[];
  ticker: string;
  /** Makes client_order_ids unique across the run. */
  tag: string;
  workersPerUser: number;
  random: () => number;
  watch: KeyLeakWatch;
  /** Resolves when the kill has been issued; from then on, a connection failure is an op in flight. */
  killed: () => boolean;
}

const int = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
/** Whole cents as the wire's dollar string: 45 -> "0.45". */
export const dollars = (cents: number) => `0.${String(cents).padStart(2, '0')}`;

/** Runs until every worker has lost its connection to the (killed) exchange. */
export async function runFlow(o: FlowOptions): Promise<FlowResult> {
  const result: FlowResult = { orders: [], unexpected: [], refusals: new Map() };
  let serial = 0;
  let stop = false;

  /** Runs one op; returns its state. A connection failure after the kill ends the worker. */
  async function attempt<T>(op: Op, call: () => Promise<T>, onAck: (response: T) => void): Promise<OpState> {
    try {
      onAck(await call());
      op.state = 'acked';
    } catch (error) {
      o.watch.see(error);
      if (error instanceof APIConnectionError && o.killed()) {
        op.state = 'inflight';
        stop = true;
      } else if (error instanceof APIError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) {
        op.state = 'refused';
        const key = `${op.kind} ${error.code ?? error.status}`;
        result.refusals.set(key, (result.refusals.get(key) ?? 0) + 1);
      } else {
        op.state = 'inflight';
        stop = true;
        result.unexpected.push(`${op.kind}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return op.state;
  }

  async function lifecycle(user: number, kalshi: Kalshi): Promise<void> {
    const r = o.random;
    const side = r() < 0.5 ? 'bid' : 'ask';
    const tif = r() < 0.15 ? 'immediate_or_cancel' : 'good_till_canceled';
    const create: CreateOp = { kind: 'create', state: 'inflight', side, tif, price: int(r, 40, 60), count: int(r, 1, 10) * 100 };
    const tracked: TrackedOrder = { user, clientOrderId: `${o.tag}-u${user}-${(serial += 1)}`, ops: [create] };
    result.orders.push(tracked);
    const created = await attempt(
      create,
      () =>
        kalshi.orders.create({
          ticker: o.ticker, side, price: dollars(create.price), count: create.count / 100, time_in_force: tif,
          self_trade_prevention_type: 'taker_at_cross', client_order_id: tracked.clientOrderId,
        }),
      (res) => {
        create.orderId = res.order_id;
        create.filled = centi(res.fill_count);
        create.remaining = centi(res.remaining_count);
      },
    );
    if (created !== 'acked' || create.remaining === 0 || stop) return;
    const orderId = create.orderId!;

    if (r() < 0.5) {
      // A new total around the current one; at or under what has filled by now it is refused.
      const amend: AmendOp = { kind: 'amend', state: 'inflight', price: Math.min(99, Math.max(1, create.price + int(r, -5, 5))), count: Math.max(100, create.count + int(r, -3, 4) * 100) };
      tracked.ops.push(amend);
      await attempt(
        amend,
        () => kalshi.orders.amend(orderId, { ticker: o.ticker, side, price: dollars(amend.price), count: amend.count / 100 }),
        (res) => {
          amend.filled = centi(res.fill_count ?? '0.00');
          if (res.remaining_count != null) amend.remaining = centi(res.remaining_count);
        },
      );
      if (amend.state !== 'refused' && (amend.state !== 'acked' || amend.remaining === 0)) return;
    }
    if (stop || r() < 0.5) return;
    const cancel: CancelOp = { kind: 'cancel', state: 'inflight' };
    tracked.ops.push(cancel);
    await attempt(cancel, () => kalshi.orders.cancel(orderId), (res) => (cancel.reducedBy = centi(res.reduced_by ?? '0.00')));
  }

  const workers = o.clients.flatMap((kalshi, user) =>
    Array.from({ length: o.workersPerUser }, async () => {
      while (!stop) await lifecycle(user, kalshi);
    }),
  );
  await Promise.all(workers);
  return result;
}
