// Public facade of the in-memory exchange. Every mutating method takes the time once from
// `deps.now()`, either throws an EngineError having changed nothing, or returns an OpResult that
// lists everything it changed.

import { Core, checkSub, checkUser } from './core.js';
import { EngineError } from './errors.js';
import { checkCoreInvariants } from './invariants.js';
import * as life from './lifecycle.js';
import * as ord from './orders.js';
import { toOrder } from './records.js';
import type { AccountState, EngineState, OrderState } from './state.js';
import { exportAccount, exportOrder, exportState, exportTotals, restoreCore } from './state.js';
import type {
  AccountView,
  AmendRequest,
  DecreaseRequest,
  EngineDeps,
  MarketConfig,
  MarketInfo,
  MarketResult,
  MarketStatus,
  OpResult,
  Order,
  OrderFilter,
  OrderbookView,
  PlaceOrderRequest,
  PositionView,
} from './types.js';

export type BatchItem = { ok: true; result: OpResult } | { ok: false; error: EngineError };

export class Engine {
  /** Internal state; exposed for `checkInvariants` and persistence tooling, not for mutation. */
  readonly core: Core;

  /** `core` is for `restore` only. */
  constructor(deps: EngineDeps, core?: Core) {
    this.core = core ?? new Core(deps);
  }

  static restore(state: EngineState, deps: EngineDeps): Engine {
    return new Engine(deps, restoreCore(state, deps));
  }

  exportState(): EngineState {
    return exportState(this.core);
  }

  // Per-entity state, for write-through persistence of what one operation touched.
  orderState(orderId: string): OrderState | undefined {
    const o = this.core.orders.get(orderId);
    return o && exportOrder(o);
  }

  accountState(user: string, sub: number): AccountState | undefined {
    const a = this.core.account(user, sub);
    return a && exportAccount(a);
  }

  totals(): ReturnType<typeof exportTotals> {
    return exportTotals(this.core);
  }

  private now(): number {
    return this.core.deps.now();
  }

  // ---- markets

  addMarket(cfg: MarketConfig): MarketInfo {
    return life.addMarket(this.core, cfg);
  }

  setMarketStatus(ticker: string, status: MarketStatus): OpResult {
    return life.setMarketStatus(this.core, ticker, status, this.now());
  }

  settle(ticker: string, result: MarketResult, scalarValue?: number): OpResult {
    return life.settle(this.core, ticker, result, scalarValue, this.now());
  }

  getMarket(ticker: string): MarketInfo | undefined {
    return this.core.markets.get(ticker)?.info();
  }

  listMarkets(): MarketInfo[] {
    return [...this.core.markets.values()].map((m) => m.info());
  }

  // ---- cash

  deposit(user: string, sub: number, micros: number): OpResult {
    return life.deposit(this.core, user, sub, micros, this.now());
  }

  withdraw(user: string, sub: number, micros: number): OpResult {
    return life.withdraw(this.core, user, sub, micros, this.now());
  }

  transfer(user: string, fromSub: number, toSub: number, micros: number): OpResult {
    return life.transfer(this.core, user, fromSub, toSub, micros, this.now());
  }

  // ---- orders

  placeOrder(user: string, req: PlaceOrderRequest): OpResult {
    return ord.placeOrder(this.core, user, req, this.now());
  }

  /** Places each order independently, in order; one failing does not stop the others. */
  placeOrders(user: string, reqs: readonly PlaceOrderRequest[]): BatchItem[] {
    return reqs.map((req) => {
      try {
        return { ok: true as const, result: this.placeOrder(user, req) };
      } catch (err) {
        if (err instanceof EngineError) return { ok: false as const, error: err };
        throw err;
      }
    });
  }

  cancelOrder(user: string, orderId: string): OpResult {
    return ord.cancelOrder(this.core, user, orderId, this.now());
  }

  /** `orderGroupId` narrows it to the resting orders of one order group. */
  cancelAll(user: string, filter: { ticker?: string; subaccount?: number; orderGroupId?: string } = {}): OpResult {
    return ord.cancelAll(this.core, user, filter, this.now());
  }

