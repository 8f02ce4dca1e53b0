/**
 * New comments from the Incremental Ticket Event Export (docs/sync-model.md § Comments from
 * ticket events): one read of the events since the feed's mark, with the `comment_events`
 * side-load, replaces a comment listing per changed ticket — wherever that read provably holds
 * every comment the link has not handled. Everywhere else the pass lists comments as before.
 *
 * Times are Zendesk's unix seconds; a bound B means "every comment created in a second before
 * B". The proof rests on three records:
 *
 * - the link's `fromZendesk.commentsBefore` (c): every comment of its ticket before c is handled
 *   (copied or recognised) by the link;
 * - the feed state in the cursor record, `{since, through, outstanding}`: for every link with
 *   c ≥ since, every comment of its ticket created in [c, through) is handled by it — unless the
 *   ticket is `outstanding`;
 * - the window this invocation reads: every ticket event from `through` on, up to a bound E
 *   (`end_time`; at `end_of_stream` also the newest ticket an earlier export returned, since both
 *   exports hold back the same last minute).
 *
 * So for a link with c ≥ since whose ticket is not outstanding, the window (with, for a `carried`
 * ticket, its carried entry: carry.ts) holds every comment the link may still lack, as long as the
 * ticket snapshot the pass acts on is covered: updated before E, or returned by a ticket export
 * answered before the window's end-of-stream request. At the end of a scheduled run
 * (`settleCommentFeed`) the mark moves to E, and every ticket with comments in the window that
 * the run did not handle in full (deferred, failed, busy, paused) becomes outstanding: its next
 * passes list comments until one handles it in full. A linked ticket the run did not pass at all
 * is carried with its comments instead, when they fit (carry.ts). More outstanding tickets than
 * OUTSTANDING_MAX_CHARS holds restart the feed (`since` = the new mark), so links fall back once.
 */
import type { ZendeskComment, ZendeskTicket } from '../../zendesk/schemas';
import { collectComments, type TicketComments } from '../../zendesk/ticketEvents';
import type { SyncContext } from '../core/context';
import { isConnectionLost } from '../lifecycle/connectionLost';
import type { LinkState } from '../core/state';
import type { CommentFeedState, CursorRecord } from '../../storage/cursor';
import { ZendeskApiError } from '../../zendesk/errors';
import { recentStartTime } from './cursor';
import { decodeIds, encodeIds } from './idList';
import { carriedIds, loadCarry, planCarry, type CarryPlan } from './carry';
import { deleteHandoff } from '../../storage/handoff';

/** Event pages one invocation reads at most (the export endpoints allow 10 requests a minute). */
export const FEED_MAX_PAGES = 3;
/**
 * Event pages a run that hands tickets to the queue may read to cover them (handoff.ts); the
 * client's export pacing and the run's budget bound it first.
 */
export const HANDOFF_MAX_PAGES = 30;
/**
 * A hand-off batch still in flight this long after it was queued is given up (Forge dropped it
 * after its retries, or it waits out an outage): its tickets become outstanding and its record is
 * deleted. If it runs after all, it lists.
 */
export const HANDOFF_TTL_SECONDS = 24 * 3600;
/**
 * The hand-off lists the cursor record holds at most (characters; its value is at most 240 KiB):
 * past it, tickets go to the queue without a record and list there.
 */
export const HANDOFF_LIST_MAX_CHARS = 100_000;
/**
 * The outstanding list's room in the cursor record (serialized characters); a longer list
 * restarts the feed. It is what 500 ten-digit ids took when the bound was a count: a backlog run
 * whose window reached past its export leaves several hundred short ids outstanding, and
 * restarting for them made every later link list once (issue #17).
 */
export const OUTSTANDING_MAX_CHARS = JSON.stringify(new Array<string>(500).fill('1234567890')).length;

/** Whether the outstanding list fits its room in the cursor record. */
function fits(outstanding: ReadonlySet<string>): boolean {
  return JSON.stringify([...outstanding]).length <= OUTSTANDING_MAX_CHARS;
}

/**
 * The feed state after a settlement: a list past its room restarts the feed at `through`
 * (carried entries then prove nothing: their `from` is the old `since`).
 */
