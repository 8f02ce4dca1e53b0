/**
 * Write applied, response lost — at every Jira and Zendesk write of the full scenario.
 *
 * For each upstream write the uninterrupted scenario makes (Jira issue create, edits,
 * transitions, comments, attachments; Zendesk ticket PUTs with comments, fields and status,
 * uploads, link registrations), the scenario is replayed with the simulator dropping the
 * connection right after applying exactly that request: the app sees a network failure for
 * a write that happened. It must neither lose the write nor make it twice: once the world
 * is quiet again the state equals the uninterrupted run's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loseResponse, upstreamWriteOf } from './support/lostResponse';
import { diffSnapshots, snapshot, type Snapshot } from './support/observe';
import { simulatorKeepsIssueProperties } from './support/probes';
import { runScenario, type FaultPlan, type InvocationRecord } from './support/scenario';
import { converge, useWorld } from './support/world';

const world = useWorld();
let reference: Snapshot;
let invocations: InvocationRecord[] = [];
let keepsProperties = false;

interface Target {
  label: string;
  plan: FaultPlan;
  fired: () => boolean;
}

/** Every upstream write of the reference run, as a plan aimed at exactly that request. */
function targets(): { label: string; make: () => Target }[] {
  const out: { label: string; make: () => Target }[] = [];
  invocations.forEach((inv, index) => {
    const seen = new Map<string, number>();
    for (const point of inv.writePoints) {
      const write = upstreamWriteOf(point);
      if (!write) continue;
      const key = `${write.service} ${write.method} ${write.route}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const label = `${inv.step} #${index}: ${key} (${occurrence})`;
      out.push({
        label,
        make: () => {
          let probe: { fired(): boolean } = { fired: () => false };
          const plan: FaultPlan = {
            invocation: index,
            functionKey: inv.functionKey,
            arm: (w) => {
              probe = loseResponse(w, { ...write, occurrence });
            },
          };
          return { label, plan, fired: () => probe.fired() };
        },
      });
    }
  });
  return out;
}

beforeAll(async () => {
  keepsProperties = await simulatorKeepsIssueProperties(world);
  invocations = (await runScenario(world)).invocations;
  await converge(world);
  reference = snapshot(world);
});

describe('lost responses at every upstream write', () => {
  it('neither loses nor repeats a write whose answer never arrived', async () => {
    const all = targets();
    expect(all.length).toBeGreaterThan(20);
    const failures: string[] = [];
    const notCovered: string[] = [];
    const covered = { jira: 0, zendesk: 0 };
    for (const t of all) {
      if (!keepsProperties && / jira POST \/rest\/api\/3\/issue \(\d+\)$/.test(t.label)) {
        // Recovery needs the issue property set in the create (see support/probes.ts).
        notCovered.push(t.label);
        continue;
      }
      const target = t.make();
      await runScenario(world, target.plan);
      if (!target.fired()) {
        failures.push(`${t.label}: the request was never made`);
        continue;
      }
      try {
        await converge(world);
      } catch (error) {
        failures.push(`${t.label}: ${String(error)}`);
        continue;
      }
      const diff = diffSnapshots(reference, snapshot(world));
      if (diff.length > 0) failures.push(`${t.label}:\n    ${diff.slice(0, 6).join('\n    ')}`);
      covered[t.label.includes(': jira ') ? 'jira' : 'zendesk'] += 1;
    }
    console.info(
      `[reliability] lost responses: ${covered.jira + covered.zendesk} of ${all.length} upstream writes covered (Jira ${covered.jira}, Zendesk ${covered.zendesk})` +
        (notCovered.length > 0 ? `; not coverable in this sandbox: ${notCovered.join('; ')}` : ''),
    );
    expect(failures).toEqual([]);
    expect(notCovered.length).toBeLessThanOrEqual(keepsProperties ? 0 : 2);
  });
});
