/**
 * New comments from the ticket event export (docs/sync-model.md § Comments from ticket events),
 * end to end: the real scheduled run against the Zendesk and Jira simulators. Each scenario
 * proves that every comment and file reaches Jira exactly once on the event path — across the
 * export's boundary duplicates and a run that dies half-way — and that each case the window
 * cannot prove falls back to the comment listing: a link's first sync, a link older than the
 * feed, a ticket updated after the window, a window cut by the page cap, and a ticket left
 * outstanding by a failed pass.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStack } from '../support/stack';
import type { CursorRecord } from '../../src/storage/cursor';
import { FEED_MAX_PAGES } from '../../src/sync/fromZendesk/commentFeed';
import { decodeIds } from '../../src/sync/fromZendesk/idList';
import { storeManualLink } from '../support/manualLink';
import { elapse, FIVE_MINUTES_MS } from '../support/time';
import {
  customerReply,
  jiraCommentTexts,
  jiraFileNames,
  nextScheduledRun,
  conversationWorld,
  storedCursor,
} from '../support/world';
import { CURSOR_KEY, linkStateKey, PENDING_FLAG_KEY, workKey } from '../../src/storage/keys';

const EVENTS = '/api/v2/incremental/ticket_events';
const PAGE = 1000;

const stack = useStack({ zendesk: { seed: false } });

beforeAll(() => {
  // A crashed invocation's leftover code finds the platform gone and says so on stderr.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

beforeEach(() => conversationWorld(stack));

function newTicket(subject: string): number {
  return (stack.zendesk.control.createTicket({ subject, body: `About ${subject}` }) as { id: number }).id;
}

/** A ticket linked to a new issue, synchronized once (its first sync lists the comments). */
async function linkedTicket(subject: string): Promise<{ ticket: number; issueId: string }> {
  const ticket = newTicket(subject);
  const { issueId } = storeManualLink(stack, 'conv', ticket, subject);
  return { ticket, issueId };
}

/** Two tickets linked by hand, both past their links' first scheduled run. */
async function twoLinkedTickets(first: string, second: string) {
  const a = await linkedTicket(first);
  const b = await linkedTicket(second);
  await nextScheduledRun(stack);
  return { a, b };
}

const count = (texts: readonly string[], needle: string): number =>
  texts.filter((t) => t.includes(needle)).length;

/** Zendesk requests from `from` on: `METHOD path`. */
function zendeskRequests(from: number): string[] {
  return stack.zendesk.log
    .entries()
    .slice(from)
    .map((e) => `${e.method} ${e.path}`);
}

const zendeskMark = (): number => stack.zendesk.log.entries().length;
const listings = (requests: readonly string[]): string[] =>
  requests.filter((r) => /^GET \/api\/v2\/tickets\/\d+\/comments$/.test(r));

const cursor = (): CursorRecord => storedCursor(stack);

/** Comments on an unlinked ticket, one a second: the export's pages fill up with them. */
function filler(events: number): void {
  const other = newTicket('Busy neighbour');
  for (let i = 0; i < events; i++) {
    stack.zendesk.control.advanceClock(1_000);
    stack.zendesk.control.addComment(other, { body: `Noise ${i}`, as: 'agent', public: false });
  }
}