  amendOrder(user: string, orderId: string, req: AmendRequest): OpResult {
    return ord.amendOrder(this.core, user, orderId, req, this.now());
  }

  decreaseOrder(user: string, orderId: string, req: DecreaseRequest): OpResult {
    return ord.decreaseOrder(this.core, user, orderId, req, this.now());
  }

  /** Cancels resting orders whose expiration time has been reached; call periodically. */
  expireOrders(): OpResult {
    return life.expireOrders(this.core, this.now());
  }

  // ---- reads

  getOrder(orderId: string): Order | undefined {
    const o = this.core.orders.get(orderId);
    return o === undefined ? undefined : toOrder(o);
  }

  /** Orders matching every given field, in creation order. */
  listOrders(filter: OrderFilter = {}): Order[] {
    const out: Order[] = [];
    for (const o of this.core.orders.values()) {
      if (filter.user !== undefined && o.user !== filter.user) continue;
      if (filter.sub !== undefined && o.sub !== filter.sub) continue;
      if (filter.ticker !== undefined && o.ticker !== filter.ticker) continue;
      if (filter.status !== undefined && o.status !== filter.status) continue;
      out.push(toOrder(o));
    }
    return out;
  }

  /** Count resting ahead of a resting order at its price level. */
  queuePosition(orderId: string): number {
    const o = this.core.orders.get(orderId);
    if (o === undefined) throw new EngineError('order_not_found', `order ${orderId} not found`, 'order_id');
    if (o.status !== 'resting') throw new EngineError('order_not_resting', `order ${orderId} is ${o.status}`, 'order_id');
    return this.core.market(o.ticker).book.ladderFor(o).ahead(o);
  }

  /**
   * Aggregated bid levels, ascending by price like Kalshi's REST orderbook; `depth` keeps the best
   * `depth` levels of each side. Expired orders show until `expireOrders` or a match removes them.
   */
  orderbook(ticker: string, depth?: number): OrderbookView {
    const m = this.core.market(ticker);
    const side = (ladder: typeof m.book.yes): [number, number][] => {
      const prices = ladder.prices;
      const from = depth !== undefined && depth > 0 ? Math.max(0, prices.length - depth) : 0;
      const out: [number, number][] = [];
      for (let i = from; i < prices.length; i += 1) {
        const p = prices[i] as number;
        out.push([p, ladder.level(p)?.total ?? 0]);
      }
      return out;
    };
    return { yes: side(m.book.yes), no: side(m.book.no) };
  }

  getAccount(user: string, sub = 0): AccountView | undefined {
    const a = this.core.account(user, sub);
    if (a === undefined) return undefined;
    return { user: a.user, sub: a.sub, cash: a.cash, reserved: a.reserved, feesPaid: a.feesPaid };
  }

  listAccounts(): AccountView[] {
    return this.core.accountList.map((a) => ({ user: a.user, sub: a.sub, cash: a.cash, reserved: a.reserved, feesPaid: a.feesPaid }));
  }

  /** Every market the account has touched (settled ones keep position 0 and their P&L). */
  getPositions(user: string, sub?: number): PositionView[] {
    checkUser(user);
    if (sub !== undefined) checkSub(sub);
    const out: PositionView[] = [];
    for (const a of this.core.userAccounts(user)) {
      if (a === undefined || (sub !== undefined && a.sub !== sub)) continue;
      for (const ma of a.positions.values()) {
        out.push({
          user: a.user,
          sub: a.sub,
          ticker: ma.ticker,
          position: ma.position,
          marketExposure: ma.exposure,
          totalTraded: ma.totalTraded,
          realizedPnl: ma.realizedPnl,
          feesPaid: ma.feesPaid,
          reserved: ma.reserved,
          restingOrders: ma.bids.size + ma.asks.size,
          lastUpdatedTs: ma.lastUpdatedTs,
        });
      }
    }
    return out;
  }

  /** Fees the exchange has collected, micros. */
  get exchangeFees(): number {
    return this.core.exchangeFees;
  }
}

/** Violations of the engine's invariants; empty when consistent. */
export function checkInvariants(engine: Engine): string[] {
  return checkCoreInvariants(engine.core);
}
