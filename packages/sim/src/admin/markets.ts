import type { rest } from 'kalshi-ts/generated';
import { checkInvariants, EngineError, type MarketResult, type MarketStatus, type OpResult } from '../engine/index.js';
import { isSettled, type MarketStatus as CatalogStatus } from '../db/status.js';
import { dollarsToUnits, unitsToDollars } from '../fixed.js';
import { apiErrorOf } from '../routes/trading/errors.js';
import { iso } from '../seed/format.js';
import { badRequest, conflict, notFound } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { buildMarket, type NewMarket } from './market-template.js';
import type { AdminContext, AdminHandler } from './router.js';

type Patch = Partial<Omit<rest.Market, 'ticker' | 'event_ticker'>>;

export const marketStatusSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { enum: ['open', 'paused', 'closed'] } },
  additionalProperties: false,
};

export const settleSchema = {
  type: 'object',
  required: ['result'],
  properties: { result: { enum: ['yes', 'no', 'scalar'] }, value: { type: 'string' } },
  additionalProperties: false,
};

// The engine's trading states as the catalog's lifecycle names (the reverse of market-config.ts).
const CATALOG_STATUS = { open: 'active', paused: 'inactive', closed: 'closed' } as const;

/**
 * The catalog market a lifecycle change applies to. One the catalog already shows as paid out
 * is final even where the engine only knows it as closed (seeded history), so it is refused here.
 */
function changeableMarket(exchange: ExchangeState, ticker: string): rest.Market {
  const market = exchange.db.markets.get(ticker);
  if (!market) throw notFound(`market not found: ${ticker}`);
  if (isSettled(market.status as CatalogStatus)) {
    throw conflict(`ticker: market ${ticker} is already settled (${market.status})`, '', 'invalid_status_transition');
  }
  return market;
}

/** An engine operation plus the catalog row it changes, committed together or not at all. */
function runWithCatalog(exchange: ExchangeState, ticker: string, op: Parameters<ExchangeState['trading']['run']>[0], patch: () => Patch): OpResult {
  try {
    return exchange.trading.run(op, () => {
      exchange.db.markets.update(ticker, patch());
    });
  } catch (err) {
    if (err instanceof EngineError) throw apiErrorOf(err);
    throw err;
  }
}

/** A scheduled time still ahead becomes now: closing or opening early moves the schedule. */
const early = (scheduled: string, nowMs: number): string | undefined => (Date.parse(scheduled) > nowMs ? iso(nowMs) : undefined);

export const setMarketStatus: AdminHandler = ({ exchange, params, body }: AdminContext<{ status: 'open' | 'paused' | 'closed' }>) => {
  const market = changeableMarket(exchange, params.ticker!);
  const status = body.status as MarketStatus;
  const result = runWithCatalog(exchange, market.ticker, (e) => e.setMarketStatus(market.ticker, status), () => {
    const now = exchange.clock.now();
    const patch: Patch = { status: CATALOG_STATUS[body.status], updated_time: iso(now) };
    const openAt = body.status === 'open' ? early(market.open_time, now) : undefined;
    const closeAt = body.status === 'closed' ? early(market.close_time, now) : undefined;
    if (openAt) patch.open_time = openAt;
    if (closeAt) patch.close_time = closeAt;
    return patch;
  });
  return { body: { ticker: market.ticker, status: CATALOG_STATUS[body.status], canceled_orders: result.touchedOrders.length } };
};

/**
 * Settles straight to `finalized`: cancels what rests, pays every position out and records the
 * settlements. `value` (dollars) is the YES payout of a scalar result.
 */
export const settleMarket: AdminHandler = ({ exchange, params, body }: AdminContext<{ result: MarketResult; value?: string }>) => {
  const market = changeableMarket(exchange, params.ticker!);
  let value: number | undefined;
  if (body.result === 'scalar') {
    if (body.value === undefined) throw badRequest('value: a scalar result needs the YES payout, e.g. "0.4200"', '', 'invalid_parameters');
    try {
      value = dollarsToUnits(body.value);
    } catch {
      throw badRequest(`value: '${body.value}' is not a dollar amount with at most 4 decimals`, '', 'invalid_parameters');
    }
  } else if (body.value !== undefined) {
    throw badRequest(`value: only a scalar result takes a value (result is ${body.result})`, '', 'invalid_parameters');
  }
  const result = runWithCatalog(exchange, market.ticker, (e) => e.settle(market.ticker, body.result, value), () => {
    const now = exchange.clock.now();
    const settled = exchange.trading.engine.getMarket(market.ticker)!;
    const patch: Patch = {
      status: 'finalized',
      result: body.result,
      settlement_value_dollars: unitsToDollars(settled.settlementValue ?? 0),
      settlement_ts: iso(now),
      updated_time: iso(now),
    };
    const closeAt = early(market.close_time, now);
    if (closeAt) patch.close_time = closeAt;
    return patch;
  });
  return {
    body: {
      ticker: market.ticker,
      status: 'finalized',
      result: body.result,
      settlement_value_dollars: unitsToDollars(exchange.trading.engine.getMarket(market.ticker)?.settlementValue ?? 0),
      settlements: result.settlements?.length ?? 0,
    },
  };
};

/** Adds a market to an existing event: the catalog row and the engine's book, in one transaction. */
export const createMarket: AdminHandler = ({ exchange, body }: AdminContext<NewMarket & { fair_price_dollars?: string }>) => {
  if (!exchange.db.events.get(body.event_ticker)) throw notFound(`event not found: ${body.event_ticker}`);
  if (exchange.db.markets.get(body.ticker)) throw conflict(`market already exists: ${body.ticker}`, '', 'market_exists');
  let fair: number | null = null;
  if (body.fair_price_dollars !== undefined) {
    try {
      fair = dollarsToUnits(body.fair_price_dollars);
    } catch {
      throw badRequest(`fair_price_dollars: '${body.fair_price_dollars}' is not a dollar amount with at most 4 decimals`, '', 'invalid_parameters');
    }
  }
  const { fair_price_dollars: _fair, ...spec } = body;
  const market = buildMarket(spec, exchange.clock.now());
  exchange.db.transaction(() => {
    exchange.db.markets.insert(market, fair);
    exchange.trading.addMarket(market.ticker);
  });
  return { status: 201, body: { market } };
};

/** The engine's self-check: an empty list means every invariant holds. Tests call it after each scenario. */
export const invariants: AdminHandler = ({ exchange }) => ({ body: checkInvariants(exchange.trading.engine) });
