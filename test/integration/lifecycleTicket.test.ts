/**
 * Lifecycle of the Zendesk side (docs/sync-model.md § Lifecycle), with the real scheduled run
 * against the simulators: a deleted ticket and a merged ticket are recorded on every link of
 * the ticket (problem on the card and in the activity view) and once in the sync log.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord } from '../../src/domain/types';
import {
  linkInPanel,
  newIssue,
  newTicket,
  runScheduled,
  syncLogMessages,
  useLifecycleStack,
} from '../support/lifecycle';
import { linkKey, PROBLEM_INDEX_KEY } from '../../src/storage/keys';

const getStack = useLifecycleStack();
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

const linkOf = (itemId: string, issueId: string): LinkRecord =>
  stack.emulator.storage.get(linkKey(itemId, issueId)) as LinkRecord;

/** One ticket linked to two issues, by the two-way and the one-way item. */
async function ticketWithTwoLinks(name: string): Promise<{ ticketId: number; issues: string[] }> {
  const ticketId = newTicket(stack, name);
  const issues: string[] = [];
  for (const itemId of ['two', 'one']) {
    const issue = newIssue(stack, `${name} (${itemId})`);
    await linkInPanel(stack, itemId, issue, ticketId);
    issues.push(issue.id);
  }
  await runScheduled(stack);
  return { ticketId, issues };
}

describe('Zendesk ticket deleted', () => {
  it('records the deletion on every link of the ticket and once in the sync log; the links stay', async () => {
    const { ticketId, issues } = await ticketWithTwoLinks('Delete the ticket');
    stack.zendesk.control.advanceClock(2_000);
    stack.zendesk.control.deleteTicket(ticketId);
    await runScheduled(stack);
    await runScheduled(stack);

    const links = [linkOf('two', issues[0] as string), linkOf('one', issues[1] as string)];
    for (const link of links) {
      expect(link).toBeDefined();
      const p = link.problems.find((q) => q.code === 'TICKET_DELETED');
      expect(p?.kind).toBe('error');
      expect(p?.message).toContain(`Zendesk ticket ${ticketId} was deleted`);
    }
    const logged = syncLogMessages(stack).filter((m) => m.includes(`Zendesk ticket ${ticketId} was deleted`));
    expect(logged).toHaveLength(2);
    // The activity view lists them through the problem index.
    const problemIndex = stack.emulator.storage.get(PROBLEM_INDEX_KEY) as { issueId: string }[];
    expect(problemIndex.map((r) => r.issueId).sort()).toEqual([...issues].sort());
  });
});

describe('Zendesk ticket merged', () => {
  it('records the target ticket on every link of the merged ticket, once', async () => {
    const target = newTicket(stack, 'The surviving ticket');
    const { ticketId, issues } = await ticketWithTwoLinks('Merge me');
    // What Zendesk does to the source of a merge: the merge note, then closed with the tag.
    stack.zendesk.control.advanceClock(2_000);
    stack.zendesk.control.addComment(ticketId, {
      body: `This request was closed and merged into request #${target} "The surviving ticket".`,
      public: false,
    });
    stack.zendesk.control.editTicket(ticketId, { status: 'closed', tags: ['closed_by_merge'] });
    await runScheduled(stack);
    await runScheduled(stack);

    for (const [itemId, issueId] of [
      ['two', issues[0]],
      ['one', issues[1]],
    ] as const) {
      const p = linkOf(itemId, issueId as string).problems.find((q) => q.code === 'TICKET_MERGED');
      expect(p?.kind).toBe('limitation');
      expect(p?.message).toContain(`merged into ticket ${target}`);
    }
    const logged = syncLogMessages(stack).filter((m) => m.includes(`Zendesk ticket ${ticketId} was merged`));
    expect(logged).toHaveLength(2);
  });
});
