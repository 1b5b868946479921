/**
 * Storage for one market's book, held as two ascending runs of bids (YES leg, NO leg) in a single
 * ArrayBuffer per book: a Float64Array of sizes (integer hundredths of a contract, exact below
 * 2^53) and a Uint16Array of prices (integer $0.0001 units, 1..9999) that share indices.
 *
 *   sizes:  [ YES 0 .. capYes ) [ NO capYes .. capYes+capNo )
 *   prices: same layout, 2 bytes per slot
 *
 * Why this shape (bench/book/ingest.ts measures it; figures from a 2-vCPU EPYC VM, Node 20):
 * - 10 bytes a level and three heap objects a book (buffer + two views): 10,000 books x 50
 *   levels x 2 legs take ~15.7 MB. Separate buffers per array cost ~90 B a book more.
 * - Ascending order puts the best bid last, where most deltas land, so inserts and removals
 *   at the touch shift little or nothing. A delta costs ~40 ns here; JSON.parse of its frame
 *   ~1,300 ns, so the book is not what limits ingest.
 * - A dense array indexed by price was measured at ~9 ns a delta but rejected: it needs the
 *   market's tick, which the book feed does not carry; mixed price_ranges force 0.0001
 *   resolution (9,999 slots, 80 KB a leg); and even a 1-cent grid (1.6 KB a book) is larger
 *   than 50 sorted levels a leg.
 */

import type { LegView } from './diff.js';
import type { LegLevels } from './snapshot.js';

// Shared by every empty book, so placeholders cost no buffer; the first insert reallocates.
const EMPTY_SIZES = new Float64Array(0);
const EMPTY_PRICES = new Uint16Array(0);
const BYTES_PER_LEVEL = Float64Array.BYTES_PER_ELEMENT + Uint16Array.BYTES_PER_ELEMENT;
/** Room left after a snapshot, so the first few new levels do not each reallocate. */
const SNAPSHOT_SLACK = 4;

function grownCapacity(cap: number): number {
  return cap + (cap >> 1) + 4;
}

/**
 * A base class rather than a field of OrderBook: one object per book instead of two, and the
 * delta path reads the arrays without an extra hop.
 */
export abstract class BookStorage {
  protected sizes: Float64Array = EMPTY_SIZES;
  protected prices: Uint16Array = EMPTY_PRICES;
  protected capYes = 0;
  protected capNo = 0;
  protected nYes = 0;
  protected nNo = 0;

  protected legView(yes: boolean): LegView {
    const base = yes ? 0 : this.capYes;
    const end = base + (yes ? this.nYes : this.nNo);
    return { prices: this.prices.subarray(base, end), sizes: this.sizes.subarray(base, end) };
  }

  protected insertAt(offset: number, price: number, size: number, yes: boolean): void {
    if ((yes ? this.nYes : this.nNo) === (yes ? this.capYes : this.capNo)) {
      this.reallocate(yes ? grownCapacity(this.capYes) : this.capYes, yes ? this.capNo : grownCapacity(this.capNo));
    }
    const base = yes ? 0 : this.capYes;
    const at = base + offset;
    const prices = this.prices;
    const sizes = this.sizes;
    // A plain loop measured ~45 ns a delta against ~72 with copyWithin: shifts near the touch
    // move only a few slots, too few to repay a builtin call.
    for (let k = base + (yes ? this.nYes : this.nNo); k > at; k--) {
      prices[k] = prices[k - 1]!;
      sizes[k] = sizes[k - 1]!;
    }
    prices[at] = price;
    sizes[at] = size;
    if (yes) this.nYes++;
    else this.nNo++;
  }

  protected removeAt(at: number, end: number, yes: boolean): void {
    const prices = this.prices;
    const sizes = this.sizes;
    for (let k = at + 1; k < end; k++) {
      prices[k - 1] = prices[k]!;
      sizes[k - 1] = sizes[k]!;
    }
    if (yes) this.nYes--;
    else this.nNo--;
  }

  /** New buffer with the given capacities, keeping the current levels. */
  protected reallocate(capYes: number, capNo: number): void {
    const total = capYes + capNo;
    const buffer = new ArrayBuffer(total * BYTES_PER_LEVEL);
    const sizes = new Float64Array(buffer, 0, total);
    const prices = new Uint16Array(buffer, total * Float64Array.BYTES_PER_ELEMENT, total);
    sizes.set(this.sizes.subarray(0, this.nYes), 0);
    prices.set(this.prices.subarray(0, this.nYes), 0);
    sizes.set(this.sizes.subarray(this.capYes, this.capYes + this.nNo), capYes);
    prices.set(this.prices.subarray(this.capYes, this.capYes + this.nNo), capYes);
    this.sizes = sizes;
    this.prices = prices;
    this.capYes = capYes;
    this.capNo = capNo;
  }

  protected load(yes: LegLevels, no: LegLevels): void {
    const nYes = yes.prices.length;
    const nNo = no.prices.length;
    // A resnapshot reuses the buffer when it fits, so resyncs do not churn memory.
    if (nYes > this.capYes || nNo > this.capNo) {
      this.nYes = 0;
      this.nNo = 0;
      this.reallocate(nYes + SNAPSHOT_SLACK, nNo + SNAPSHOT_SLACK);
    }
    this.prices.set(yes.prices, 0);
    this.sizes.set(yes.sizes, 0);
    this.prices.set(no.prices, this.capYes);
    this.sizes.set(no.sizes, this.capYes);
    this.nYes = nYes;
    this.nNo = nNo;
  }
}
