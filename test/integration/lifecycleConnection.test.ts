/**
 * The Zendesk connection going away mid-run (docs/sync-model.md § Lifecycle): once Zendesk
 * answers 401, the scheduled run stops without recording anything on links or in the retry
 * list and without moving the cursor past unprocessed tickets; an event handler asks for a
 * redelivery instead of recording a refusal. Real handlers against the simulators.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import * as world from '../support/lifecycle';
import type { Issue } from '../support/lifecycle';
import { CURSOR_KEY, itemKey, linkKey } from '../../src/storage/keys';

const getStack = world.useLifecycleStack();
let stack: Stack;
/** Zendesk's answer to a token that no longer authenticates. */
const UNAUTHORIZED = { status: 401, body: { error: "Couldn't authenticate you" } };

beforeEach(() => {
  stack = getStack();
  // Comment sync makes each ticket's pass read Zendesk (its comments).
  const two = stack.emulator.storage.get(itemKey('two')) as SmartItem;
  stack.emulator.storage.set(itemKey('two'), { ...two, features: { ...two.features, commentSync: true } });
});

const summaryOf = (issue: Issue): unknown => stack.jira.control.getIssue(issue.id)['fields'];

async function threeLinkedTickets(): Promise<{ issue: Issue; ticketId: number }[]> {
  const pairs: { issue: Issue; ticketId: number }[] = [];
  for (const n of [1, 2, 3]) {
    const issue = world.newIssue(stack, `Pair ${n}`);
    const ticketId = world.newTicket(stack, `Pair ${n}`);
    await world.linkInPanel(stack, 'two', issue, ticketId);
    pairs.push({ issue, ticketId });
  }
  await world.runScheduled(stack);
  return pairs;
}

describe('Zendesk connection revoked mid-run', () => {
  it('the scheduled run stops cleanly: nothing recorded for the ticket it was on, the cursor stays before the page', async () => {
    const pairs = await threeLinkedTickets();
    for (const { ticketId } of pairs) {
      stack.zendesk.control.advanceClock(2_000);
      stack.zendesk.control.editTicket(ticketId, { subject: `Renamed ${ticketId}` });
    }
    const before = stack.emulator.storage.get(CURSOR_KEY) as { cursor: string | null };
    const [first] = pairs as [{ issue: Issue; ticketId: number }];
    // The token is refused once the run is under way: the export page was read, then the first
    // ticket's pass reads its new comments from the ticket event export and gets a 401.
    stack.zendesk.faults.add({ path: '/api/v2/incremental/ticket_events', error: UNAUTHORIZED });
    await world.runScheduled(stack);

    const link = stack.emulator.storage.get(linkKey('two', first.issue.id)) as LinkRecord;
    expect(link.problems).toEqual([]);
    const after = stack.emulator.storage.get(CURSOR_KEY) as {
      cursor: string | null;
      retry: Record<string, unknown>;
    };
    expect(after.cursor).toBe(before.cursor);
    expect(Object.keys(after.retry)).toEqual([]);
    expect(world.syncLogMessages(stack)).toContainEqual(
      expect.stringContaining('The Zendesk connection stopped working'),
    );

    // Connected again: the next run picks up every change, the interrupted ones included.
    stack.zendesk.faults.clear();
    await world.runScheduled(stack);
    for (const { issue, ticketId } of pairs)
      expect(summaryOf(issue)).toMatchObject({ summary: `Renamed ${ticketId}` });
  });

  it('an event handler that meets a 401 is delivered again instead of recording a refusal', async () => {
    const issue = world.newIssue(stack, 'Event pair');
    const ticketId = world.newTicket(stack, 'Event pair');
    await world.linkInPanel(stack, 'two', issue, ticketId);
    stack.zendesk.faults.add({
      method: 'PUT',
      path: `/api/v2/tickets/${ticketId}`,
      error: UNAUTHORIZED,
      times: 1,
    });
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Renamed in Jira' });
    await stack.settle();

    expect((stack.zendesk.control.ticket(ticketId) as { subject: string }).subject).toBe('Renamed in Jira');
    const link = stack.emulator.storage.get(linkKey('two', issue.id)) as LinkRecord;
    expect(link.problems).toEqual([]);
  });
});
