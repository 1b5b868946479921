/**
 * One market's book: snapshot and delta handling, corruption checks, and the YES / NO views.
 * Storage (two ascending bid ladders in one buffer) lives in ./storage.ts.
 */

import { KalshiError, ValidationError } from '../core/errors.js';
import type { OrderbookCountFp } from '../generated/rest-types.js';
import type { OrderbookDeltaPayload } from '../generated/ws-types.js';
import { diffLeg } from './diff.js';
import { BookCorruptionError, StaleBookError, type CorruptionKind } from './errors.js';
import { UNITS_PER_DOLLAR as ONE, formatCentis, formatHalfUnits, formatUnits, parseCentis, parsePriceUnits } from './fixed.js';
import { parseBook, type ParsedBook, type SnapshotInput } from './snapshot.js';
import { BookStorage } from './storage.js';

export type Side = 'yes' | 'no';
export type BookSide = 'bid' | 'ask';
export type DeltaMsg = OrderbookDeltaPayload['msg'];

/** A level for display: dollars and contracts as Kalshi prints them. */
export interface Level {
  price: string;
  size: string;
}

/** A level as integers: price in $0.0001 units, size in hundredths of a contract. */
export interface RawLevel {
  price: number;
  size: number;
}

export interface OrderBookOptions {
  ticker?: string;
  /**
   * Set when the subscription was made with `use_yes_price: true`: NO-side snapshot levels and
   * deltas then arrive priced on the YES leg and are flipped back. Reads and `toJSON()` always
   * price NO bids on the NO leg, as the REST orderbook does.
   */
  useYesPrice?: boolean;
}

export interface DiffOptions {
  /** Compare only the best N levels per leg, for a REST book fetched with `?depth=N`. */
  depth?: number;
}

function requireSide(side: Side): boolean {
  if (side === 'yes') return true;
  if (side === 'no') return false;
  throw new ValidationError('side', `${JSON.stringify(side)} is neither 'yes' nor 'no'`);
}

function requireBookSide(book: BookSide): boolean {
  if (book === 'bid') return true;
  if (book === 'ask') return false;
  throw new ValidationError('book', `${JSON.stringify(book)} is neither 'bid' nor 'ask'`);
}

function requireCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('n', `expected a whole number of levels, got ${String(n)}`);
  return n;
}

export class OrderBook extends BookStorage {
  private tickerValue: string | undefined;
  private readonly useYesPrice: boolean;
  private staleWhy: string | undefined = undefined;

  /** An empty book; it becomes meaningful with `applySnapshot`. */
  constructor(options: OrderBookOptions = {}) {
    super();
    this.tickerValue = options.ticker;
    this.useYesPrice = options.useYesPrice === true;
  }

  /** Builds a book from a socket snapshot (frame or its `msg`) or a REST orderbook response. */
  static fromSnapshot(snapshot: SnapshotInput, options: OrderBookOptions = {}): OrderBook {
    const book = new OrderBook(options);
    book.applySnapshot(snapshot);
    return book;
  }

  get ticker(): string | undefined {
    return this.tickerValue;
  }

  get isStale(): boolean {
    return this.staleWhy !== undefined;
  }

  /** Why the book is stale, or undefined while it is in sync. Readable even when stale. */
  get staleReason(): string | undefined {
    return this.staleWhy;
  }

  /**
   * Stops all reads until the next snapshot. Keeps the first reason, since that is the root
   * cause. Returns true if the book was in sync until now.
   */
  markStale(reason: string): boolean {
    if (this.staleWhy !== undefined) return false;
    this.staleWhy = reason;
    return true;
  }

  /**
   * Replaces the whole book and clears staleness. A malformed or crossed snapshot leaves the
   * book stale and throws BookCorruptionError; a snapshot for another market throws
   * ValidationError and changes nothing.
   */
  applySnapshot(snapshot: SnapshotInput): void {
    let parsed: ParsedBook;
    try {
      parsed = parseBook(snapshot, this.useYesPrice);
    } catch (error) {
      throw this.corrupt('malformed', `unreadable snapshot: ${(error as Error).message}`, error);
    }
    if (parsed.ticker !== undefined) {
      if (this.tickerValue === undefined) this.tickerValue = parsed.ticker;
      else if (parsed.ticker !== this.tickerValue) {
        throw new ValidationError('snapshot', `is for ${parsed.ticker}, but this book holds ${this.tickerValue}`);
      }
    }
    this.load(parsed.yes, parsed.no);
    this.staleWhy = undefined;
    this.checkCrossed();
  }

  /**
   * Applies the `msg` of an `orderbook_delta` frame. Ignored while stale (deltas between a
   * failure and the next snapshot describe a book we no longer have). Throws
   * BookCorruptionError, leaving the book stale, when the delta is unreadable, would take a
   * level below zero, or would cross the book.
   */
  applyDelta(msg: DeltaMsg): void {
    if (this.staleWhy !== undefined) return;
    const ticker = msg.market_ticker;
    if (ticker !== this.tickerValue && ticker !== undefined && this.tickerValue !== undefined) {
      throw new ValidationError('market_ticker', `delta is for ${ticker}, but this book holds ${this.tickerValue}`);
    }
    this.applyRoutedDelta(msg);
  }

