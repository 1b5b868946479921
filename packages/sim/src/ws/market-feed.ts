// Turns each committed engine operation into frames: book deltas, public trades, ticker changes,
// and each user's own fills, order updates and positions. It runs after the operation committed,
// so nothing is ever announced that a crash could take back.
import type { Statement } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';
import type { Engine, Fill, OpResult, Order } from '../engine/index.js';
import { deltaMsg, fillMsg, positionMsg, sameTicker, tickerMsg, tickerState, tradeMsg, userOrderMsg, type TickerState } from './payloads.js';
import type { Channel } from './protocol.js';
import type { Subscription } from './subscription.js';

export interface FeedHost {
  readonly db: SimDatabase;
  subscribers(channel: Channel): ReadonlySet<Subscription>;
}

export class MarketFeed {
  readonly #host: FeedHost;
  /** Last ticker state sent per market; cleared when nobody listens, so a newcomer hears changes. */
  readonly #tickers = new Map<string, TickerState>();
  readonly #lastTradeSize = new Map<string, number>();
  #positionVolume: Statement<[string, number, string], { v: number }> | undefined;

  constructor(host: FeedHost) {
    this.#host = host;
  }

  onCommit(result: OpResult, engine: Engine): void {
    for (const t of result.trades) this.#lastTradeSize.set(t.ticker, t.count);
    this.#deltas(result);
    this.#trades(result);
    this.#ticker(result, engine);
    this.#fills(result, engine);
    this.#orders(result);
    this.#positions(result, engine);
  }

  /** Ticker frames for a new subscription's markets (send_initial_snapshot). */
  sendTickers(sub: Subscription, tickers: readonly string[], engine: Engine, nowMs: number): void {
    for (const ticker of tickers) {
      const state = tickerState(engine, ticker, this.#tradeSize(ticker));
      if (state) sub.connection.data(sub, 'ticker', tickerMsg(state, nowMs));
    }
  }

  tickerSubscribersGone(): void {
    this.#tickers.clear();
  }

  #subs(channel: Channel): ReadonlySet<Subscription> {
    return this.#host.subscribers(channel);
  }

  #deltas(result: OpResult): void {
    const subs = this.#subs('orderbook_delta');
    if (subs.size === 0 || result.bookDeltas.length === 0) return;
    const cause = result.order;
    for (const sub of subs) {
      // Only the user whose order caused the change learns its client_order_id.
      const mine = cause !== undefined && cause.user === sub.connection.userId ? { clientOrderId: cause.clientOrderId, sub: cause.sub } : undefined;
      for (const d of result.bookDeltas) {
        if (sub.wantsMarket(d.ticker)) sub.connection.data(sub, 'orderbook_delta', deltaMsg(d, result.ts, sub.useYesPrice, mine));
      }
    }
  }

  #trades(result: OpResult): void {
    const subs = this.#subs('trade');
    if (subs.size === 0) return;
    for (const t of result.trades) {
      const msg = tradeMsg(t);
      for (const sub of subs) if (sub.wantsMarket(t.ticker)) sub.connection.data(sub, 'trade', msg);
    }
  }

  #ticker(result: OpResult, engine: Engine): void {
    const subs = this.#subs('ticker');
    if (subs.size === 0) return;
    const touched = new Set<string>([...result.bookDeltas.map((d) => d.ticker), ...result.trades.map((t) => t.ticker)]);
    for (const s of result.settlements ?? []) touched.add(s.ticker);
    for (const ticker of touched) {
      const state = tickerState(engine, ticker, this.#tradeSize(ticker));
      if (!state || sameTicker(this.#tickers.get(ticker), state)) continue;
      this.#tickers.set(ticker, state);
      const msg = tickerMsg(state, result.ts);
      for (const sub of subs) if (sub.wantsMarket(ticker)) sub.connection.data(sub, 'ticker', msg);
    }
  }

  #fills(result: OpResult, engine: Engine): void {
    const subs = this.#subs('fill');
    if (subs.size === 0 || result.fills.length === 0) return;
    const post = postPositions(result.fills, engine);
    for (const sub of subs) {
      result.fills.forEach((f, i) => {
        if (f.user === sub.connection.userId && sub.wantsMarket(f.ticker)) sub.connection.data(sub, 'fill', fillMsg(f, post[i]!));
      });
    }
  }

  #orders(result: OpResult): void {
    const subs = this.#subs('user_orders');
    if (subs.size === 0 || result.duplicate) return;
    const orders = new Map<string, Order>();
    for (const o of result.touchedOrders) orders.set(o.id, o);
    if (result.order && !orders.has(result.order.id)) orders.set(result.order.id, result.order);
    if (orders.size === 0) return;
    for (const sub of subs) {
      for (const o of orders.values()) {
        if (o.user === sub.connection.userId && sub.wantsMarket(o.ticker)) sub.connection.data(sub, 'user_order', userOrderMsg(o));
      }
    }
  }

  #positions(result: OpResult, engine: Engine): void {
    const subs = this.#subs('market_positions');
    if (subs.size === 0 || result.touchedPositions.length === 0) return;
    for (const key of result.touchedPositions) {
      let msg: ReturnType<typeof positionMsg> | undefined;
      for (const sub of subs) {
        if (key.user !== sub.connection.userId || !sub.wantsMarket(key.ticker)) continue;
        if (msg === undefined) {
          const view = engine.getPositions(key.user, key.sub).find((p) => p.ticker === key.ticker);
          if (!view) break;
          msg = positionMsg(view, this.#volume(key.user, key.sub, key.ticker));
        }
        sub.connection.data(sub, 'market_position', msg);
      }
    }
  }

  /** The engine does not keep a position's traded count; the persisted fills have it. */
  #volume(user: string, sub: number, ticker: string): number {
    this.#positionVolume ??= this.#host.db.raw.prepare(
      "SELECT COALESCE(SUM(json_extract(data, '$.count')), 0) AS v FROM fills WHERE user_id = ? AND sub = ? AND ticker = ?",
    );
    return this.#positionVolume.get(user, sub, ticker)?.v ?? 0;
  }

  #tradeSize(ticker: string): number {
    let size = this.#lastTradeSize.get(ticker);
    if (size === undefined) {
      size = this.#host.db.trades.recent(ticker, { limit: 1 })[0]?.count ?? 0;
      this.#lastTradeSize.set(ticker, size);
    }
    return size;
  }
}

/**
 * The position after each fill: the position now, minus the fills of the same account and market
 * that came later in the same operation (a bid adds to the YES position, an ask takes from it).
 */
function postPositions(fills: readonly Fill[], engine: Engine): number[] {
  const after = new Map<string, number>();
  const out = new Array<number>(fills.length);
  for (let i = fills.length - 1; i >= 0; i--) {
    const f = fills[i]!;
    const key = `${f.user}\u0000${f.sub}\u0000${f.ticker}`;
    let pos = after.get(key);
    if (pos === undefined) pos = engine.getPositions(f.user, f.sub).find((p) => p.ticker === f.ticker)?.position ?? 0;
    out[i] = pos;
    after.set(key, pos - (f.side === 'bid' ? f.count : -f.count));
  }
  return out;
}
