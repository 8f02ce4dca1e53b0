/**
 * `npm run mutation:defences`: StrykerJS over each delivery defence on its own, each mutant
 * running only the suites written for that defence, one after the other with one worker. On
 * a shared 2-core machine this takes tens of minutes, where `npm run mutation` (every file of
 * src/sync, src/links, src/storage and the guard against all defence suites) takes many hours.
 * The figures it prints are the ones in docs/reliability.md § Mutation testing.
 *
 *   npm run mutation:defences               every defence
 *   npm run mutation:defences -- lease work only these (names below)
 */
import { spawnSync } from 'node:child_process';

interface Defence {
  /** Report name: reports/mutation/<name>.json. */
  name: string;
  /** Stryker `--mutate` patterns; `file:from-to` narrows a file to the lines of the defence. */
  mutate: string[];
  /** The suites each mutant runs (vitest.mutation.config.ts, MUTATION_TESTS). */
  tests: string[];
}

const DEFENCES: readonly Defence[] = [
  { name: 'work', mutate: ['src/storage/work.ts'], tests: ['test/storage/work.test.ts'] },
  { name: 'atomic', mutate: ['src/storage/atomic.ts'], tests: ['test/storage/atomic.test.ts'] },
  { name: 'lease', mutate: ['src/storage/lease.ts'], tests: ['test/storage/lease.test.ts'] },
  { name: 'linkLease', mutate: ['src/sync/core/linkLease.ts'], tests: ['test/storage/linkLease.test.ts'] },
  {
    name: 'markers',
    mutate: [
      'src/sync/core/markers.ts',
      // The author checks of every marker scan.
      'src/sync/fromZendesk/comments.ts:30-34',
      'src/sync/fromZendesk/comments.ts:115-133',
      'src/sync/toZendesk/zendeskComments.ts:84-100',
      'src/sync/toZendesk/commentCreated.ts:113-117',
    ],
    tests: [
      'test/security/markerLookalikes.test.ts',
      'test/unit/sync/core/markers.test.ts',
      'test/unit/sync/fromZendesk.test.ts',
      'test/unit/sync/toZendesk.test.ts',
    ],
  },
  { name: 'guard', mutate: ['src/resolvers/guard.ts'], tests: ['test/unit/resolvers/guard.test.ts'] },
  {
    name: 'accountBinding',
    mutate: ['src/storage/accountBinding.ts', 'src/storage/accountDecision.ts'],
    tests: ['test/storage/accountBinding.test.ts'],
  },
  {
    name: 'intent',
    mutate: ['src/sync/toZendesk/intent.ts'],
    tests: ['test/storage/intent.test.ts', 'test/unit/sync/toZendesk.test.ts'],
  },
  {
    name: 'conversation',
    mutate: [
      // recoverPending, the batch's W1, and its end.
      'src/sync/fromZendesk/recovery.ts:91-126',
      'src/sync/fromZendesk/conversation.ts:113-148',
      'src/sync/fromZendesk/conversation.ts:223-226',
    ],
    tests: ['test/integration/crashRecovery.test.ts', 'test/unit/sync/fromZendesk.test.ts'],
  },
  {
    name: 'autoCreate',
    mutate: [
      // The claim: its key and record (storage), the recovery search, and the create around it.
      'src/storage/keys.ts:159-165',
      'src/storage/claims.ts:26-47',
      'src/sync/fromZendesk/autoCreate.ts:110-133',
      'src/sync/fromZendesk/autoCreate.ts:159-216',
    ],
    tests: ['test/integration/crashRecovery.test.ts'],
  },
  {
    name: 'drain',
    mutate: ['src/sync/run/drain.ts'],
    tests: ['test/integration/drain.test.ts'],
  },
  {
    name: 'toZendesk',
    mutate: [
      // The work mark's source id and the record-before-acknowledge of runEvent.
      'src/sync/toZendesk/specs.ts:38-53',
      'src/sync/toZendesk/run.ts:44-92',
      // The follow-up: coalesced by its lease, released before listing, chasing busy links.
      'src/sync/toZendesk/followUp.ts',
    ],
    tests: [
      'test/integration/drain.test.ts',
      'test/integration/durableDelivery.test.ts',
      'test/integration/events.test.ts',
      'test/unit/sync/toZendesk.test.ts',
    ],
  },
  {
    name: 'carry',
    // Carried window comments: the parts' proof checks, their order around the cursor, packing.
    mutate: ['src/sync/fromZendesk/carry.ts', 'src/sync/fromZendesk/windowRecord.ts'],
    tests: ['test/integration/syncCarry.test.ts', 'test/unit/sync/fromZendesk/windowRecord.test.ts'],
  },
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !DEFENCES.some((d) => d.name === w));
if (unknown.length > 0) {
  console.error(
    `unknown defence(s): ${unknown.join(', ')}; known: ${DEFENCES.map((d) => d.name).join(', ')}`,
  );
  process.exit(2);
}
const chosen = wanted.length === 0 ? DEFENCES : DEFENCES.filter((d) => wanted.includes(d.name));
let failed = 0;
for (const d of chosen) {
  const status = run(
    'npx',
    [
      'stryker',
      'run',
      'stryker.config.mjs',
      '--mutate',
      d.mutate.join(','),
      '--concurrency',
      '1',
      '--tempDirName',
      `.stryker-tmp/${d.name}`,
    ],
    { ...process.env, MUTATION_TESTS: d.tests.join(','), MUTATION_REPORT: d.name },
  );
  if (status !== 0) failed++;
}
run('npx', ['tsx', 'scripts/mutationSummary.ts', ...chosen.map((d) => `reports/mutation/${d.name}.json`)]);
process.exit(failed === 0 ? 0 : 1);
