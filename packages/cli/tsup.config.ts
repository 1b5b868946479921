import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  // Nothing imports the CLI, so no declarations.
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.json',
  // Every dependency stays an import: the SDK and the local exchange are installed beside the CLI,
  // and bundling better-sqlite3 (via kalshi-ts-sim) would break its native binding.
  external: [...Object.keys(pkg.dependencies), /^kalshi-ts\//],
  banner: { js: '#!/usr/bin/env node' },
  define: { __KALSHI_CLI_VERSION__: JSON.stringify(pkg.version) },
});
