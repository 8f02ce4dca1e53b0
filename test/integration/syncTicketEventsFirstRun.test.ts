/**
 * Where the comment feed's first window starts (docs/sync-model.md § Comments from ticket
 * events), end to end with the real scheduled run. A first run over an export of several pages
 * must start its window near the present, not at the newest ticket of the first export page:
 * from there, deep in the history, windows of FEED_MAX_PAGES pages would reach today's changes
 * only runs later, and every changed ticket would list its comments meanwhile (issue #17's
 * "links ×4" row). And when Zendesk refuses the app's clock as too recent, the window falls
 * back to the newest exported ticket instead of going without a feed.
 *
 * Each suite starts Zendesk's clock hours behind the app's, so the history it writes lies in the
 * past on both clocks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startStack, type Stack } from '../../sandbox/stack';
import type { CursorRecord } from '../../src/storage/cursor';
import { FEED_MAX_PAGES } from '../../src/sync/fromZendesk/commentFeed';
import { CURSOR_KEY, itemKey } from '../../src/storage/keys';
import { connectDirect } from '../support/connection';
import { supportTicketItem } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import {
  commentListingsSince,
  jiraCommentTexts,
  newTicket,
  nextScheduledRun,
  resetWorld,
} from '../support/world';

const HOUR = 3_600_000;
/** Tickets on a ticket export page (src/sync/run/scheduler.ts) and events on an event page. */
const PAGE = 1000;

let stack: Stack;

/** A clean connected world with the item `conv`; Zendesk's clock `behindMs` behind the app's. */
function useWorld(behindMs: number): void {
  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    stack = await startStack({ zendesk: { seed: false, clockOffsetMs: -behindMs } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    resetWorld(stack);
    connectDirect(stack);
    const at = new Date(stack.zendesk.clock.now() - HOUR).toISOString();
    stack.emulator.storage.set(itemKey('conv'), supportTicketItem('conv', at));
  });
}

function linked(subject: string): { ticket: number; issueId: string } {
  const ticket = newTicket(stack, subject);
  return { ticket, issueId: storeManualLink(stack, 'conv', ticket, subject).issueId };
}

function reply(ticket: number, body: string): void {
  stack.zendesk.control.addComment(ticket, { body, as: 'requester' });
}

/** Replies to both tickets, the next run, and what it listed; each reply must reach Jira once. */
async function replyAndRun(
  links: readonly { ticket: number; issueId: string }[],
  text: string,
): Promise<string[]> {
  for (const l of links) reply(l.ticket, `${text} ${l.ticket}`);
  const from = stack.zendesk.log.entries().length;
  await nextScheduledRun(stack);
  for (const l of links) {
    const copies = jiraCommentTexts(stack, l.issueId).filter((t) => t.includes(`${text} ${l.ticket}`));
    expect(copies, `${text} on ${l.ticket}`).toHaveLength(1);
  }
  return commentListingsSince(stack, from);
}

describe("a first run over an export of several pages, with more events since its first page's tickets than windows read", () => {
  useWorld(4 * HOUR);

  it('starts the window near the present, so the next run takes the changes from it', async () => {
    // Export page one: a linked ticket and PAGE - 1 others. After it, more events than two
    // runs' windows hold (on a busy unlinked ticket, one a second), then a linked ticket on page two.
    const first = linked('On page one');
    for (let i = 1; i < PAGE; i++) newTicket(stack, `Other ${i}`);
    const busy = newTicket(stack, 'Busy neighbour');
    for (let i = 0; i < 2 * FEED_MAX_PAGES * PAGE + 100; i++) {
      stack.zendesk.control.advanceClock(1_000);
      stack.zendesk.control.addComment(busy, { body: `Noise ${i}`, as: 'agent', public: false });
    }
    const last = linked('On page two');
    // The clocks agree again: the whole history lies an hour and more in the past.
    stack.zendesk.control.advanceClock(Date.now() - stack.zendesk.clock.now());

    await nextScheduledRun(stack);
    expect(
      stack.zendesk.log.entries().filter((e) => e.path === '/api/v2/incremental/tickets/cursor'),
    ).toHaveLength(2);
    expect(await replyAndRun([first, last], 'First change')).toEqual([]);
    expect(await replyAndRun([first, last], 'Second change')).toEqual([]);
  });
});

describe("a first run whose clock Zendesk refuses as too recent (the app's clock ahead)", () => {
  useWorld(2 * HOUR);

  it('starts the window at the newest exported ticket, so the next run still reads events', async () => {
    const a = linked('Alpha');
    const b = linked('Beta');
    await nextScheduledRun(stack);
    expect((stack.emulator.storage.get(CURSOR_KEY) as CursorRecord).commentFeed).toBeDefined();
    expect(await replyAndRun([a, b], 'Reply')).toEqual([]);
  });
});
