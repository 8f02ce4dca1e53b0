/**
 * Hand-off of window comments (docs/sync-model.md § Hand-off of window comments): a scheduled
 * run that hands tickets to the queue also hands over their comments from its ticket event
 * window, so the queue batch copies them without listing each ticket's comments.
 *
 * The proof is the comment feed's (commentFeed.ts), carried in the record:
 * - `from`: the feed's least `commentsBefore` when the record was made; for a link with c ≥ from,
 *   every comment of its ticket before the window's start is handled (the ticket was not
 *   outstanding, so it gets an entry only then);
 * - the entry: every window comment of the ticket, and `end`: the window holds every comment
 *   created before that second.
 * So a worker whose link has c ≥ from and whose ticket (re-read by show_many) changed before
 * `end` finds in the entry every comment the link may lack; anything else lists. Copies go through
 * the same claims by comment id as every copy, so a redelivered batch copies nothing twice.
 *
 * While a batch is in flight, its id and its tickets stay in the feed state (`handoffs`), and
 * those tickets list in scheduled runs and get no new record: a ticket changed again before its
 * batch ran must not take a later window and skip the record's comments. A batch that finishes
 * takes its entry off the list, then deletes its record; tickets it could not handle in full
 * become outstanding.
 */
import { readHandoffValue, writeHandoffValue } from '../../storage/handoff';
import type { CursorRecord } from '../../storage/cursor';
import type { ZendeskComment, ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import type { LinkState } from '../core/state';
import {
  combine,
  commentFeedOf,
  secondsOf,
  settleBatch,
  type CommentFeed,
  type FeedOutcome,
} from './commentFeed';
import { knownUser, packRecords, rememberUsers, windowRecordSchema, type WindowRecord } from './windowRecord';

/**
 * The record for `tickets` (export snapshots this run hands off without passing them), within
 * one record's size (windowRecord.ts): what does not fit lists. Null when the window proves
 * nothing for any of them.
 */
export function buildHandoff(
  ctx: SyncContext,
  feed: CommentFeed,
  tickets: readonly ZendeskTicket[],
): WindowRecord | null {
  const bounds = feed.handOffBounds();
  if (bounds === null) return null;
  const entries: [string, ZendeskComment[]][] = [];
  for (const ticket of tickets) {
    const comments = feed.handOffComments(ticket);
    if (comments !== null) entries.push([String(ticket.id), comments]);
  }
  const head = { subdomain: ctx.connection.subdomain, ...bounds };
  return packRecords(head, entries, 1, knownUser(ctx)).records[0] ?? null;
}

export async function storeHandoff(id: string, record: WindowRecord): Promise<void> {
  await writeHandoffValue(id, windowRecordSchema.parse(record));
}

/**
 * A queue batch's hand-off: the record it names (null when none, absent or not usable), the
 * Zendesk times it knows to be past, and how its passes left their tickets' comments.
 */
export class Handoff {
  private readonly reports = new Map<string, FeedOutcome>();

  constructor(
    readonly id: string | null,
    /** Something is stored under the id (usable or not): the batch deletes it when done. */
    readonly stored: boolean,
    private readonly record: WindowRecord | null,
    /** A Zendesk time already past when the batch began (the feed's stored mark), or null. */
    private readonly knownPast: number | null,
  ) {}

  /**
   * A bound for a listing made now: besides the snapshot's second, the record's end and the
   * feed's stored mark were past before the batch began, so a listing holds every comment before
   * them. (Bounded by the snapshot alone, a batch's links would fall below the feed's `since`
   * and list again at their next change.)
   */
  listingBound(ticket: ZendeskTicket): number {
    return Math.max(secondsOf(ticket.updated_at), this.record?.end ?? -Infinity, this.knownPast ?? -Infinity);
  }

  /** The comments of `ticket` a link may still lack, with the bound to record; null: the pass lists. */
  commentsFor(
    ticket: ZendeskTicket,
    state: LinkState,
  ): { comments: ZendeskComment[]; before: number } | null {
    const r = this.record;
    const c = state.record.fromZendesk.commentsBefore;
    if (r === null || !state.existed || c === undefined || c < r.from) return null;
    // A snapshot changed at or after `end` may hold comments the window did not see.
    if (secondsOf(ticket.updated_at) >= r.end) return null;
    const comments = r.tickets[String(ticket.id)];
    if (comments === undefined) return null;
    return { comments, before: Math.max(r.end, secondsOf(ticket.updated_at)) };
  }

  report(ticketId: string, outcome: FeedOutcome): void {
    // One ticket's links: the least any of them handled.
    this.reports.set(ticketId, combine(this.reports.get(ticketId), outcome));
  }

  /** How the batch left each ticket: `none` when some link did not handle its comments in full. */
  outcomes(): ReadonlyMap<string, FeedOutcome> {
    return this.reports;
  }
}

const handoffs = new WeakMap<SyncContext, Handoff>();

/**
 * Opens a queue batch's hand-off: the record it names, if any. A record that is absent,
 * unreadable or of another Zendesk account is not used: every pass of the batch lists.
 * `cursor` is the cursor record the batch read at its start (same account).
 */
export async function openHandoff(
  ctx: SyncContext,
  id: string | undefined,
  cursor: CursorRecord | null,
): Promise<Handoff> {
  let record: WindowRecord | null = null;
  let stored = false;
  if (id !== undefined) {
    const raw = await readHandoffValue(id);
    stored = raw !== undefined;
    const parsed = windowRecordSchema.safeParse(raw);
    if (parsed.success && parsed.data.subdomain === ctx.connection.subdomain) record = parsed.data;
  }
  rememberUsers(ctx, record?.users ?? []);
  const sameAccount = cursor?.subdomain === undefined || cursor.subdomain === ctx.connection.subdomain;
  const handoff = new Handoff(
    id ?? null,
    stored,
    record,
    sameAccount ? (cursor?.commentFeed?.through ?? null) : null,
  );
  handoffs.set(ctx, handoff);
  return handoff;
}

export function handoffOf(ctx: SyncContext): Handoff | undefined {
  return handoffs.get(ctx);
}

/** Where a ticket pass reports how it left the ticket's comments: the run's feed or the batch's hand-off. */
export function feedReporterOf(
  ctx: SyncContext,
): { report(ticketId: string, outcome: FeedOutcome): void } | undefined {
  return commentFeedOf(ctx) ?? handoffOf(ctx);
}

/**
 * A batch's settlement into the cursor record (it holds the run lease): its unhandled tickets
 * become outstanding, tickets it handled through the feed's mark leave it, and when `finished`
 * its record leaves the hand-off list.
 */
export function settleHandoff(
  book: { cursor: CursorRecord; cursorDirty: boolean },
  handoff: Handoff,
  finished: boolean,
): void {
  const state = book.cursor.commentFeed;
  // No feed state: the next scheduled run starts the feed afresh, and every link lists first.
  if (state === undefined) return;
  const id = handoff.id;
  const next = settleBatch(state, handoff.outcomes(), finished ? id : null);
  if (JSON.stringify(next) === JSON.stringify(state)) return;
  book.cursor.commentFeed = next;
  book.cursorDirty = true;
}
