import type { rest } from 'kalshi-ts/generated';
import { DAY, HOUR, iso, PRICE_RANGES, type PriceLevelStructure } from '../seed/format.js';

export const STRUCTURES = Object.keys(PRICE_RANGES) as PriceLevelStructure[];
export const NEW_MARKET_STATUSES = ['initialized', 'active', 'inactive', 'closed'] as const;

export interface NewMarket {
  ticker: string;
  event_ticker: string;
  title?: string;
  yes_sub_title?: string;
  no_sub_title?: string;
  status?: (typeof NEW_MARKET_STATUSES)[number];
  price_level_structure?: PriceLevelStructure;
  open_ms?: number;
  close_ms?: number;
  rules_primary?: string;
}

export const createMarketSchema = {
  type: 'object',
  required: ['ticker', 'event_ticker'],
  properties: {
    ticker: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
    event_ticker: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    yes_sub_title: { type: 'string' },
    no_sub_title: { type: 'string' },
    status: { enum: NEW_MARKET_STATUSES },
    price_level_structure: { enum: STRUCTURES },
    open_ms: { type: 'integer', minimum: 0 },
    close_ms: { type: 'integer', minimum: 0 },
    rules_primary: { type: 'string' },
    fair_price_dollars: { type: 'string' },
  },
  additionalProperties: false,
};

/**
 * A complete catalog Market for a market added at run time, shaped like the seeded ones: an
 * empty book, no history, and (unless told otherwise) open now and closing in a week.
 */
export function buildMarket(spec: NewMarket, nowMs: number): rest.Market {
  const open = spec.open_ms ?? nowMs;
  const close = spec.close_ms ?? open + 7 * DAY;
  const structure = spec.price_level_structure ?? 'linear_cent';
  const yes = spec.yes_sub_title ?? spec.ticker;
  return {
    ticker: spec.ticker,
    event_ticker: spec.event_ticker,
    market_type: 'binary',
    title: spec.title ?? `Will ${yes} happen?`,
    subtitle: yes,
    yes_sub_title: yes,
    no_sub_title: spec.no_sub_title ?? `Not ${yes}`,
    created_time: iso(nowMs),
    updated_time: iso(nowMs),
    open_time: iso(open),
    close_time: iso(close),
    expected_expiration_time: iso(close + HOUR),
    expiration_time: iso(close + 7 * DAY),
    latest_expiration_time: iso(close + 7 * DAY),
    settlement_timer_seconds: 3600,
    status: spec.status ?? 'active',
    yes_bid_dollars: '0.0000',
    yes_bid_size_fp: '0.00',
    yes_ask_dollars: '1.0000',
    yes_ask_size_fp: '0.00',
    no_bid_dollars: '0.0000',
    no_ask_dollars: '1.0000',
    last_price_dollars: '0.0000',
    volume_fp: '0.00',
    volume_24h_fp: '0.00',
    open_interest_fp: '0.00',
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: '0.0000',
    previous_yes_ask_dollars: '1.0000',
    previous_price_dollars: '0.0000',
    result: '',
    can_close_early: true,
    expiration_value: '',
    settlement_bounds_type: 'default',
    rules_primary: spec.rules_primary ?? `If ${yes} happens, the market resolves to Yes.`,
    rules_secondary: 'Created through the local exchange admin API.',
    price_level_structure: structure,
    price_ranges: PRICE_RANGES[structure].map((r) => ({ ...r })),
  };
}
