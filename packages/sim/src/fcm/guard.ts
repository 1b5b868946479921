import type { BookSide } from '../engine/index.js';
import { parseCount, parsePrice } from '../routes/trading/inputs.js';
import type { AuthInfo } from '../server/auth.js';
import { ApiError, forbidden } from '../server/errors.js';
import type { HandlerContext, Handlers, SuccessBodyOf } from '../server/handler.js';
import type { ExchangeState } from '../server/state.js';
import { moneyDollars } from '../wire/index.js';
import { capDate, used, utilization, worstCaseCost } from './cap.js';
import { fcmStore } from './store.js';

/*
 * An FCM's risk controls on its subtraders' order entry. Every key a subtrader holds is bound to
 * it, so every order a subtrader sends is checked, before the trading handler runs (a refusal
 * changes nothing):
 *  - markets in a category the FCM blocked for the subtrader take no new orders;
 *  - without a daily cap the subtrader cannot place orders at all;
 *  - an order whose worst-case cost would take the day's utilization past the cap is refused,
 *    and so is an amend that raises the reservation past it.
 * Orders of everyone else pass straight through.
 */

interface NewOrder {
  ticker: string;
  side: BookSide;
  /** $0.0001 units, YES leg. */
  price: number;
  /** Centi-contracts. */
  count: number;
}

function checkCategory(exchange: ExchangeState, subtraderId: string, ticker: string): void {
  const store = fcmStore(exchange.db);
  const category = store.marketCategory(ticker);
  if (category !== undefined && store.blockedCategories(subtraderId).includes(category)) {
    throw forbidden(
      'category_blocked',
      `ticker: ${ticker} is in the category '${category}', which the FCM blocked for subtrader ${subtraderId}`,
      'Orders already resting are kept; new orders in this category are refused until the block is lifted.',
    );
  }
}

/** Refuses `extra` micro-dollars of new reservation when it does not fit under the cap. */
function checkCap(exchange: ExchangeState, subtraderId: string, extra: number): void {
  if (extra <= 0) return;
  const cap = fcmStore(exchange.db).dailyCap(subtraderId);
  if (cap === undefined) {
    throw forbidden('daily_cap_not_set', `subtrader ${subtraderId} has no event-contract daily cap, so it cannot place orders`, 'Its FCM sets one with PUT /fcm/subtraders/event_contract_daily_cap.');
  }
  // Expired orders no longer reserve anything; the trading handler would sweep them next anyway.
  exchange.trading.run((engine) => engine.expireOrders());
  const now = exchange.clock.now();
  const inUse = used(utilization(exchange.db, exchange.trading.engine, subtraderId, now));
  if (inUse + extra > cap) {
    throw forbidden(
      'daily_cap_exceeded',
      `order: its worst-case cost $${moneyDollars(extra)} would exceed subtrader ${subtraderId}'s daily cap`,
      `Cap $${moneyDollars(cap)} for ${capDate(now)}; in use $${moneyDollars(inUse)}.`,
    );
  }
}

function checkNewOrder(exchange: ExchangeState, subtraderId: string, order: NewOrder): void {
  checkCategory(exchange, subtraderId, order.ticker);
  // An unknown market is the trading handler's 404 to report.
  if (!exchange.trading.engine.getMarket(order.ticker)) return;
  checkCap(exchange, subtraderId, worstCaseCost(exchange.trading.engine, order.ticker, order.side, order.price, order.count));
}

/** The subtrader behind a request, if the caller is one. */
function subtraderOf(ctx: { exchange: ExchangeState; auth: AuthInfo | null }): string | undefined {
  const user = ctx.auth?.userId;
  return user !== undefined && fcmStore(ctx.exchange.db).subtrader(user) ? user : undefined;
}

type CreateItem = NonNullable<HandlerContext<'BatchCreateOrdersV2'>['body']>['orders'][number];
type BatchItem = SuccessBodyOf<'BatchCreateOrdersV2'>['orders'][number];

const newOrder = (item: CreateItem): NewOrder => ({ ticker: item.ticker, side: item.side, price: parsePrice(item.price), count: parseCount(item.count, 'count') });

/** Wraps the order-entry handlers of `handlers` in place; call once, after the table is built. */
export function installFcmOrderGuards(handlers: Handlers): void {
  const create = handlers.CreateOrderV2;
  if (create) {
    handlers.CreateOrderV2 = (ctx) => {
      const subtrader = subtraderOf(ctx);
      if (subtrader !== undefined && ctx.body) checkNewOrder(ctx.exchange, subtrader, newOrder(ctx.body));
      return create(ctx);
    };
  }

  const batch = handlers.BatchCreateOrdersV2;
  if (batch) {
    // Item by item, so each check sees what the items before it reserved or filled.
    handlers.BatchCreateOrdersV2 = async (ctx) => {
      const subtrader = subtraderOf(ctx);
      if (subtrader === undefined || !ctx.body) return batch(ctx);
      const orders: BatchItem[] = [];
      for (const item of ctx.body.orders) {
        try {
          checkNewOrder(ctx.exchange, subtrader, newOrder(item));
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          orders.push({ client_order_id: item.client_order_id ?? null, error: err.toBody() });
          continue;
        }
        const one = await batch({ ...ctx, body: { orders: [item] } });
        orders.push(...(one.body?.orders ?? []));
      }
      return { status: 201, body: { orders } };
    };
  }

  const amend = handlers.AmendOrderV2;
  if (amend) {
    handlers.AmendOrderV2 = (ctx) => {
      const subtrader = subtraderOf(ctx);
      const before = subtrader === undefined ? undefined : ctx.exchange.trading.engine.getOrder(ctx.params.order_id);
      if (subtrader !== undefined && ctx.body && before?.user === subtrader && before.status === 'resting') {
        let after: number | undefined;
        try {
          const remaining = parseCount(ctx.body.count, 'count') - before.filledCount;
          after = remaining > 0 ? worstCaseCost(ctx.exchange.trading.engine, before.ticker, before.side, parsePrice(ctx.body.price), remaining) : 0;
        } catch {
          // Malformed amounts are the trading handler's to report.
        }
        if (after !== undefined) {
          const current = worstCaseCost(ctx.exchange.trading.engine, before.ticker, before.side, before.price, before.remainingCount);
          checkCap(ctx.exchange, subtrader, after - current);
        }
      }
      return amend(ctx);
    };
  }
}
