/**
 * Many books fed by one `orderbook_delta` subscription. The manager routes frames by
 * `msg.market_ticker` and turns corruption into a 'stale' event; it does not check `seq`, which
 * is the socket client's job (on a gap the client calls `markStale` and asks for a snapshot).
 */

import { ValidationError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { OrderbookDeltaPayload, OrderbookSnapshotPayload } from '../generated/ws-types.js';
import { Emitter, type Listener } from './emitter.js';
import { BookCorruptionError } from './errors.js';
import { OrderBook, type DeltaMsg } from './order-book.js';
import type { WsSnapshotMsg } from './snapshot.js';

export type BookEvents = {
  /** The book changed: after every applied delta and every snapshot. */
  update: [ticker: string];
  /** The book stopped being trustworthy; reads throw StaleBookError until its next snapshot. */
  stale: [ticker: string, reason: string];
  /** A snapshot replaced the book (fires before the matching 'update'). */
  snapshot: [ticker: string];
};

export type BookFrame = OrderbookSnapshotPayload | OrderbookDeltaPayload;

/** Any parsed socket frame; frames of other channels are ignored. */
export interface AnyFrame {
  readonly type: string;
  readonly msg?: unknown;
}

export interface BookManagerOptions {
  /** The subscription used `use_yes_price: true`; see OrderBookOptions.useYesPrice. */
  useYesPrice?: boolean;
  /** Receives errors thrown by event listeners, which never reach the frame loop. */
  logger?: Logger;
}

export class BookManager {
  private readonly books = new Map<string, OrderBook>();
  private readonly useYesPrice: boolean;
  private readonly logger: Logger;
  private readonly events: Emitter<BookEvents>;

  constructor(options: BookManagerOptions = {}) {
    this.useYesPrice = options.useYesPrice === true;
    this.logger = options.logger ?? silentLogger;
    this.events = new Emitter<BookEvents>((error, event) => {
      this.logger.error('order book listener threw', { event, error });
    });
  }

  on<K extends keyof BookEvents>(event: K, listener: Listener<BookEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  off<K extends keyof BookEvents>(event: K, listener: Listener<BookEvents[K]>): void {
    this.events.off(event, listener);
  }

  /**
   * Feeds one parsed frame. Returns true for `orderbook_snapshot` / `orderbook_delta` frames and
   * false for anything else, so a socket loop can offer every frame. Bad data never throws
   * here: the market's book goes stale and 'stale' fires. Throws ValidationError only for a
   * book frame without a `msg.market_ticker`, which cannot be routed to any book.
   */
  handle(frame: BookFrame | AnyFrame): boolean {
    const type = frame.type;
    if (type === 'orderbook_delta') {
      this.onDelta((frame as OrderbookDeltaPayload).msg);
      return true;
    }
    if (type === 'orderbook_snapshot') {
      this.onSnapshot((frame as OrderbookSnapshotPayload).msg);
      return true;
    }
    return false;
  }

  /** The market's book, stale or not (its reads throw while stale), or undefined if never seen. */
  get(ticker: string): OrderBook | undefined {
    return this.books.get(ticker);
  }

  has(ticker: string): boolean {
    return this.books.has(ticker);
  }

  get size(): number {
    return this.books.size;
  }

  tickers(): IterableIterator<string> {
    return this.books.keys();
  }

  /** Markets whose book awaits a snapshot, e.g. to re-request them after a reconnect. */
  staleTickers(): string[] {
    const out: string[] = [];
    for (const [ticker, book] of this.books) if (book.isStale) out.push(ticker);
    return out;
  }

  /**
   * Marks one market's book, or every book with 'all', stale until its next snapshot. Emits
   * 'stale' only for books that were in sync, so repeated calls do not repeat events. Unknown
   * tickers are ignored. Returns how many books became stale.
   */
  markStale(ticker: string | 'all', reason: string): number {
    if (ticker !== 'all') return this.staleOne(ticker, this.books.get(ticker), reason) ? 1 : 0;
    let count = 0;
    for (const [t, book] of this.books) if (this.staleOne(t, book, reason)) count++;
    return count;
  }

  /** Forgets a market, e.g. after unsubscribing from it. */
  delete(ticker: string): boolean {
    return this.books.delete(ticker);
  }

  clear(): void {
    this.books.clear();
  }

  private staleOne(ticker: string, book: OrderBook | undefined, reason: string): boolean {
    if (book === undefined || !book.markStale(reason)) return false;
    this.events.emit('stale', ticker, reason);
    return true;
  }

  private onDelta(msg: DeltaMsg): void {
    const ticker = routeOf(msg);
    const book = this.books.get(ticker);
    if (book === undefined) {
      // Nothing to apply it to: keep a stale placeholder so get() explains what happened and
      // the client knows to ask for a snapshot.
      const placeholder = new OrderBook({ ticker, useYesPrice: this.useYesPrice });
      this.books.set(ticker, placeholder);
      this.staleOne(ticker, placeholder, 'delta arrived before any snapshot');
      return;
    }
    if (book.isStale) return;
    try {
      book.applyRoutedDelta(msg);
    } catch (error) {
      this.failed(ticker, book, error);
      return;
    }
    this.events.emit('update', ticker);
  }

  private onSnapshot(msg: WsSnapshotMsg): void {
    const ticker = routeOf(msg);
    let book = this.books.get(ticker);
    if (book === undefined) {
      book = new OrderBook({ ticker, useYesPrice: this.useYesPrice });
      this.books.set(ticker, book);
    }
    try {
      book.applySnapshot(msg);
    } catch (error) {
      this.failed(ticker, book, error);
      return;
    }
    this.events.emit('snapshot', ticker);
    this.events.emit('update', ticker);
  }

  private failed(ticker: string, book: OrderBook, error: unknown): void {
    if (error instanceof BookCorruptionError) {
      // The book marked itself stale before throwing; announce it.
      this.events.emit('stale', ticker, error.reason);
      return;
    }
    // Not expected from a routed frame, but a book we cannot vouch for must not stay readable.
    this.logger.error('order book update failed', { ticker, error });
    this.staleOne(ticker, book, `update failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function routeOf(msg: { market_ticker?: unknown } | undefined): string {
  const ticker = typeof msg === 'object' && msg !== null ? msg.market_ticker : undefined;
  if (typeof ticker !== 'string' || ticker === '') {
    throw new ValidationError('msg.market_ticker', 'an order book frame must name its market to be routed');
  }
  return ticker;
}
