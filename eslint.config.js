// Lint: typescript-eslint's type-aware recommended rules, plus the house rules
// (no focused/skipped tests, no console in runtime code: use the masking logger) and the
// layer rule (eslint/layers.js, docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'cdk.out',
      '.local',
      '.bench',
      '.stryker-tmp',
      'reports',
      'coverage',
      'eslint.config.js',
      'eslint/**',
      'bench/load-client.mjs',
      'stryker.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['functions/**', 'shared/**'],
    plugins: { layers },
    rules: { 'no-console': 'error', 'layers/boundaries': 'error' },
  },
  {
    files: ['test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'skip', message: 'No skipped tests.' },
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'skip', message: 'No skipped tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'skip', message: 'No skipped tests.' },
      ],
    },
  },
);
