/**
 * The SDK the benchmarks measure: by default the built package (packages/kalshi/dist), which is
 * what users install. The sources run through tsx, whose transform keeps function names with a
 * helper call (`__name`) that a CPU profile showed on the request path; a figure taken that way
 * describes the dev loop, not the product. `BENCH_SDK=src` measures the sources instead, for
 * profiling while editing without a rebuild. Types always come from the sources, so typechecking
 * the bench never needs a build; `npm run bench` builds the package before it runs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type * as MainModule from '../../packages/kalshi/src/index.js';
import type * as BookModule from '../../packages/kalshi/src/book/index.js';
import type * as WsModule from '../../packages/kalshi/src/ws/index.js';

const fromSources = process.env.BENCH_SDK === 'src';

async function load<T>(entry: string): Promise<T> {
  const url = new URL(`../../packages/kalshi/${fromSources ? `src/${entry}.ts` : `dist/${entry}.js`}`, import.meta.url);
  if (!existsSync(url)) {
    throw new Error(`${fileURLToPath(url)} does not exist: build the SDK first (npm run build -w kalshi-ts), or set BENCH_SDK=src`);
  }
  return (await import(url.href)) as T;
}

/** Printed with the results, so a figure always says which build it measured. */
export const sdkUnderTest = fromSources ? 'SDK sources through tsx (BENCH_SDK=src)' : 'SDK as built (packages/kalshi/dist)';

export const { Kalshi, authHeaders, createNodeSigner } = await load<typeof MainModule>('index');
export type Kalshi = MainModule.Kalshi;
export const { KalshiWS } = await load<typeof WsModule>('ws/index');
export const { BookManager, OrderBook, formatCentis, formatUnits } = await load<typeof BookModule>('book/index');
export type { AnyFrame } from '../../packages/kalshi/src/book/index.js';
