/**
 * The five-minute scheduled run (docs/sync-model.md § Scheduled run):
 *
 *   license gate → connection → lease → drain pending per-link work → retry earlier failures →
 *   page through the incremental
 *   cursor export from the stored cursor, processing tickets inline while the budget allows and
 *   handing the rest to the queue → cursor saved after every page → run log → lease released.
 *
 * Cursor rule: the stored cursor only moves past a page once each of its tickets is done,
 * recorded for retry, or durably pushed to the queue. If a push fails, the cursor stays and
 * the page is read again next time (the per-ticket path is idempotent).
 */
import type { ZendeskTicket } from '../../zendesk/schemas';
import { writeCursor } from '../../storage/cursor';
import { newCursorRecord, retryDue } from '../fromZendesk/cursor';
import { drainPendingWork } from './drain';
import { clearPendingFlag, setPendingFlag } from '../../storage/work';
import type { SyncContext } from '../core/context';
import { RunStop } from '../core/passErrors';
import { acquireLease } from './runLease';
import { isConnectionLost } from '../lifecycle/connectionLost';
import { finishItemDeletions, itemsBeingDeleted } from '../lifecycle/itemDeletion';
import { handOffTickets, pushTicketBatches, requeueWaitingBatches } from './queue';
import { commentFeedOf, type CommentFeed } from '../fromZendesk/commentFeed';
import { licenseInactive } from '../core/license';
import { beginRun, ChunkReads, endRun, processTicket, saveProgress, type RunBookkeeping } from './runner';
import type { RemainingTime } from '../core/budget';
import { errorText } from '../core/problems';
import { ZendeskRateLimitedError } from '../../zendesk/errors';

/** Export page size: a page is read in one call and its ids fit in ten queue events. */
export const EXPORT_PAGE_SIZE = 1000;
/** Failed tickets retried at the start of a run (one show_many call). */
const RETRIES_PER_RUN = 100;

export interface ScheduledOutcome {
  status: 'done' | 'busy' | 'not-connected' | 'suspended' | 'license-inactive' | 'stopped';
  processed: number;
  queued: number;
  pages: number;
  caughtUp: boolean;
}

/** The latest change of each ticket on a page (a page lists a ticket at most once, but be safe). */
function latestPerTicket(tickets: readonly ZendeskTicket[]): ZendeskTicket[] {
  const byId = new Map<number, ZendeskTicket>();
  for (const t of tickets) byId.set(t.id, t);
  return [...byId.values()];
}

async function retryFailures(
  ctx: SyncContext,
  book: RunBookkeeping,
  outcome: ScheduledOutcome,
): Promise<void> {
  const now = Date.now();
  const due = Object.entries(book.cursor.retry)
    .filter(([, e]) => retryDue(e, now))
    .sort(([, a], [, b]) => (a.lastAt < b.lastAt ? -1 : 1))
    .slice(0, RETRIES_PER_RUN)
    .map(([id]) => id);
  if (due.length === 0 || !ctx.budget.canProcess()) return;
  const observedAtMs = Date.now();
  const tickets = await ctx.zendesk.getTickets(due);
  const found = new Set(tickets.map((t) => String(t.id)));
  for (const id of due) {
    if (!found.has(id)) {
      // Deleted in Zendesk since it failed: nothing left to retry.
      delete book.cursor.retry[id];
      book.cursorDirty = true;
    }
  }
  for (const ticket of tickets) {
    if (!ctx.budget.canProcess()) return;
    await processTicket(ticket, ctx, book, observedAtMs);
    outcome.processed += 1;
  }
}

/**
 * Waiting queue batches and per-link work left by earlier runs and events. The flag is
 * cleared first and set again when anything is left, so nothing recorded meanwhile is missed.
 * A failure here never stops the export.
 */
