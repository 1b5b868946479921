import type { Clock } from '../clock.js';
import type { SimDatabase } from '../db/database.js';
import { EngineError, type Engine, type MarketInfo, type OpResult } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { topOfBook } from '../market-data/quote.js';
import { mulberry32, type Random } from '../seed/prng.js';
import type { Trading } from '../trading/service.js';
import { clampFairIndex, nearestIndex, planRequote, priceGrid, quoteLevels, type RequotePlan, type RestingQuote } from './quotes.js';

/** Engine user ids of the simulator's own accounts (also rows in the users table). */
export const LIQUIDITY_USER = 'sim-liquidity';
export const NOISE_USER = 'sim-noise-taker';

export interface LiquidityOptions {
  /** Quote every open market (default true). */
  enabled?: boolean;
  /** Let a small taker cross the spread now and then, so the tape and candles move (default true). */
  noise?: boolean;
  /** Exchange-clock milliseconds between refreshes (default 1000). A frozen clock means no refresh. */
  intervalMs?: number;
}

export interface StepReport {
  markets: number;
  placed: number;
  canceled: number;
  trades: number;
}

const LEVELS = 3;
// Per refresh and market: chance the fair price moves one tick down / up, and that the noise taker trades.
// Kept low because the engine remembers every order it has accepted: each move costs two orders.
const WALK_DOWN = 0.1;
const WALK_UP = 0.9;
const NOISE_CHANCE = 0.05;
// Cash kept on hand (micro-dollars), topped up when it falls below half: enough for every level of
// every market many times over.
const FUNDING = { [LIQUIDITY_USER]: 1_000_000_000_000, [NOISE_USER]: 100_000_000_000 } as const;
// How often the real-time timer looks at the exchange clock.
const POLL_MS = 100;

/** 32-bit FNV-1a: per-market level sizes that are stable across refreshes and restarts. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function mergeResults(ts: number, parts: OpResult[]): OpResult {
  return {
    ts,
    fills: parts.flatMap((p) => p.fills),
    trades: parts.flatMap((p) => p.trades),
    touchedOrders: parts.flatMap((p) => p.touchedOrders),
    touchedAccounts: parts.flatMap((p) => p.touchedAccounts),
    touchedPositions: parts.flatMap((p) => p.touchedPositions),
    bookDeltas: parts.flatMap((p) => p.bookDeltas),
  };
}

/** Runs `fn`, turning a refused engine call into undefined: one bad level must not undo the others. */
function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EngineError) return undefined;
    throw err;
  }
}

function restingQuotes(engine: Engine, ticker: string): RestingQuote[] {
  // Read-only walk of the provider's own order lists: listOrders would scan every order ever placed.
  const ma = engine.core.account(LIQUIDITY_USER, 0)?.positions.get(ticker);
  const out: RestingQuote[] = [];
  for (const list of ma ? [ma.bids, ma.asks] : []) {
    for (let o = list.head; o !== undefined; o = o.acNext) out.push({ id: o.id, side: o.side, price: o.price, remaining: o.remainingCount });
  }
  return out;
}

export interface LiquidityDeps {
  db: SimDatabase;
  clock: Clock;
  trading: Trading;
  logger: Logger;
  seed: number;
}

/**
 * A market maker living inside the exchange: one funded account quoting a few levels each side of
 * a random-walk fair value on every open market, refreshed on the exchange clock and right after
 * its quotes are hit, plus an optional noise taker that crosses the spread now and then. Quotes
 * are post-only and placed after the stale ones are cancelled, so the provider never trades with
 * itself and never takes liquidity; it only ever acts through `trading.run`, so the engine's
 * invariants and persistence hold as for any user.
 */
export class LiquidityProvider {
  readonly intervalMs: number;
  readonly #deps: LiquidityDeps;
  readonly #rand: Random;
  readonly #fair = new Map<string, number>();
  #enabled = false;
  #noise: boolean;
  #timer: NodeJS.Timeout | undefined;
  #lastStep = 0;
  #steps = 0;
  #stepping = false;
  #closed = false;
  readonly #pending = new Set<string>();
  #replenish: NodeJS.Immediate | undefined;

