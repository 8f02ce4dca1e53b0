/**
 * A Jira issue moved to another project (docs/sync-model.md § Lifecycle): the links follow at
 * the `avi:jira:updated:issue` event, for every ticket item whatever its sync mode, and the
 * Zendesk-side link is replaced (Zendesk cannot edit one) so that exactly one carries the new
 * key, also when the handler dies after any of its writes and Forge delivers the event again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord } from '../../src/domain/types';
import {
  linkInPanel,
  newIssue,
  newTicket,
  resetWorld,
  syncLogMessages,
  useLifecycleStack,
  zendeskLinksOf,
  type Issue,
} from '../support/lifecycle';
import { linkKey } from '../../src/storage/keys';

const getStack = useLifecycleStack();
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

const ITEMS = ['two', 'one', 'show'] as const;

async function linkedIssue(name: string): Promise<{ issue: Issue; links: LinkRecord[] }> {
  const issue = newIssue(stack, name);
  const links: LinkRecord[] = [];
  for (const itemId of ITEMS)
    links.push(await linkInPanel(stack, itemId, issue, newTicket(stack, `${name} ${itemId}`)));
  return { issue, links };
}

/** Each link carries the new key, and its ticket has exactly one Zendesk link, with that key and the stored id. */
function expectFollowed(issue: Issue, newKey: string): void {
  for (const itemId of ITEMS) {
    const link = stack.emulator.storage.get(linkKey(itemId, issue.id)) as LinkRecord;
    expect(link.issueKey).toBe(newKey);
    const zendesk = zendeskLinksOf(stack, { issueId: issue.id, ticketId: Number(link.recordId) });
    expect(zendesk.map((l) => l.issue_key)).toEqual([newKey]);
    expect(link.zendeskLink).toEqual({ state: 'registered', linkId: zendesk[0]?.id });
  }
}

describe('Jira issue moved', () => {
  it('every link and its Zendesk link follow the new key at the update event', async () => {
    const { issue, links } = await linkedIssue('Moving');
    const moved = stack.jira.control.moveIssue('agent', issue.id, 'ENG');
    await stack.settle();

    expectFollowed(issue, moved.key);
    for (const before of links) {
      const after = stack.emulator.storage.get(linkKey(before.itemId, issue.id)) as LinkRecord;
      expect(after.zendeskLink).not.toEqual(before.zendeskLink);
      const p = after.problems.find((q) => q.code === 'ISSUE_MOVED');
      expect(p?.kind).toBe('limitation');
      expect(p?.message).toContain(`moved to ${moved.key}`);
      expect(p?.message).toContain('its id changed');
    }
    expect(
      syncLogMessages(stack).filter((m) => m.includes(`Jira issue ${issue.key} moved to ${moved.key}`)),
    ).toHaveLength(3);
  });

  it('a crash after any write of the move, then the redelivery, ends with exactly one Zendesk link per link', async () => {
    let crashed = 0;
    for (let k = 1; k <= 40; k++) {
      resetWorld(stack);
      const { issue } = await linkedIssue(`Crash move ${k}`);
      stack.emulator.faults.crashAfterWrites(k, { functionKey: 'on-issue-updated' });
      const moved = stack.jira.control.moveIssue('agent', issue.id, 'ENG');
      const reports = await stack.settle();
      expectFollowed(issue, moved.key);
      if (!reports.some((r) => r.deliveries.some((d) => d.result.status === 'crash'))) break;
      crashed += 1;
    }
    expect(crashed).toBeGreaterThan(6);
  });
});
