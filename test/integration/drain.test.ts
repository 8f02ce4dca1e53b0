/**
 * The scheduled run's drain of durable per-link work (src/sync/run/drain.ts,
 * docs/sync-model.md § Durable work), one rule per case: marks are seeded the way an event,
 * an export page or a busy Refresh records them, then one scheduled run drains them. A mark
 * leaves storage only when its change was delivered or there is nothing left to deliver it to;
 * back-off, a busy link and a failure keep it, and keep the pending flag up.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SmartItem } from '../../src/domain/types';
import { linkLeaseKey, PENDING_FLAG_KEY, workKey, type WorkDirection } from '../../src/storage/keys';
import { LEASE_ENTITY } from '../../src/storage/lease';
import type { WorkMark } from '../../src/storage/work';
import { parseConnectorBlock } from '../../src/sync/core/markers';
import { supportTicketItem, zendeskHoursAgo } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { connectedWorld, jiraCommentTexts, nextScheduledRun } from '../support/world';

const stack = useStack({ zendesk: { seed: false } });

beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

/** An item as the admin page stores it, made an hour before the Zendesk simulator's now. */
const item = (id: string, overrides: Partial<SmartItem> = {}): SmartItem =>
  supportTicketItem(id, zendeskHoursAgo(stack), overrides);

beforeEach(() => {
  connectedWorld(stack, item('two'), item('one', { syncMode: 'oneWay' }), item('off', { syncMode: 'none' }));
  stack.emulator.faults.clear();
});

/** A linked ticket, synchronized once, so the next run's export brings nothing new. */
async function linked(
  itemId: string,
  subject: string,
): Promise<{ ticket: number; issueId: string; issueKey: string }> {
  const ticket = (
    stack.zendesk.control.createTicket({ subject, body: `${subject} (description)` }) as { id: number }
  ).id;
  const { issueId, issueKey } = storeManualLink(stack, itemId, ticket, subject);
  await nextScheduledRun(stack);
  return { ticket, issueId, issueKey };
}

function seedMark(
  itemId: string,
  issueId: string,
  direction: WorkDirection,
  source: string,
  extra: Partial<WorkMark> = {},
): string {
  const key = workKey(itemId, issueId, direction, source);
  stack.emulator.storage.set(key, { v: 1, at: new Date().toISOString(), attempts: 0, ...extra });
  stack.emulator.storage.set(PENDING_FLAG_KEY, { at: new Date().toISOString() });
  return key;
}

/** The stored event of a Jira comment, as the comment trigger records it. */
function commentEvent(issueId: string, issueKey: string, commentId: string): Record<string, unknown> {
  return {
    eventType: 'avi:jira:commented:issue',
    issue: { id: issueId, key: issueKey },
    comment: { id: commentId, author: { accountId: stack.user('agent').accountId } },
  };
}

const mark = (key: string): WorkMark | undefined => stack.emulator.storage.get(key) as WorkMark | undefined;
const flag = (): unknown => stack.emulator.storage.get(PENDING_FLAG_KEY);
const zendeskWrites = (): number =>
  stack.zendesk.log.entries().filter((e) => e.method !== 'GET' && !e.path.startsWith('/api/v2/users')).length;

const jiraTexts = (issueId: string) => jiraCommentTexts(stack, issueId);

function pushedToZendesk(ticket: number, issueId: string): string[] {
  return (stack.zendesk.control.comments(ticket) as { body: string }[])
    .map((c) => parseConnectorBlock(c.body))
    .filter((b) => b?.type === 'jira-comment-sync' && b.fields.issue === issueId)
    .map((b) => b?.fields.comment ?? '');
}

/** One scheduled run; Jira events the test caused stay undelivered until `stack.settle()`. */
async function scheduledRunOnly(): Promise<void> {
  stack.emulator.clock.advance(5 * 60_000);
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  expect(result.status).toBe('ok');
}

describe('nothing left to deliver to', () => {
  it('marks of a link that is gone, of an item that no longer synchronizes, or one-way for Jira → Zendesk are deleted unsent', async () => {
    const off = await linked('off', 'Sync off');
    const one = await linked('one', 'One way');
    const keys = [
      seedMark('two', '99999', 'toZendesk', 'comment-1', { event: commentEvent('99999', 'SUP-99', '1') }),
      seedMark('two', '99999', 'toJira', 't-1', { ticketId: '1' }),
      seedMark('off', off.issueId, 'toJira', 't-off', { ticketId: String(off.ticket) }),
      seedMark('one', one.issueId, 'toZendesk', 'comment-2', {
        event: commentEvent(one.issueId, one.issueKey, '2'),
      }),
    ];
    stack.zendesk.log.clear();
    await scheduledRunOnly();
    for (const key of keys) expect({ key, mark: mark(key) }).toEqual({ key, mark: undefined });
    expect(zendeskWrites()).toBe(0);
    expect(flag()).toBeUndefined();
  });

  it('a Zendesk → Jira mark of a ticket deleted in Zendesk is deleted', async () => {
    const gone = await linked('two', 'Deleted ticket');
    const key = seedMark('two', gone.issueId, 'toJira', 't-gone', { ticketId: String(gone.ticket) });
    stack.zendesk.control.deleteTicket(gone.ticket);
    await scheduledRunOnly();
    expect(mark(key)).toBeUndefined();
  });
});

