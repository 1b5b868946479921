// Snapshot and restore. The snapshot is plain JSON; restoring rebuilds every derived structure
// (ladders, per-account order lists, running totals, expiry heap) from it. Iteration orders that
// influence outputs — accounts, positions, orders — are kept as arrays in their original order,
// and resting orders re-enter their levels by `seq`, which is their time priority.

import { Core, MarketRec, clientKey } from './core.js';
import { EngineError } from './errors.js';
import { attachOrder } from './ledger.js';
import { OrderRec, toOrder } from './records.js';
import type { EngineDeps, MarketInfo, Order } from './types.js';

export interface PositionState {
  ticker: string;
  position: number;
  exposure: number;
  realizedPnl: number;
  totalTraded: number;
  feesPaid: number;
  reserved: number;
  lastUpdatedTs: number;
}

export interface AccountState {
  user: string;
  sub: number;
  cash: number;
  reserved: number;
  feesPaid: number;
  positions: PositionState[];
}

export interface OrderState extends Order {
  createSeq: number;
  takerBasis: number;
  makerBasis: number;
}

export interface EngineState {
  version: 1;
  seq: number;
  exchangeFees: number;
  totalDeposited: number;
  totalWithdrawn: number;
  markets: MarketInfo[];
  accounts: AccountState[];
  /** Every order, in creation order. */
  orders: OrderState[];
  /** `[user, clientOrderId, orderId]` for the first order of each client id. */
  clientOrderIds: [string, string, string][];
}

export function exportState(core: Core): EngineState {
  const clientOrderIds: [string, string, string][] = [];
  for (const o of core.clientIds.values()) clientOrderIds.push([o.user, o.clientOrderId as string, o.id]);
  return {
    version: 1,
    ...exportTotals(core),
    markets: [...core.markets.values()].map((m) => m.info()),
    accounts: core.accountList.map(exportAccount),
    orders: [...core.orders.values()].map(exportOrder),
    clientOrderIds,
  };
}

/** The engine-wide counters, persisted beside the per-entity rows. */
export function exportTotals(core: Core): Pick<EngineState, 'seq' | 'exchangeFees' | 'totalDeposited' | 'totalWithdrawn'> {
  return { seq: core.seq, exchangeFees: core.exchangeFees, totalDeposited: core.totalDeposited, totalWithdrawn: core.totalWithdrawn };
}

export function exportAccount(a: Core['accountList'][number]): AccountState {
  return {
    user: a.user,
    sub: a.sub,
    cash: a.cash,
    reserved: a.reserved,
    feesPaid: a.feesPaid,
    positions: [...a.positions.values()].map((p) => ({
      ticker: p.ticker,
      position: p.position,
      exposure: p.exposure,
      realizedPnl: p.realizedPnl,
      totalTraded: p.totalTraded,
      feesPaid: p.feesPaid,
      reserved: p.reserved,
      lastUpdatedTs: p.lastUpdatedTs,
    })),
  };
}

export function exportOrder(o: OrderRec): OrderState {
  return { ...toOrder(o), createSeq: o.createSeq, takerBasis: o.takerBasis, makerBasis: o.makerBasis };
}

export function restoreCore(state: EngineState, deps: EngineDeps): Core {
  if (state === null || typeof state !== 'object' || state.version !== 1) {
    throw new EngineError('invalid_parameters', 'unsupported engine state version');
  }
  const core = new Core(deps);
  core.seq = state.seq;
  core.exchangeFees = state.exchangeFees;
  core.totalDeposited = state.totalDeposited;
  core.totalWithdrawn = state.totalWithdrawn;
  for (const mi of state.markets) {
    const m = new MarketRec({
      ticker: mi.ticker,
      eventTicker: mi.eventTicker,
      feeType: mi.seriesFeeType,
      feeMultiplierPermille: mi.feeMultiplierPermille,
      tick: mi.tick,
      priceRanges: mi.priceRanges.map((r) => ({ ...r })),
      status: mi.status,
    });
    m.result = mi.result;
    m.settlementValue = mi.settlementValue;
    m.settledTs = mi.settledTs;
    m.openInterest = mi.openInterest;
    m.volume = mi.volume;
    m.lastPrice = mi.lastPrice;
    core.markets.set(m.ticker, m);
  }
  for (const as of state.accounts) {
    const a = core.ensureAccount(as.user, as.sub);
    a.cash = as.cash;
    a.reserved = as.reserved;
    a.feesPaid = as.feesPaid;
    for (const ps of as.positions) {
      const ma = core.ensureMa(a, ps.ticker);
      ma.position = ps.position;
      ma.exposure = ps.exposure;
      ma.realizedPnl = ps.realizedPnl;
      ma.totalTraded = ps.totalTraded;
      ma.feesPaid = ps.feesPaid;
      ma.reserved = ps.reserved;
      ma.lastUpdatedTs = ps.lastUpdatedTs;
    }
  }
  const resting: OrderRec[] = [];
  for (const os of state.orders) {
    const o = new OrderRec({
      id: os.id,
      user: os.user,
      sub: os.sub,
      ticker: os.ticker,
      side: os.side,
      price: os.price,
      count: os.initialCount,
      timeInForce: os.timeInForce,
      ts: os.createdTs,
      seq: os.seq,
      expirationTime: os.expirationTime,
      clientOrderId: os.clientOrderId,
      postOnly: os.postOnly,
      reduceOnly: os.reduceOnly,
      selfTradePrevention: os.selfTradePrevention,
      orderGroupId: os.orderGroupId,
      cancelOnPause: os.cancelOnPause,
    });
    o.createSeq = os.createSeq;
    o.filledCount = os.filledCount;
    o.remainingCount = os.remainingCount;
    o.status = os.status;
    o.updatedTs = os.updatedTs;
    o.lastUpdateReason = os.lastUpdateReason;
    o.takerFees = os.takerFees;
    o.makerFees = os.makerFees;
    o.takerFillCost = os.takerFillCost;
    o.makerFillCost = os.makerFillCost;
    o.takerBasis = os.takerBasis;
    o.makerBasis = os.makerBasis;
    core.orders.set(o.id, o);
    if (o.status === 'resting') {
      resting.push(o);
      attachOrder(core.maOf(o), o, core.market(o.ticker));
      if (o.expirationTime !== undefined) core.expiry.push(o, o.expirationTime);
    }
  }
  resting.sort((x, y) => x.seq - y.seq);
  for (const o of resting) core.market(o.ticker).book.add(o);
  for (const [user, clientOrderId, orderId] of state.clientOrderIds) {
    const o = core.orders.get(orderId);
    if (o !== undefined) core.clientIds.set(clientKey(user, clientOrderId), o);
  }
  return core;
}
