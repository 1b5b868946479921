import { formatCentis, formatUnits } from './fixed.js';

/** One leg's bids, ascending by price (best last), as the book and parsed REST books hold them. */
export interface LegView {
  prices: ArrayLike<number>;
  sizes: ArrayLike<number>;
}

/**
 * First difference between two legs, walking from the best price down so the message names the
 * level a trader would care about first. Only the best `depth` levels count, matching what
 * `GET /markets/{ticker}/orderbook?depth=N` returns.
 */
export function diffLeg(leg: 'yes' | 'no', book: LegView, rest: LegView, depth: number): string | undefined {
  let i = book.prices.length - 1;
  let j = rest.prices.length - 1;
  for (let rank = 1; rank <= depth && (i >= 0 || j >= 0); rank++) {
    const where = `${leg.toUpperCase()} bids, level ${rank} from the best`;
    const bookPrice = i >= 0 ? book.prices[i]! : -1;
    const restPrice = j >= 0 ? rest.prices[j]! : -1;
    if (bookPrice === restPrice) {
      const bookSize = book.sizes[i]!;
      const restSize = rest.sizes[j]!;
      if (bookSize !== restSize) {
        return `${where}: at ${formatUnits(bookPrice)} the book has ${formatCentis(bookSize)} but REST has ${formatCentis(restSize)}`;
      }
      i--;
      j--;
    } else if (bookPrice > restPrice) {
      return `${where}: the book has ${formatCentis(book.sizes[i]!)} at ${formatUnits(bookPrice)}, REST has no level there`;
    } else {
      return `${where}: REST has ${formatCentis(rest.sizes[j]!)} at ${formatUnits(restPrice)}, the book has no level there`;
    }
  }
  return undefined;
}
