import type { Clock } from '../clock.js';
import type { SimDatabase } from '../db/database.js';
import { Engine, EngineError, mergeResults, type OpResult } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { counterIds } from './ids.js';
import { marketConfigOf } from './market-config.js';
import { EngineStore } from './store.js';

/** Called inside the operation's transaction: derived rows (market stats, candles) commit with it. */
export type InTransactionListener = (result: OpResult, engine: Engine) => void;
/** Called after commit: for feeds that must only ever announce durable state. */
export type CommittedListener = (result: OpResult, engine: Engine) => void;
/** Called after `addMarket`; it may run inside a caller's wider transaction, so announcers defer. */
export type MarketAddedListener = (ticker: string, engine: Engine) => void;
/**
 * Called right after each operation, before anything is saved: engine operations it runs in
 * consequence (order groups cancelling on a fill) are returned and become part of the same
 * operation, so they commit, persist and reach the feeds together with what caused them.
 */
export type FollowUp = (result: OpResult, engine: Engine) => OpResult | undefined;

/**
 * The exchange's single writer. Every state change runs through `run`: the engine mutates in
 * memory, then everything it touched is written in one SQLite transaction before the caller
 * (and the client behind it) hears about it. A crash therefore loses only operations that
 * were never acknowledged.
 */
export class Trading {
  engine: Engine;
  readonly #db: SimDatabase;
  readonly #store: EngineStore;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #inTransaction: InTransactionListener[] = [];
  readonly #committed: CommittedListener[] = [];
  readonly #marketAdded: MarketAddedListener[] = [];
  readonly #followUps: FollowUp[] = [];

  constructor(db: SimDatabase, clock: Clock, logger: Logger) {
    this.#db = db;
    this.#clock = clock;
    this.#logger = logger;
    this.#store = new EngineStore(db);
    this.engine = this.#load();
  }

  onTransaction(listener: InTransactionListener): void {
    this.#inTransaction.push(listener);
  }

  onCommit(listener: CommittedListener): void {
    this.#committed.push(listener);
  }

  onOperation(followUp: FollowUp): void {
    this.#followUps.push(followUp);
  }

  /** Market lifecycle beyond status changes: a market joining the engine at run time. */
  onMarketAdded(listener: MarketAddedListener): void {
    this.#marketAdded.push(listener);
  }

  /**
   * Runs one engine operation atomically. An EngineError (a refused operation) propagates with
   * nothing changed. Any other failure while persisting reloads the engine from the database,
   * so memory never runs ahead of what is on disk.
   *
   * `alsoInTransaction` runs after the engine's rows are saved, in the same transaction: for
   * writes that must commit with this one operation only (e.g. the catalog row of a market whose
   * status the operation changed). If it throws, the engine is reloaded like any other failure.
   */
  run(operation: (engine: Engine) => OpResult, alsoInTransaction?: InTransactionListener): OpResult {
    let result: OpResult;
    try {
      result = this.#db.transaction(() => {
        const r = operation(this.engine);
        this.#followUp(r);
        this.#store.save(this.engine, r);
        alsoInTransaction?.(r, this.engine);
        for (const listener of this.#inTransaction) listener(r, this.engine);
        return r;
      });
    } catch (error) {
      if (!(error instanceof EngineError)) {
        this.#logger.error('operation failed after the engine changed; reloading from the database', { error: String(error) });
        this.engine = this.#load();
      }
      throw error;
    }
    for (const listener of this.#committed) {
      try {
        listener(result, this.engine);
      } catch (error) {
        this.#logger.error('commit listener failed', { error: String(error) });
      }
    }
    return result;
  }

  /** The engine has already changed: a refusal here must reload it like any other failure. */
  #followUp(r: OpResult): void {
    for (const followUp of this.#followUps) {
      let more: OpResult | undefined;
      try {
        more = followUp(r, this.engine);
      } catch (error) {
        throw error instanceof EngineError ? new Error(`follow-up refused: ${error.message}`) : error;
      }
      if (more) mergeResults(r, more);
    }
  }

  /** Brings a market created after start-up (admin API, multivariate collections) into the engine. */
  addMarket(ticker: string): void {
    this.#db.transaction(() => {
      this.#addFromCatalog(this.engine, ticker);
      this.#store.saveMarket(this.engine, ticker);
      this.#store.saveTotals(this.engine);
    });
    for (const listener of this.#marketAdded) {
      try {
        listener(ticker, this.engine);
      } catch (error) {
        this.#logger.error('market-added listener failed', { error: String(error) });
      }
    }
  }

  #load(): Engine {
    const deps = { now: () => this.#clock.now(), nextId: counterIds(this.#db.counters) };
    const state = this.#store.load();
    const engine = state ? Engine.restore(state, deps) : new Engine(deps);
    // Markets seeded or created since the engine last ran join it now.
    this.#db.transaction(() => {
      for (const market of this.#db.markets.list({}, { limit: Number.MAX_SAFE_INTEGER })) {
        if (!engine.getMarket(market.ticker)) {
          this.#addFromCatalog(engine, market.ticker);
          this.#store.saveMarket(engine, market.ticker);
        }
      }
      this.#store.saveTotals(engine);
    });
    return engine;
  }

  #addFromCatalog(engine: Engine, ticker: string): void {
    const market = this.#db.markets.get(ticker);
    if (!market) throw new Error(`no market ${ticker} in the catalog`);
    const event = this.#db.events.get(market.event_ticker);
    const series = event && this.#db.series.get(event.series_ticker);
    if (!series) throw new Error(`no series for market ${ticker}`);
    engine.addMarket(marketConfigOf(market, series));
  }
}
