// Order book of one market: two bid ladders, YES bids at YES prices and NO bids (the V2 asks) at
// NO prices. Prices are bounded (0..10_000 units), so levels live in a dense array indexed by
// price for O(1) lookup, next to a sorted array of the non-empty prices so the best level and the
// walk down the ladder never scan empty ticks. Each level is an intrusive FIFO of orders.

import type { OrderRec } from './records.js';
import { bookPrice } from './records.js';
import { PRICE_SCALE } from './types.js';

export class Level {
  readonly price: number;
  total = 0;
  size = 0;
  head: OrderRec | undefined;
  tail: OrderRec | undefined;

  constructor(price: number) {
    this.price = price;
  }
}

export class Ladder {
  private readonly levels: (Level | undefined)[] = new Array<Level | undefined>(PRICE_SCALE + 1);
  /** Non-empty prices, ascending: the best bid is the last element. */
  readonly prices: number[] = [];

  level(price: number): Level | undefined {
    return this.levels[price];
  }

  /** Best (highest) price, or -1 when empty. */
  best(): number {
    const n = this.prices.length;
    return n === 0 ? -1 : (this.prices[n - 1] as number);
  }

  append(o: OrderRec, price: number): void {
    let lv = this.levels[price];
    if (lv === undefined) {
      lv = new Level(price);
      this.levels[price] = lv;
      this.insertPrice(price);
    }
    o.lvNext = undefined;
    o.lvPrev = lv.tail;
    if (lv.tail === undefined) lv.head = o;
    else lv.tail.lvNext = o;
    lv.tail = o;
    lv.size += 1;
    lv.total += o.remainingCount;
  }

  /** Unlinks an order that currently holds `count` at `price`. */
  remove(o: OrderRec, price: number, count: number): void {
    const lv = this.levels[price];
    if (lv === undefined) return;
    if (o.lvPrev === undefined) lv.head = o.lvNext;
    else o.lvPrev.lvNext = o.lvNext;
    if (o.lvNext === undefined) lv.tail = o.lvPrev;
    else o.lvNext.lvPrev = o.lvPrev;
    o.lvPrev = undefined;
    o.lvNext = undefined;
    lv.size -= 1;
    lv.total -= count;
    if (lv.size === 0) {
      this.levels[price] = undefined;
      this.removePrice(price);
    }
  }

  /** Count of orders ahead of `o` at its level. */
  ahead(o: OrderRec): number {
    let n = 0;
    for (let p = o.lvPrev; p !== undefined; p = p.lvPrev) n += p.remainingCount;
    return n;
  }

  private insertPrice(price: number): void {
    const a = this.prices;
    // New levels are most often at or near the top of the book, so search from the end.
    let i = a.length;
    while (i > 0 && (a[i - 1] as number) > price) i -= 1;
    a.splice(i, 0, price);
  }

  private removePrice(price: number): void {
    const a = this.prices;
    let i = a.length - 1;
    if (a[i] === price) {
      a.pop();
      return;
    }
    let lo = 0;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((a[mid] as number) < price) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
    if (a[i] === price) a.splice(i, 1);
  }
}

export class Book {
  readonly yes = new Ladder();
  readonly no = new Ladder();

  ladderFor(o: OrderRec): Ladder {
    return o.side === 'bid' ? this.yes : this.no;
  }

  add(o: OrderRec): void {
    this.ladderFor(o).append(o, bookPrice(o.side, o.price));
  }

  remove(o: OrderRec): void {
    this.ladderFor(o).remove(o, bookPrice(o.side, o.price), o.remainingCount);
  }

  /** Lowers a resting order's level total after a fill or a decrease (the order keeps its place). */
  shrink(o: OrderRec, by: number): void {
    const lv = this.ladderFor(o).level(bookPrice(o.side, o.price));
    if (lv !== undefined) lv.total -= by;
  }
}