describe('comments from the ticket event export', () => {
  it('copies every comment and file of the window once, without a listing, across runs', async () => {
    const { a, b } = await twoLinkedTickets('Alpha', 'Beta');
    customerReply(stack, a.ticket, 'Alpha one');
    customerReply(stack, a.ticket, 'Alpha two', 'alpha.log');
    customerReply(stack, b.ticket, 'Beta one');
    let from = zendeskMark();
    await nextScheduledRun(stack);
    let made = zendeskRequests(from);
    expect(made.filter((r) => r === `GET ${EVENTS}`)).toHaveLength(1);
    expect(listings(made)).toEqual([]);

    // The next window starts where the last ended: the same events come again (boundary
    // duplicates of the same second), and only the new comment is new.
    customerReply(stack, a.ticket, 'Alpha three');
    from = zendeskMark();
    await nextScheduledRun(stack);
    made = zendeskRequests(from);
    expect(listings(made)).toEqual([]);
    const alpha = jiraCommentTexts(stack, a.issueId);
    for (const text of ['Alpha one', 'Alpha two', 'Alpha three']) expect(count(alpha, text)).toBe(1);
    expect(count(jiraCommentTexts(stack, b.issueId), 'Beta one')).toBe(1);
    expect(jiraFileNames(stack, a.issueId)).toEqual(['alpha.log']);
  });

  it('reads a comment the page boundary repeats once', async () => {
    const a = await linkedTicket('Boundary');
    await nextScheduledRun(stack);
    // The window from the mark: PAGE - 10 comments one a second on another ticket, then one
    // second holding twenty of the linked ticket's replies (one with a file) and ten more of
    // the other's, then later ones. Page 1 ends inside that second, page 2 starts at it again.
    filler(PAGE - 10);
    stack.zendesk.control.advanceClock(1_000);
    for (let i = 0; i < 20; i++)
      customerReply(stack, a.ticket, `Reply ${i}.`, i === 5 ? 'boundary.log' : undefined);
    filler(30);
    const from = zendeskMark();
    await nextScheduledRun(stack);
    const made = stack.zendesk.log.entries().slice(from);
    const pages = made.filter((e) => e.path === EVENTS);
    expect(pages).toHaveLength(2);
    const texts = jiraCommentTexts(stack, a.issueId);
    for (let i = 0; i < 20; i++) expect(count(texts, `Reply ${i}.`), `Reply ${i}`).toBe(1);
    expect(jiraFileNames(stack, a.issueId)).toEqual(['boundary.log']);
    expect(listings(made.map((e) => `${e.method} ${e.path}`))).toEqual([]);
  });

  it('a run that dies after any of its writes leaves every comment and file once', async () => {
    // The writes of an uninterrupted run, to crash after each in turn.
    const scenario = async () => {
      const { a, b } = await twoLinkedTickets('First', 'Second');
      customerReply(stack, a.ticket, 'First reply', 'first.log');
      customerReply(stack, b.ticket, 'Second reply', 'second.log');
      return { a, b };
    };
    await scenario();
    const seq = stack.emulator.calls.at(-1)?.seq ?? 0;
    await nextScheduledRun(stack);
    const writes = stack.emulator.calls.filter((c) => c.seq > seq && c.write).length;
    expect(writes).toBeGreaterThan(6);
    for (let k = 1; k < writes; k++) {
      conversationWorld(stack);
      const { a, b } = await scenario();
      stack.emulator.clock.advance(FIVE_MINUTES_MS);
      stack.zendesk.control.advanceClock(61_000);
      stack.emulator.faults.crashAfterWrites(k, { functionKey: 'scheduled-sync' });
      const crashed = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
      expect(crashed.status, `crash after write ${k}`).toBe('crash');
      // The crashed run's lease frees itself; the next runs finish the work.
      stack.emulator.clock.advance(20 * 60_000);
      elapse(stack, 20 * 60_000);
      for (let i = 0; i < 3; i++) await nextScheduledRun(stack);
      expect(count(jiraCommentTexts(stack, a.issueId), 'First reply'), `k=${k}`).toBe(1);
      expect(count(jiraCommentTexts(stack, b.issueId), 'Second reply'), `k=${k}`).toBe(1);
      expect(jiraFileNames(stack, a.issueId), `k=${k}`).toEqual(['first.log']);
      expect(jiraFileNames(stack, b.issueId), `k=${k}`).toEqual(['second.log']);
    }
  });
});

describe('a run that dies between export pages', () => {
  /**
   * A linked ticket whose replies come on the second export page, after a full page of others
   * that starts with another linked ticket's reply (so the window is read on page one).
   */
  async function pageTwo(): Promise<{ ticket: number; issueId: string }> {
    const { a, b } = await twoLinkedTickets('On page two', 'On page one');
    customerReply(stack, b.ticket, 'Page one');
    stack.zendesk.control.advanceClock(1_000);
    for (let i = 0; i < PAGE; i++) newTicket(`Other ${i}`);
    stack.zendesk.control.advanceClock(1_000);
    customerReply(stack, a.ticket, 'Page two, first');
    customerReply(stack, a.ticket, 'Page two, second', 'page-two.log');
    // A later update elsewhere: the window ends after the replies' second.
    stack.zendesk.control.advanceClock(1_000);
    newTicket('Later');
    return a;
  }

  it("keeps the feed's mark, so the next run still reads the second page's comments once", async () => {
    // The uninterrupted run: page one's cursor is saved before the linked ticket's first copy.
    await pageTwo();
    const seq = stack.emulator.calls.at(-1)?.seq ?? 0;
    await nextScheduledRun(stack);
    const writes = stack.emulator.calls.filter((c) => c.seq > seq && c.write);
    const pageOneSaved = writes.findIndex((w) => w.kind === 'kvs' && w.target.includes(CURSOR_KEY));
    const firstCopy = writes.findIndex(
      (w, i) => i > pageOneSaved && w.kind === 'jira' && w.target.endsWith('/comment'),
    );
    expect(pageOneSaved).toBeGreaterThanOrEqual(0);
    expect(firstCopy).toBeGreaterThan(pageOneSaved);

    // The same run dying right after that copy: the run's end, where the mark moves, never comes.
    conversationWorld(stack);
    const a = await pageTwo();
    stack.emulator.clock.advance(FIVE_MINUTES_MS);
    stack.zendesk.control.advanceClock(61_000);
    stack.emulator.faults.crashAfterWrites(firstCopy + 1, { functionKey: 'scheduled-sync' });
    expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('crash');
    stack.emulator.clock.advance(20 * 60_000);
    elapse(stack, 20 * 60_000);
    for (let i = 0; i < 2; i++) await nextScheduledRun(stack);
    const texts = jiraCommentTexts(stack, a.issueId);
    expect(count(texts, 'Page two, first')).toBe(1);
    expect(count(texts, 'Page two, second')).toBe(1);
    expect(jiraFileNames(stack, a.issueId)).toEqual(['page-two.log']);
  });
});

