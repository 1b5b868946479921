/**
 * The order book as a price ladder: asks above (best ask lowest), the spread, bids below (best
 * bid highest), then the last trade and the feed's state. A pure function of its model, shared
 * by `kalshi book` and the live `--watch` screen.
 */
import type { Colors } from '../output.js';
import { pad, truncate } from './table.js';
import { countOf, priceOf, timeOf } from './values.js';

export interface ViewLevel {
  /** Dollars, as the book prints them ("0.5600"). */
  price: string;
  /** Contracts ("36.00"). */
  size: string;
}

export interface LastTrade {
  price: string;
  count: string;
  /** The outcome the taker bought. */
  takerSide: string;
  /** Unix ms. */
  timeMs: number;
}

export interface BookModel {
  ticker: string;
  title?: string | undefined;
  status?: string | undefined;
  side: 'yes' | 'no';
  /** Best first. */
  bids: ViewLevel[];
  /** Best (lowest) first. */
  asks: ViewLevel[];
  spread?: string | undefined;
  mid?: string | undefined;
  lastTrade?: LastTrade | undefined;
  /** Footer for the live view: feed state and when the book last changed. */
  footer?: string | undefined;
  width: number;
}

const PRICE_W = 8;
const SIZE_W = 12;

function levelLine(tag: string, level: ViewLevel, marker: string): string {
  return `  ${pad(tag, 4)}${pad(priceOf(level.price), PRICE_W, 'right')}${pad(countOf(level.size), SIZE_W, 'right')}${marker ? `   ${marker}` : ''}`;
}

export function renderBook(model: BookModel, c: Colors): string[] {
  const side = model.side.toUpperCase();
  const head = `${c.bold(model.ticker)}  ${side} book${model.status ? `  ${c.dim(`(${model.status})`)}` : ''}`;
  const lines: string[] = [head];
  if (model.title) lines.push(c.dim(truncate(model.title, Math.max(20, model.width - 2))));
  lines.push('');
  lines.push(c.dim(`  ${pad('', 4)}${pad('PRICE', PRICE_W, 'right')}${pad('SIZE', SIZE_W, 'right')}`));
  // Asks print worst first so the best ask sits right above the spread.
  const asks = [...model.asks].reverse();
  if (asks.length === 0) lines.push(c.dim('      (no asks)'));
  asks.forEach((level, i) => {
    const best = i === asks.length - 1;
    const line = levelLine(best ? 'ask' : '', level, best ? '<- best ask' : '');
    lines.push(best ? c.bold(c.red(line)) : c.red(line));
  });
  const spread = model.spread !== undefined ? `spread ${priceOf(model.spread)}` : 'no spread';
  const mid = model.mid !== undefined ? ` · mid ${priceOf(model.mid)}` : '';
  lines.push(c.dim(`      ---- ${spread}${mid} ----`));
  if (model.bids.length === 0) lines.push(c.dim('      (no bids)'));
  model.bids.forEach((level, i) => {
    const best = i === 0;
    const line = levelLine(best ? 'bid' : '', level, best ? '<- best bid' : '');
    lines.push(best ? c.bold(c.green(line)) : c.green(line));
  });
  lines.push('');
  const t = model.lastTrade;
  lines.push(t ? `last trade  ${c.bold(priceOf(t.price))} x ${countOf(t.count)}  ${c.dim(`(taker bought ${t.takerSide}) at ${timeOf(t.timeMs)} UTC`)}` : c.dim('last trade  none yet'));
  if (model.footer) lines.push(c.dim(model.footer));
  return lines;
}
