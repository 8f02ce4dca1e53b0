// Mutation testing (StrykerJS): every defence must have a test that fails without it.
// `npm run mutation` mutates the sync, storage and the resolvers' guard against the defence
// suites (vitest.mutation.config.ts); a narrower run:
//   npm run mutation -- --mutate src/storage/lease.ts,src/storage/work.ts
// Results: reports/mutation/ (HTML + JSON); the score and surviving defence mutants are
// summarised in docs/reliability.md § Mutation testing.
//
// One defence file at a time, against only the suites that cover it (see
// vitest.mutation.config.ts), with its own report name so runs do not overwrite each other:
//   MUTATION_TESTS=test/storage/work.test.ts MUTATION_REPORT=work \
//     npm run mutation -- --mutate src/storage/work.ts --concurrency 1 --tempDirName .stryker-tmp/work
const report = process.env.MUTATION_REPORT ?? 'mutation';
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
  htmlReporter: { fileName: `reports/mutation/${report === 'mutation' ? 'index' : report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  tempDirName: '.stryker-tmp',
  // Other runs' sandboxes and reports are not copied into this run's sandbox.
  ignorePatterns: ['/.stryker-tmp*', '/reports', '/test/artifacts'],
  cleanTempDir: true,
};
