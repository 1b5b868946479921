import type { Engine } from '../engine/index.js';
import { PRICE_SCALE } from '../engine/index.js';

/** Best prices and sizes of one market, on the YES leg; an empty side reads as $0 bid / $1 ask. */
export interface TopOfBook {
  yesBid: number;
  yesBidSize: number;
  /** PRICE_SCALE minus the best NO bid. */
  yesAsk: number;
  yesAskSize: number;
  noBid: number;
}

export const EMPTY_TOP: TopOfBook = { yesBid: 0, yesBidSize: 0, yesAsk: PRICE_SCALE, yesAskSize: 0, noBid: 0 };

export function topOfBook(engine: Engine, ticker: string): TopOfBook {
  if (!engine.getMarket(ticker)) return EMPTY_TOP;
  const book = engine.orderbook(ticker, 1);
  const [yesBid, yesBidSize] = book.yes[0] ?? [0, 0];
  const [noBid, noBidSize] = book.no[0] ?? [0, 0];
  return { yesBid, yesBidSize, yesAsk: PRICE_SCALE - noBid, yesAskSize: noBidSize, noBid };
}
