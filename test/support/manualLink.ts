/**
 * A link as a person makes it in the issue panel, stored directly (link record + its
 * `ticket:{id}` index entry) for tests whose subject is the sync, not the panel.
 */
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord } from '../../src/domain/types';
import { linkKey, ticketIndexKey } from '../../src/storage/keys';

/** The demo site's Support project and its Task issue type (Jira simulator seed). */
const SUP_KEY = 'SUP';
const TASK = '10001';

/** The record of a manual link made at `at`, before its first pass (no preview, no problems). */
export function manualLinkRecord(
  itemId: string,
  ticketId: number,
  issue: { id: string; key: string },
  at: string,
): LinkRecord {
  return {
    itemId,
    issueId: issue.id,
    issueKey: issue.key,
    zendeskObject: 'ticket',
    recordId: String(ticketId),
    origin: 'manual',
    createdAt: at,
    updatedAt: at,
    zendeskLink: { state: 'not-applicable' },
    preview: [],
    problems: [],
  };
}

/** Stores a manual link of an existing issue: the record and the ticket's index entry. */
export function storeLink(
  stack: Stack,
  itemId: string,
  ticketId: number,
  issue: { id: string; key: string },
): void {
  stack.emulator.storage.set(
    linkKey(itemId, issue.id),
    manualLinkRecord(itemId, ticketId, issue, new Date().toISOString()),
  );
  const indexKey = ticketIndexKey(String(ticketId));
  const existing =
    (stack.emulator.storage.get(indexKey) as { itemId: string; issueId: string }[] | undefined) ?? [];
  stack.emulator.storage.set(indexKey, [...existing, { itemId, issueId: issue.id }]);
}

/** A new Support task linked by hand to the ticket; the issue's id and key. */
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
  storeLink(stack, itemId, ticketId, issue);
  return { issueId: issue.id, issueKey: issue.key };
}
