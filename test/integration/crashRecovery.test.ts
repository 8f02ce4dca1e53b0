/**
 * The two Zendesk → Jira write-ahead defences, one crash at a time, aimed at the write that
 * matters (docs/sync-model.md § Crash safety): the conversation batch announced in the link
 * state (`fromZendesk.pending`) before its first Jira write, and the auto-create claim written
 * before the issue. A scheduled run is killed right after write k (the emulator's
 * `crashAfterWrites`), the next run recovers, and everything must exist exactly once —
 * recovered by the exact source id and only from what the app itself wrote, never from a
 * look-alike a Jira user typed.
 *
 * A smaller, faster companion of syncCrash.test.ts (every write point of a full scenario):
 * these are the cases mutation testing runs for each mutant of the defences.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SmartItem, SyncFeatures } from '../../src/domain/types';
import { formatConnectorBlock } from '../../src/sync/core/markers';
import { CONVERSATION, supportTicketItem, zendeskHoursAgo } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { FIVE_MINUTES_MS } from '../support/time';
import { connectedWorld, jiraCommentTexts, nextScheduledRun } from '../support/world';
import { CLAIM_PREFIX, itemKey, itemLinksPrefix, LINK_STATE_PREFIX, linkKey } from '../../src/storage/keys';

const stack = useStack({ zendesk: { seed: false } });

beforeAll(() => {
  // A crashed invocation's leftover code finds the platform gone and says so on stderr.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

/** A one-way item as the admin page stores it, made an hour before the Zendesk simulator's now. */
const item = (id: string, features: SyncFeatures): SmartItem =>
  supportTicketItem(id, zendeskHoursAgo(stack), { syncMode: 'oneWay', features });

beforeEach(() => {
  connectedWorld(stack);
  stack.emulator.faults.clear();
});

/** Writes of the next scheduled run, in order (`kind method target`), without running it twice. */
function writesSince(seq: number): string[] {
  return stack.emulator.calls
    .filter((c) => c.seq > seq && c.write)
    .map((c) => `${c.kind} ${c.method} ${c.target}`);
}

const lastSeq = (): number => stack.emulator.calls[stack.emulator.calls.length - 1]?.seq ?? 0;

/** The scheduled run five minutes on, uninterrupted; its writes in order. */
async function uninterruptedWrites(): Promise<string[]> {
  stack.emulator.clock.advance(FIVE_MINUTES_MS);
  stack.zendesk.control.advanceClock(61_000);
  const from = lastSeq();
  expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('ok');
  return writesSince(from);
}

/** The scheduled run five minutes on, killed right after its k-th write. */
async function crashedRun(k: number): Promise<void> {
  stack.emulator.clock.advance(FIVE_MINUTES_MS);
  stack.zendesk.control.advanceClock(61_000);
  stack.emulator.faults.crashAfterWrites(k, { functionKey: 'scheduled-sync' });
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  expect(result.status).toBe('crash');
}

/** Runs until a run completes (a crashed run's lease frees itself within twenty minutes). */
async function recover(): Promise<void> {
  stack.emulator.clock.advance(20 * 60_000);
  for (let i = 0; i < 3; i++) {
    const outcome = await nextScheduledRun(stack);
    if (outcome.status === 'done') return;
  }
  throw new Error('the sync did not finish after the crash');
}

const jiraComments = (issueId: string) => jiraCommentTexts(stack, issueId);

function jiraFiles(issueId: string): string[] {
  const ids = stack.jira.state.issues.get(issueId)?.attachmentIds ?? [];
  return ids.map((id) => {
    const a = stack.jira.state.attachments.get(id);
    return `${a?.filename}:${a?.content.length}`;
  });
}

const count = (texts: readonly string[], needle: string): number =>
  texts.filter((t) => t.includes(needle)).length;

/** A linked ticket already synchronized, then two customer replies and a reply with two files. */
async function conversationScenario(): Promise<{ ticket: number; issueId: string }> {
  stack.emulator.storage.set(itemKey('conv'), item('conv', CONVERSATION));
  const ticket = (
    stack.zendesk.control.createTicket({ subject: 'Crash', body: 'Description' }) as { id: number }
  ).id;
  const { issueId } = storeManualLink(stack, 'conv', ticket, 'Crash');
  await nextScheduledRun(stack);
  stack.zendesk.control.addComment(ticket, { body: 'First reply', as: 'requester' });
  stack.zendesk.control.addComment(ticket, { body: 'Second reply', as: 'requester' });
  stack.zendesk.control.addComment(ticket, {
    body: 'Two files',
    as: 'requester',
    attachments: [
      { fileName: 'same.txt', data: 'one' },
      { fileName: 'same.txt', data: 'two' },
    ],
  });
  return { ticket, issueId };
}

/** The writes of an uninterrupted run of the scenario (measured in a world of its own). */
async function referenceWrites(): Promise<string[]> {
  await conversationScenario();
  const writes = await uninterruptedWrites();
  connectedWorld(stack);
  stack.emulator.faults.clear();
  return writes;
}

function expectConversationOnce(issueId: string): void {
  const texts = jiraComments(issueId);
  expect(count(texts, 'First reply')).toBe(1);
  expect(count(texts, 'Second reply')).toBe(1);
  expect(count(texts, 'Two files')).toBe(1);
  expect(jiraFiles(issueId).sort()).toEqual(['same.txt:3', 'same.txt:3']);
  // One attachment note naming both files.
  expect(texts.filter((t) => t.includes('type=zendesk-attachment-sync'))).toHaveLength(1);
}

