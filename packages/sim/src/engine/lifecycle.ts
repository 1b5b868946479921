// Markets (listing, status changes, settlement), order expiry and cash movements.

import type { Core } from './core.js';
import { MarketRec, checkSub, checkUser } from './core.js';
import { EngineError, invalid, isInt } from './errors.js';
import { Recorder } from './recorder.js';
import type { MarketConfig, MarketInfo, MarketResult, MarketStatus, OpResult, PriceRange, Settlement } from './types.js';
import { PRICE_SCALE } from './types.js';

const FEE_TYPES = new Set(['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat']);
const STATUSES = new Set(['unopened', 'open', 'paused', 'closed', 'settled']);

function checkRanges(ranges: unknown): PriceRange[] {
  if (ranges === undefined) return [];
  if (!Array.isArray(ranges)) throw invalid('priceRanges must be an array', 'priceRanges');
  return ranges.map((r: Partial<PriceRange>) => {
    const { start, end, step } = r;
    if (!isInt(start) || !isInt(end) || !isInt(step) || start < 0 || end > PRICE_SCALE || start > end || step <= 0) {
      throw invalid('each price range needs integer 0 <= start <= end <= 10000 and step > 0', 'priceRanges');
    }
    return { start, end, step };
  });
}

export function addMarket(core: Core, cfg: MarketConfig): MarketInfo {
  if (typeof cfg.ticker !== 'string' || cfg.ticker.length === 0) throw invalid('ticker is required', 'ticker');
  if (core.markets.has(cfg.ticker)) throw new EngineError('market_exists', `market ${cfg.ticker} already exists`, 'ticker');
  if (typeof cfg.eventTicker !== 'string') throw invalid('eventTicker must be a string', 'eventTicker');
  if (!FEE_TYPES.has(cfg.seriesFeeType)) throw invalid('unknown fee type', 'seriesFeeType');
  const mult = cfg.feeMultiplierPermille ?? 1000;
  if (!isInt(mult) || mult < 0 || mult > 1_000_000) throw invalid('feeMultiplierPermille must be a non-negative integer', 'feeMultiplierPermille');
  if (!isInt(cfg.tick) || cfg.tick <= 0 || cfg.tick >= PRICE_SCALE) throw invalid('tick must be an integer in 1..9999', 'tick');
  if (!STATUSES.has(cfg.status) || cfg.status === 'settled') throw invalid('a new market cannot start settled', 'status');
  const m = new MarketRec({
    ticker: cfg.ticker,
    eventTicker: cfg.eventTicker,
    feeType: cfg.seriesFeeType,
    feeMultiplierPermille: mult,
    tick: cfg.tick,
    priceRanges: checkRanges(cfg.priceRanges),
    status: cfg.status,
  });
  core.markets.set(m.ticker, m);
  return m.info();
}

/**
 * Pausing cancels the orders placed with cancel_order_on_pause; closing cancels every resting
 * order (a closed market never trades again). Settlement goes through `settle`.
 */
export function setMarketStatus(core: Core, ticker: string, status: MarketStatus, ts: number): OpResult {
  const m = core.market(ticker);
  if (!STATUSES.has(status)) throw invalid('unknown market status', 'status');
  if (m.status === 'settled' || status === 'settled') {
    throw new EngineError('invalid_status_transition', `cannot move ${m.ticker} from ${m.status} to ${status} (use settle)`, 'status');
  }
  const rec = new Recorder(ts);
  if (status === 'paused' || status === 'closed') {
    for (const o of core.restingOrders(m)) {
      if (status === 'closed') core.removeResting(o, 'market_closed', rec);
      else if (o.cancelOnPause) core.removeResting(o, 'market_paused', rec);
    }
  }
  m.status = status;
  return rec.finish();
}

/**
 * Cancels what still rests, pays each position out (YES holders get the YES value per contract,
 * NO holders the rest of $1) and zeroes the positions. Open interest is backed by exactly $1 a
 * pair, so the payouts always equal open interest × $1.
 */
