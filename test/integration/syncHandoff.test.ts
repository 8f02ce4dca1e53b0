/**
 * Hand-off of window comments (docs/sync-model.md § Hand-off of window comments), end to end: a
 * scheduled run hands its tickets to the queue with their ticket-event window comments, and the
 * queue batch copies them without listing — each once, across a batch that dies after any of
 * its writes and is redelivered; a ticket the batch could not finish lists later, so nothing is
 * lost; a record of another Zendesk account or of a bad shape is ignored (the batch lists); past
 * the room of the hand-off lists, tickets go without a record and stay outstanding; a batch still
 * in flight a day after it was queued is given up.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStack } from '../support/stack';
import type { CursorRecord } from '../../src/storage/cursor';
import { CURSOR_KEY, HANDOFF_PREFIX, handoffKey } from '../../src/storage/keys';
import { HANDOFF_LIST_MAX_CHARS, HANDOFF_TTL_SECONDS } from '../../src/sync/fromZendesk/commentFeed';
import { encodeIds } from '../../src/sync/fromZendesk/idList';
import { storeManualLink } from '../support/manualLink';
import { elapse, FIVE_MINUTES_MS } from '../support/time';
import {
  commentListingsSince,
  customerReply,
  jiraCommentTexts,
  jiraFileNames,
  nextScheduledRun,
  conversationWorld,
  storedCursor,
} from '../support/world';

const COMMENT_POST = 'POST /rest/api/3/issue/{issueIdOrKey}/comment';

const stack = useStack({ zendesk: { seed: false } });

beforeAll(() => {
  // A crashed invocation's leftover code finds the platform gone and says so on stderr.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

const freshWorld = (): void => conversationWorld(stack);

beforeEach(freshWorld);

interface Linked {
  ticket: number;
  issueId: string;
}

/** `n` tickets linked by hand, past their first scheduled run (which lists them). */
async function linkedTickets(n: number): Promise<Linked[]> {
  const out: Linked[] = [];
  for (let i = 0; i < n; i++) {
    const subject = `Handed ${i}`;
    const ticket = (
      stack.zendesk.control.createTicket({ subject, body: `About ${subject}` }) as { id: number }
    ).id;
    out.push({ ticket, issueId: storeManualLink(stack, 'conv', ticket, subject).issueId });
  }
  await nextScheduledRun(stack);
  return out;
}

const count = (texts: readonly string[], needle: string): number =>
  texts.filter((t) => t.includes(needle)).length;

const zendeskMark = (): number => stack.zendesk.log.entries().length;
const cursor = (): CursorRecord => storedCursor(stack);

const records = (): string[] => stack.emulator.storage.keys(HANDOFF_PREFIX);

/**
 * A first linked ticket (the stopper) gets a reply, then each of `linked` a reply with a file;
 * then a scheduled run whose first comment copy (the stopper's) is told to wait longer than it
 * can afford: it stops and hands every ticket of the page to the queue (delayed), the window's
 * comments with them. The stopper, passed but not finished, is outstanding; the others are not.
 */
async function handOff(stopper: Linked, linked: readonly Linked[]): Promise<void> {
  await handOffRun(stopper, linked);
  const outstanding = cursor().commentFeed?.outstanding ?? [];
  expect(outstanding).toContain(String(stopper.ticket));
  for (const l of linked) expect(outstanding).not.toContain(String(l.ticket));
}

/** The run of `handOff`, without its expectations. */
async function handOffRun(stopper: Linked, linked: readonly Linked[]): Promise<void> {
  customerReply(stack, stopper.ticket, 'Stopper reply');
  stack.zendesk.control.advanceClock(1_000);
  for (const [i, l] of linked.entries()) customerReply(stack, l.ticket, `Reply ${i}`, `file-${i}.log`);
  // A later update elsewhere: the window the run reads ends after the replies' second.
  stack.zendesk.control.advanceClock(1_000);
  stack.zendesk.control.createTicket({ subject: 'Later', body: 'Elsewhere' });
  stack.zendesk.control.advanceClock(120_000);
  stack.jira.faults.add(COMMENT_POST, { kind: 'rateLimit', retryAfterSeconds: 400 }, { times: 1 });
  stack.emulator.clock.advance(FIVE_MINUTES_MS);
  stack.zendesk.control.advanceClock(61_000);
  const run = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  expect(run.status).toBe('ok');
}