describe('tickets a run hands to the queue', () => {
  it('stay outstanding or wait for their batch, so a later run lists them even before the queue has', async () => {
    const { a, b } = await twoLinkedTickets('Stopped on', 'Handed over');
    customerReply(stack, a.ticket, 'A reply');
    stack.zendesk.control.advanceClock(1_000);
    customerReply(stack, b.ticket, 'B first');
    // Jira asks for a longer wait than the run can afford on the first copy: the run stops and
    // hands both tickets to the queue, delayed; the second was never passed.
    stack.jira.faults.add(
      'POST /rest/api/3/issue/{issueIdOrKey}/comment',
      { kind: 'rateLimit', retryAfterSeconds: 400 },
      { times: 1 },
    );
    const trigger = async () => {
      stack.emulator.clock.advance(FIVE_MINUTES_MS);
      stack.zendesk.control.advanceClock(61_000);
      expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('ok');
    };
    await trigger();
    // The stopped one is outstanding; the one never passed waits in its batch's hand-off entry.
    expect(cursor().commentFeed?.outstanding).toEqual([String(a.ticket)]);
    const waiting = (cursor().commentFeed?.handoffs ?? []).flatMap((h) => decodeIds(h.tickets));
    expect(waiting).toContain(String(b.ticket));
    // Before the queue delivers them, the second ticket changes again and the next run passes it.
    customerReply(stack, b.ticket, 'B second');
    const from = zendeskMark();
    await trigger();
    expect(listings(zendeskRequests(from))).toEqual([`GET /api/v2/tickets/${b.ticket}/comments`]);
    await stack.settle();
    await nextScheduledRun(stack);
    expect(count(jiraCommentTexts(stack, a.issueId), 'A reply')).toBe(1);
    const texts = jiraCommentTexts(stack, b.issueId);
    expect(count(texts, 'B first')).toBe(1);
    expect(count(texts, 'B second')).toBe(1);
  });
});

/**
 * A reply, then the feed's mark moved past it (`feed` gives since and through), then another:
 * the next run lists the ticket, and both replies arrive once.
 */
async function expectListedAcrossMark(
  a: { ticket: number; issueId: string },
  before: string,
  after: string,
  feed: (mark: number) => { since: number; through: number },
): Promise<void> {
  customerReply(stack, a.ticket, before);
  stack.zendesk.control.advanceClock(120_000);
  const mark = Math.floor(stack.zendesk.clock.now() / 1000) - 61;
  stack.emulator.storage.set(CURSOR_KEY, { ...cursor(), commentFeed: { ...feed(mark), outstanding: [] } });
  customerReply(stack, a.ticket, after);
  const from = zendeskMark();
  await nextScheduledRun(stack);
  expect(listings(zendeskRequests(from))).toEqual([`GET /api/v2/tickets/${a.ticket}/comments`]);
  const texts = jiraCommentTexts(stack, a.issueId);
  expect(count(texts, before)).toBe(1);
  expect(count(texts, after)).toBe(1);
}

