import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Row {
  area: string;
  name: string;
  ours: number;
  unit: string;
  baselineName?: string;
  baseline?: number;
  /** ours / baseline, or baseline / ours where lower is better. */
  ratio?: number;
  target?: string;
  /** Whether the target is met; undefined where the row only records a figure. */
  met?: boolean;
}

const fmt = (value: number | undefined) =>
  value === undefined ? '' : value >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);

export function printTable(rows: Row[], out: (line: string) => void): void {
  const header = ['area', 'measure', 'ours', 'baseline', 'baseline value', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.area, r.name, `${fmt(r.ours)} ${r.unit}`, r.baselineName ?? '', r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) out(line(c));
}

export function writeResults(rows: Row[], meta: Record<string, unknown>): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  return file;
}

/** A row comparing ours with a baseline where higher is better. */
export function ratioRow(
  area: string, name: string, unit: string, ours: number, baselineName: string, baseline: number, minRatio?: number, extraTarget?: string,
): Row {
  const ratio = ours / baseline;
  const row: Row = { area, name, unit, ours, baselineName, baseline, ratio };
  if (minRatio !== undefined) {
    row.target = extraTarget ?? `>= ${minRatio}x`;
    row.met = ratio >= minRatio;
  }
  return row;
}
