/**
 * Plain aligned tables: a dim header, two spaces between columns, numbers right-aligned, and one
 * flexible column (usually a title) that gives way when the terminal is narrow.
 */
import type { Colors } from '../output.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** The column that is cut (with an ellipsis) to fit the terminal width. */
  flex?: boolean;
  /** Colours a cell after alignment (so escape codes never disturb the widths). */
  paint?: (text: string, row: T, c: Colors) => string;
}

// Escape sequences have no width on screen.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, Math.max(0, width)).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - visibleWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

const GAP = '  ';

const NUMERIC = /^[-+]?\$?[\d,]+(\.\d+)?%?$/;

/**
 * Lines the decimal points of a right-aligned numeric column up: cells with fewer decimals get
 * zeros (an exact rendering of the same value), whole numbers get spaces.
 */
export function alignDecimals(values: string[]): string[] {
  const present = values.filter((v) => v !== '');
  if (present.length === 0 || !present.every((v) => NUMERIC.test(v))) return values;
  const decimals = (v: string) => (v.includes('.') ? v.length - v.indexOf('.') - 1 : 0);
  const max = Math.max(...present.map(decimals));
  if (max === 0) return values;
  return values.map((v) => {
    if (v === '' || v.endsWith('%')) return v;
    return v.includes('.') ? v + '0'.repeat(max - decimals(v)) : `${v}${' '.repeat(max + 1)}`;
  });
}

export function renderTable<T>(columns: Column<T>[], rows: readonly T[], options: { width: number; c: Colors }): string[] {
  const cells = rows.map((row) => columns.map((col) => col.value(row).replace(/\s*\n\s*/g, ' ')));
  columns.forEach((col, i) => {
    if (col.align !== 'right') return;
    const aligned = alignDecimals(cells.map((r) => r[i]!));
    cells.forEach((r, k) => (r[i] = aligned[k]!));
  });
  const widths = columns.map((col, i) => Math.max(visibleWidth(col.header), ...cells.map((r) => visibleWidth(r[i]!))));
  const total = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  const flex = columns.findIndex((col) => col.flex);
  if (flex >= 0 && total > options.width) {
    widths[flex] = Math.max(visibleWidth(columns[flex]!.header), widths[flex]! - (total - options.width), 8);
  }
  const lastIndex = columns.length - 1;
  const line = (values: string[], paint: (text: string, i: number) => string) =>
    values
      .map((v, i) => {
        const col = columns[i]!;
        const text = truncate(v, widths[i]!);
        // No trailing spaces after the last column.
        const padded = i === lastIndex && col.align !== 'right' ? text : pad(text, widths[i]!, col.align);
        return paint(padded, i);
      })
      .join(GAP)
      .trimEnd();
  const out = [line(columns.map((col) => col.header), (t) => options.c.dim(t))];
  cells.forEach((r, k) => out.push(line(r, (t, i) => (columns[i]!.paint ? columns[i]!.paint!(t, rows[k]!, options.c) : t))));
  return out;
}

/** Label/value pairs, one per line, for single objects (`markets get`, `portfolio balance`). */
export function renderPairs(pairs: [string, string][], c: Colors): string[] {
  const shown = pairs.filter(([, v]) => v !== '');
  const width = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${c.dim(pad(k, width))}  ${v}`);
}