/** The stopper and `n` others, linked and past their first run. */
async function world(n: number): Promise<{ stopper: Linked; linked: Linked[] }> {
  const [stopper, ...linked] = await linkedTickets(n + 1);
  return { stopper: stopper as Linked, linked };
}

function expectEachOnce(linked: readonly Linked[], label = ''): void {
  for (const [i, l] of linked.entries()) {
    expect(count(jiraCommentTexts(stack, l.issueId), `Reply ${i}`), `${label} reply ${i}`).toBe(1);
    expect(jiraFileNames(stack, l.issueId), `${label} files ${i}`).toEqual([`file-${i}.log`]);
  }
}

describe('a queue batch with its hand-off record', () => {
  it('copies the handed-off comments and files once, without listing, and leaves no record behind', async () => {
    const { stopper, linked } = await world(3);
    await handOff(stopper, linked);
    expect(records()).toHaveLength(1);
    expect(cursor().commentFeed?.handoffs).toHaveLength(1);
    const from = zendeskMark();
    await stack.emulator.drain();
    expect(commentListingsSince(stack, from)).toEqual([]);
    expectEachOnce(linked);
    expect(records()).toEqual([]);
    expect(cursor().commentFeed?.handoffs).toBeUndefined();
    // Later runs add nothing twice.
    elapse(stack, 30 * 60_000);
    for (let i = 0; i < 2; i++) await nextScheduledRun(stack);
    expectEachOnce(linked);
  });

  it('dies after any of its writes, is redelivered, and copies every comment and file once', async () => {
    // The writes of an uninterrupted batch, to crash after each in turn.
    const first = await world(2);
    await handOff(first.stopper, first.linked);
    const seq = stack.emulator.calls.at(-1)?.seq ?? 0;
    await stack.emulator.drain();
    const writes = stack.emulator.calls.filter((c) => c.seq > seq && c.write).length;
    expect(writes).toBeGreaterThan(6);
    for (let k = 1; k < writes; k++) {
      freshWorld();
      const { stopper, linked } = await world(2);
      await handOff(stopper, linked);
      stack.emulator.faults.crashAfterWrites(k, { functionKey: 'sync-batch-worker' });
      await stack.emulator.drain();
      expect(stack.emulator.faults.armed, `k=${k}`).toBe(0);
      elapse(stack, 30 * 60_000);
      for (let i = 0; i < 2; i++) await nextScheduledRun(stack);
      expectEachOnce(linked, `k=${k}`);
      expect(records(), `k=${k}`).toEqual([]);
    }
  });

  it('makes a ticket it could not finish outstanding, so a later run lists it and nothing is lost', async () => {
    const { stopper, linked } = await world(2);
    await handOff(stopper, linked);
    const second = linked[0] as Linked;
    // In the batch, the first file upload (the second ticket's) fails: its link's work waits for
    // a retry, and the batch finishes without it.
    stack.jira.faults.failNext('POST /rest/api/3/issue/{issueIdOrKey}/attachments', 500);
    await stack.emulator.drain();
    expect(records()).toEqual([]);
    expect(cursor().commentFeed?.outstanding).toContain(String(second.ticket));
    // The ticket changes again before its retry is due: the next run lists it, reply 1 included.
    customerReply(stack, second.ticket, 'Later reply');
    stack.zendesk.control.advanceClock(120_000);
    const from = zendeskMark();
    await nextScheduledRun(stack);
    expect(commentListingsSince(stack, from)).toContain(`GET /api/v2/tickets/${second.ticket}/comments`);
    elapse(stack, 90 * 60_000);
    for (let i = 0; i < 2; i++) await nextScheduledRun(stack);
    expectEachOnce(linked);
    expect(count(jiraCommentTexts(stack, second.issueId), 'Later reply')).toBe(1);
  });

  it('lists a handed-off ticket that changes again before its batch runs, so its link skips none of the record', async () => {
    const { stopper, linked } = await world(2);
    await handOff(stopper, linked);
    const again = linked[1] as Linked;
    customerReply(stack, again.ticket, 'Changed again');
    stack.zendesk.control.advanceClock(1_000);
    stack.zendesk.control.createTicket({ subject: 'Later still', body: 'Elsewhere' });
    stack.zendesk.control.advanceClock(120_000);
    // The next run, before the queue delivers the batch (delayed): the ticket's comments up to the
    // record's end are only in the record, so the run lists instead of taking its own window.
    stack.emulator.clock.advance(FIVE_MINUTES_MS);
    const from = zendeskMark();
    expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('ok');
    expect(commentListingsSince(stack, from)).toContain(`GET /api/v2/tickets/${again.ticket}/comments`);
    expect(count(jiraCommentTexts(stack, again.issueId), 'Reply 1')).toBe(1);
    await stack.emulator.drain();
    elapse(stack, 30 * 60_000);
    await nextScheduledRun(stack);
    expectEachOnce(linked);
    expect(count(jiraCommentTexts(stack, again.issueId), 'Changed again')).toBe(1);
    expect(cursor().commentFeed?.handoffs).toBeUndefined();
  });

  for (const [name, spoil] of [
    ['of another Zendesk account', (r: Record<string, unknown>) => ({ ...r, subdomain: 'elsewhere' })],
    ['of a bad shape', (r: Record<string, unknown>) => ({ ...r, end: 'later' })],
  ] as const) {
    it(`ignores a record ${name}: the batch lists, and copies each comment once`, async () => {
      const { stopper, linked } = await world(2);
      await handOff(stopper, linked);
      for (const key of records())
        stack.emulator.storage.set(key, spoil(stack.emulator.storage.get(key) as Record<string, unknown>));
      const from = zendeskMark();
      await stack.emulator.drain();
      expect(commentListingsSince(stack, from).length).toBeGreaterThanOrEqual(linked.length);
      expectEachOnce(linked);
    });
  }

  it('queues tickets without a record once the hand-off lists are full: they stay outstanding, not carried', async () => {
    const { stopper, linked } = await world(2);
    const state = cursor().commentFeed;
    if (state === undefined) throw new Error('the feed has no state yet');
    // Batches in flight whose lists fill the room (tickets far from the world's).
    const full = encodeIds(Array.from({ length: 60_000 }, (_, i) => String(1_000_000 + i * 7)));
    expect(full.length).toBeGreaterThan(HANDOFF_LIST_MAX_CHARS);
    stack.emulator.storage.set(CURSOR_KEY, {
      ...cursor(),
      commentFeed: { ...state, handoffs: [{ id: 'elsewhere-h1', tickets: full }] },
    });
    await handOffRun(stopper, linked);
    expect(records()).toEqual([]);
    const outstanding = cursor().commentFeed?.outstanding ?? [];
    for (const l of [stopper, ...linked]) expect(outstanding).toContain(String(l.ticket));
    expect(cursor().commentFeed?.carried).toBeUndefined();
    await stack.emulator.drain();
    expectEachOnce(linked);
  });

  it('gives up a batch still in flight a day after it was queued: its tickets list, its record goes', async () => {
    const [a, lost, waiting] = await linkedTickets(3);
    const state = cursor().commentFeed;
    if (!a || !lost || !waiting || state === undefined) throw new Error('the world is not ready');
    // The app's clock is the process's (the emulator shifts only its own): a day before it.
    const now = Math.floor(Date.now() / 1000);
    for (const id of ['lost-h1', 'waiting-h1']) stack.emulator.storage.set(handoffKey(id), { v: 1 });
    stack.emulator.storage.set(CURSOR_KEY, {
      ...cursor(),
      commentFeed: {
        ...state,
        handoffs: [
          { id: 'lost-h1', tickets: encodeIds([String(lost.ticket)]), at: now - HANDOFF_TTL_SECONDS - 60 },
          { id: 'waiting-h1', tickets: encodeIds([String(waiting.ticket)]), at: now - 3_600 },
        ],
      },
    });
    // A change elsewhere, so the run reads a window and settles.
    customerReply(stack, a.ticket, 'Elsewhere');
    await nextScheduledRun(stack);
    const feed = cursor().commentFeed;
    expect(feed?.handoffs?.map((h) => h.id)).toEqual(['waiting-h1']);
    expect(feed?.outstanding).toContain(String(lost.ticket));
    expect(records()).toEqual([handoffKey('waiting-h1')]);
  });
});
