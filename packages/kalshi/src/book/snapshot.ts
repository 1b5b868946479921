/**
 * Turns the several shapes a full book arrives in (socket snapshot, REST orderbook) into
 * validated, ascending price/size arrays. Off the hot path: a snapshot comes once per
 * (re)subscription, so clarity wins over speed here.
 */

import { ValidationError } from '../core/errors.js';
import type { GetMarketOrderbookResponse, MarketOrderbookFp, OrderbookCountFp } from '../generated/rest-types.js';
import type { OrderbookSnapshotPayload } from '../generated/ws-types.js';
import { UNITS_PER_DOLLAR, formatUnits, parseCentis, parsePriceUnits } from './fixed.js';

export type WsSnapshotMsg = OrderbookSnapshotPayload['msg'];

/**
 * Anything that describes a whole book: the `msg` of an `orderbook_snapshot` frame (or the whole
 * frame), the REST `orderbook_fp` object, or a REST response that wraps it.
 */
export type SnapshotInput =
  | WsSnapshotMsg
  | OrderbookSnapshotPayload
  | OrderbookCountFp
  | GetMarketOrderbookResponse
  | MarketOrderbookFp;

/** One leg's bids, ascending by price, no duplicates, every size > 0. */
export interface LegLevels {
  prices: number[];
  sizes: number[];
}

export interface ParsedBook {
  ticker: string | undefined;
  yes: LegLevels;
  no: LegLevels;
}

type RawLevels = readonly (readonly string[])[] | undefined;

interface Located {
  ticker: string | undefined;
  yes: RawLevels;
  no: RawLevels;
  /** Only socket snapshots honour `use_yes_price`; REST always prices NO bids on the NO leg. */
  fromSocket: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function locate(input: unknown, field: string): Located {
  if (!isObject(input)) throw new ValidationError(field, `expected an order book object, got ${typeof input}`);
  if (input.type === 'orderbook_snapshot' && isObject(input.msg)) return locate(input.msg, `${field}.msg`);
  if (isObject(input.orderbook_fp)) {
    const inner = locate(input.orderbook_fp, `${field}.orderbook_fp`);
    return { ...inner, ticker: typeof input.ticker === 'string' ? input.ticker : undefined };
  }
  const ticker = typeof input.market_ticker === 'string' ? input.market_ticker : undefined;
  if ('yes_dollars_fp' in input || 'no_dollars_fp' in input || ticker !== undefined) {
    // The socket leaves a side's key out entirely when that side has no bids.
    return { ticker, yes: input.yes_dollars_fp as RawLevels, no: input.no_dollars_fp as RawLevels, fromSocket: true };
  }
  if ('yes_dollars' in input || 'no_dollars' in input) {
    return { ticker: undefined, yes: input.yes_dollars as RawLevels, no: input.no_dollars as RawLevels, fromSocket: false };
  }
  throw new ValidationError(
    field,
    'not an order book: expected an orderbook_snapshot msg (yes_dollars_fp / no_dollars_fp) ' +
      'or a REST orderbook (orderbook_fp with yes_dollars / no_dollars)',
  );
}

function parseLeg(raw: unknown, field: string, flip: boolean): LegLevels {
  if (raw === undefined || raw === null) return { prices: [], sizes: [] };
  if (!Array.isArray(raw)) throw new ValidationError(field, `expected an array of [price, count] pairs, got ${typeof raw}`);
  const pairs: [number, number][] = [];
  let ascending = true;
  for (let i = 0; i < raw.length; i++) {
    const level: unknown = raw[i];
    if (!Array.isArray(level) || level.length < 2) {
      throw new ValidationError(`${field}[${i}]`, 'expected a [price_dollars, count_fp] pair');
    }
    let price = parsePriceUnits(level[0] as string, `${field}[${i}][0]`);
    const size = parseCentis(level[1] as string, `${field}[${i}][1]`);
    if (price <= 0 || price >= UNITS_PER_DOLLAR) {
      throw new ValidationError(`${field}[${i}][0]`, `${JSON.stringify(level[0])} is not a bid price strictly between 0 and 1 dollar`);
    }
    if (size < 0) throw new ValidationError(`${field}[${i}][1]`, `${JSON.stringify(level[1])} is a negative level size`);
    // A zero level carries no liquidity; dropping it keeps "no level" and "empty level" one state.
    if (size === 0) continue;
    if (flip) price = UNITS_PER_DOLLAR - price;
    const last = pairs[pairs.length - 1];
    if (last !== undefined && price <= last[0]) ascending = false;
    pairs.push([price, size]);
  }
  // Kalshi sends ascending arrays (the spec's prose says best-first), so accept either order.
  if (!ascending) pairs.sort((a, b) => a[0] - b[0]);
  const prices = new Array<number>(pairs.length);
  const sizes = new Array<number>(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const [price, size] = pairs[i]!;
    if (i > 0 && prices[i - 1] === price) {
      throw new ValidationError(field, `price ${formatUnits(flip ? UNITS_PER_DOLLAR - price : price)} appears twice`);
    }
    prices[i] = price;
    sizes[i] = size;
  }
  return { prices, sizes };
}

/**
 * Parses and validates a whole book. `useYesPrice` mirrors the subscription flag of that name:
 * NO bids on the socket then arrive priced on the YES leg and are flipped back here.
 * Throws ValidationError on any malformed level.
 */
export function parseBook(input: SnapshotInput | unknown, useYesPrice: boolean, field = 'snapshot'): ParsedBook {
  const located = locate(input, field);
  const flipNo = useYesPrice && located.fromSocket;
  const yesField = located.fromSocket ? 'yes_dollars_fp' : 'yes_dollars';
  const noField = located.fromSocket ? 'no_dollars_fp' : 'no_dollars';
  return {
    ticker: located.ticker,
    yes: parseLeg(located.yes, `${field}.${yesField}`, false),
    no: parseLeg(located.no, `${field}.${noField}`, flipNo),
  };
}
