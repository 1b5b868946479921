import type { ExchangeState } from '../server/state.js';
import { countFp } from '../wire/index.js';

export type GroupEventType = 'created' | 'triggered' | 'reset' | 'deleted' | 'limit_updated';

/** One `order_group_updates` message, addressed to the group's owner. */
export interface GroupEvent {
  user: string;
  type: GroupEventType;
  groupId: string;
  ts: number;
  /** Centi-contracts; carried by `created` and `limit_updated` only. */
  limit?: number;
}

/**
 * Sends events to the owner's `order_group_updates` subscriptions, numbered per subscription by
 * the connection. Call only once the change they describe has committed.
 */
export function announce(exchange: ExchangeState, events: readonly GroupEvent[]): void {
  const subs = exchange.ws?.subscribers('order_group_updates');
  if (!subs || subs.size === 0) return;
  for (const e of events) {
    const msg: Record<string, unknown> = { event_type: e.type, order_group_id: e.groupId, ts_ms: e.ts };
    if (e.limit !== undefined) msg.contracts_limit_fp = countFp(e.limit);
    for (const sub of subs) {
      if (sub.connection.userId === e.user) sub.connection.data(sub, 'order_group_updates', msg);
    }
  }
}
