/**
 * Carried comments (docs/sync-model.md § Carried comments), end to end: a ticket whose reply
 * lands in a scheduled run's window after its export was read is not passed by that run; its
 * reply is carried to the run that passes it, which copies it once without listing the
 * ticket's comments. A carried entry that cannot be read (gone, of a bad shape, of another
 * Zendesk account) or that storage fails to read or write makes the ticket list, so nothing is
 * lost; a run that dies after any of its writes converges; an unlinked ticket is not carried; a carried ticket the export does not
 * bring back becomes outstanding instead of being carried for ever.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStack } from '../support/stack';
import type { CursorRecord } from '../../src/storage/cursor';
import { CARRY_PREFIX, carryKey, CURSOR_KEY, ticketIndexKey } from '../../src/storage/keys';
import { decodeIds, encodeIds } from '../../src/sync/fromZendesk/idList';
import { storeManualLink } from '../support/manualLink';
import { elapse } from '../support/time';
import {
  commentListingsSince,
  customerReply,
  jiraCommentTexts,
  nextScheduledRun,
  conversationWorld,
  storedCursor,
} from '../support/world';

const EVENTS = '/api/v2/incremental/ticket_events';

const stack = useStack({ zendesk: { seed: false } });

beforeAll(() => {
  // A crashed invocation's leftover code finds the platform gone and says so on stderr.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

const freshWorld = (): void => conversationWorld(stack);

beforeEach(freshWorld);

interface Linked {
  ticket: number;
  issueId: string;
}

function newTicket(subject: string): number {
  return (stack.zendesk.control.createTicket({ subject, body: `About ${subject}` }) as { id: number }).id;
}

/** Tickets linked by hand, past their first scheduled run (which lists them). */
async function linkedTickets(...subjects: string[]): Promise<Linked[]> {
  const out = subjects.map((subject) => {
    const ticket = newTicket(subject);
    return { ticket, issueId: storeManualLink(stack, 'conv', ticket, subject).issueId };
  });
  await nextScheduledRun(stack);
  return out;
}

const cursor = (): CursorRecord => storedCursor(stack);

const carried = (): string[] => (cursor().commentFeed?.carried ?? []).flatMap(decodeIds);
const parts = (): string[] => stack.emulator.storage.keys(CARRY_PREFIX);
const listedParts = (): string[] => (cursor().commentFeed?.carried ?? []).map((_, n) => carryKey(n));
const zendeskMark = (): number => stack.zendesk.log.entries().length;
const count = (texts: readonly string[], needle: string): number =>
  texts.filter((t) => t.includes(needle)).length;

/**
 * A scheduled run in which `a` has a reply its export returns, and each of `late` gets one only
 * once that export was answered: when the run asks for its event window. The window holds the
 * late replies; the run never passes those tickets (its export did not return them).
 */
async function runWithLateReplies(a: Linked, late: readonly Linked[]): Promise<void> {
  customerReply(stack, a.ticket, 'Early reply');
  stack.zendesk.control.advanceClock(120_000);
  stack.zendesk.faults.add({
    path: EVENTS,
    times: 1,
    onArrival: () => {
      for (const l of late) customerReply(stack, l.ticket, `Late reply ${l.ticket}`);
      // A later event, so the window ends after the late replies' second: the next window does
      // not read them again, and only what this run carries proves them.
      stack.zendesk.control.advanceClock(1_000);
      customerReply(stack, a.ticket, 'Later reply');
      // Past the export's hold-back of the last minute, so the window answer holds them.
      stack.zendesk.control.advanceClock(61_000);
    },
  });
  await nextScheduledRun(stack);
}

function expectOnce(l: Linked, text: string, label = ''): void {
  expect(count(jiraCommentTexts(stack, l.issueId), text), `${label} ${text}`).toBe(1);
}

