/**
 * Lifecycle of the Jira side (docs/sync-model.md § Lifecycle), with the real handlers against
 * the simulators: a deleted issue loses every link, state, index entry and Zendesk-side link
 * (through the `avi:jira:deleted:issue` trigger, after a crash at any write, and through the
 * scheduled pass's 404), while a permission loss deletes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import { connectDirect } from '../support/connection';
import {
  indexEntriesOf,
  keysOfIssue,
  linkInPanel,
  newIssue,
  newTicket,
  runScheduled,
  resetWorld,
  useLifecycleStack,
  syncLogMessages,
  ticketItem,
  zendeskLinksOf,
  type Issue,
} from '../support/lifecycle';
import { CONNECTION_KEY, itemKey, LINK_PREFIX, linkKey } from '../../src/storage/keys';

const getStack = useLifecycleStack();

/** One issue linked by three items to three tickets, each registered in Zendesk. */
async function issueWithThreeLinks(name: string): Promise<{ issue: Issue; tickets: number[] }> {
  const issue = newIssue(stack, name);
  const tickets: number[] = [];
  for (const itemId of ['two', 'one', 'show']) {
    const ticketId = newTicket(stack, `${name} (${itemId})`);
    const link = await linkInPanel(stack, itemId, issue, ticketId);
    expect(link.zendeskLink.state).toBe('registered');
    tickets.push(ticketId);
  }
  return { issue, tickets };
}

function expectForgotten(issue: Issue): void {
  expect(keysOfIssue(stack, issue.id)).toEqual([]);
  expect(indexEntriesOf(stack, issue.id)).toEqual([]);
  expect(zendeskLinksOf(stack, { issueId: issue.id })).toEqual([]);
}

