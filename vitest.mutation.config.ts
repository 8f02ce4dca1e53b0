import { defineConfig } from 'vitest/config';

// The suites that exercise the delivery defences (leases, claims, work marks, markers, the
// resolvers' guard, window comments handed off or carried) — what `npm run mutation` runs for
// each mutant. The full suite per mutant would take days on 2 cores.
const DEFENCE_SUITES = [
  'test/storage/**/*.test.ts',
  'test/unit/**/*.test.ts',
  'test/integration/durableDelivery.test.ts',
  'test/integration/crashRecovery.test.ts',
  'test/integration/drain.test.ts',
  'test/integration/events.test.ts',
  'test/integration/accountBinding.test.ts',
  'test/integration/syncResilience.test.ts',
  'test/integration/syncHandoff.test.ts',
  'test/integration/syncCarry.test.ts',
  'test/security/license.test.ts',
  'test/security/permissions.test.ts',
  'test/security/markerLookalikes.test.ts',
];

// A run narrowed to one defence file names the suites that cover it (comma-separated globs),
// so each mutant runs seconds of tests instead of minutes:
//   MUTATION_TESTS=test/storage/work.test.ts npm run mutation -- --mutate src/storage/work.ts
const focused = process.env.MUTATION_TESTS?.split(',')
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

export default defineConfig({
  test: {
    include: focused && focused.length > 0 ? focused : DEFENCE_SUITES,
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