describe('delivered, then deleted', () => {
  it('a Jira → Zendesk mark replays its stored event: the comment reaches the ticket once, and the late event adds nothing', async () => {
    const { ticket, issueId, issueKey } = await linked('two', 'Replay');
    const { id: commentId } = stack.jira.control.addComment(
      'agent',
      issueId,
      'Recorded while Zendesk was down',
    );
    const key = seedMark('two', issueId, 'toZendesk', `comment-${commentId}`, {
      event: commentEvent(issueId, issueKey, commentId),
    });
    await scheduledRunOnly();
    expect(pushedToZendesk(ticket, issueId)).toEqual([commentId]);
    expect(mark(key)).toBeUndefined();
    expect(flag()).toBeUndefined();
    await stack.settle();
    expect(pushedToZendesk(ticket, issueId)).toEqual([commentId]);
  });

  it('a Zendesk → Jira mark runs the link’s pass over the ticket as it is now', async () => {
    const { ticket, issueId } = await linked('two', 'Pass');
    stack.zendesk.control.addComment(ticket, { body: 'Waiting customer reply', as: 'requester' });
    const key = seedMark('two', issueId, 'toJira', `t-${ticket}`, { ticketId: String(ticket) });
    await scheduledRunOnly();
    expect(jiraTexts(issueId).filter((t) => t.includes('Waiting customer reply'))).toHaveLength(1);
    expect(mark(key)).toBeUndefined();
  });
});

describe('kept for a later run', () => {
  it('a mark backing off is left alone, and so is every other mark of its link and direction', async () => {
    const { ticket, issueId, issueKey } = await linked('two', 'Backing off');
    const { id: c1 } = stack.jira.control.addComment('agent', issueId, 'First');
    const { id: c2 } = stack.jira.control.addComment('agent', issueId, 'Second');
    const later = Date.now() + 10 * 60_000;
    const waiting = seedMark('two', issueId, 'toZendesk', `comment-${c1}`, {
      event: commentEvent(issueId, issueKey, c1),
      attempts: 2,
      nextAt: later,
    });
    const due = seedMark('two', issueId, 'toZendesk', `comment-${c2}`, {
      event: commentEvent(issueId, issueKey, c2),
    });
    await scheduledRunOnly();
    expect(pushedToZendesk(ticket, issueId)).toEqual([]);
    expect(mark(waiting)).toMatchObject({ attempts: 2, nextAt: later });
    expect(mark(due)).toMatchObject({ attempts: 0 });
    expect(flag()).toBeDefined();
  });

  it('a mark whose back-off ran out is delivered', async () => {
    const { ticket, issueId, issueKey } = await linked('two', 'Due again');
    const { id: c1 } = stack.jira.control.addComment('agent', issueId, 'Retried');
    const key = seedMark('two', issueId, 'toZendesk', `comment-${c1}`, {
      event: commentEvent(issueId, issueKey, c1),
      attempts: 3,
      nextAt: Date.now() - 1,
    });
    await scheduledRunOnly();
    expect(pushedToZendesk(ticket, issueId)).toEqual([c1]);
    expect(mark(key)).toBeUndefined();
  });

  it('a link another writer holds keeps its marks (both directions) and the flag', async () => {
    const { ticket, issueId, issueKey } = await linked('two', 'Busy');
    stack.zendesk.control.addComment(ticket, { body: 'Customer reply', as: 'requester' });
    const { id: c1 } = stack.jira.control.addComment('agent', issueId, 'Agent reply');
    const toJira = seedMark('two', issueId, 'toJira', `t-${ticket}`, { ticketId: String(ticket) });
    const toZendesk = seedMark('two', issueId, 'toZendesk', `comment-${c1}`, {
      event: commentEvent(issueId, issueKey, c1),
    });
    stack.emulator.storage.setEntity(LEASE_ENTITY, linkLeaseKey('two', issueId), {
      owner: 'another-writer',
      kind: 'event',
      acquiredAt: new Date().toISOString(),
      expiresAt: Date.now() + 60 * 60_000,
    });
    await scheduledRunOnly();
    expect(mark(toJira)).toMatchObject({ attempts: 0 });
    expect(mark(toZendesk)).toMatchObject({ attempts: 0 });
    expect(pushedToZendesk(ticket, issueId)).toEqual([]);
    expect(flag()).toBeDefined();
  });

  it('a Zendesk → Jira delivery that fails backs its mark off with the error, and the flag stays up', async () => {
    const { ticket, issueId } = await linked('two', 'Jira fails');
    stack.zendesk.control.addComment(ticket, { body: 'Lost in the outage?', as: 'requester' });
    const key = seedMark('two', issueId, 'toJira', `t-${ticket}`, { ticketId: String(ticket) });
    const outage = stack.jira.faults.failNext('*', 500, {
      times: 1_000,
      accountId: stack.jira.appAccount.accountId,
    });
    const before = Date.now();
    await scheduledRunOnly();
    stack.jira.faults.remove(outage);
    const kept = mark(key);
    expect(kept).toMatchObject({ attempts: 1, ticketId: String(ticket) });
    expect(kept?.lastError).toEqual(expect.any(String));
    expect(kept?.nextAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(flag()).toBeDefined();
  });
});
