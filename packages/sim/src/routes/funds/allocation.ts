import { fundsStore, type AllocationRow } from '../../funds/index.js';
import { invalidParameters } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { userOf } from './shared.js';

/*
 * The target allocation is stored and reported as set. The simulator runs a single exchange shard
 * (index 0), so only index 0 can receive a share and there is never anything to rebalance; an
 * empty list (automatic rebalancing off) is what a user starts with.
 */
const DEFAULT: AllocationRow = { allocations: [], resting_margin_reservation: 'sum' };

export const allocationHandlers: Handlers = {
  GetTargetBalanceAllocation: ({ exchange, auth }) => ({
    body: fundsStore(exchange.db).allocation(userOf(auth)) ?? DEFAULT,
  }),

  SetTargetBalanceAllocation: ({ exchange, auth, body }) => {
    const user = userOf(auth);
    const b = body!;
    const seen = new Set<number>();
    let total = 0;
    b.allocations.forEach((a, i) => {
      const field = `allocations[${i}]`;
      if (a.exchange_index !== 0) throw invalidParameters(`${field}.exchange_index: the local exchange has a single shard, 0, got ${a.exchange_index}`);
      if (seen.has(a.exchange_index)) throw invalidParameters(`${field}.exchange_index: exchange index ${a.exchange_index} is listed twice`);
      seen.add(a.exchange_index);
      total += a.percent;
    });
    if (b.allocations.length > 0 && total !== 100) {
      throw invalidParameters(`allocations: percentages total ${total}, they must total 100`, 'Send an empty list to turn automatic rebalancing off.');
    }
    fundsStore(exchange.db).setAllocation(
      user,
      {
        allocations: b.allocations.map((a) => ({ exchange_index: a.exchange_index, percent: a.percent })),
        resting_margin_reservation: b.resting_margin_reservation ?? 'sum',
      },
      exchange.clock.now(),
    );
    return { body: {} };
  },
};
