// Mutation testing of the domain rules (`npm run test:mutation`; not in CI: it is slow).
// Every domain folder and the shared value types; the unit tests must kill each mutant.
// Equivalent mutants are listed, each with its reason, in test/mutation/equivalent.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['shared/*/domain/**/*.ts', 'shared/kernel/**/*.ts', '!shared/kernel/index.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['.local', 'cdk.out', 'reports', '.stryker-tmp', 'clients/typescript/dist'],
};