let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('Jira issue deleted', () => {
  it('the deleted-issue event removes every link of the issue, its state, index entries and Zendesk links', async () => {
    const { issue } = await issueWithThreeLinks('Delete me');
    const other = newIssue(stack, 'Keep me');
    await linkInPanel(stack, 'two', other, newTicket(stack, 'Kept ticket'));
    expect(keysOfIssue(stack, issue.id).length).toBeGreaterThanOrEqual(3);

    stack.jira.control.deleteIssue('agent', issue.id);
    await stack.settle();

    expectForgotten(issue);
    expect(stack.emulator.storage.get(linkKey('two', other.id))).toBeDefined();
    expect(zendeskLinksOf(stack, { issueId: other.id })).toHaveLength(1);
    expect(
      syncLogMessages(stack).filter((m) => m.includes(`Jira issue ${issue.key} was deleted`)),
    ).toHaveLength(3);
  });

  it('a crash after any write of the cleanup, then the redelivery, converges', async () => {
    let crashed = 0;
    for (let k = 1; k <= 40; k++) {
      resetWorld(stack);
      const { issue } = await issueWithThreeLinks(`Crash ${k}`);
      stack.emulator.faults.crashAfterWrites(k, { functionKey: 'on-issue-deleted' });
      stack.jira.control.deleteIssue('agent', issue.id);
      const reports = await stack.settle();
      const statuses = reports.flatMap((r) => r.deliveries.map((d) => d.result.status));
      expectForgotten(issue);
      if (!statuses.includes('crash')) {
        stack.emulator.faults.clear();
        break;
      }
      crashed += 1;
    }
    // The cleanup of three registered links takes well over three writes.
    expect(crashed).toBeGreaterThan(6);
  });

  it('a redelivered event after the cleanup finished does nothing', async () => {
    const { issue } = await issueWithThreeLinks('Twice');
    stack.jira.control.deleteIssue('agent', issue.id);
    await stack.settle();
    const event = stack.jira.control.emittedEvents().find((e) => e.eventType === 'avi:jira:deleted:issue');
    const again = await stack.emulator.invoke('on-issue-deleted', { ...event });
    expect(again.status).toBe('ok');
    expectForgotten(issue);
  });

  it('the scheduled pass treats a 404 on a deleted issue as the deletion', async () => {
    const { issue, tickets } = await issueWithThreeLinks('Missed event');
    // The event arrives while Zendesk is disconnected: the registered links cannot lose their
    // Zendesk side then, so they stay for the scheduled pass after reconnecting.
    stack.emulator.storage.delete(CONNECTION_KEY);
    stack.jira.control.deleteIssue('agent', issue.id);
    await stack.settle();
    expect(keysOfIssue(stack, issue.id).filter((k) => k.startsWith(LINK_PREFIX))).toHaveLength(3);
    connectDirect(stack);
    stack.zendesk.control.advanceClock(2_000);
    stack.zendesk.control.editTicket(tickets[0] as number, { subject: 'Changed after the issue went' });
    await runScheduled(stack);
    expectForgotten(issue);
  });

  it('a two-way comment written while the issue is hidden is copied once, after access returns', async () => {
    // The two-way pass decides a comment from its memory without reading the issue; the 404 of
    // its comment write must not count the comment as done (it would never be copied).
    const base = ticketItem('talk', 'twoWay', new Date(stack.zendesk.clock.now() - 3_600_000).toISOString());
    stack.emulator.storage.set(itemKey('talk'), {
      ...base,
      features: { ...base.features, commentSync: true },
    });
    const issue = newIssue(stack, 'Hidden comment');
    const ticketId = newTicket(stack, 'Hidden comment');
    await linkInPanel(stack, 'talk', issue, ticketId);
    const copies = () =>
      [...stack.jira.state.comments.values()].filter(
        (c) => String(c.issueId) === issue.id && adfToText(c.body).includes('Written while hidden'),
      );
    stack.jira.control.revoke('app', 'SUP', ['BROWSE_PROJECTS']);
    try {
      stack.zendesk.control.advanceClock(2_000);
      stack.zendesk.control.addComment(ticketId, { body: 'Written while hidden', as: 'agent', public: true });
      await runScheduled(stack);
    } finally {
      stack.jira.control.grant('app', 'SUP', ['BROWSE_PROJECTS']);
    }
    const hidden = stack.emulator.storage.get(linkKey('talk', issue.id)) as LinkRecord;
    expect(hidden.problems.map((p) => p.code)).toContain('ISSUE_NOT_FOUND');
    expect(hidden.problems.map((p) => p.code)).not.toContain('COMMENT_FAILED');
    expect(copies()).toHaveLength(0);

    stack.zendesk.control.advanceClock(2_000);
    stack.zendesk.control.editTicket(ticketId, { subject: 'Visible again' });
    await runScheduled(stack);
    expect(copies()).toHaveLength(1);
    const visible = stack.emulator.storage.get(linkKey('talk', issue.id)) as LinkRecord;
    expect(visible.problems.map((p) => p.code)).not.toContain('ISSUE_NOT_FOUND');
  });

  it('a lost permission (404 on the issue and on its project) deletes nothing', async () => {
    const { issue, tickets } = await issueWithThreeLinks('Hidden');
    stack.jira.control.revoke('app', 'SUP', ['BROWSE_PROJECTS']);
    try {
      stack.zendesk.control.advanceClock(2_000);
      stack.zendesk.control.editTicket(tickets[0] as number, { subject: 'Changed while hidden' });
      await runScheduled(stack);
    } finally {
      stack.jira.control.grant('app', 'SUP', ['BROWSE_PROJECTS']);
    }
    const link = stack.emulator.storage.get(linkKey('two', issue.id)) as LinkRecord;
    expect(link.problems.map((p) => p.code)).toContain('ISSUE_NOT_FOUND');
    expect(zendeskLinksOf(stack, { issueId: issue.id })).toHaveLength(3);
    expect(keysOfIssue(stack, issue.id).filter((k) => k.startsWith(LINK_PREFIX))).toHaveLength(3);
  });
});