export function settle(core: Core, ticker: string, result: MarketResult, scalarValue: number | undefined, ts: number): OpResult {
  const m = core.market(ticker);
  if (m.status === 'settled') throw new EngineError('invalid_status_transition', `market ${m.ticker} is already settled`, 'ticker');
  let value: number;
  if (result === 'yes') value = PRICE_SCALE;
  else if (result === 'no') value = 0;
  else if (result === 'scalar') {
    if (!isInt(scalarValue) || scalarValue < 0 || scalarValue > PRICE_SCALE) {
      throw invalid('a scalar result needs a value in 0..10000 price units', 'value');
    }
    value = scalarValue;
  } else throw invalid('result must be yes, no or scalar', 'result');

  const rec = new Recorder(ts);
  for (const o of core.restingOrders(m)) core.removeResting(o, 'market_settled', rec);
  const settlements: Settlement[] = [];
  for (const acct of core.accountList) {
    const ma = acct.positions.get(m.ticker);
    if (ma === undefined || ma.position === 0) continue;
    const pos = ma.position;
    const revenue = pos > 0 ? pos * value : -pos * (PRICE_SCALE - value);
    settlements.push({
      user: acct.user,
      sub: acct.sub,
      ticker: m.ticker,
      eventTicker: m.eventTicker,
      result,
      value,
      yesCount: pos > 0 ? pos : 0,
      noCount: pos < 0 ? -pos : 0,
      yesTotalCost: pos > 0 ? ma.exposure : 0,
      noTotalCost: pos < 0 ? ma.exposure : 0,
      revenue,
      feeCost: ma.feesPaid,
      ts,
    });
    acct.cash += revenue;
    ma.realizedPnl += revenue - ma.exposure;
    ma.exposure = 0;
    ma.position = 0;
    ma.lastUpdatedTs = ts;
    rec.position(ma);
  }
  m.openInterest = 0;
  m.status = 'settled';
  m.result = result;
  m.settlementValue = value;
  m.settledTs = ts;
  return rec.finish(undefined, { settlements });
}

export function expireOrders(core: Core, ts: number): OpResult {
  const rec = new Recorder(ts);
  for (const o of core.expiry.popDue(ts)) core.removeResting(o, 'expired', rec);
  return rec.finish();
}

function checkAmount(micros: unknown): number {
  if (!isInt(micros) || micros <= 0) throw invalid('amount must be a positive integer of micro-dollars', 'amount');
  return micros;
}

export function deposit(core: Core, user: string, sub: number, micros: number, ts: number): OpResult {
  checkUser(user);
  checkSub(sub);
  const amount = checkAmount(micros);
  if (!Number.isSafeInteger(core.totalDeposited + amount)) throw invalid('deposit too large', 'amount');
  const acct = core.ensureAccount(user, sub);
  acct.cash += amount;
  core.totalDeposited += amount;
  const rec = new Recorder(ts);
  rec.account(acct);
  return rec.finish();
}

export function withdraw(core: Core, user: string, sub: number, micros: number, ts: number): OpResult {
  checkUser(user);
  checkSub(sub);
  const amount = checkAmount(micros);
  const acct = core.account(user, sub);
  if (acct === undefined || acct.cash < amount) throw new EngineError('insufficient_balance', 'not enough available cash', 'amount');
  acct.cash -= amount;
  core.totalWithdrawn += amount;
  const rec = new Recorder(ts);
  rec.account(acct);
  return rec.finish();
}

export function transfer(core: Core, user: string, fromSub: number, toSub: number, micros: number, ts: number): OpResult {
  checkUser(user);
  checkSub(fromSub, 'from_subaccount');
  checkSub(toSub, 'to_subaccount');
  if (fromSub === toSub) throw invalid('source and destination subaccounts must differ', 'to_subaccount');
  const amount = checkAmount(micros);
  const from = core.account(user, fromSub);
  if (from === undefined || from.cash < amount) throw new EngineError('insufficient_balance', 'not enough available cash', 'amount');
  const to = core.ensureAccount(user, toSub);
  from.cash -= amount;
  to.cash += amount;
  const rec = new Recorder(ts);
  rec.account(from);
  rec.account(to);
  return rec.finish();
}