describe('falls back to the comment listing when the window cannot prove it', () => {
  it("a link's first sync lists the whole conversation", async () => {
    // The feed is running already (another link's replies were read from it) when the link is made.
    const running = await linkedTicket('Running');
    await nextScheduledRun(stack);
    const ticket = newTicket('Old conversation');
    customerReply(stack, ticket, 'Written before the link');
    customerReply(stack, running.ticket, 'Keeps the feed going');
    stack.zendesk.control.advanceClock(120_000);
    await nextScheduledRun(stack);
    expect(cursor().commentFeed).toBeDefined();
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Old conversation');
    customerReply(stack, ticket, 'Written after the link');
    const from = zendeskMark();
    await nextScheduledRun(stack);
    expect(listings(zendeskRequests(from))).toEqual([`GET /api/v2/tickets/${ticket}/comments`]);
    const texts = jiraCommentTexts(stack, issueId);
    expect(count(texts, 'Written before the link')).toBe(1);
    expect(count(texts, 'Written after the link')).toBe(1);
  });

  it('a link without comment memory (synchronized before the feed) lists', async () => {
    const a = await linkedTicket('No memory');
    await nextScheduledRun(stack);
    const key = linkStateKey('conv', a.issueId);
    const state = stack.emulator.storage.get(key) as { fromZendesk: Record<string, unknown> };
    delete state.fromZendesk.commentsBefore;
    stack.emulator.storage.set(key, state);
    // A reply from before the feed's mark that this link never handled.
    await expectListedAcrossMark(a, 'Older than the mark', 'Newer than the mark', (mark) => ({
      since: cursor().commentFeed?.since ?? mark,
      through: mark,
    }));
  });

  it('a link whose comment memory is older than the feed lists once', async () => {
    const a = await linkedTicket('Restarted');
    await nextScheduledRun(stack);
    // A reply the feed never saw: the feed then restarts after it (as after too many
    // outstanding tickets), so the link's memory is older than the feed.
    await expectListedAcrossMark(a, 'Before the restart', 'After the restart', (mark) => ({
      since: mark,
      through: mark,
    }));
  });

  it('a ticket updated after the window ends is listed', async () => {
    const a = await linkedTicket('Late');
    await nextScheduledRun(stack);
    // The link's pass waits as its durable work (as a Refresh that found the link busy leaves
    // it), for the drain at the start of the next run.
    stack.emulator.storage.set(workKey('conv', a.issueId, 'toJira', 'refresh-1'), {
      v: 1,
      at: new Date().toISOString(),
      attempts: 0,
      ticketId: String(a.ticket),
    });
    stack.emulator.storage.set(PENDING_FLAG_KEY, { at: new Date().toISOString() });
    // Seconds before that run, a reply: the drain reads the ticket with it, and the event export
    // holds it back for a minute, so the window cannot hold it.
    stack.emulator.clock.advance(FIVE_MINUTES_MS);
    stack.zendesk.control.advanceClock(120_000);
    customerReply(stack, a.ticket, 'Late reply');
    stack.zendesk.control.advanceClock(5_000);
    const from = zendeskMark();
    expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('ok');
    await stack.settle();
    expect(listings(zendeskRequests(from))).toEqual([`GET /api/v2/tickets/${a.ticket}/comments`]);
    expect(count(jiraCommentTexts(stack, a.issueId), 'Late reply')).toBe(1);
    // Nothing is left for later runs to copy twice.
    await nextScheduledRun(stack);
    expect(count(jiraCommentTexts(stack, a.issueId), 'Late reply')).toBe(1);
  });

  it('a window cut by the page cap lists the tickets past its end', async () => {
    const a = await linkedTicket('Beyond the cap');
    await nextScheduledRun(stack);
    filler(FEED_MAX_PAGES * PAGE + 20);
    customerReply(stack, a.ticket, 'Past the pages read');
    const from = zendeskMark();
    await nextScheduledRun(stack);
    const made = zendeskRequests(from);
    expect(made.filter((r) => r === `GET ${EVENTS}`)).toHaveLength(FEED_MAX_PAGES);
    expect(listings(made)).toEqual([`GET /api/v2/tickets/${a.ticket}/comments`]);
    expect(count(jiraCommentTexts(stack, a.issueId), 'Past the pages read')).toBe(1);
  });

  it('a ticket a failed pass left outstanding is listed until handled, so no reply is skipped', async () => {
    const a = await linkedTicket('Outstanding');
    await nextScheduledRun(stack);
    customerReply(stack, a.ticket, 'Reply the failed pass missed');
    stack.jira.faults.failNext('POST /rest/api/3/issue/{issueIdOrKey}/comment', 500);
    await nextScheduledRun(stack);
    expect(cursor().commentFeed?.outstanding).toEqual([String(a.ticket)]);
    // Changed again before the failed pass is due again (its back-off has not passed): the export
    // brings the ticket back and the window holds only the new reply, the feed's mark being past
    // the missed one.
    customerReply(stack, a.ticket, 'Newer reply');
    stack.emulator.clock.advance(FIVE_MINUTES_MS);
    stack.zendesk.control.advanceClock(61_000);
    const from = zendeskMark();
    expect((await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync')).status).toBe('ok');
    expect(listings(zendeskRequests(from))).toEqual([`GET /api/v2/tickets/${a.ticket}/comments`]);
    // Later runs (the drain's retry included) add nothing twice.
    elapse(stack, 60 * 60_000);
    await nextScheduledRun(stack);
    const texts = jiraCommentTexts(stack, a.issueId);
    expect(count(texts, 'Reply the failed pass missed')).toBe(1);
    expect(count(texts, 'Newer reply')).toBe(1);
    expect(cursor().commentFeed?.outstanding).toEqual([]);
  });
});