function keepOrRestart(
  since: number,
  through: number,
  outstanding: ReadonlySet<string>,
  kept: Pick<CommentFeedState, 'handoffs' | 'carried'>,
): CommentFeedState {
  // Too many to keep: the feed starts afresh, and every link lists once before it reads events again.
  // The carried parts stay listed, empty, so the next run deletes them.
  if (!fits(outstanding)) {
    const carried = kept.carried?.map(() => '');
    return { since: through, through, outstanding: [], ...kept, ...(carried ? { carried } : {}) };
  }
  return { since, through, outstanding: [...outstanding].sort(), ...kept };
}

/**
 * How one link's pass left its ticket's comments, for the settlement:
 * `window` — every comment of the window handled (or the link keeps no comment memory);
 * `{through}` — every comment up to that second handled (the ticket snapshot's, when nothing was
 * read after the window); `none` — not handled (deferred, failed, busy, paused, cut short).
 */
export type FeedOutcome = 'window' | 'none' | { through: number };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

type HandoffEntry = NonNullable<CommentFeedState['handoffs']>[number];

export function secondsOf(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

interface Window {
  /** Where the window starts (the stored mark, or a first run's start). */
  start: number;
  comments: Map<number, TicketComments>;
  /** The last page's end_time: the next read starts there. */
  end: number;
  endOfStream: boolean;
  /** Export answers received before the last end-of-stream request (0: none). */
  exportsBefore: number;
  /** The newest exported updated_at before that request. */
  newestBefore: number | null;
  pages: number;
}

export function combine(a: FeedOutcome | undefined, b: FeedOutcome): FeedOutcome {
  if (a === undefined) return b;
  if (a === 'none' || b === 'none') return 'none';
  if (a === 'window') return b;
  if (b === 'window') return a;
  return { through: Math.min(a.through, b.through) };
}

export class CommentFeed {
  private window: Window | null = null;
  private unavailable = false;
  private readonly outstandingAtStart: ReadonlySet<string>;
  private readonly reports = new Map<string, FeedOutcome>();
  /** Tickets whose window comments went to the queue in a hand-off record, and those records. */
  private readonly handedOff = new Set<string>();
  private readonly handoffBatches: HandoffEntry[] = [];
  /** Tickets in hand-off records still in use: their comments may wait there, so they list. */
  private readonly pendingAtStart: ReadonlySet<string>;
  /** Tickets queued without a hand-off record (the lists were full): they list in their batch. */
  private readonly queuedUntracked = new Set<string>();
  /** Tickets the stored state carries, and their entries once read (carry.ts). */
  private readonly carriedAtStart: ReadonlySet<string>;
  private carry = new Map<string, ZendeskComment[]>();
  /** The carry the settlement decided, stored once the cursor is (carry.ts). */
  private carryPlan: CarryPlan | null = null;
  /** Characters of the hand-off lists the cursor record would hold (HANDOFF_LIST_MAX_CHARS). */
  private handoffChars: number;

  constructor(
    private readonly ctx: SyncContext,
    private readonly stored: CommentFeedState | null,
  ) {
    this.outstandingAtStart = new Set(stored?.outstanding ?? []);
    this.pendingAtStart = new Set((stored?.handoffs ?? []).flatMap((h) => decodeIds(h.tickets)));
    this.carriedAtStart = carriedIds(stored);
    this.handoffChars = (stored?.handoffs ?? []).reduce((n, h) => n + h.id.length + h.tickets.length, 0);
  }

  /** The window has been read (the order the settlement relies on: read, then copy). */
  get read(): boolean {
    return this.window !== null;
  }

  /** Whether the stored mark proves nothing for the ticket (outstanding, or in a hand-off in use). */
  private unproven(ticketId: number): boolean {
    const id = String(ticketId);
    return this.outstandingAtStart.has(id) || this.pendingAtStart.has(id);
  }

  /** Every comment created before this second is in the window. */
  private windowEnd(w: Window): number {
    return w.endOfStream && w.newestBefore !== null ? Math.max(w.end, w.newestBefore) : w.end;
  }

  /**
   * Reads the window once (more pages only to cover a ticket exported after it was read). Called
   * before any comment copy of the invocation, so every copy after it sees the window's comments.
   * A failed read leaves the feed unused for the invocation; a lost connection is rethrown.
   */
  async ensureRead(): Promise<void> {
    if (this.window !== null || this.unavailable) return;
    if (this.stored !== null && this.carriedAtStart.size > 0)
      this.carry = await loadCarry(this.ctx, this.stored);
    for (const start of this.starts()) {
      const w: Window = {
        start,
        comments: new Map(),
        end: start,
        endOfStream: false,
        exportsBefore: 0,
        newestBefore: null,
        pages: 0,
      };
      const read = await this.readPages(w);
      if (read === 'read') {
        this.window = w;
        return;
      }
      if (read === 'none') break;
    }
    this.unavailable = true;
  }

  /**
   * Where the window may start, in order: the stored mark; in a first run, a recent second by the
   * app's clock or the newest exported ticket (a Zendesk time known to be past), whichever is
   * later — then that ticket's second, should Zendesk refuse the clock's as too recent. Accepted
   * as start_time, the clock's second is a Zendesk time already past too, which a listing made
   * after the read relies on. Not the exported ticket alone: over an export of several pages it
   * lies deep in the history, and windows of FEED_MAX_PAGES pages from there would reach today's
   * changes only runs later, every changed ticket listing meanwhile.
   */
  private starts(): number[] {
    if (this.stored) return [this.stored.through];
    const exported = this.ctx.zendesk.exportProgress().newestSeconds;
    const recent = recentStartTime(Date.now());
    if (exported === null) return [recent];
    return recent > exported ? [recent, exported] : [exported];
  }

  /**
   * Reads pages from `w.end` until the end of the stream or the page cap; `none` when none could
   * be read, `refused` when Zendesk refused the first page's start_time.
   */
  private async readPages(w: Window, cap = FEED_MAX_PAGES): Promise<'read' | 'none' | 'refused'> {
    let any = false;
    while (w.pages < cap) {
      const before = this.ctx.zendesk.exportProgress();
      let page;
      try {
        page = await this.ctx.zendesk.exportTicketEvents(w.end);
      } catch (error) {
        if (isConnectionLost(error)) throw error;
        if (any) return 'read';
        return error instanceof ZendeskApiError && error.status === 422 ? 'refused' : 'none';
      }
      any = true;
      w.pages += 1;
      collectComments(page.events, w.comments);
      const end = page.endTime ?? w.end;
      if (page.endOfStream) {
        w.end = Math.max(w.end, end);
        w.endOfStream = true;
        w.exportsBefore = before.answers;
        w.newestBefore = before.newestSeconds;
        return 'read';
      }
      w.endOfStream = false;
      // A page that does not move on would repeat forever: the window ends where it stands.
      if (end <= w.end) return 'read';
      w.end = end;
    }
    return any ? 'read' : 'none';
  }

  /** Whether every comment in the snapshot `ticket` is in the window. */
  private covers(w: Window, ticket: ZendeskTicket): boolean {
    if (secondsOf(ticket.updated_at) < this.windowEnd(w)) return true;
    const exportedIn = this.ctx.zendesk.exportedIn(ticket);
    return w.endOfStream && exportedIn !== undefined && exportedIn <= w.exportsBefore;
  }

  /**
   * The comments of `ticket` that the link may still lack, oldest first, with the bound to record
   * once they are copied; null when the window does not prove it (the pass lists comments).
   */
  async commentsFor(
    ticket: ZendeskTicket,
    state: LinkState,
  ): Promise<{ comments: ZendeskComment[]; before: number } | null> {
    // Read first, even for a link that will list: a listing made after the window holds all of
    // the window's comments, which the settlement counts on.
    await this.ensureRead();
    const c = state.record.fromZendesk.commentsBefore;
    if (!state.existed || c === undefined || this.stored === null || c < this.stored.since) return null;
    if (this.unproven(ticket.id)) return null;
    const w = this.window;
    if (w === null) return null;
    if (!this.covers(w, ticket) && w.endOfStream && w.pages < FEED_MAX_PAGES) {
      const exportedIn = this.ctx.zendesk.exportedIn(ticket);
      // Exported after the window's last read: read on from where it ended.
      if (exportedIn !== undefined && exportedIn > w.exportsBefore) await this.readPages(w);
    }
    if (!this.covers(w, ticket)) return null;
    const comments = this.offered(w, ticket.id);
    if (comments === null) return null;
    const fresh: ZendeskComment[] = [];
    for (const comment of comments) if (!(await state.zendeskComments.has(comment.id))) fresh.push(comment);
    await this.resolveAuthors(ticket.id, fresh);
    return { comments, before: Math.max(this.windowEnd(w), secondsOf(ticket.updated_at)) };
  }

  /**
   * The authors the copies of `fresh` (comments not handled yet) name, in one users read for up
   * to 100 of them: this ticket's first, then the window's other authors, so later tickets find
   * theirs known. The export's side-loaded people need no read.
   */
  private async resolveAuthors(ticketId: number, fresh: readonly ZendeskComment[]): Promise<void> {
    const known = this.ctx.caches.users;
    const agent = this.ctx.connection.agent.id;
    const unknown = (c: ZendeskComment): c is ZendeskComment & { author_id: number } =>
      typeof c.author_id === 'number' &&
      c.author_id !== agent &&
      !known.has(c.author_id) &&
      this.ctx.zendesk.sideloadedUser(c.author_id) === undefined;
    const ids = new Set(fresh.filter(unknown).map((c) => c.author_id));
    if (ids.size === 0) return;
    for (const [id, entry] of this.window?.comments ?? []) {
      if (id === ticketId) continue;
      for (const c of entry.comments.values()) if (ids.size < 100 && unknown(c)) ids.add(c.author_id);
    }
    await this.ctx.caches.usersById(ids);
  }

  /**
   * Reads on until the window covers every ticket of `tickets` (export snapshots), within
   * HANDOFF_MAX_PAGES and the run's budget: a run that processes or hands off a backlog page
   * takes its comments from the window instead of a listing per ticket. False when the window
   * cannot cover them (read failed, page cap, budget).
   */
  async cover(tickets: readonly ZendeskTicket[]): Promise<boolean> {
    await this.ensureRead();
    const w = this.window;
    if (w === null) return false;
    let endReads = 0;
    while (!tickets.every((t) => this.covers(w, t))) {
      if (w.pages >= HANDOFF_MAX_PAGES || !this.ctx.budget.canContinue()) return false;
      const pages = w.pages;
      const end = w.end;
      await this.readPages(w, w.pages + 1);
      // No page read, or one that did not move on (a failure, a stuck stream): stop here.
      if (w.pages === pages || (w.end === end && !w.endOfStream)) return false;
      // One read at the end of the stream covers every ticket exported before it; another cannot help.
      if (w.endOfStream && ++endReads > 1) return false;
    }
    return true;
  }

  /** Whether the window may still read on for a hand-off (cover). */
  canExtend(): boolean {
    if (this.unavailable) return false;
    return this.window === null || this.window.pages < HANDOFF_MAX_PAGES;
  }

  /**
   * What a queue batch may take instead of listing the comments of `ticket` (an export snapshot
   * this run did not pass): the window's comments, oldest first, with the bounds of the proof;
   * null when the window does not prove it for every link (outstanding, not covered, unreadable).
   * The worker still checks each link's `commentsBefore` against `from` (handoff.ts).
   */
  handOffComments(ticket: ZendeskTicket): ZendeskComment[] | null {
    const w = this.window;
    if (w === null || this.stored === null) return null;
    if (this.unproven(ticket.id) || !this.covers(w, ticket)) return null;
    // The worker re-reads the ticket: only a snapshot older than the window's end is covered there.
    if (secondsOf(ticket.updated_at) >= this.windowEnd(w)) return null;
    return this.offered(w, ticket.id);
  }

  /**
   * Every comment of the ticket a link with c ≥ since may lack, oldest first: its carried entry,
   * then the window's. Null when the window could not read them or the carried entry is lost.
   */
  private offered(w: Window, ticketId: number): ZendeskComment[] | null {
    const id = String(ticketId);
    const carried = this.carry.get(id);
    if (this.carriedAtStart.has(id) && carried === undefined) return null;
    const mine = w.comments.get(ticketId);
    if (mine?.unreadable) return null;
    const seen = new Set((carried ?? []).map((c) => c.id));
    const fresh = [...(mine?.comments.values() ?? [])]
      .filter((c) => !seen.has(c.id))
      .sort((a, b) => (mine?.seconds.get(a.id) ?? 0) - (mine?.seconds.get(b.id) ?? 0) || a.id - b.id);
    return [...(carried ?? []), ...fresh];
  }

  /** The bounds a hand-off record made now carries: `from` (least commentsBefore) and `end`. */
  handOffBounds(): { from: number; end: number } | null {
    const w = this.window;
    if (w === null || this.stored === null) return null;
    return { from: this.stored.since, end: this.windowEnd(w) };
  }

  /**
   * Whether a batch handed off now can be listed in the feed state (the window was read, and the
   * lists stay within HANDOFF_LIST_MAX_CHARS); if not, its tickets become outstanding as before.
   */
  canTrack(): boolean {
    return this.window !== null && this.handoffChars < HANDOFF_LIST_MAX_CHARS;
  }

  /**
   * A batch was durably queued under `batchId` (with a record or without): its tickets wait for
   * it, so they are not outstanding but listed in the feed state until it settles.
   */
  noteHandedOff(batchId: string, ticketIds: readonly string[]): void {
    const tickets = encodeIds(ticketIds);
    this.handoffBatches.push({ id: batchId, tickets, at: nowSeconds() });
    this.handoffChars += batchId.length + tickets.length;
    for (const id of ticketIds) this.handedOff.add(id);
  }

  /** Stores what the settlement carries; call once the cursor record that lists it is stored. */
  async storeCarry(): Promise<void> {
    await this.carryPlan?.store();
    this.carryPlan = null;
  }

  /** A batch was queued without a hand-off id: its tickets list there, and stay outstanding here. */
  noteQueuedUntracked(ticketIds: readonly string[]): void {
    for (const id of ticketIds) this.queuedUntracked.add(id);
  }

  /** A bound for a listing made now: Zendesk times known to be past (the window, the exports). */
  listingBound(ticket: ZendeskTicket): number {
    const w = this.window;
    return Math.max(
      listingBound(this.ctx, ticket),
      w ? this.windowEnd(w) : -Infinity,
      this.stored?.through ?? -Infinity,
    );
  }

  report(ticketId: string, outcome: FeedOutcome): void {
    this.reports.set(ticketId, combine(this.reports.get(ticketId), outcome));
  }

  /** Whether this run handled every comment the proof offers for the ticket (or handed them off). */
  private handled(w: Window, id: string): boolean {
    const outcome = this.reports.get(id);
    if (outcome === 'window') return true;
    // Its comments wait in a hand-off record; the hand-off list makes its links list meanwhile.
    if (outcome === undefined) return this.handedOff.has(id);
    if (outcome === 'none') return false;
    const seconds = [
      ...(w.comments.get(Number(id))?.seconds.values() ?? []),
      ...(this.carry.get(id) ?? []).map((c) => secondsOf(c.created_at)),
    ];
    return seconds.every((s) => s <= outcome.through);
  }

  /**
   * The stored hand-off entries still in flight; those past HANDOFF_TTL_SECONDS are given up: their
   * tickets not handled by this run become outstanding, and their records are deleted. (An entry
   * from before entries carried their time is timed from now.)
   */
  private async expireHandoffs(outstanding: Set<string>): Promise<HandoffEntry[]> {
    const now = nowSeconds();
    const kept: HandoffEntry[] = [];
    for (const h of this.stored?.handoffs ?? []) {
      const at = h.at ?? now;
      if (at >= now - HANDOFF_TTL_SECONDS) {
        kept.push({ ...h, at });
        continue;
      }
      for (const id of decodeIds(h.tickets)) {
        const outcome = this.reports.get(id);
        if (outcome === undefined || outcome === 'none') outstanding.add(id);
      }
      await deleteHandoff(h.id).catch(() => undefined);
    }
    return kept;
  }

  /**
   * The state to store at the end of the invocation, after storing what it carries; null when
   * nothing changed. Tickets with comments the run did not handle become outstanding, except
   * those it did not pass at all (a backlog run's window reaches past its export): they are
   * carried when the proof holds for them and they are linked. A carried ticket still not passed
   * once the export has reached its end is not coming by the export (deleted, or handled
   * elsewhere): it becomes outstanding rather than carried on for ever.
   */
  async settle(): Promise<CommentFeedState | null> {
    const w = this.window;
    if (w === null) return null;
    const outstanding = new Set(this.stored?.outstanding ?? []);
    for (const [ticketId, outcome] of this.reports) if (outcome !== 'none') outstanding.delete(ticketId);
    const caughtUp = this.ctx.zendesk.exportProgress().reachedEnd;
    const toCarry = new Map<string, ZendeskComment[]>();
    const ids = new Set([...[...w.comments.keys()].map(String), ...this.carriedAtStart]);
    for (const id of ids) {
      if (this.handled(w, id)) continue;
      // Only a ticket the run did not pass (nor queue) is carried: one it passed and could not
      // finish waits for a retry and lists then, as before.
      const passed = this.reports.has(id) || this.handedOff.has(id) || this.queuedUntracked.has(id);
      const stale = caughtUp && this.carriedAtStart.has(id);
      const comments = passed || stale || this.unproven(Number(id)) ? null : this.offered(w, Number(id));
      if (comments === null) outstanding.add(id);
      else toCarry.set(id, comments);
    }
    const through = Math.max(w.start, this.windowEnd(w));
    const since = this.stored?.since ?? w.start;
    const handoffs = [...(await this.expireHandoffs(outstanding)), ...this.handoffBatches];
    const oldParts = this.stored?.carried?.length ?? 0;
    // Nothing carried: old parts stay listed, empty, for a later settlement to delete.
    let carried = (this.stored?.carried ?? []).map(() => '');
    this.carryPlan = null;
    if (fits(outstanding) && (toCarry.size > 0 || oldParts > 0)) {
      this.carryPlan = await planCarry(this.ctx, { from: since, end: through }, toCarry, oldParts);
      carried = this.carryPlan.carried;
      for (const id of this.carryPlan.left) outstanding.add(id);
    } else {
      for (const id of toCarry.keys()) outstanding.add(id);
    }
    return keepOrRestart(since, through, outstanding, {
      ...(handoffs.length > 0 ? { handoffs } : {}),
      ...(carried.length > 0 ? { carried } : {}),
    });
  }
}

/**
 * A queue batch's settlement of the feed state (handoff.ts): tickets it could not handle in full
 * become outstanding (more than OUTSTANDING_MAX_CHARS holds restart the feed); tickets whose
 * links all handled every comment up to the mark or beyond leave it; a finished batch's record
 * leaves the hand-off list. (The batch holds the run lease, so the mark is the one it read.)
 */
export function settleBatch(
  state: CommentFeedState,
  reports: ReadonlyMap<string, FeedOutcome>,
  finishedBatch: string | null,
): CommentFeedState {
  const outstanding = new Set(state.outstanding);
  const done = new Set<string>();
  for (const [id, outcome] of reports) {
    if (outcome === 'none') outstanding.add(id);
    else if (outcome === 'window' || outcome.through >= state.through) done.add(id);
  }
  for (const id of done) outstanding.delete(id);
  const handoffs = (state.handoffs ?? []).filter((h) => h.id !== finishedBatch);
  // A carried ticket this batch handled needs its entry no more (parts keep their numbers).
  const carried = state.carried?.map((list) => encodeIds(decodeIds(list).filter((id) => !done.has(id))));
  return keepOrRestart(state.since, state.through, outstanding, {
    ...(handoffs.length > 0 ? { handoffs } : {}),
    ...(carried ? { carried } : {}),
  });
}

/** A bound for a listing made now without a feed: the snapshot's second, or a newer exported one. */
export function listingBound(ctx: SyncContext, ticket: ZendeskTicket): number {
  return Math.max(secondsOf(ticket.updated_at), ctx.zendesk.exportProgress().newestSeconds ?? -Infinity);
}

const feeds = new WeakMap<SyncContext, CommentFeed>();

/**
 * The scheduled run's feed, from its cursor record (docs/sync-model.md § Comments from ticket
 * events). A record of another Zendesk account, or none, starts the feed afresh.
 */
export function openCommentFeed(ctx: SyncContext, cursor: CursorRecord | null | 'invalid'): void {
  if (cursor === 'invalid') return;
  const sameAccount = cursor?.subdomain === undefined || cursor.subdomain === ctx.connection.subdomain;
  feeds.set(ctx, new CommentFeed(ctx, sameAccount ? (cursor?.commentFeed ?? null) : null));
}

export function commentFeedOf(ctx: SyncContext): CommentFeed | undefined {
  return feeds.get(ctx);
}

/**
 * At the end of the run: the feed's new mark into the cursor record the run saves. Returns what
 * to do once that record is stored: store the comments it carries.
 */
export async function settleCommentFeed(
  ctx: SyncContext,
  book: { cursor: CursorRecord; cursorDirty: boolean },
): Promise<() => Promise<void>> {
  // Never throws: every storage call of the settlement handles its own failure (carry.ts).
  const feed = feeds.get(ctx);
  const next = await feed?.settle();
  if (next) {
    book.cursor.commentFeed = next;
    book.cursorDirty = true;
  }
  return async () => feed?.storeCarry();
}
