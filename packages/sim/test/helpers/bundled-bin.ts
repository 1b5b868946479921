/**
 * A bin (`kalshi`, `kalshi-sim`) bundled from the sources for tests that start it as a real
 * process dozens of times: npm dependencies stay external, as in the tsup build, and the start-up
 * costs about 0.4 s instead of tsx's 1 s. The bundle is cached by a key of its sources, so an
 * unchanged tree reuses the last build and any edit gives a fresh one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const fromRoot = (p: string) => join(ROOT, p);

/** Every workspace entry point, pointed at its sources (what vitest's aliases do for tests). */
const SOURCE_ALIASES: Record<string, string> = {
  'kalshi-ts/ws': fromRoot('packages/kalshi/src/ws/index.ts'),
  'kalshi-ts/book': fromRoot('packages/kalshi/src/book/index.ts'),
  'kalshi-ts/generated': fromRoot('packages/kalshi/src/generated/index.ts'),
  'kalshi-ts-sim': fromRoot('packages/sim/src/index.ts'),
  'kalshi-ts': fromRoot('packages/kalshi/src/index.ts'),
};

export interface BundleSpec {
  /** The bin's entry, from the repository root. */
  entry: string;
  /** Where builds are kept, from the root: inside the package, so its bare imports resolve. */
  cacheDir: string;
  /** Source folders whose changes make a new build, from the root. */
  sources: string[];
  /** Code split into chunks loaded on demand, as the package's own build does. */
  splitting?: boolean;
  define?: Record<string, string>;
}

function sourceKey(spec: BundleSpec): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) {
        const { mtimeMs, size } = statSync(path);
        hash.update(`${path}:${mtimeMs}:${size}\n`);
      }
    }
  };
  for (const dir of spec.sources) walk(fromRoot(dir));
  hash.update(JSON.stringify(spec));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

/** The path of the bundled bin (bin.mjs), built first if its sources changed. */
export async function bundledBin(spec: BundleSpec): Promise<string> {
  const cache = fromRoot(spec.cacheDir);
  const dir = join(cache, `bin-${sourceKey(spec)}`);
  const entry = join(dir, 'bin.mjs');
  if (existsSync(entry)) return entry;
  // Test files run in parallel: each builds into its own directory and the first rename wins.
  const tmp = join(cache, `tmp-${process.pid}-${Date.now()}`);
  mkdirSync(cache, { recursive: true });
  await build({
    entryPoints: { bin: fromRoot(spec.entry) },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    splitting: spec.splitting ?? false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: SOURCE_ALIASES,
    ...(spec.define && { define: spec.define }),
    logLevel: 'error',
  });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  // Builds of older sources are of no further use.
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (path !== dir && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
  }
  return entry;
}