async function drainWork(ctx: SyncContext): Promise<void> {
  let left = true;
  try {
    await clearPendingFlag();
    await requeueWaitingBatches(ctx.runId);
    const drained = await drainPendingWork(ctx);
    left = drained.waiting > 0 || !drained.complete;
  } catch (error) {
    if (error instanceof RunStop || isConnectionLost(error)) throw error;
    ctx.summary.error(`Pending work could not be drained this run: ${errorText(error)}`);
  } finally {
    if (left) await setPendingFlag().catch(() => undefined);
  }
}

/**
 * The run's comment feed when a synchronized item copies comments or files (else no window is
 * read). Asked only once there are tickets, so an idle run reads no items.
 */
async function windowFeed(ctx: SyncContext): Promise<CommentFeed | undefined> {
  const feed = commentFeedOf(ctx);
  if (!feed) return undefined;
  const items = await ctx.caches.syncItems();
  return items.some((i) => i.features.commentSync || i.features.attachmentSync) ? feed : undefined;
}

async function readExport(ctx: SyncContext, book: RunBookkeeping, outcome: ScheduledOutcome): Promise<void> {
  let handoff = false;
  let feed: CommentFeed | undefined;
  // Handed-off tickets take their comments from the window (handoff.ts): once it cannot cover
  // another page, the export waits for the next run rather than hand off tickets that must list.
  let covered = true;
  while (ctx.budget.canContinue() && !(handoff && feed && (!covered || !feed.canExtend()))) {
    const from =
      book.cursor.cursor !== null
        ? { cursor: book.cursor.cursor }
        : { startTime: book.cursor.startTime ?? Math.floor(Date.now() / 1000) - 60 };
    const page = await ctx.zendesk.exportTickets(from, { perPage: EXPORT_PAGE_SIZE });
    outcome.pages += 1;
    const tickets = latestPerTicket(page.tickets);
    if (tickets.length > 0 && !page.endOfStream) feed ??= await windowFeed(ctx);
    const toQueue: string[] = [];
    let stop: RunStop | null = null;
    let i = 0;
    // A backlog page: the window is read far enough to cover it before its comments are copied.
    if (feed && !page.endOfStream && tickets.length > 0) covered = await feed.cover(tickets);
    if (!handoff) {
      const reads = new ChunkReads(ctx, book, tickets);
      for (; i < tickets.length; i++) {
        if (!ctx.budget.canProcess()) break;
        const ticket = tickets[i] as ZendeskTicket;
        try {
          const result = await processTicket(ticket, ctx, book, undefined, await reads.at(i));
          outcome.processed += 1;
          if (result === 'deferred') toQueue.push(String(ticket.id));
        } catch (error) {
          if (!(error instanceof RunStop)) throw error;
          stop = error;
          ctx.summary.error(`Run stopped early: ${error.message}`);
          break;
        }
      }
    }
    const rest = tickets.slice(i);
    if (rest.length > 0) handoff = true;
    if (toQueue.length + rest.length > 0) {
      const delay = stop ? stop.retryAfterSeconds : 0;
      try {
        // Deferred tickets were passed: their feed outcome stands, and they list next time.
        await pushTicketBatches(toQueue, ctx.runId, delay);
        if (!stop && rest.length > 0) feed ??= await windowFeed(ctx);
        if (feed && !stop && rest.length > 0) covered = (await feed.cover(rest)) && covered;
        await handOffTickets(ctx, rest, delay);
        outcome.queued += toQueue.length + rest.length;
      } catch (error) {
        if (isConnectionLost(error)) throw error;
        // Not durably queued: keep the cursor before this page so the next run reads it again.
        ctx.summary.error(
          `Could not hand ${toQueue.length + rest.length} tickets to the queue; they are read again next run: ${errorText(error)}`,
        );
        outcome.status = 'stopped';
        return;
      }
    }
    const next = page.afterCursor ?? book.cursor.cursor;
    if (next !== book.cursor.cursor) {
      book.cursor.cursor = next;
      book.cursorDirty = true;
    }
    if (page.endOfStream) {
      // Also on idle runs: the admin's "behind Zendesk" figure is measured from this.
      book.cursor.caughtUpAt = new Date().toISOString();
      book.cursorDirty = true;
      outcome.caughtUp = true;
    }
    const last = stop !== null || page.endOfStream || !ctx.budget.canContinue();
    // Saved after every page so a run cut off here resumes at the next page. The last page's
    // save is the run's final write (endRun), together with the run-log pointer.
    if (book.cursorDirty && !last) {
      book.cursor.updatedAt = new Date().toISOString();
      await writeCursor(book.cursor);
      book.cursorDirty = false;
      await saveProgress(ctx, book, {
        pages: outcome.pages,
        processed: outcome.processed,
        queued: outcome.queued,
      });
    }
    if (stop) {
      outcome.status = 'stopped';
      return;
    }
    if (page.endOfStream) return;
  }
  outcome.status = 'stopped';
}

