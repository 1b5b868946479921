// The engine's state and the few primitives every operation shares. Operations live in
// orders.ts / matching.ts / lifecycle.ts and take a Core; engine.ts is the public facade.

import { Book } from './book.js';
import { EngineError, invalid, isInt } from './errors.js';
import { ExpiryHeap } from './heap.js';
import type { FeeTerms } from './ledger.js';
import { detachOrder, syncReserve } from './ledger.js';
import type { OrderRec } from './records.js';
import { Account, MarketAccount, bookPrice } from './records.js';
import type { Recorder } from './recorder.js';
import type {
  EngineDeps,
  FeeType,
  MarketInfo,
  MarketResult,
  MarketStatus,
  OrderUpdateReason,
  PriceRange,
} from './types.js';
import { MAX_SUBACCOUNT, PRICE_SCALE } from './types.js';

export class MarketRec implements FeeTerms {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly feeType: FeeType;
  readonly feeMultiplierPermille: number;
  readonly tick: number;
  readonly priceRanges: PriceRange[];
  status: MarketStatus;
  result: MarketResult | undefined;
  settlementValue: number | undefined;
  settledTs: number | undefined;
  openInterest = 0;
  volume = 0;
  lastPrice = 0;
  readonly book = new Book();

  constructor(init: {
    ticker: string;
    eventTicker: string;
    feeType: FeeType;
    feeMultiplierPermille: number;
    tick: number;
    priceRanges: PriceRange[];
    status: MarketStatus;
  }) {
    this.ticker = init.ticker;
    this.eventTicker = init.eventTicker;
    this.feeType = init.feeType;
    this.feeMultiplierPermille = init.feeMultiplierPermille;
    this.tick = init.tick;
    this.priceRanges = init.priceRanges;
    this.status = init.status;
  }

  /** On the tick grid, strictly inside (0, $1), and on some price range's grid when ranges are set. */
  isValidPrice(p: unknown): p is number {
    if (!isInt(p) || p <= 0 || p >= PRICE_SCALE || p % this.tick !== 0) return false;
    if (this.priceRanges.length === 0) return true;
    for (const r of this.priceRanges) {
      if (p >= r.start && p <= r.end && (p - r.start) % r.step === 0) return true;
    }
    return false;
  }

  info(): MarketInfo {
    const out: MarketInfo = {
      ticker: this.ticker,
      eventTicker: this.eventTicker,
      seriesFeeType: this.feeType,
      feeMultiplierPermille: this.feeMultiplierPermille,
      tick: this.tick,
      priceRanges: this.priceRanges.map((r) => ({ ...r })),
      status: this.status,
      openInterest: this.openInterest,
      volume: this.volume,
      lastPrice: this.lastPrice,
    };
    if (this.result !== undefined) out.result = this.result;
    if (this.settlementValue !== undefined) out.settlementValue = this.settlementValue;
    if (this.settledTs !== undefined) out.settledTs = this.settledTs;
    return out;
  }
}

export function checkUser(user: unknown): asserts user is string {
  if (typeof user !== 'string' || user.length === 0) throw invalid('user must be a non-empty string', 'user');
}

export function checkSub(sub: unknown, field = 'subaccount'): asserts sub is number {
  if (!isInt(sub) || sub < 0 || sub > MAX_SUBACCOUNT) {
    throw invalid(`${field} must be an integer 0..${MAX_SUBACCOUNT}`, field);
  }
}

/** Key of the per-user client_order_id index. */
export function clientKey(user: string, clientOrderId: string): string {
  return `${user}\u0000${clientOrderId}`;
}

export class Core {
  readonly deps: EngineDeps;
  readonly markets = new Map<string, MarketRec>();
  /** Accounts in creation order: iteration order must survive export/restore. */
  readonly accountList: Account[] = [];
  private readonly byUser = new Map<string, (Account | undefined)[]>();
  /** Every order ever accepted, in creation order. */
  readonly orders = new Map<string, OrderRec>();
  readonly clientIds = new Map<string, OrderRec>();
  readonly expiry = new ExpiryHeap();
  seq = 0;
  exchangeFees = 0;
  totalDeposited = 0;
  totalWithdrawn = 0;

  constructor(deps: EngineDeps) {
    this.deps = deps;
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  market(ticker: unknown): MarketRec {
    const m = typeof ticker === 'string' ? this.markets.get(ticker) : undefined;
    if (m === undefined) throw new EngineError('market_not_found', `unknown market ${String(ticker)}`, 'ticker');
    return m;
  }

  account(user: string, sub: number): Account | undefined {
    return this.byUser.get(user)?.[sub];
  }

  userAccounts(user: string): readonly (Account | undefined)[] {
    return this.byUser.get(user) ?? [];
  }

  ensureAccount(user: string, sub: number): Account {
    let subs = this.byUser.get(user);
    if (subs === undefined) {
      subs = [];
      this.byUser.set(user, subs);
    }
    let a = subs[sub];
    if (a === undefined) {
      a = new Account(user, sub);
      subs[sub] = a;
      this.accountList.push(a);
    }
    return a;
  }

  ensureMa(acct: Account, ticker: string): MarketAccount {
    let ma = acct.positions.get(ticker);
    if (ma === undefined) {
      ma = new MarketAccount(acct, ticker);
      acct.positions.set(ticker, ma);
    }
    return ma;
  }

  /** The account's state in a market, or a detached blank one, without creating anything. */
  peekMa(user: string, sub: number, ticker: string): MarketAccount {
    const acct = this.account(user, sub);
    return acct?.positions.get(ticker) ?? new MarketAccount(acct ?? new Account(user, sub), ticker);
  }

  /** Owner's market state of an order that rests (or rested), so it exists. */
  maOf(o: OrderRec): MarketAccount {
    return this.ensureMa(this.ensureAccount(o.user, o.sub), o.ticker);
  }

  ownedOrder(user: string, orderId: unknown): OrderRec {
    const o = typeof orderId === 'string' ? this.orders.get(orderId) : undefined;
    if (o === undefined || o.user !== user) {
      throw new EngineError('order_not_found', `order ${String(orderId)} not found`, 'order_id');
    }
    return o;
  }

  /** Takes a resting order off the book and releases its collateral. Returns the count removed. */
  removeResting(o: OrderRec, reason: OrderUpdateReason, rec: Recorder): number {
    const m = this.market(o.ticker);
    const ma = this.maOf(o);
    const removed = o.remainingCount;
    m.book.remove(o);
    rec.delta(o.ticker, o.side === 'bid' ? 'yes' : 'no', bookPrice(o.side, o.price), -removed);
    detachOrder(ma, o);
    o.remainingCount = 0;
    o.status = 'canceled';
    o.lastUpdateReason = reason;
    o.updatedTs = rec.ts;
    syncReserve(ma);
    rec.order(o);
    rec.position(ma);
    return removed;
  }

  /** Resting orders of a market, YES ladder then NO ladder, each best price first and FIFO. */
  restingOrders(m: MarketRec): OrderRec[] {
    const out: OrderRec[] = [];
    for (const ladder of [m.book.yes, m.book.no]) {
      for (let i = ladder.prices.length - 1; i >= 0; i -= 1) {
        for (let o = ladder.level(ladder.prices[i] as number)?.head; o !== undefined; o = o.lvNext) out.push(o);
      }
    }
    return out;
  }
}
