/**
 * `npm run bench`: every figure beside the baseline it is judged against, measured in the same
 * run with interleaved rounds and medians (machines here are shared and noisy). Prints one table
 * and writes it as JSON under bench/results/. `--quick` runs a few short rounds only, to prove the
 * benchmarks still work (CI uses it); its figures mean nothing. `--only=book,ws` runs some sections;
 * BENCH_SAMPLES=1 prints every round; bench/profile.ts runs one client alone for --cpu-prof.
 * It measures the built SDK (the script builds it first); BENCH_SDK=src measures the sources.
 */
import { cpus, loadavg } from 'node:os';
import type { MeasureOptions } from './lib/measure.js';
import { printTable, writeResults, type Row } from './lib/report.js';
import { sdkUnderTest } from './lib/sdk.js';
import { bookRows } from './rows/book.js';
import { exchangeRows } from './rows/exchange.js';
import { httpRows } from './rows/http.js';
import { scalingRows } from './rows/scaling.js';
import { signingRows } from './rows/signing.js';
import { wsIngestRows } from './rows/ws-ingest.js';

const quick = process.argv.includes('--quick');
const options: MeasureOptions = quick ? { rounds: 1, roundMs: 30 } : { rounds: 5, roundMs: 600 };
const only = /--only=(\S+)/.exec(process.argv.join(' '))?.[1]?.split(',');

const sections: Array<[string, (o: MeasureOptions) => Promise<Row[]>]> = [
  ['signing', signingRows],
  ['http', httpRows],
  ['book', bookRows],
  ['ws', wsIngestRows],
  ['exchange', exchangeRows],
  ['scaling', scalingRows],
];

const rows: Row[] = [];
for (const [name, run] of sections) {
  if (only && !only.includes(name)) continue;
  const started = Date.now();
  process.stderr.write(`bench: ${name}...`);
  rows.push(...(await run(options)));
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
printTable(rows, (line) => process.stdout.write(`${line}\n`));
// The load average says how shared the machine was while the figures were taken.
const load = loadavg().map((l) => Number(l.toFixed(2)));
const file = writeResults(rows, { quick, sdk: sdkUnderTest, node: process.version, cpus: cpus().length, loadavg: load, date: new Date().toISOString() });
process.stdout.write(`\nmeasured: ${sdkUnderTest}\nload average (1, 5, 15 min): ${load.join(', ')} on ${cpus().length} cores\nwritten to ${file}\n`);
if (!quick && rows.some((r) => r.met === false)) process.stdout.write('some targets are not met: see the rows marked NO\n');
