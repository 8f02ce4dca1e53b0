/**
 * A link as a person makes it in the issue panel, stored directly (link record + its
 * `ticket:{id}` index entry) for tests whose subject is the sync, not the panel.
 */
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord } from '../../src/domain/types';

/** The demo site's Support project and its Task issue type (Jira simulator seed). */
const SUP_KEY = 'SUP';
const TASK = '10001';

export function storeManualLink(
  stack: Stack,
  itemId: string,
  ticketId: number,
  summary: string,
): { issueId: string; issueKey: string } {
  const issue = stack.jira.control.createIssue('agent', {
    project: { key: SUP_KEY },
    issuetype: { id: TASK },
    summary,
  });
  const now = new Date().toISOString();
  const link: LinkRecord = {
    itemId,
    issueId: issue.id,
    issueKey: issue.key,
    zendeskObject: 'ticket',
    recordId: String(ticketId),
    origin: 'manual',
    createdAt: now,
    updatedAt: now,
    zendeskLink: { state: 'not-applicable' },
    preview: [],
    problems: [],
  };
  stack.emulator.storage.set(`link:${itemId}:${issue.id}`, link);
  const indexKey = `ticket:${ticketId}`;
  const existing =
    (stack.emulator.storage.get(indexKey) as { itemId: string; issueId: string }[] | undefined) ?? [];
  stack.emulator.storage.set(indexKey, [...existing, { itemId, issueId: issue.id }]);
  return { issueId: issue.id, issueKey: issue.key };
}
