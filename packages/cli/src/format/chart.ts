/**
 * Candlesticks drawn with Unicode blocks: one column per candle, two price steps per text row
 * (half blocks), a price axis on the left and a time axis below. Prices are integer half-units
 * of $0.0001, so the axis labels are exact; only the plotting positions are rounded.
 */
import { formatHalfUnits } from 'kalshi-ts/book';
import type { Colors } from '../output.js';
import { pad } from './table.js';
import { priceOf } from './values.js';

export interface Candle {
  /** End of the period, Unix seconds. */
  time: number;
  /** Half-units ($0.00005); undefined for a period without data. */
  open?: number | undefined;
  high?: number | undefined;
  low?: number | undefined;
  close?: number | undefined;
}

export interface ChartOptions {
  height: number;
  c: Colors;
  /** Formats a time for the x axis. */
  timeLabel: (unixSeconds: number) => string;
}

function label(halfUnits: number): string {
  return priceOf(formatHalfUnits(halfUnits));
}

export function renderChart(candles: readonly Candle[], options: ChartOptions): string[] {
  const { c } = options;
  const height = Math.max(4, options.height);
  const filled = candles.filter((k) => k.high !== undefined && k.low !== undefined);
  if (filled.length === 0) return [c.dim('no prices in this range')];
  let max = Math.max(...filled.map((k) => k.high!));
  let min = Math.min(...filled.map((k) => k.low!));
  if (max === min) {
    max += 100;
    min = Math.max(0, min - 100);
  }
  const sub = height * 2;
  // Sub-row 0 is the top; each text row holds two sub-rows.
  const subRow = (p: number) => Math.round(((max - p) / (max - min)) * (sub - 1));

  // Round prices for the axis (steps of 1, 2 or 5 x 10^n half-units), each on the row nearest to it.
  const labels = new Map<number, string>();
  const target = Math.max(2, Math.floor(height / 3));
  let tick = 1;
  for (let scale = 1; tick * target < max - min; scale *= 10) {
    tick = [1, 2, 5].map((m) => m * scale).find((t) => t * target >= max - min) ?? scale * 10;
  }
  for (let p = Math.ceil(min / tick) * tick; p <= max; p += tick) {
    const r = Math.floor(subRow(p) / 2);
    if (!labels.has(r) && !labels.has(r - 1) && !labels.has(r + 1)) labels.set(r, label(p));
  }
  const axisWidth = Math.max(...[...labels.values()].map((l) => l.length));

  const grid: string[][] = Array.from({ length: height }, () => []);
  for (const k of candles) {
    if (k.high === undefined || k.low === undefined || k.open === undefined || k.close === undefined) {
      for (let r = 0; r < height; r++) grid[r]!.push(' ');
      continue;
    }
    const up = k.close >= k.open;
    const paint = up ? c.green : c.red;
    const wickTop = subRow(k.high);
    const wickBottom = subRow(k.low);
    const bodyTop = subRow(Math.max(k.open, k.close));
    const bodyBottom = subRow(Math.min(k.open, k.close));
    for (let r = 0; r < height; r++) {
      const top = 2 * r;
      const bottom = 2 * r + 1;
      const inBody = (s: number) => s >= bodyTop && s <= bodyBottom;
      const inWick = (s: number) => s >= wickTop && s <= wickBottom;
      let ch = ' ';
      if (inBody(top) && inBody(bottom)) ch = '█';
      else if (inBody(top)) ch = '▀';
      else if (inBody(bottom)) ch = '▄';
      else if (inWick(top) && inWick(bottom)) ch = '│';
      else if (inWick(top)) ch = '╵';
      else if (inWick(bottom)) ch = '╷';
      grid[r]!.push(ch === ' ' ? ch : paint(ch));
    }
  }

  const lines = grid.map((cells, r) => `${c.dim(pad(labels.get(r) ?? '', axisWidth, 'right'))} ${c.dim('┤')}${cells.join('')}`);
  lines.push(`${' '.repeat(axisWidth)} ${c.dim(`└${'─'.repeat(candles.length)}`)}`);
  // Time labels at the start, the middle and the end, where they fit.
  const axis = Array.from<string>({ length: candles.length + 1 }).fill(' ');
  const place = (index: number, text: string) => {
    const at = Math.min(Math.max(0, index), Math.max(0, axis.length - text.length));
    if (axis.slice(at, at + text.length + 1).some((ch) => ch !== ' ')) return;
    for (let i = 0; i < text.length; i++) axis[at + i] = text[i]!;
  };
  if (candles.length) {
    const first = options.timeLabel(candles[0]!.time);
    const last = options.timeLabel(candles[candles.length - 1]!.time);
    place(0, first);
    place(candles.length - last.length, last);
    if (candles.length > first.length * 3) place(Math.floor(candles.length / 2) - Math.floor(first.length / 2), options.timeLabel(candles[Math.floor(candles.length / 2)]!.time));
  }
  lines.push(`${' '.repeat(axisWidth + 2)}${c.dim(axis.join('').trimEnd())}`);
  return lines;
}
