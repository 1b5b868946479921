// Market and event lifecycle frames. The engine has no lifecycle events of its own, so this keeps
// each market's last known status and compares after every committed operation: a change is an
// event (open -> activated, pause -> deactivated, close -> close_date_updated, settle ->
// determined + settled). Multivariate markets go to their own channel, the rest to
// market_lifecycle_v2.
import { wsSchemas, type rest, type ws } from 'kalshi-ts/generated';
import type { SimDatabase } from '../db/database.js';
import type { Engine, MarketInfo, MarketStatus, OpResult } from '../engine/index.js';
import { isoToMs } from '../db/query.js';
import { price, seconds } from './format.js';
import type { Channel } from './protocol.js';
import type { Subscription } from './subscription.js';

export interface LifecycleHost {
  readonly db: SimDatabase;
  subscribers(channel: Channel): ReadonlySet<Subscription>;
}

type MarketMsg = ws.MarketLifecycleV2Payload['msg'];
type EventMsg = ws.EventLifecyclePayload['msg'];

const STRUCTURES = new Set((wsSchemas.lifecyclePriceLevelStructure?.enum as string[] | undefined) ?? []);
const COLLATERAL = new Set(['MECNET', 'DIRECNET', '']);

export class Lifecycle {
  readonly #host: LifecycleHost;
  readonly #status = new Map<string, MarketStatus>();
  readonly #mve = new Map<string, boolean>();

  constructor(host: LifecycleHost, engine: Engine) {
    this.#host = host;
    for (const m of engine.listMarkets()) this.#status.set(m.ticker, m.status);
  }

  onCommit(result: OpResult, engine: Engine): void {
    for (const ticker of candidates(result, engine)) {
      const info = engine.getMarket(ticker);
      if (!info) continue;
      const before = this.#status.get(ticker);
      if (before === info.status) continue;
      this.#status.set(ticker, info.status);
      if (before !== undefined) this.#transition(info, before, result.ts);
    }
  }

  /** A market joined the engine while running: `created`, preceded by the event's if it is new. */
  onMarketAdded(ticker: string, engine: Engine, nowMs: number): void {
    const info = engine.getMarket(ticker);
    const market = this.#host.db.markets.get(ticker);
    if (!info || !market) return;
    this.#status.set(ticker, info.status);
    const firstOfEvent = !engine.listMarkets().some((m) => m.eventTicker === info.eventTicker && m.ticker !== ticker);
    if (firstOfEvent) this.#eventCreated(market);
    const msg: MarketMsg = {
      market_ticker: ticker,
      event_type: 'created',
      exchange_index: 0,
      open_ts: seconds(isoToMs(market.open_time) ?? nowMs),
      close_ts: seconds(isoToMs(market.close_time) ?? nowMs),
      additional_metadata: {
        name: market.title ?? ticker,
        title: market.title ?? ticker,
        yes_sub_title: market.yes_sub_title,
        no_sub_title: market.no_sub_title,
        rules_primary: market.rules_primary,
        rules_secondary: market.rules_secondary,
        can_close_early: market.can_close_early,
        event_ticker: market.event_ticker,
        expected_expiration_ts: seconds(isoToMs(market.expected_expiration_time ?? market.latest_expiration_time) ?? nowMs),
        ...(market.strike_type ? { strike_type: market.strike_type } : {}),
        ...(market.floor_strike !== undefined && market.floor_strike !== null ? { floor_strike: market.floor_strike } : {}),
        ...(market.cap_strike !== undefined && market.cap_strike !== null ? { cap_strike: market.cap_strike } : {}),
      },
    };
    if (!this.#isMve(ticker) && STRUCTURES.has(market.price_level_structure)) {
      msg.price_level_structure = market.price_level_structure as MarketMsg['price_level_structure'];
      msg.price_ranges = market.price_ranges.map((r) => ({ start: r.start, end: r.end, step: r.step }));
    }
    this.#emitMarket(ticker, msg);
  }

