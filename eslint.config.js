// Flat config: typescript-eslint's recommended rules over every package, plus the project rule
// that libraries never write to the console (they take a `logger` option instead).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/kalshi/src/generated/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/kalshi/src/**', 'packages/sim/src/**'],
    ignores: ['packages/sim/src/bin.ts'],
    rules: { 'no-console': 'error' },
  },
);
