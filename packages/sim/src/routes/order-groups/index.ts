import { countToUnits } from '../../fixed.js';
import {
  createGroup,
  deleteGroup,
  ownGroup,
  orderGroupStore,
  resetGroup,
  restingMembers,
  triggerGroup,
  updateLimit,
  type OrderGroupRow,
} from '../../order-groups/index.js';
import { invalidParameters } from '../../server/errors.js';
import type { Handler, Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { countFp } from '../../wire/index.js';
import { checkExchangeIndex, parseSubaccount } from '../trading/inputs.js';
import { userOf } from '../trading/shared.js';

/** Spec (order groups guide): a limit of 1 to 1,000,000 contracts. */
const MAX_LIMIT_CONTRACTS = 1_000_000;
const RANGE = `a whole number of contracts from 1 to ${MAX_LIMIT_CONTRACTS}`;

/**
 * The limit in centi-contracts from `contracts_limit` and/or `contracts_limit_fp` (equal when both
 * are sent). Whole contracts only, like the integer field; the _fp twin is held to the same rule.
 */
function parseLimit(body: { contracts_limit?: number; contracts_limit_fp?: string | null } | undefined): number {
  const whole = body?.contracts_limit;
  const fp = body?.contracts_limit_fp ?? undefined;
  if (whole === undefined && fp === undefined) {
    throw invalidParameters('contracts_limit: give contracts_limit or contracts_limit_fp', `The limit is ${RANGE}.`);
  }
  let units: number | undefined;
  if (whole !== undefined) {
    if (!Number.isSafeInteger(whole) || whole < 1 || whole > MAX_LIMIT_CONTRACTS) throw invalidParameters(`contracts_limit: must be ${RANGE}, got ${whole}`);
    units = whole * 100;
  }
  if (fp !== undefined) {
    let fromFp: number;
    try {
      fromFp = countToUnits(fp);
    } catch {
      throw invalidParameters(`contracts_limit_fp: '${fp}' is not a contract count with at most 2 decimals`, 'Send a string like "10" or "10.00".');
    }
    if (fromFp % 100 !== 0 || fromFp < 100 || fromFp > MAX_LIMIT_CONTRACTS * 100) throw invalidParameters(`contracts_limit_fp: must be ${RANGE}, got ${fp}`);
    if (units !== undefined && units !== fromFp) throw invalidParameters(`contracts_limit_fp: ${fp} does not match contracts_limit ${whole}`);
    units = fromFp;
  }
  return units!;
}

/** The local exchange is one shard: every group lives on exchange index 0. */
const groupToWire = (g: OrderGroupRow) => ({
  id: g.id,
  contracts_limit_fp: countFp(g.limit),
  // Auto-cancel is "on" while the group is triggered: its orders are cancelled, new ones refused.
  is_auto_cancel_enabled: g.triggered,
  exchange_index: 0,
});

/** Expired orders are cancelled before a group's members are listed or cancelled (see trading/index.ts). */
function withSweep(handlers: Handlers): Handlers {
  const out: Record<string, Handler> = {};
  for (const [id, handler] of Object.entries(handlers) as [string, Handler][]) {
    out[id] = (ctx) => {
      sweepExpired(ctx.exchange);
      return handler(ctx);
    };
  }
  return out as Handlers;
}

function sweepExpired(exchange: ExchangeState): void {
  exchange.trading.run((engine) => engine.expireOrders());
}

/** Writes name the group by id plus the subaccount that owns it (primary unless given). */
function target(exchange: ExchangeState, auth: Parameters<typeof userOf>[0], id: string, query: { subaccount?: number; exchange_index?: number }) {
  checkExchangeIndex(query.exchange_index);
  return ownGroup(exchange, userOf(auth), id, parseSubaccount(query.subaccount) ?? 0);
}

export const orderGroupHandlers: Handlers = withSweep({
  GetOrderGroups: ({ exchange, query, auth }) => {
    const groups = orderGroupStore(exchange.db).list(userOf(auth), parseSubaccount(query.subaccount));
    return { body: { order_groups: groups.map(groupToWire) } };
  },

  CreateOrderGroup: ({ exchange, body, auth }) => {
    checkExchangeIndex(body?.exchange_index);
    const sub = parseSubaccount(body?.subaccount) ?? 0;
    const g = createGroup(exchange, userOf(auth), sub, parseLimit(body));
    return { status: 201, body: { order_group_id: g.id, subaccount: g.sub, exchange_index: 0 } };
  },

  GetOrderGroup: ({ exchange, params, query, auth }) => {
    const g = ownGroup(exchange, userOf(auth), params.order_group_id, parseSubaccount(query.subaccount));
    const { id: _id, ...rest } = groupToWire(g);
    return { body: { ...rest, orders: restingMembers(exchange.trading.engine, g) } };
  },

  DeleteOrderGroup: ({ exchange, params, query, auth }) => {
    deleteGroup(exchange, target(exchange, auth, params.order_group_id, query));
    return { body: {} };
  },

  ResetOrderGroup: ({ exchange, params, query, auth }) => {
    resetGroup(exchange, target(exchange, auth, params.order_group_id, query));
    return { body: {} };
  },

  TriggerOrderGroup: ({ exchange, params, query, auth }) => {
    triggerGroup(exchange, target(exchange, auth, params.order_group_id, query));
    return { body: {} };
  },

  UpdateOrderGroupLimit: ({ exchange, params, query, body, auth }) => {
    const g = target(exchange, auth, params.order_group_id, query);
    updateLimit(exchange, g, parseLimit(body));
    return { body: {} };
  },
});