  constructor(deps: LiquidityDeps, options: LiquidityOptions = {}) {
    // The catalog's seed, not this start's option: a reopened database keeps its quotes' sizes.
    this.#deps = { ...deps, seed: Number(deps.db.meta.get('seed') ?? deps.seed) };
    this.#noise = options.noise ?? true;
    this.intervalMs = options.intervalMs ?? 1000;
    // Its own stream, so the provider's choices depend on the exchange seed and nothing else.
    this.#rand = mulberry32((this.#deps.seed ^ 0x1d5f_a11c) >>> 0);
    deps.trading.onCommit((result) => this.#onCommit(result));
    if (options.enabled ?? true) this.setEnabled(true);
    // Quotes left resting by an earlier run on the same database go when starting switched off.
    else this.#pullQuotes();
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get noise(): boolean {
    return this.#noise;
  }

  status() {
    return {
      enabled: this.#enabled,
      noise: this.#noise,
      interval_ms: this.intervalMs,
      /** Refreshes run so far (timer and admin step), and the exchange time of the last one. */
      steps: this.#steps,
      last_step_ms: this.#lastStep,
      user_id: LIQUIDITY_USER,
      noise_user_id: NOISE_USER,
    };
  }

  /** Switching on quotes every open market at once; switching off pulls every quote. */
  setEnabled(enabled: boolean, noise?: boolean): void {
    if (this.#closed) return;
    if (noise !== undefined) this.#noise = noise;
    if (enabled === this.#enabled) return;
    this.#enabled = enabled;
    if (enabled) {
      this.#refresh({ walk: false, noise: false });
      this.#lastStep = this.#deps.clock.now();
      this.#timer = setInterval(() => this.#tick(), POLL_MS);
      this.#timer.unref();
    } else {
      this.#stopTimers();
      this.#pullQuotes();
    }
  }

  /**
   * One refresh now, without waiting for the timer: walk, noise (if on), requote every open
   * market. Does nothing while switched off, so an off provider never has quotes out.
   */
  step(): StepReport {
    if (!this.#enabled) return { markets: 0, placed: 0, canceled: 0, trades: 0 };
    const report = this.#refresh({ walk: true, noise: this.#noise });
    this.#lastStep = this.#deps.clock.now();
    this.#steps += 1;
    return report;
  }

  close(): void {
    this.#closed = true;
    this.#enabled = false;
    this.#stopTimers();
  }

  #pullQuotes(): void {
    const { trading } = this.#deps;
    const account = trading.engine.core.account(LIQUIDITY_USER, 0);
    const resting = account !== undefined && [...account.positions.values()].some((ma) => ma.bids.size + ma.asks.size > 0);
    if (resting) trading.run((e) => e.cancelAll(LIQUIDITY_USER));
  }

  #stopTimers(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#replenish) clearImmediate(this.#replenish);
    this.#timer = undefined;
    this.#replenish = undefined;
    this.#pending.clear();
  }

  #tick(): void {
    const now = this.#deps.clock.now();
    if (now < this.#lastStep) this.#lastStep = now; // the clock was set back
    if (now - this.#lastStep >= this.intervalMs) this.#guard(() => this.step());
  }

  // Timer callbacks have no caller to report to: a failure is logged and the next refresh retries.
  #guard(fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      this.#deps.logger.error('liquidity provider refresh failed', { error: String(error) });
    }
  }

  #onCommit(result: OpResult): void {
    if (!this.#enabled || this.#stepping || this.#closed) return;
    for (const fill of result.fills) {
      if (fill.user === LIQUIDITY_USER && !fill.isTaker) this.#pending.add(fill.ticker);
    }
    if (this.#pending.size === 0 || this.#replenish) return;
    // After the operation that hit the quotes has finished notifying everyone else.
    this.#replenish = setImmediate(() => {
      this.#replenish = undefined;
      const tickers = [...this.#pending].sort();
      this.#pending.clear();
      if (!this.#enabled) return;
      const report: StepReport = { markets: 0, placed: 0, canceled: 0, trades: 0 };
      for (const ticker of tickers) {
        const info = this.#deps.trading.engine.getMarket(ticker);
        if (info?.status === 'open') this.#guard(() => this.#requote(info, this.#fairIndex(info, priceGrid(info)), report));
      }
    });
    this.#replenish.unref();
  }

  #refresh(opts: { walk: boolean; noise: boolean }): StepReport {
    const report: StepReport = { markets: 0, placed: 0, canceled: 0, trades: 0 };
    if (this.#closed) return report;
    this.#stepping = true;
    try {
      this.#fund();
      const markets = this.#deps.trading.engine.listMarkets().sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
      for (const info of markets) {
        if (info.status !== 'open') continue;
        const grid = priceGrid(info);
        if (grid.length < 2 * LEVELS + 1) continue;
        report.markets += 1;
        let index = this.#fairIndex(info, grid);
        if (opts.walk) index = this.#walk(info.ticker, grid, index);
        if (opts.noise) report.trades += this.#noiseTrade(info.ticker);
        this.#requote(info, index, report);
      }
    } finally {
      this.#stepping = false;
    }
    return report;
  }

  #fund(): void {
    const { trading, db, clock } = this.#deps;
    for (const [user, target] of Object.entries(FUNDING)) {
      if (!db.users.get(user)) {
        db.users.insert({ id: user, name: user === LIQUIDITY_USER ? 'Liquidity provider' : 'Noise taker', fcm: false, tier: 'basic', createdTs: clock.now() });
      }
      const cash = trading.engine.getAccount(user)?.cash ?? 0;
      if (cash < target / 2) trading.run((e) => e.deposit(user, 0, target - cash));
    }
  }

  /** The fair price's grid index: remembered, else the seeded value, else the middle of the book. */
  #fairIndex(info: MarketInfo, grid: readonly number[]): number {
    const fair = this.#fair.get(info.ticker) ?? this.#deps.db.markets.fairPrice(info.ticker) ?? this.#midpoint(info.ticker);
    const index = clampFairIndex(grid, nearestIndex(grid, fair), LEVELS);
    this.#fair.set(info.ticker, grid[index]!);
    return index;
  }

  #midpoint(ticker: string): number {
    const top = topOfBook(this.#deps.trading.engine, ticker);
    return top.yesBidSize > 0 && top.yesAskSize > 0 ? Math.round((top.yesBid + top.yesAsk) / 2) : 5000;
  }

  #walk(ticker: string, grid: readonly number[], index: number): number {
    const r = this.#rand();
    const moved = clampFairIndex(grid, index + (r < WALK_DOWN ? -1 : r >= WALK_UP ? 1 : 0), LEVELS);
    if (moved !== index) {
      this.#fair.set(ticker, grid[moved]!);
      this.#deps.db.markets.setFairPrice(ticker, grid[moved]!);
    }
    return moved;
  }

