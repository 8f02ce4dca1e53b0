/**
 * Crash at every write point, both directions (docs/reliability.md § Reliability).
 *
 * The full scenario (support/scenario.ts: auto-create with mapped fields, field updates,
 * status, public comments and internal notes, attachments, a two-way issue edited in Jira
 * and its events, a second scheduled run) is run once without faults. Its writes — KVS
 * writes, Jira writes and Zendesk writes, as the Forge emulator counts them — are numbered
 * 1…N across all its invocations. Then, for every k in 1…N, the scenario is replayed from a
 * clean world with the invocation that makes write k killed right after it; the platform
 * delivers a crashed event again and the next five-minute run follows a crashed run. The end
 * state (both sides, links, ticket index, link state) must equal the uninterrupted run's,
 * and one more run after that must write nothing to Jira or Zendesk.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { diffSnapshots, snapshot, type Snapshot } from './support/observe';
import { crashPlan, runScenario, type FaultPlan, type InvocationRecord } from './support/scenario';
import { lastSeq, scheduledRun, settle, useWorld, upstreamWritesSince } from './support/world';
import { simulatorKeepsIssueProperties } from './support/probes';

const world = useWorld();
let reference: Snapshot;
let invocations: InvocationRecord[] = [];
let keepsProperties = false;

/** Global write number → the invocation that makes it and the write's number inside it. */
function planFor(k: number): FaultPlan & { point: string } {
  let before = 0;
  for (let i = 0; i < invocations.length; i++) {
    const inv = invocations[i] as InvocationRecord;
    if (k <= before + inv.writes) {
      return { ...crashPlan(i, inv.functionKey, k - before), point: inv.writePoints[k - before - 1] ?? '?' };
    }
    before += inv.writes;
  }
  throw new Error(`write ${k} is beyond the reference run`);
}

beforeAll(async () => {
  keepsProperties = await simulatorKeepsIssueProperties(world);
  const run = await runScenario(world);
  invocations = run.invocations;
  reference = snapshot(world);
});

afterAll(async () => {
  vi.restoreAllMocks();
});

describe('crash after every write, Zendesk → Jira and Jira → Zendesk', () => {
  it('the uninterrupted scenario does all the work, in both directions', () => {
    expect(invocations.every((i) => i.status === 'ok')).toBe(true);
    const fns = new Set(invocations.map((i) => i.functionKey));
    expect([...fns].sort()).toEqual([
      'on-attachment-created',
      'on-comment-created',
      'on-issue-updated',
      'scheduled-sync',
    ]);
    const two = reference.jira.find((i) => i.summary === 'Checkout fails for EU cards');
    expect(two).toMatchObject({
      status: 'In Progress',
      priority: 'Highest',
      reference: 'REF-1-EU',
      labels: ['billing', 'eu', 'vip'],
    });
    expect(two?.attachments).toEqual(['a.txt:5', 'b.txt:11', 'screen.png:7', 'trace.log:26']);
    // Three Zendesk comments and one internal note copied, the person's own comment, and the
    // attachment notes' four entries (three files added, one skipped).
    expect(two?.comments).toHaveLength(9);
    expect(two?.comments.filter((c) => c.startsWith('attachment note, added:'))).toHaveLength(3);
    expect(two?.comments.filter((c) => c.startsWith('attachment note, not added: big.bin'))).toHaveLength(1);
    expect(two?.comments.filter((c) => c.startsWith('[Zendesk internal note]'))).toHaveLength(1);
    const ticket = reference.zendesk.find((t) => t.id === 1);
    expect(ticket).toMatchObject({
      subject: 'Checkout fails for EU cards',
      priority: 'urgent',
      reference: 'REF-1-EU',
      status: 'pending',
    });
    expect(ticket?.comments.filter((c) => c.includes('type=jira-comment-sync'))).toHaveLength(1);
    expect(ticket?.attachments).toContain('trace.log:26');
    const manual = reference.jira.find((i) => i.key === reference.links.find((l) => l.item === 'one')?.issue);
    expect(manual).toMatchObject({ status: 'Done', reference: 'REF-2', attachments: ['rca.txt:10'] });
    expect(reference.linkStates.every((s) => !s.pendingFromJira && !s.pendingFromZendesk)).toBe(true);
    expect(reference.leftovers).toEqual([]);
  });

  it('ends in the same state whichever write the run dies after', async () => {
    const total = invocations.reduce((n, i) => n + i.writes, 0);
    expect(total).toBeGreaterThan(50);
    const failures: string[] = [];
    const notCovered: string[] = [];
    let covered = 0;
    const byKind = { kvs: 0, jira: 0, egress: 0 };
    for (let k = 1; k <= total; k++) {
      const plan = planFor(k);
      if (!keepsProperties && plan.point === 'jira POST /rest/api/3/issue') {
        // Recovery from here reads the issue property the create set (autoCreate.ts); a
        // simulator without issue properties cannot show it. Counted and reported, not hidden.
        notCovered.push(`${k} ${plan.point}`);
        continue;
      }
      const run = await runScenario(world, plan);
      if (run.crashed === null) {
        failures.push(`${k} (${plan.point}): the planned crash did not happen`);
        continue;
      }
      const state = snapshot(world);
      const diff = diffSnapshots(reference, state);
      if (diff.length > 0)
        failures.push(`${k} (${plan.functionKey}: ${plan.point}):\n    ${diff.slice(0, 6).join('\n    ')}`);
      // Settled: another run and the event pipeline have nothing left to write.
      const before = lastSeq(world);
      await scheduledRun(world);
      await settle(world);
      const extra = upstreamWritesSince(world, before);
      if (extra.length > 0)
        failures.push(
          `${k} (${plan.point}): ${extra.length} more upstream writes after recovery: ${extra.map((c) => `${c.method} ${c.target}`).join(', ')}`,
        );
      covered += 1;
      const kind = plan.point.split(' ')[0] as keyof typeof byKind;
      byKind[kind] += 1;
    }
    console.info(
      `[reliability] crash points: ${covered} of ${total} covered (KVS ${byKind.kvs}, Jira ${byKind.jira}, Zendesk ${byKind.egress})` +
        (notCovered.length > 0 ? `; not coverable in this sandbox: ${notCovered.join(', ')}` : ''),
    );
    expect(failures).toEqual([]);
    expect(covered + notCovered.length).toBe(total);
    // Only the issue creates may be left out, and only while the simulator lacks properties.
    expect(notCovered.length).toBeLessThanOrEqual(keepsProperties ? 0 : 2);
    // One scenario per write point (more since every writer takes the link lease): minutes, not
    // seconds, on a busy 2-core machine; the test checks end states, never timings.
  }, 600_000);
});
