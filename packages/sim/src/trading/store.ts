import type { Statement } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';
import type { Engine, EngineState, OpResult, Settlement } from '../engine/index.js';
import { idNumber } from './ids.js';

const TOTALS_KEY = 'engine_totals';

/**
 * Write-through persistence of the engine: after each operation, exactly the entities it touched
 * are upserted, inside the same SQLite transaction as the operation's other writes. On start the
 * rows are assembled back into an EngineState, so a restart continues where the last committed
 * operation left off.
 */
export class EngineStore {
  readonly #db: SimDatabase;
  readonly #upsertOrder: Statement;
  readonly #upsertAccount: Statement;
  readonly #insertFill: Statement;
  readonly #insertSettlement: Statement;
  readonly #upsertMarket: Statement;

  constructor(db: SimDatabase) {
    this.#db = db;
    const raw = db.raw;
    this.#upsertOrder = raw.prepare(`
      INSERT INTO orders (id, user_id, sub, ticker, status, create_seq, created_ts, updated_ts, data)
      VALUES (@id, @user, @sub, @ticker, @status, @createSeq, @createdTs, @updatedTs, @data)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_ts = excluded.updated_ts, data = excluded.data`);
    this.#upsertAccount = raw.prepare(`
      INSERT INTO engine_accounts (user_id, sub, data) VALUES (?, ?, ?)
      ON CONFLICT (user_id, sub) DO UPDATE SET data = excluded.data`);
    this.#insertFill = raw.prepare(
      'INSERT INTO fills (id, seq, user_id, sub, ticker, order_id, ts, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#insertSettlement = raw.prepare(
      'INSERT INTO settlements (user_id, sub, ticker, event_ticker, ts, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#upsertMarket = raw.prepare(`
      INSERT INTO engine_markets (ticker, data) VALUES (?, ?)
      ON CONFLICT (ticker) DO UPDATE SET data = excluded.data`);
  }

  /** Saves what `result` changed. Call inside the transaction that ran the operation. */
  save(engine: Engine, result: OpResult): void {
    for (const order of result.touchedOrders) this.saveOrder(engine, order.id);
    if (result.order && !result.duplicate) this.saveOrder(engine, result.order.id);
    const accounts = new Set<string>();
    for (const key of [...result.touchedAccounts, ...result.touchedPositions]) {
      const id = `${key.sub}:${key.user}`;
      if (accounts.has(id)) continue;
      accounts.add(id);
      this.saveAccount(engine, key.user, key.sub);
    }
    for (const fill of result.fills) {
      this.#insertFill.run(fill.id, idNumber(fill.id) ?? 0, fill.user, fill.sub, fill.ticker, fill.orderId, fill.ts, JSON.stringify(fill));
    }
    for (const trade of result.trades) {
      this.#db.trades.insert({
        id: trade.id, ticker: trade.ticker, price: trade.price, count: trade.count,
        // The tape reports which outcome the taker bought: a bid buys YES, an ask buys NO.
        takerSide: trade.takerSide === 'bid' ? 'yes' : 'no', ts: trade.ts, block: trade.block === true,
      });
    }
    for (const settlement of result.settlements ?? []) this.saveSettlement(settlement);
    const markets = new Set<string>([...result.trades.map((t) => t.ticker), ...result.touchedPositions.map((p) => p.ticker)]);
    for (const ticker of markets) this.saveMarket(engine, ticker);
    this.saveTotals(engine);
  }

  saveMarket(engine: Engine, ticker: string): void {
    const info = engine.getMarket(ticker);
    if (info) this.#upsertMarket.run(ticker, JSON.stringify(info));
  }

  saveTotals(engine: Engine): void {
    this.#db.meta.set(TOTALS_KEY, JSON.stringify(engine.totals()));
  }

  private saveOrder(engine: Engine, id: string): void {
    const state = engine.orderState(id);
    if (!state) return;
    this.#upsertOrder.run({
      id: state.id, user: state.user, sub: state.sub, ticker: state.ticker, status: state.status,
      createSeq: state.createSeq, createdTs: state.createdTs, updatedTs: state.updatedTs, data: JSON.stringify(state),
    });
  }

  private saveAccount(engine: Engine, user: string, sub: number): void {
    const state = engine.accountState(user, sub);
    if (state) this.#upsertAccount.run(user, sub, JSON.stringify(state));
  }

  private saveSettlement(s: Settlement): void {
    this.#insertSettlement.run(s.user, s.sub, s.ticker, s.eventTicker, s.ts, JSON.stringify(s));
  }

  /** The persisted engine, or null for a database that has never run one. */
  load(): EngineState | null {
    const totals = this.#db.meta.get(TOTALS_KEY);
    if (totals === undefined) return null;
    const raw = this.#db.raw;
    const data = <T>(sql: string) => (raw.prepare(sql).all() as { data: string }[]).map((row) => JSON.parse(row.data) as T);
    const orders = data<EngineState['orders'][number]>('SELECT data FROM orders ORDER BY create_seq');
    // The first order placed with a client id is the one a repeat of that id returns.
    const clientOrderIds: EngineState['clientOrderIds'] = [];
    const seen = new Set<string>();
    for (const order of orders) {
      if (order.clientOrderId === undefined) continue;
      const key = `${order.user}\u0000${order.clientOrderId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      clientOrderIds.push([order.user, order.clientOrderId, order.id]);
    }
    return {
      version: 1,
      ...(JSON.parse(totals) as ReturnType<Engine['totals']>),
      markets: data('SELECT data FROM engine_markets ORDER BY rowid'),
      accounts: data('SELECT data FROM engine_accounts ORDER BY rowid'),
      orders,
      clientOrderIds,
    };
  }
}
