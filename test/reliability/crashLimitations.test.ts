/**
 * A Jira → Zendesk change Zendesk cannot take (a ticket never returns to "new") is a
 * limitation recorded on the link, never faked and never silently dropped
 * (docs/contracts/connector-rules.md § Closed tickets). The handler that meets it is killed after each of its
 * writes in turn; Forge delivers the event again. However it was cut, the link must end with the limitation
 * recorded, and the sides must stay as they are (the scheduler must not "repair" the difference either).
 */
import { describe, expect, it } from 'vitest';
import type { LinkRecord } from '../../src/domain/types';
import { observePair, perform, setUpPairs, type Model } from './support/convergence';
import { converge, settle, useWorld } from './support/world';
import { linkKey } from '../../src/storage/keys';

const world = useWorld();

/** Two-way pair A in sync (ticket open, issue In Progress); then a person moves the issue back to To Do. */
async function backToNew(crashAfter?: number): Promise<{ model: Model; writes: number; crashed: boolean }> {
  const model = setUpPairs(world);
  await converge(world);
  await perform(world, model, { k: 'jiraTransition', i: 'A', status: 'To Do' }, 0);
  if (crashAfter !== undefined)
    world.stack.emulator.faults.crashAfterWrites(crashAfter, { functionKey: 'on-issue-updated' });
  world.events.release();
  const reports = await settle(world);
  const first = reports[0]?.deliveries[0]?.result;
  await converge(world);
  return { model, writes: first?.writes ?? 0, crashed: first?.status === 'crash' };
}

function problemsOf(model: Model): string[] {
  const link = world.stack.emulator.storage.get(linkKey('two', model.pairs.A.issueId)) as LinkRecord;
  return link.problems.map((p) => p.code);
}

describe('a limitation met by an event handler that crashes', () => {
  it('is recorded on the link whichever write the handler dies after', async () => {
    const clean = await backToNew();
    expect(clean.crashed).toBe(false);
    expect(problemsOf(clean.model)).toContain('TO_ZENDESK_STATUS_LIMIT');
    const o = observePair(world, clean.model, 'A');
    expect([o.zendesk.status, o.jira.status]).toEqual(['open', 'To Do']);
    expect(clean.writes).toBeGreaterThan(0);

    const lost: number[] = [];
    for (let k = 1; k <= clean.writes; k++) {
      const run = await backToNew(k);
      expect(run.crashed).toBe(true);
      const after = observePair(world, run.model, 'A');
      expect([after.zendesk.status, after.jira.status]).toEqual(['open', 'To Do']);
      if (!problemsOf(run.model).includes('TO_ZENDESK_STATUS_LIMIT')) lost.push(k);
    }
    console.info(`[reliability] limitation event: crash after each of its ${clean.writes} writes checked`);
    expect(lost).toEqual([]);
  });
});
