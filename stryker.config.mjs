// Mutation testing (StrykerJS): every defence must have a test that fails without it.
// `npm run mutation` mutates the sync, storage and the resolvers' guard against the defence
// suites (vitest.mutation.config.ts); a narrower run:
//   npm run mutation -- --mutate src/storage/lease.ts,src/storage/work.ts
// Results: reports/mutation/ (HTML + JSON); the score and surviving defence mutants are
// summarised in docs/reliability.md § Mutation testing.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The tests reach src/ through the emulator's handler loader, not direct imports.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/sync/**/*.ts', 'src/links/**/*.ts', 'src/storage/**/*.ts', 'src/resolvers/guard.ts'],
  coverageAnalysis: 'perTest',
  // The machine has 2 cores; each worker runs real handlers against loopback simulators.
  concurrency: 2,
  timeoutMS: 120_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
