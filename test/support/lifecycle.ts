/**
 * Fixtures for the lifecycle scenarios (test/integration/lifecycle*.test.ts): items, links
 * made through the real issue panel resolver (which also registers the Zendesk-side link),
 * and readers of what storage and the Zendesk simulator hold for an issue or an item.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startStack, type Stack } from '../../sandbox/stack';
import type { LinkOutcome, Result, SyncRunSummary } from '../../src/domain/rpc';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import { connectDirect } from './connection';
import { linkConfirmed } from './panelLink';
import {
  itemKey,
  LINK_PREFIX,
  LINK_STATE_PREFIX,
  linkKey,
  PROBLEM_INDEX_KEY,
  SYNC_LOG_HEAD_KEY,
  SYNC_LOG_PREFIX,
  TICKET_INDEX_PREFIX,
} from '../../src/storage/keys';

export const SUP = { id: '10000', key: 'SUP' };
export const TASK = '10001';

const SUBJECT_TO_SUMMARY = {
  zendeskFieldId: 'subject',
  zendeskFieldLabel: 'Subject',
  jiraFieldId: 'summary',
  jiraFieldName: 'Summary',
  preview: false,
};

/** A ticket item in the demo Support project; synchronized modes map the subject and sync the status. */
export function ticketItem(id: string, syncMode: SmartItem['syncMode'], at: string): SmartItem {
  const syncing = syncMode !== 'none';
  const features = { autoCreate: false, statusSync: syncing, commentSync: false, attachmentSync: false };
  const where = { projectId: SUP.id, projectKey: SUP.key, projectName: 'Support' };
  const type = { issueTypeId: TASK, issueTypeName: 'Task' };
  const fields = syncing ? [SUBJECT_TO_SUMMARY] : [];
  return {
    id,
    name: `Item ${id}`,
    syncMode,
    zendeskObject: 'ticket',
    ...where,
    ...type,
    fields,
    features,
    createdAt: at,
    updatedAt: at,
  };
}

/** Stores the three items the lifecycle scenarios use: two-way, one-way and display-only. */
export function storeItems(stack: Stack): void {
  const at = new Date(stack.zendesk.clock.now() - 3_600_000).toISOString();
  for (const [id, mode] of [
    ['two', 'twoWay'],
    ['one', 'oneWay'],
    ['show', 'none'],
  ] as const)
    stack.emulator.storage.set(itemKey(id), ticketItem(id, mode, at));
}

export interface Issue {
  id: string;
  key: string;
}

/** Links the ticket to the issue from the issue panel, as the agent (first pass included). */
export async function linkInPanel(
  stack: Stack,
  itemId: string,
  issue: Issue,
  ticketId: number,
): Promise<LinkRecord> {
  const value = await linkConfirmed(
    async (payload) => {
      const result = await stack.emulator.invokeResolver(
        'panel-resolver',
        { functionKey: 'link', payload },
        {
          accountId: stack.user('agent').accountId,
          extension: { type: 'jira:issuePanel', issue, project: { ...SUP, type: 'software' } },
        },
      );
      if (result.status !== 'ok') throw new Error(`panel link ended with ${result.status}`);
      return result.value as Result<LinkOutcome>;
    },
    itemId,
    String(ticketId),
  );
  if (!value.ok) throw new Error(`panel link refused: ${value.error.code} ${value.error.message}`);
  await stack.settle();
  return stack.emulator.storage.get(linkKey(itemId, issue.id)) as LinkRecord;
}

export function newIssue(stack: Stack, summary: string): Issue {
  return stack.jira.control.createIssue('agent', {
    project: { key: SUP.key },
    issuetype: { id: TASK },
    summary,
  });
}

export function newTicket(stack: Stack, subject: string, extra: Record<string, unknown> = {}): number {
  return (stack.zendesk.control.createTicket({ subject, body: subject, ...extra }) as { id: number }).id;
}

/** Every storage key that mentions the issue: links, states (and chunks). */
export function keysOfIssue(stack: Stack, issueId: string): string[] {
  return stack.emulator.storage
    .keys()
    .filter(
      (k) => (k.startsWith(LINK_PREFIX) || k.startsWith(LINK_STATE_PREFIX)) && k.split(':')[2] === issueId,
    );
}

/** Index entries (`ticket:{id}` and `problems:links`) that still name the issue. */
export function indexEntriesOf(stack: Stack, issueId: string): string[] {
  return stack.emulator.storage
    .keys()
    .filter((k) => k.startsWith(TICKET_INDEX_PREFIX) || k === PROBLEM_INDEX_KEY)
    .filter((k) =>
      ((stack.emulator.storage.get(k) as { issueId: string }[]) ?? []).some((r) => r.issueId === issueId),
    );
}

export function zendeskLinksOf(
  stack: Stack,
  filter: { issueId?: string; ticketId?: number },
): { id: number; issue_key: string }[] {
  return (
    stack.zendesk.control.listJiraLinks() as {
      id: number;
      issue_id: string;
      ticket_id: string;
      issue_key: string;
    }[]
  ).filter(
    (l) =>
      (filter.issueId === undefined || l.issue_id === filter.issueId) &&
      (filter.ticketId === undefined || l.ticket_id === String(filter.ticketId)),
  );
}

export function syncLogMessages(stack: Stack): string[] {
  return stack.emulator.storage
    .keys(SYNC_LOG_PREFIX)
    .filter((k) => k !== SYNC_LOG_HEAD_KEY)
    .flatMap((k) =>
      (stack.emulator.storage.get(k) as { run: SyncRunSummary }).run.errors.map((e) => e.message),
    );
}

/** The scheduled run after the export's one-minute holdback; throws unless it ended normally. */
export async function runScheduled(stack: Stack): Promise<unknown> {
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok')
    throw new Error(`scheduled-sync ended with ${result.status}: ${String(result.error)}`);
  await stack.settle();
  return result.value;
}

/** Empty storage, no faults, no Zendesk links; then a fresh connection and the three items. */
export function resetWorld(s: Stack): void {
  s.emulator.storage.clear();
  s.emulator.faults.clear();
  s.zendesk.faults.clear();
  s.zendesk.state.jiraLinks.clear();
  connectDirect(s);
  storeItems(s);
}

/**
 * One stack for the file (no demo data), and before each test: empty storage, no faults, no
 * Zendesk links, a fresh connection and the three items. Returns the stack's getter.
 */
export function useLifecycleStack(): () => Stack {
  let stack: Stack | undefined;
  const get = (): Stack => {
    if (!stack) throw new Error('the stack is not started');
    return stack;
  };
  beforeAll(async () => {
    stack = await startStack({ zendesk: { seed: false }, jira: { seed: { issues: false } } });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => resetWorld(get()));
  return get;
}