describe('comments a window saw on tickets its run did not pass', () => {
  it('are carried, and the run that passes the ticket copies them once without a listing', async () => {
    const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
    await runWithLateReplies(a, [b]);
    expectOnce(a, 'Early reply');
    expect(jiraCommentTexts(stack, b.issueId).some((t) => t.includes('Late reply'))).toBe(false);
    expect(carried()).toEqual([String(b.ticket)]);
    expect(cursor().commentFeed?.outstanding).toEqual([]);
    expect(parts()).toEqual([carryKey(0)]);

    const from = zendeskMark();
    await nextScheduledRun(stack);
    expect(commentListingsSince(stack, from)).toEqual([]);
    expectOnce(b, `Late reply ${b.ticket}`);
    // Handled: nothing is carried any more, and no part is left behind.
    expect(cursor().commentFeed?.carried).toBeUndefined();
    expect(parts()).toEqual([]);
    elapse(stack, 30 * 60_000);
    for (let i = 0; i < 2; i++) await nextScheduledRun(stack);
    expectOnce(a, 'Early reply');
    expectOnce(b, `Late reply ${b.ticket}`);
  });

  it('are not carried for an unlinked ticket: it stays outstanding, as before', async () => {
    const [a] = (await linkedTickets('Early')) as [Linked];
    const unlinked: Linked = { ticket: newTicket('Nobody links me'), issueId: '' };
    await nextScheduledRun(stack);
    await runWithLateReplies(a, [unlinked]);
    expect(carried()).toEqual([]);
    expect(cursor().commentFeed?.outstanding).toContain(String(unlinked.ticket));
    expect(parts()).toEqual([]);
  });

  const changePart = (change: (part: Record<string, number | string>) => object) => () => {
    const part = stack.emulator.storage.get(carryKey(0)) as Record<string, number | string>;
    stack.emulator.storage.set(carryKey(0), change(part));
  };
  const losses: [string, () => void][] = [
    ['is gone', () => stack.emulator.storage.delete(carryKey(0))],
    ['has a bad shape', () => stack.emulator.storage.set(carryKey(0), { v: 1, tickets: 'nonsense' })],
    ['belongs to another Zendesk account', changePart((p) => ({ ...p, subdomain: 'another-account' }))],
    // Written for a feed that has since restarted: its proof is for links of the old `since`.
    ['belongs to another feed', changePart((p) => ({ ...p, from: Number(p.from) - 1 }))],
    // Older than the mark: the run that listed it died before storing it.
    ['is older than the mark', changePart((p) => ({ ...p, end: Number(p.end) - 1 }))],
  ];
  it.each(losses)(
    'make the ticket list when its carried entry %s: the reply is copied once',
    async (_, lose) => {
      const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
      await runWithLateReplies(a, [b]);
      expect(carried()).toEqual([String(b.ticket)]);
      lose();
      const from = zendeskMark();
      await nextScheduledRun(stack);
      expect(commentListingsSince(stack, from)).toEqual([`GET /api/v2/tickets/${b.ticket}/comments`]);
      expectOnce(b, `Late reply ${b.ticket}`);
      expect(cursor().commentFeed?.carried).toBeUndefined();
      expect(parts()).toEqual([]);
    },
  );

  it('make the ticket list when the parts cannot be read: the reply is copied in that run', async () => {
    const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
    await runWithLateReplies(a, [b]);
    stack.emulator.faults.failKvs(['batchGet'], CARRY_PREFIX);
    const from = zendeskMark();
    await nextScheduledRun(stack);
    expect(commentListingsSince(stack, from)).toEqual([`GET /api/v2/tickets/${b.ticket}/comments`]);
    expectOnce(b, `Late reply ${b.ticket}`);
  });

  it('make the ticket list when the parts could not be stored: the reply is copied once', async () => {
    const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
    stack.emulator.faults.failKvs(['batchSet'], CARRY_PREFIX);
    await runWithLateReplies(a, [b]);
    expect(carried()).toEqual([String(b.ticket)]);
    expect(parts()).toEqual([]);
    const from = zendeskMark();
    await nextScheduledRun(stack);
    expect(commentListingsSince(stack, from)).toEqual([`GET /api/v2/tickets/${b.ticket}/comments`]);
    expectOnce(b, `Late reply ${b.ticket}`);
    expect(cursor().commentFeed?.carried).toBeUndefined();
  });

  it('are not stored when the cursor that would list them could not be', async () => {
    const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
    stack.emulator.faults.failKvs(['set'], CURSOR_KEY);
    await runWithLateReplies(a, [b]);
    expect(cursor().commentFeed?.carried).toBeUndefined();
    expect(parts()).toEqual([]);
    // The next run reads the same window again: each reply once.
    await nextScheduledRun(stack);
    expectOnce(a, 'Early reply');
    expectOnce(b, `Late reply ${b.ticket}`);
  });

  it('are not carried when the ticket index cannot be read: the ticket is outstanding', async () => {
    const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
    stack.emulator.faults.failKvs(['batchGet'], ticketIndexKey(String(b.ticket)));
    await runWithLateReplies(a, [b]);
    expect(cursor().commentFeed?.carried).toBeUndefined();
    expect(cursor().commentFeed?.outstanding).toContain(String(b.ticket));
    await nextScheduledRun(stack);
    expectOnce(b, `Late reply ${b.ticket}`);
  });

  it('survive a run that dies after any of its writes: every reply is copied once', async () => {
    // The writes of the two runs uninterrupted (the one that carries, the one that copies).
    const [a0, b0] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
    let seq = stack.emulator.calls.at(-1)?.seq ?? 0;
    await runWithLateReplies(a0, [b0]);
    const carrying = stack.emulator.calls.filter((c) => c.seq > seq && c.write).length;
    seq = stack.emulator.calls.at(-1)?.seq ?? 0;
    await nextScheduledRun(stack);
    const copying = stack.emulator.calls.filter((c) => c.seq > seq && c.write).length;
    expect(carrying).toBeGreaterThan(3);
    expect(copying).toBeGreaterThan(3);
    for (const [run, writes] of [
      [0, carrying],
      [1, copying],
    ] as const) {
      for (let k = 1; k < writes; k++) {
        freshWorld();
        const [a, b] = (await linkedTickets('Early', 'Late')) as [Linked, Linked];
        // The crashed run ends in 'crash': nextScheduledRun says so, and the test goes on.
        if (run === 0) stack.emulator.faults.crashAfterWrites(k, { functionKey: 'scheduled-sync' });
        await runWithLateReplies(a, [b]).catch(() => undefined);
        if (run === 1) stack.emulator.faults.crashAfterWrites(k, { functionKey: 'scheduled-sync' });
        await nextScheduledRun(stack).catch(() => undefined);
        expect(stack.emulator.faults.armed, `run ${run} k=${k}`).toBe(0);
        elapse(stack, 30 * 60_000);
        // A later change makes the runs read a window again, which settles what the crash left.
        customerReply(stack, a.ticket, 'After the crash');
        for (let i = 0; i < 3; i++) await nextScheduledRun(stack);
        expectOnce(a, 'After the crash', `run ${run} k=${k}`);
        expectOnce(a, 'Early reply', `run ${run} k=${k}`);
        expectOnce(b, `Late reply ${b.ticket}`, `run ${run} k=${k}`);
        // No part is left that the cursor does not list. (A reply at the window's last second is
        // seen again by the next window: such a ticket may stay carried until a run reads one.)
        expect(parts(), `run ${run} k=${k}`).toEqual(listedParts());
      }
    }
  });

  it('become outstanding when the export, caught up, does not bring the ticket back', async () => {
    const [a, b] = (await linkedTickets('Early', 'Quiet')) as [Linked, Linked];
    await nextScheduledRun(stack);
    const state = cursor().commentFeed;
    if (state === undefined) throw new Error('the feed has no state yet');
    // A carried entry for a ticket no export will return (it does not change again).
    const comment = {
      id: 9_000_001,
      type: 'Comment',
      author_id: null,
      body: 'Carried reply',
      html_body: '<p>Carried reply</p>',
      public: true,
      attachments: [],
      created_at: new Date((state.through - 10) * 1000).toISOString(),
    };
    stack.emulator.storage.set(carryKey(0), {
      v: 1,
      subdomain: stack.zendesk.subdomain,
      from: state.since,
      end: state.through,
      tickets: { [String(b.ticket)]: [comment] },
      users: [],
    });
    stack.emulator.storage.set(CURSOR_KEY, {
      ...cursor(),
      commentFeed: { ...state, carried: [encodeIds([String(b.ticket)])] },
    });
    customerReply(stack, a.ticket, 'Early reply');
    stack.zendesk.control.advanceClock(120_000);
    await nextScheduledRun(stack);
    expect(cursor().commentFeed?.carried).toBeUndefined();
    expect(cursor().commentFeed?.outstanding).toContain(String(b.ticket));
    expect(parts()).toEqual([]);
  });
});
