import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'scratch/**', 'dist/**', 'data/**', 'out/**', 'fixtures/**', 'bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'off',
    },
  },
  {
    // Text reaches the operator's terminal only through cli/output.ts (control characters made
    // visible) or pino (jobs/log.ts); progress bars write figures only.
    files: ['adapters/**/*.ts', 'app/**/*.ts', 'cli/**/*.ts', 'jobs/**/*.ts', 'pipeline/**/*.ts', 'reports/**/*.ts'],
    ignores: ['cli/output.ts', '**/*.test.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: 'print through the Io of cli/output.ts' },
        { object: 'process', property: 'stderr', message: 'print through the Io of cli/output.ts' },
      ],
    },
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['bin/**/*.mjs', 'jobs/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly' } },
  },
);