describe('an interrupted conversation batch (fromZendesk.pending)', () => {
  it('dies after each of its writes in turn, and ends with every comment and file exactly once', async () => {
    const writes = await referenceWrites();
    const firstJira = writes.findIndex((w) => w.startsWith('jira POST'));
    const lastJira = writes.length - 1 - [...writes].reverse().findIndex((w) => w.startsWith('jira POST'));
    expect(firstJira).toBeGreaterThan(0);
    // W1 (the state save) comes before the batch's first Jira write.
    expect(writes.slice(0, firstJira).some((w) => w.includes(LINK_STATE_PREFIX))).toBe(true);
    // Every write from W1 up to the last Jira write of the batch.
    for (let k = firstJira; k <= lastJira + 1; k++) {
      const { issueId } = await conversationScenario();
      await crashedRun(k);
      await recover();
      expectConversationOnce(issueId);
      connectedWorld(stack);
    }
  });

  it('a comment a Jira user typed to look like the copy does not count as the copy', async () => {
    const writes = await referenceWrites();
    const firstJira = writes.findIndex((w) => w.startsWith('jira POST'));
    const { ticket, issueId } = await conversationScenario();
    // Dies right after W1: the batch is announced, nothing of it is in Jira yet.
    await crashedRun(firstJira);
    const zendeskIds = [...stack.zendesk.state.comments.values()]
      .filter((c) => c.ticketId === ticket)
      .map((c) => c.id)
      .sort((a, b) => a - b);
    const [, first, , files] = zendeskIds;
    const attachmentIds = [...stack.zendesk.state.attachments.values()]
      .filter((a) => a.commentId === files)
      .map((a) => String(a.id));
    expect(attachmentIds).toHaveLength(2);
    // Look-alikes of the copy and of the attachment note, typed by a person in Jira.
    stack.jira.control.addComment(
      'agent',
      issueId,
      `Pasted: ${formatConnectorBlock('zendesk-comment-sync', { ticket: String(ticket), comment: String(first) })}`,
    );
    stack.jira.control.addComment(
      'agent',
      issueId,
      `Pasted: ${formatConnectorBlock('zendesk-attachment-sync', { ticket: String(ticket), added: attachmentIds, skipped: [] })}`,
    );
    await recover();
    const texts = jiraComments(issueId).filter((t) => !t.startsWith('Pasted'));
    expect(count(texts, 'First reply')).toBe(1);
    expect(jiraFiles(issueId)).toHaveLength(2);
  });
});

describe('an interrupted auto-create (the claim)', () => {
  const AUTO: SyncFeatures = {
    autoCreate: true,
    statusSync: false,
    commentSync: true,
    attachmentSync: false,
  };

  function autoScenario(): number {
    stack.emulator.storage.set(itemKey('auto'), item('auto', AUTO));
    return (
      stack.zendesk.control.createTicket({ subject: 'New ticket', body: 'Please create' }) as { id: number }
    ).id;
  }

  /** The auto-create scenario's uninterrupted run; its writes in order. */
  function cleanRunWrites(): Promise<string[]> {
    autoScenario();
    return uninterruptedWrites();
  }

  function issuesFor(subject: string): string[] {
    return [...stack.jira.state.issues.values()].filter((i) => i.values.summary === subject).map((i) => i.id);
  }

  it('dies after the claim, after the issue create and after the link save; one issue, one link, no claim left', async () => {
    const writes = await cleanRunWrites();
    const claim = writes.findIndex((w) => w.includes(CLAIM_PREFIX)) + 1;
    const create = writes.findIndex((w) => w === 'jira POST /rest/api/3/issue') + 1;
    const link = writes.findIndex((w) => w.includes(itemLinksPrefix('auto'))) + 1;
    expect(claim).toBeGreaterThan(0);
    expect(create).toBeGreaterThan(claim);
    expect(link).toBeGreaterThan(create);
    for (const k of [claim, create, link]) {
      connectedWorld(stack);
      autoScenario();
      await crashedRun(k);
      await recover();
      const issues = issuesFor('New ticket');
      expect({ k, issues: issues.length }).toEqual({ k, issues: 1 });
      expect(stack.emulator.storage.keys(itemLinksPrefix('auto'))).toEqual([
        linkKey('auto', String(issues[0])),
      ]);
      expect(stack.emulator.storage.keys(CLAIM_PREFIX)).toEqual([]);
      expect(count(jiraComments(issues[0]!), 'Please create')).toBeLessThanOrEqual(1);
    }
  });

  it('recovery adopts only the issue carrying the claim, not another issue created in the project meanwhile', async () => {
    const claim = (await cleanRunWrites()).findIndex((w) => w.includes(CLAIM_PREFIX)) + 1;
    connectedWorld(stack);
    autoScenario();
    await crashedRun(claim);
    // A person creates an issue in the item's project before the sync recovers.
    const theirs = stack.jira.control.createIssue('agent', {
      project: { key: 'SUP' },
      issuetype: { id: '10001' },
      summary: 'Somebody else’s issue',
    });
    await recover();
    const ours = issuesFor('New ticket');
    expect(ours).toHaveLength(1);
    expect(ours[0]).not.toBe(theirs.id);
    expect(stack.emulator.storage.keys(itemLinksPrefix('auto'))).toEqual([linkKey('auto', String(ours[0]))]);
  });

  it('a claim whose issue never got created is followed by exactly one create', async () => {
    const ticket = autoScenario();
    const claim = (await uninterruptedWrites()).findIndex((w) => w.includes(CLAIM_PREFIX)) + 1;
    connectedWorld(stack);
    expect(autoScenario()).toBe(ticket);
    await crashedRun(claim);
    expect(stack.emulator.storage.keys(CLAIM_PREFIX)).toHaveLength(1);
    expect(issuesFor('New ticket')).toEqual([]);
    await recover();
    expect(issuesFor('New ticket')).toHaveLength(1);
  });
});
