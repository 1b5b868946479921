import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the packages by name; point those names at the sources so no build is needed first.
const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^kalshi-ts\/(.*)$/, replacement: src('./packages/kalshi/src/$1/index.ts') },
      { find: /^kalshi-ts$/, replacement: src('./packages/kalshi/src/index.ts') },
      { find: /^kalshi-ts-sim$/, replacement: src('./packages/sim/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