  #transition(info: MarketInfo, before: MarketStatus, ts: number): void {
    const ticker = info.ticker;
    switch (info.status) {
      case 'open':
        // is_deactivated belongs to pause / unpause only; opening or reopening is plain activation.
        this.#emitMarket(ticker, { market_ticker: ticker, event_type: 'activated', ...(before === 'paused' ? { is_deactivated: false } : {}) });
        return;
      case 'paused':
        this.#emitMarket(ticker, { market_ticker: ticker, event_type: 'deactivated', is_deactivated: true });
        return;
      case 'closed':
        // Kalshi has no "closed" event: trading ending now is the close date moving to now.
        this.#emitMarket(ticker, { market_ticker: ticker, event_type: 'close_date_updated', close_ts: seconds(ts) });
        return;
      case 'settled': {
        const settledMs = info.settledTs ?? ts;
        const determined: MarketMsg = { market_ticker: ticker, event_type: 'determined', determination_ts: seconds(settledMs) };
        if (info.result !== undefined) determined.result = info.result;
        if (info.settlementValue !== undefined) determined.settlement_value = price(info.settlementValue);
        this.#emitMarket(ticker, determined);
        this.#emitMarket(ticker, { market_ticker: ticker, event_type: 'settled', settled_ts: seconds(settledMs) });
        return;
      }
      default:
        return;
    }
  }

  #eventCreated(market: rest.Market): void {
    const event = this.#host.db.events.get(market.event_ticker);
    if (!event) return;
    const msg: EventMsg = {
      event_ticker: event.event_ticker,
      exchange_index: 0,
      title: event.title,
      subtitle: event.sub_title,
      collateral_return_type: (COLLATERAL.has(event.collateral_return_type) ? event.collateral_return_type : '') as EventMsg['collateral_return_type'],
      series_ticker: event.series_ticker,
    };
    const strike = isoToMs(event.strike_date);
    if (strike !== null) msg.strike_date = seconds(strike);
    if (event.strike_period) msg.strike_period = event.strike_period;
    this.#emit(this.#channelOf(market.ticker), 'event_lifecycle', msg);
  }

  #emitMarket(ticker: string, msg: MarketMsg): void {
    const channel = this.#channelOf(ticker);
    this.#emit(channel, channel, msg);
  }

  #emit(channel: 'market_lifecycle_v2' | 'multivariate_market_lifecycle', type: string, msg: unknown): void {
    for (const sub of this.#host.subscribers(channel)) sub.connection.data(sub, type, msg);
  }

  #channelOf(ticker: string): 'market_lifecycle_v2' | 'multivariate_market_lifecycle' {
    return this.#isMve(ticker) ? 'multivariate_market_lifecycle' : 'market_lifecycle_v2';
  }

  #isMve(ticker: string): boolean {
    let mve = this.#mve.get(ticker);
    if (mve === undefined) {
      mve = Boolean(this.#host.db.markets.get(ticker)?.mve_collection_ticker);
      this.#mve.set(ticker, mve);
    }
    return mve;
  }
}

/**
 * Markets whose status may have changed. Status changes that cancel nothing leave an empty
 * result, so an empty result means "look at every market"; otherwise only markets the operation
 * settled or cancelled orders of for market reasons.
 */
function candidates(result: OpResult, engine: Engine): Iterable<string> {
  const empty =
    result.order === undefined &&
    result.fills.length === 0 &&
    result.trades.length === 0 &&
    result.touchedOrders.length === 0 &&
    result.touchedAccounts.length === 0 &&
    result.touchedPositions.length === 0 &&
    result.bookDeltas.length === 0 &&
    (result.settlements?.length ?? 0) === 0;
  if (empty) return engine.listMarkets().map((m) => m.ticker);
  const out = new Set<string>();
  for (const o of result.touchedOrders) if (o.lastUpdateReason?.startsWith('market_')) out.add(o.ticker);
  for (const s of result.settlements ?? []) out.add(s.ticker);
  return out;
}