export interface ScheduledOptions {
  /** `manual`: the admin's "Sync now" (same work, same run lease). */
  trigger?: 'scheduled' | 'manual';
  /** The invocation's remaining time; by default the Forge runtime's. */
  remaining?: RemainingTime;
}

/**
 * The scheduled trigger's work. Forge ignores the return value; tests and the sandbox read it.
 * The admin's "Sync now" runs it too, with a shorter budget: it holds the same run lease, so
 * it never overlaps a running run.
 */
export async function runScheduledSync(
  _payload: unknown,
  context: unknown,
  options: ScheduledOptions = {},
): Promise<ScheduledOutcome> {
  const outcome: ScheduledOutcome = { status: 'done', processed: 0, queued: 0, pages: 0, caughtUp: false };
  if (licenseInactive(context)) return { ...outcome, status: 'license-inactive' };
  const begun = await beginRun(options.trigger ?? 'scheduled', options.remaining);
  if (begun.status !== 'ok') return { ...outcome, status: begun.status };
  const { ctx } = begun;
  if (begun.cursor === 'invalid') {
    ctx.summary.error(
      'The stored export cursor (sync:cursor) is unreadable; the run did nothing. Reconnecting Zendesk in the admin page starts a new cursor.',
    );
    await endRun(ctx, null, { holdsLease: false });
    return { ...outcome, status: 'stopped' };
  }
  const lease = await acquireLease(ctx.runId, 'scheduled', ctx.budget.remainingMs());
  if (!lease.ok) return { ...outcome, status: 'busy' };
  let book: RunBookkeeping | null = null;
  try {
    const stored = begun.cursor;
    const sameAccount =
      stored !== null && (stored.subdomain === undefined || stored.subdomain === ctx.connection.subdomain);
    // A first run stores its start time even if its first export call fails, so it never drifts.
    book =
      stored && sameAccount
        ? { cursor: stored, cursorDirty: false, logHead: begun.logHead, runLease: lease.lease }
        : {
            cursor: newCursorRecord(ctx.connection.connectedAt, Date.now(), ctx.connection.subdomain),
            cursorDirty: true,
            logHead: begun.logHead,
            runLease: lease.lease,
          };
    if (begun.pending) await drainWork(ctx);
    await retryFailures(ctx, book, outcome);
    await readExport(ctx, book, outcome);
    // Item deletions left unfinished by the admin call (they set the pending flag too).
    if (begun.pending) {
      await finishItemDeletions(ctx);
      if ((await itemsBeingDeleted()).length > 0) await setPendingFlag();
    }
  } catch (error) {
    outcome.status = 'stopped';
    if (error instanceof RunStop || error instanceof ZendeskRateLimitedError) {
      ctx.summary.error(`Run stopped early: ${error.message}; it resumes from the saved cursor next run`);
    } else {
      ctx.summary.error(`Run failed: ${errorText(error)}; it resumes from the saved cursor next run`);
    }
  } finally {
    if (outcome.status === 'stopped') ctx.summary.stop();
    await endRun(ctx, book, { holdsLease: true });
  }
  return outcome;
}
