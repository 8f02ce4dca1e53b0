import { defineConfig } from 'vitest/config';

// Tests run the real handlers against loopback simulators, so they are I/O bound and
// a few take seconds; each file gets its own worker (the emulator installs globals).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-results.json' }]],
  },
});
