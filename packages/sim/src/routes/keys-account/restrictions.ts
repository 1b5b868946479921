import { operations, restSchemas, type OperationSpec } from 'kalshi-ts/generated';
import { forbidden, notFound } from '../../server/errors.js';
import type { Handler, HandlerContext, Handlers } from '../../server/handler.js';
import { keysAccountStore } from './store.js';

/*
 * A key created with `subaccount: n` may only read and trade on subaccount n. Requests through it
 * are rewritten or refused before the handler runs:
 *  - a `subaccount` query parameter or body field (also inside batch items) defaults to n and
 *    must equal n when given;
 *  - operations on the set of subaccounts (create, transfer between, netting, every balance) are
 *    refused outright;
 *  - an order addressed by id alone must belong to subaccount n (otherwise it does not exist).
 */

const ACROSS_SUBACCOUNTS = new Set([
  'CreateSubaccount',
  'ApplySubaccountTransfer',
  'GetSubaccountBalances',
  'GetSubaccountTransfers',
  'GetSubaccountNetting',
  'UpdateSubaccountNetting',
]);
const ORDER_BY_ID = new Set(['GetOrder', 'GetOrderQueuePosition']);

type Body = Record<string, unknown>;

function pin(where: string, given: unknown, sub: number): number {
  if (given !== undefined && given !== null && given !== sub) {
    throw forbidden('subaccount_restricted', `${where}: this API key is restricted to subaccount ${sub}, not ${String(given)}`);
  }
  return sub;
}

/** `inject`: the body's schema has a `subaccount` field, so an absent one is filled in. */
function pinBody(body: Body, sub: number, where: string, inject: boolean): Body {
  const out: Body = { ...body };
  if (Array.isArray(body.orders)) {
    // Batch items (create and cancel) each carry their own subaccount.
    out.orders = (body.orders as unknown[]).map((item, i) =>
      item !== null && typeof item === 'object' ? pinBody(item as Body, sub, `orders[${i}].subaccount`, true) : item,
    );
  }
  if (inject || 'subaccount' in body) out.subaccount = pin(where, body.subaccount, sub);
  return out;
}

const hasSubaccountField = (schema: string | null): boolean =>
  schema !== null && (restSchemas as Record<string, { properties?: Record<string, unknown> }>)[schema]?.properties?.subaccount !== undefined;

function restrict(op: OperationSpec, ctx: HandlerContext, sub: number): HandlerContext {
  if (ACROSS_SUBACCOUNTS.has(op.id)) {
    throw forbidden('subaccount_restricted', `this API key is restricted to subaccount ${sub} and cannot call ${op.id}`);
  }
  if (ORDER_BY_ID.has(op.id)) {
    const id = (ctx.params as { order_id?: string }).order_id;
    const order = id === undefined ? undefined : ctx.exchange.trading.engine.getOrder(id);
    if (order && order.sub !== sub) throw notFound(`order_id: no order ${id} in this account`, '', 'order_not_found');
  }
  let out = ctx;
  if (op.params.some((p) => p.in === 'query' && p.name === 'subaccount')) {
    const query = ctx.query as Record<string, unknown>;
    out = { ...out, query: { ...query, subaccount: pin('subaccount', query.subaccount, sub) } } as HandlerContext;
  }
  if (ctx.body !== undefined && ctx.body !== null && typeof ctx.body === 'object' && !Array.isArray(ctx.body)) {
    out = { ...out, body: pinBody(ctx.body as Body, sub, 'subaccount', hasSubaccountField(op.requestBody)) } as HandlerContext;
  }
  return out;
}

/** Wraps every handler of `handlers` in place; call once, after the table is built. */
export function installKeyRestrictions(handlers: Handlers): void {
  const table = handlers as Record<string, Handler | undefined>;
  for (const op of Object.values(operations) as OperationSpec[]) {
    const handler = table[op.id];
    if (!handler || !op.auth) continue;
    table[op.id] = (ctx) => {
      const sub = ctx.auth ? keysAccountStore(ctx.exchange.db).keySubaccount(ctx.auth.keyId) : undefined;
      return handler(sub === undefined ? ctx : restrict(op, ctx, sub));
    };
  }
}