  /**
   * @internal applyDelta for a delta that BookManager found this book by: its ticker is known to
   * match, and comparing two equal tickers held in different strings costs more than the update.
   */
  applyRoutedDelta(msg: DeltaMsg): void {
    if (this.staleWhy !== undefined) return;
    let price: number;
    let delta: number;
    try {
      price = parsePriceUnits(msg.price_dollars, 'price_dollars');
      delta = parseCentis(msg.delta_fp, 'delta_fp');
    } catch (error) {
      throw this.corrupt('malformed', `unreadable delta: ${(error as Error).message}`, error);
    }
    this.applyDeltaRaw(price, delta, msg.side);
  }

  /**
   * The hot path: `price` in $0.0001 units as the subscription prices it (YES-leg for NO deltas
   * under `useYesPrice`), `delta` in signed hundredths of a contract. Same rules as applyDelta.
   */
  applyDeltaRaw(price: number, delta: number, side: Side): void {
    if (this.staleWhy !== undefined) return;
    let yes: boolean;
    if (side === 'yes') yes = true;
    else if (side === 'no') {
      yes = false;
      if (this.useYesPrice) price = ONE - price;
    } else throw this.corrupt('malformed', `delta side ${JSON.stringify(side)} is neither 'yes' nor 'no'`);
    if (!(price > 0 && price < ONE && (price | 0) === price)) {
      throw this.corrupt('malformed', `delta price ${String(price)} units is not a bid price between $0.0001 and $0.9999`);
    }
    if (!Number.isSafeInteger(delta)) throw this.corrupt('malformed', `delta size ${String(delta)} is not a whole number of hundredths`);

    const base = yes ? 0 : this.capYes;
    const end = base + (yes ? this.nYes : this.nNo);
    const prices = this.prices;
    let lo = base;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (prices[mid]! < price) lo = mid + 1;
      else hi = mid;
    }
    if (lo < end && prices[lo] === price) {
      const sizes = this.sizes;
      const next = sizes[lo]! + delta;
      if (next > 0) {
        if (next > Number.MAX_SAFE_INTEGER) throw this.corrupt('overflow', `level ${formatUnits(price)} would exceed 2^53 hundredths`);
        sizes[lo] = next;
      } else if (next === 0) {
        this.removeAt(lo, end, yes);
      } else {
        throw this.negative(side, price, delta, sizes[lo]!);
      }
    } else if (delta > 0) {
      this.insertAt(lo - base, price, delta, yes);
      // Sizes never move prices, so only a new best bid can cross an uncrossed book.
      if (lo === end) this.checkCrossed();
    } else if (delta < 0) {
      throw this.negative(side, price, delta, 0);
    }
  }

  /** Best bid on that leg in $0.0001 units, or undefined when the leg has no bids. */
  bestBid(side: Side): number | undefined {
    const i = this.topIndex(requireSide(side));
    return i < 0 ? undefined : this.prices[i];
  }

  /** Best ask on that leg, derived from the other leg: YES ask = $1 - best NO bid. */
  bestAsk(side: Side): number | undefined {
    const i = this.topIndex(!requireSide(side));
    return i < 0 ? undefined : ONE - this.prices[i]!;
  }

  /** Size at the best bid, in hundredths of a contract. */
  bestBidSize(side: Side): number | undefined {
    const i = this.topIndex(requireSide(side));
    return i < 0 ? undefined : this.sizes[i];
  }

  /** Size at the best ask, in hundredths of a contract. */
  bestAskSize(side: Side): number | undefined {
    const i = this.topIndex(!requireSide(side));
    return i < 0 ? undefined : this.sizes[i];
  }

  /** Ask minus bid in units; the same number for both legs. Undefined if either is missing. */
  spread(side: Side): number | undefined {
    const bid = this.bestBid(side);
    const ask = this.bestAsk(side);
    return bid === undefined || ask === undefined ? undefined : ask - bid;
  }

  /**
   * Twice the mid in units (bid + ask), an integer even when the mid falls on half a unit.
   * Compare and sort with this; use `mid()` to show it.
   */
  midRaw(side: Side): number | undefined {
    const bid = this.bestBid(side);
    const ask = this.bestAsk(side);
    return bid === undefined || ask === undefined ? undefined : bid + ask;
  }

  /** Exact mid in dollars: 4 decimals, or 5 when it falls on half a unit ("0.56005"). */
  mid(side: Side): string | undefined {
    const twice = this.midRaw(side);
    return twice === undefined ? undefined : formatHalfUnits(twice);
  }

  /** Number of price levels on that side of that leg. */
  levels(side: Side, book: BookSide = 'bid'): number {
    this.readable();
    const yes = requireSide(side) === requireBookSide(book);
    return yes ? this.nYes : this.nNo;
  }

  /** The best `n` levels, best first, for display. Asks are the other leg's bids, re-priced. */
  depth(side: Side, n: number, book: BookSide = 'bid'): Level[] {
    return this.depthRaw(side, n, book).map((l) => ({ price: formatUnits(l.price), size: formatCentis(l.size) }));
  }

  /** Like depth(), as integers: price in units, size in hundredths. */
  depthRaw(side: Side, n: number, book: BookSide = 'bid'): RawLevel[] {
    this.readable();
    const bid = requireBookSide(book);
    const yes = requireSide(side) === bid;
    const count = Math.min(requireCount(n), yes ? this.nYes : this.nNo);
    const top = (yes ? 0 : this.capYes) + (yes ? this.nYes : this.nNo) - 1;
    const out = new Array<RawLevel>(count);
    for (let k = 0; k < count; k++) {
      const p = this.prices[top - k]!;
      out[k] = { price: bid ? p : ONE - p, size: this.sizes[top - k]! };
    }
    return out;
  }

  /**
   * Hundredths of a contract available at `price` or better: bids priced at or above it, or
   * asks at or below it. `price` is in units, or a dollar string.
   */
  volumeAtOrBetter(side: Side, book: BookSide, price: number | string): number {
    this.readable();
    const bid = requireBookSide(book);
    const yes = requireSide(side) === bid;
    const units = typeof price === 'string' ? parsePriceUnits(price) : price;
    if (!Number.isSafeInteger(units)) throw new ValidationError('price', `expected whole $0.0001 units, got ${String(units)}`);
    // An ask at or below p is a bid on the other leg at or above $1 - p.
    const threshold = bid ? units : ONE - units;
    const base = yes ? 0 : this.capYes;
    const end = base + (yes ? this.nYes : this.nNo);
    let total = 0;
    for (let i = end - 1; i >= base && this.prices[i]! >= threshold; i--) total += this.sizes[i]!;
    if (total > Number.MAX_SAFE_INTEGER) throw new KalshiError('volume exceeds 2^53 hundredths and cannot be returned exactly');
    return total;
  }

  /** Same book, level for level, as a REST orderbook (or a snapshot) describes. */
  equals(other: SnapshotInput, options: DiffOptions = {}): boolean {
    return this.diff(other, options) === undefined;
  }

  /**
   * The first difference from `other` (best levels first), or undefined when equal. Meant for
   * test and log messages. Level order in `other` does not matter. Throws ValidationError if
   * `other` is malformed.
   */
  diff(other: SnapshotInput, options: DiffOptions = {}): string | undefined {
    this.readable();
    const depth = options.depth === undefined || options.depth <= 0 ? Infinity : requireCount(options.depth);
    const parsed = parseBook(other, this.useYesPrice, 'other');
    return diffLeg('yes', this.legView(true), parsed.yes, depth) ?? diffLeg('no', this.legView(false), parsed.no, depth);
  }

  /** The REST `orderbook_fp` shape, ascending like the exchange's own, so it round-trips. */
  toJSON(): OrderbookCountFp {
    this.readable();
    return { yes_dollars: this.legToJSON(true), no_dollars: this.legToJSON(false) };
  }

  private readable(): void {
    if (this.staleWhy !== undefined) throw new StaleBookError(this.tickerValue, this.staleWhy);
  }

  private topIndex(yes: boolean): number {
    this.readable();
    return yes ? this.nYes - 1 : this.nNo === 0 ? -1 : this.capYes + this.nNo - 1;
  }

  private legToJSON(yes: boolean): string[][] {
    const { prices, sizes } = this.legView(yes);
    const out = new Array<string[]>(prices.length);
    for (let i = 0; i < prices.length; i++) out[i] = [formatUnits(prices[i]!), formatCentis(sizes[i]!)];
    return out;
  }

  private corrupt(kind: CorruptionKind, reason: string, cause?: unknown): BookCorruptionError {
    this.staleWhy ??= reason;
    return new BookCorruptionError(this.tickerValue, kind, reason, cause === undefined ? undefined : { cause });
  }

  private negative(side: Side, price: number, delta: number, size: number): BookCorruptionError {
    const shown = side === 'no' && this.useYesPrice ? ONE - price : price;
    return this.corrupt(
      'negative',
      `delta ${formatCentis(delta)} on ${side} ${formatUnits(shown)} would leave ${formatCentis(size + delta)} (level held ${formatCentis(size)})`,
    );
  }

  private checkCrossed(): void {
    if (this.nYes === 0 || this.nNo === 0) return;
    const yes = this.prices[this.nYes - 1]!;
    const no = this.prices[this.capYes + this.nNo - 1]!;
    // A YES bid at p and a NO bid at q with p + q >= $1 would have matched each other.
    if (yes + no >= ONE) {
      throw this.corrupt('crossed', `book crossed: best YES bid ${formatUnits(yes)} + best NO bid ${formatUnits(no)} >= $1`);
    }
  }
}
