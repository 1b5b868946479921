import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  // Declarations for the library only; nothing imports the bin.
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.json',
  external: ['kalshi-ts', 'better-sqlite3'],
  // The bin needs a shebang. tsup applies one banner to every output file; in the library entry
  // it is inert (Node and bundlers accept a leading hashbang), and one config avoids two builds
  // racing to clean the same dist/.
  banner: { js: '#!/usr/bin/env node' },
});
