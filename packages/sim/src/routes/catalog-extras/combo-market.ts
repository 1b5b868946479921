import type { rest } from 'kalshi-ts/generated';
import { buildMarket } from '../../admin/market-template.js';
import type { StoredEvent } from '../../db/events.js';
import { isoToMs } from '../../db/query.js';
import { hexTag } from '../../seed/extras/hash.js';
import { DAY, iso, toTick } from '../../seed/format.js';
import { ApiError, badRequest, invalidParameters, notFound } from '../../server/errors.js';
import type { HandlerContext, Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { extrasStore, type Collection } from './store.js';

type Leg = rest.TickerPair;

/** Kalshi caps how many combo markets one user may create in a week. */
const WEEKLY_CREATIONS = 5000;

/** Checks the legs against the collection's rules; returns each leg's catalog market. */
function checkLegs(exchange: ExchangeState, collection: Collection, legs: readonly Leg[]): rest.Market[] {
  const { db } = exchange;
  if (legs.length < collection.size_min || legs.length > collection.size_max) {
    const range = collection.size_min === collection.size_max ? `${collection.size_min}` : `${collection.size_min} to ${collection.size_max}`;
    throw invalidParameters(`selected_markets: collection ${collection.collection_ticker} takes ${range} legs, got ${legs.length}`);
  }
  const seen = new Set<string>();
  const perEvent = new Map<string, number>();
  const markets = legs.map((leg, i) => {
    const at = `selected_markets[${i}]`;
    const rules = collection.associated_events.find((e) => e.ticker === leg.event_ticker);
    if (!rules) throw invalidParameters(`${at}.event_ticker: event ${leg.event_ticker} is not part of collection ${collection.collection_ticker}`);
    const market = db.markets.get(leg.market_ticker);
    if (!market || market.event_ticker !== leg.event_ticker) {
      throw invalidParameters(`${at}.market_ticker: ${leg.market_ticker} is not a market of event ${leg.event_ticker}`);
    }
    if (leg.side === 'no' && rules.is_yes_only) throw invalidParameters(`${at}.side: event ${leg.event_ticker} only takes yes legs`);
    if (seen.has(leg.market_ticker)) throw invalidParameters(`${at}.market_ticker: market ${leg.market_ticker} is chosen twice`);
    seen.add(leg.market_ticker);
    perEvent.set(leg.event_ticker, (perEvent.get(leg.event_ticker) ?? 0) + 1);
    return market;
  });
  for (const rules of collection.associated_events) {
    const n = perEvent.get(rules.ticker) ?? 0;
    const max = rules.size_max ?? collection.size_max;
    if (n > max) throw invalidParameters(`selected_markets: at most ${max} legs from event ${rules.ticker}, got ${n}`);
    if (rules.size_min != null && n < rules.size_min) throw invalidParameters(`selected_markets: at least ${rules.size_min} legs from event ${rules.ticker}, got ${n}`);
  }
  return markets;
}

/** YES value of the combo: the legs priced as independent, each on its chosen side. */
function comboFairPrice(exchange: ExchangeState, legs: readonly Leg[], markets: readonly rest.Market[]): number {
  let p = 1;
  legs.forEach((leg, i) => {
    const units = exchange.db.markets.fairPrice(leg.market_ticker) ?? Number(markets[i]!.last_price_dollars) * 10_000;
    const yes = Math.min(0.999, Math.max(0.001, units / 10_000 || 0.5));
    p *= leg.side === 'yes' ? yes : 1 - yes;
  });
  return toTick(p, 'deci_cent');
}

function comboEvent(exchange: ExchangeState, collection: Collection, ticker: string, eventTickers: readonly string[], nowMs: number): StoredEvent {
  const { db } = exchange;
  const legs = eventTickers.map((t) => db.events.get(t)!);
  const sources = new Map<string, rest.SettlementSource>();
  for (const e of legs) for (const s of e.settlement_sources ?? []) sources.set(`${s.name ?? ''}|${s.url ?? ''}`, s);
  return {
    event_ticker: ticker,
    series_ticker: collection.series_ticker,
    sub_title: collection.title,
    title: legs.map((e) => e.title).join(' + '),
    collateral_return_type: '',
    mutually_exclusive: false,
    category: db.series.get(collection.series_ticker)?.category ?? '',
    settlement_sources: [...sources.values()],
    last_updated_ts: iso(nowMs),
  };
}

function comboMarket(collection: Collection, ticker: string, eventTicker: string, legs: readonly Leg[], markets: readonly rest.Market[], nowMs: number): rest.Market {
  const names = legs.map((leg, i) => `${leg.side} ${markets[i]!.yes_sub_title}`).join(',');
  // A combo cannot outlive any of its legs, nor its collection.
  const closeMs = Math.min(isoToMs(collection.close_date)!, ...markets.map((m) => isoToMs(m.close_time)!));
  const market = buildMarket(
    {
      ticker,
      event_ticker: eventTicker,
      title: names,
      yes_sub_title: names,
      no_sub_title: names,
      status: 'active',
      price_level_structure: 'deci_cent',
      open_ms: nowMs,
      close_ms: closeMs,
      rules_primary: `If every leg settles on its chosen side (${names}), the market resolves to Yes; otherwise it resolves to No.`,
    },
    nowMs,
  );
  return {
    ...market,
    rules_secondary: `Combo of collection ${collection.collection_ticker}. Each leg settles by the rules of its own market.`,
    mve_collection_ticker: collection.collection_ticker,
    mve_selected_legs: legs.map((l) => ({ event_ticker: l.event_ticker, market_ticker: l.market_ticker, side: l.side })),
  };
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byTicker = (a: Leg, b: Leg) => compare(a.event_ticker, b.event_ticker) || compare(a.market_ticker, b.market_ticker);

type Ctx = HandlerContext<'CreateMarketInMultivariateEventCollection'>;

/**
 * The same legs always name the same combo market (order matters only in an ordered collection);
 * asking again returns it. A new combo is a real market: a catalog row built like an admin-created
 * one, then the engine's book, in one transaction.
 */
function createComboMarket({ exchange, params, body, auth }: Ctx) {
  const { db } = exchange;
  const store = extrasStore(db);
  const collection = store.collection(params.collection_ticker);
  if (!collection) throw notFound(`collection_ticker: collection not found: ${params.collection_ticker}`);
  const now = exchange.clock.now();
  if (now < isoToMs(collection.open_date)!) throw badRequest(`collection_ticker: collection ${collection.collection_ticker} opens at ${collection.open_date}`, '', 'collection_not_open');
  if (now >= isoToMs(collection.close_date)!) throw badRequest(`collection_ticker: collection ${collection.collection_ticker} closed at ${collection.close_date}`, '', 'collection_closed');

  const given = body!.selected_markets;
  const markets = checkLegs(exchange, collection, given);
  const order = given.map((leg, i) => ({ leg, market: markets[i]! }));
  if (!collection.is_ordered) order.sort((a, b) => byTicker(a.leg, b.leg));
  const legs = order.map((o) => o.leg);
  const legMarkets = order.map((o) => o.market);
  const legsKey = legs.map((l) => `${l.market_ticker}:${l.side}`).join(',');

  let row = store.mveMarketByLegs(collection.collection_ticker, legsKey);
  if (!row) {
    // Only a new combo needs every leg trading; an existing one is named whatever its legs do now.
    given.forEach((leg, i) => {
      const status = markets[i]!.status;
      if (status !== 'active') throw invalidParameters(`selected_markets[${i}].market_ticker: market ${leg.market_ticker} is not open for trading (status ${status})`);
    });
    const user = auth!.userId;
    if (store.creationsSince(user, now - 7 * DAY) >= WEEKLY_CREATIONS) {
      throw new ApiError(429, 'too_many_requests', `combo market creations are limited to ${WEEKLY_CREATIONS} per week`);
    }
    const eventTickers = [...new Set(legs.map((l) => l.event_ticker))];
    const eventTicker = `${collection.series_ticker}-S${hexTag(10, collection.collection_ticker, eventTickers.join(','))}`;
    const ticker = `${eventTicker}-${hexTag(10, collection.collection_ticker, legsKey)}`;
    const market = comboMarket(collection, ticker, eventTicker, legs, legMarkets, now);
    const fair = comboFairPrice(exchange, legs, legMarkets);
    row = { market_ticker: ticker, collection_ticker: collection.collection_ticker, event_ticker: eventTicker, legs_key: legsKey, creator: user, created_ts: now };
    const created = row;
    db.transaction(() => {
      if (!store.hasMveEvent(eventTicker)) {
        db.events.insert(comboEvent(exchange, collection, eventTicker, eventTickers, now));
        store.insertMveEvent(eventTicker, collection.collection_ticker, collection.series_ticker, now);
      }
      db.markets.insert(market, fair);
      store.insertMveMarket(created);
      exchange.trading.addMarket(ticker);
    });
  }
  const market = body!.with_market_payload ? db.markets.get(row.market_ticker) : undefined;
  return { body: { event_ticker: row.event_ticker, market_ticker: row.market_ticker, ...(market && { market }) } };
}

export const comboMarketHandlers: Handlers = {
  CreateMarketInMultivariateEventCollection: createComboMarket,
};
