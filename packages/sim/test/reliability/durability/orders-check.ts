/**
 * Is an order, as the restarted exchange reports it, one the client's history allows? Every
 * acknowledged operation must show; an operation in flight may show or not; nothing else may.
 */
import type { Schema } from 'kalshi-ts';
import { centi, micros } from './ledger.js';
import type { TrackedOrder } from './flow.js';

type Order = Schema<'Order'>;

export interface OrderVerdict {
  problems: string[];
  /** The create was in flight and the order exists. */
  foundInFlight: boolean;
  /** A cancel was in flight and the order is cancelled. */
  cancelApplied: boolean;
}

/**
 * `order` is what the exchange lists under the tracked client_order_id (undefined: nothing),
 * `takerFills` the centi-contracts of its own fills where it was the taker.
 */
export function checkOrder(t: TrackedOrder, order: Order | undefined, takerFills: number): OrderVerdict {
  const [create, ...later] = t.ops;
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${t.clientOrderId}: ${what}`);
  const verdict: OrderVerdict = { problems, foundInFlight: false, cancelApplied: false };

  if (!order) {
    if (create.state === 'acked') say(`acknowledged as ${create.orderId} but missing after the restart`);
    return verdict;
  }
  if (create.state === 'refused') {
    say(`the create was refused, yet order ${order.order_id} exists`);
    return verdict;
  }
  verdict.foundInFlight = create.state === 'inflight';
  if (create.state === 'acked' && order.order_id !== create.orderId) say(`acknowledged as ${create.orderId}, listed as ${order.order_id}`);
  if (order.book_side !== create.side) say(`placed as ${create.side}, listed as ${order.book_side}`);
  if (centi(order.initial_count_fp) !== create.count) say(`placed for ${create.count / 100}, initial_count_fp ${order.initial_count_fp}`);

  // What the order's total and price may be now: the last acknowledged amend fixes them, an
  // amend in flight adds its own as a possibility.
  let totals = [create.count];
  let prices = [create.price];
  let ackedTakerFills = create.state === 'acked' ? create.filled! : 0;
  let allTakerFillsKnown = create.state === 'acked';
  let mustBeCanceled: number | undefined; // the filled count a confirmed cancel left
  let mayBeCanceled = create.tif === 'immediate_or_cancel' || create.state === 'inflight' || create.remaining === 0;
  let mayRest = create.state !== 'acked' || create.remaining! > 0;
  for (const op of later) {
    if (op.kind === 'amend') {
      if (op.state === 'acked') {
        [totals, prices] = [[op.count], [op.price]];
        ackedTakerFills += op.filled!;
        if (op.remaining === 0) [mayRest, mayBeCanceled] = [false, true];
      } else if (op.state === 'inflight') {
        [totals, prices] = [[...totals, op.count], [...prices, op.price]];
        // It may have crossed (filling, or cancelled by self-trade prevention).
        mayBeCanceled = true;
        allTakerFillsKnown = false;
      }
    } else if (op.state === 'acked') {
      mustBeCanceled = totals[0]! - op.reducedBy!;
    } else if (op.state === 'inflight') {
      mayBeCanceled = true;
    } else {
      // Refused: the order had already stopped resting.
      mayRest = false;
    }
  }

  const filled = centi(order.fill_count_fp);
  const remaining = centi(order.remaining_count_fp);
  const price = Math.round(micros(order.yes_price_dollars) / 10_000);
  if (!prices.includes(price)) say(`price ${order.yes_price_dollars}, expected one of ${prices.map((p) => p / 100).join(', ')}`);
  if (filled < ackedTakerFills) say(`fill_count_fp ${order.fill_count_fp} is less than the ${ackedTakerFills / 100} acknowledged`);
  if (allTakerFillsKnown && takerFills !== ackedTakerFills) say(`taker fills total ${takerFills / 100}, acknowledged ${ackedTakerFills / 100}`);
  if (order.status === 'canceled') {
    if (remaining !== 0) say(`canceled with remaining ${order.remaining_count_fp}`);
    if (mustBeCanceled !== undefined && filled !== mustBeCanceled) say(`the acknowledged cancel left ${mustBeCanceled / 100} filled, now ${order.fill_count_fp}`);
    if (mustBeCanceled === undefined && !mayBeCanceled) say('canceled, but nothing the client did could cancel it');
    verdict.cancelApplied = later.some((op) => op.kind === 'cancel' && op.state === 'inflight');
  } else if (order.status === 'resting' || order.status === 'executed') {
    if (mustBeCanceled !== undefined) say(`${order.status} after an acknowledged cancel`);
    if (!totals.includes(filled + remaining)) say(`filled ${filled / 100} + remaining ${remaining / 100} is not a total the client set (${totals.map((c) => c / 100).join(', ')})`);
    if (order.status === 'resting' && (!mayRest || remaining === 0)) say(`resting with remaining ${order.remaining_count_fp}, which the acknowledgements rule out`);
    if (order.status === 'executed' && remaining !== 0) say(`executed with remaining ${order.remaining_count_fp}`);
  } else {
    say(`unexpected status ${order.status}`);
  }
  return verdict;
}