  /** Sometimes buys or sells a few contracts at the best opposite price; returns the trades made. */
  #noiseTrade(ticker: string): number {
    if (this.#rand() >= NOISE_CHANCE) return 0;
    const buy = this.#rand() < 0.5;
    const count = (1 + Math.floor(this.#rand() * 5)) * 100;
    const { trading } = this.#deps;
    const top = topOfBook(trading.engine, ticker);
    if (buy ? top.yesAskSize === 0 : top.yesBidSize === 0) return 0;
    const price = buy ? top.yesAsk : top.yesBid;
    const result = attempt(() =>
      trading.run((e) =>
        e.placeOrder(NOISE_USER, { ticker, side: buy ? 'bid' : 'ask', count, price, timeInForce: 'immediate_or_cancel', selfTradePrevention: 'taker_at_cross' }),
      ),
    );
    return result?.trades.length ?? 0;
  }

  #requote(info: MarketInfo, fairIndex: number, report: StepReport): void {
    const { trading, seed } = this.#deps;
    const grid = priceGrid(info);
    const size = (20 + (hash(`${seed}:${info.ticker}`) % 31)) * 100;
    const plan = planRequote(restingQuotes(trading.engine, info.ticker), quoteLevels(grid, fairIndex, LEVELS, size));
    if (plan.cancel.length === 0 && plan.place.length === 0) return;
    trading.run((e) => this.#apply(e, info.ticker, plan, report));
  }

  #apply(engine: Engine, ticker: string, plan: RequotePlan, report: StepReport): OpResult {
    const parts: OpResult[] = [];
    for (const id of plan.cancel) {
      const r = attempt(() => engine.cancelOrder(LIQUIDITY_USER, id));
      if (!r) continue;
      parts.push(r);
      report.canceled += 1;
    }
    for (const level of plan.place) {
      // Post-only: a level that would meet someone's resting order is skipped, never traded.
      const r = attempt(() =>
        engine.placeOrder(LIQUIDITY_USER, {
          ticker,
          side: level.side,
          price: level.price,
          count: level.count,
          timeInForce: 'good_till_canceled',
          selfTradePrevention: 'maker',
          postOnly: true,
        }),
      );
      if (!r) continue;
      parts.push(r);
      report.placed += 1;
    }
    return mergeResults(parts[0]?.ts ?? this.#deps.clock.now(), parts);
  }
}
