import { defineConfig } from 'vitest/config';

// The suites that exercise the delivery defences (leases, claims, work marks, markers, the
// resolvers' guard) — what `npm run mutation` runs for each mutant. The full suite per mutant
// would take days on 2 cores.
export default defineConfig({
  test: {
    include: [
      'test/storage/**/*.test.ts',
      'test/unit/**/*.test.ts',
      'test/integration/durableDelivery.test.ts',
      'test/integration/events.test.ts',
      'test/integration/accountBinding.test.ts',
      'test/integration/syncResilience.test.ts',
      'test/security/license.test.ts',
      'test/security/permissions.test.ts',
    ],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
