/**
 * Throughput measured the way noisy shared machines allow: every variant of a row runs in
 * interleaved rounds (A B C A B C ...), and each figure is the median of its rounds, so a burst
 * of load from elsewhere hits all variants alike instead of skewing one.
 */

export interface Variant {
  name: string;
  /** Performs `n` operations (awaited if async). */
  run(n: number): unknown;
  /**
   * When true, `run` times itself and returns the milliseconds its operations took, so it can do
   * untimed preparation in between (e.g. rendering the next frames with fresh sequence numbers).
   */
  selfTimed?: boolean;
}

export interface MeasureOptions {
  rounds: number;
  /** Wall time each round aims for. */
  roundMs: number;
  /** Operations in the first calibration batch. */
  startOps?: number;
  /**
   * Give every variant the largest calibrated batch. For rows whose operation has a fixed cost per
   * run (a connection, a snapshot): a variant whose first, cold runs came out slow would otherwise
   * get small batches that the fixed cost dominates.
   */
  equalBatches?: boolean;
}

export type Rates = Record<string, number>;

async function timeOps(variant: Variant, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  const result = await variant.run(n);
  if (variant.selfTimed) return result as number;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Ops per round so one round lasts about roundMs. */
async function calibrate(variant: Variant, options: MeasureOptions): Promise<number> {
  let n = options.startOps ?? 16;
  for (;;) {
    const ms = await timeOps(variant, n);
    if (ms >= options.roundMs / 4 || n >= 1e9) return Math.max(1, Math.round((n * options.roundMs) / Math.max(ms, 0.001)));
    n *= 4;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function measure(variants: Variant[], options: MeasureOptions): Promise<Rates> {
  const batch = new Map<string, number>();
  for (const v of variants) batch.set(v.name, await calibrate(v, options));
  if (options.equalBatches) {
    const largest = Math.max(...batch.values());
    for (const name of batch.keys()) batch.set(name, largest);
  }
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const v of variants) {
      const n = batch.get(v.name)!;
      const ms = await timeOps(v, n);
      samples.get(v.name)!.push((n / ms) * 1000);
    }
  }
  // BENCH_SAMPLES=1 shows every round, to tell a noisy row from a slow one.
  if (process.env.BENCH_SAMPLES) {
    for (const [name, rates] of samples) {
      process.stderr.write(`\n  ${name}: ${rates.map((r) => Math.round(r)).join(' ')} (batch ${batch.get(name)})`);
    }
  }
  return Object.fromEntries(variants.map((v) => [v.name, median(samples.get(v.name)!)]));
}

/** Runs `n` operations with `concurrency` loops in flight at once. */
export async function concurrently(n: number, concurrency: number, op: () => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await op();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}
