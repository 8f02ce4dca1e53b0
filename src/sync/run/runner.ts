/**
 * What every sync invocation does around the per-ticket work: the license gate, opening the
 * context (no connection → nothing to do), per-ticket failure bookkeeping (retry counts and
 * back-off), and the end of a run (cursor, run log, lease).
 */
import { asConnectionLost, isConnectionLost } from '../lifecycle/connectionLost';
import type { SyncRunSummary } from '../../domain/rpc';
import { appendRun, overwriteRun, updateRun } from '../../storage/syncLog';
import { describeError } from '../../util/errors';
import { truncate } from '../../util/redact';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { credentialsFor } from '../../storage/connection';
import { writeCursor, type CursorRecord } from '../../storage/cursor';
import { readRunStart } from '../../storage/runStart';
import { createSyncContext, type SyncContext } from '../core/context';
import { pruneRetry } from '../fromZendesk/cursor';
import { syncTicketFromZendesk } from '../fromZendesk/pass';
import { openCommentFeed, settleCommentFeed } from '../fromZendesk/commentFeed';
import { prepareTickets, TICKETS_PER_CHUNK, type PreparedTicket } from '../fromZendesk/prepare';
import { RunStop, TicketFailed } from '../core/passErrors';
import { releaseLease, type Lease } from './runLease';
import { errorText } from '../core/problems';
import type { RemainingTime } from '../core/budget';

export type BeginResult =
  | {
      status: 'ok';
      ctx: SyncContext;
      /** The stored cursor record: null when none, 'invalid' when unreadable. */
      cursor: CursorRecord | null | 'invalid';
      /** The sync log's head sequence number when the run began (null if unknown). */
      logHead: number | null;
      /** Pending work or waiting batches were recorded since the last drain. */
      pending: boolean;
    }
  | { status: 'not-connected' }
  /** Connected to another Zendesk account than the links': nothing runs until the admin decides. */
  | { status: 'suspended' };

/**
 * Opens a run: the connection and the cursor in one batch read, then the token. Without a
 * connection nothing else is read.
 */
export async function beginRun(
  trigger: SyncRunSummary['trigger'],
  remaining?: RemainingTime,
  /** A queue batch made to wait: when the wait began (createSyncContext forgets what was seen before). */
  waitFrom?: number,
): Promise<BeginResult> {
  const { connection, cursor, logHead, pending, catalogs } = await readRunStart();
  if (connection === null) return { status: 'not-connected' };
  if (connection.suspendedFrom !== undefined) return { status: 'suspended' };
  const credentials = await credentialsFor(connection);
  if (credentials === null) return { status: 'not-connected' };
  const ctx = createSyncContext(
    { connection, credentials },
    {
      trigger,
      catalogs,
      ...(remaining ? { remaining } : {}),
      ...(waitFrom !== undefined ? { afterWait: true, waitFrom } : {}),
    },
  );
  // The scheduled run reads new comments from the ticket event export where it can.
  if (trigger === 'scheduled' || trigger === 'manual') openCommentFeed(ctx, cursor);
  return { status: 'ok', ctx, cursor, logHead, pending };
}

/** The cursor record as this run holds it; saved when dirty. */
export interface RunBookkeeping {
  cursor: CursorRecord;
  cursorDirty: boolean;
  /** Sync log head read at the start (beginRun), when known. */
  logHead?: number | null;
  /** The run lease this run holds: its claim lets chunks of tickets skip per-link leases. */
  runLease?: Lease;
  /** The run log entry a long run writes its progress to (saveProgress); its summary replaces it. */
  progressSeq?: number;
}

/**
 * Batched reads and the run's claim for the tickets a loop processes in order, one chunk of
 * TICKETS_PER_CHUNK at a time (src/sync/fromZendesk/prepare.ts). Without a run lease nothing
 * is prepared.
 */
export class ChunkReads {
  private prepared = new Map<string, PreparedTicket>();
  private until = -1;

  constructor(
    private readonly ctx: SyncContext,
    private readonly book: RunBookkeeping,
    private readonly tickets: readonly ZendeskTicket[],
  ) {}

  /** The prepared reads of ticket `i`, preparing its chunk when `i` starts a new one. */
  async at(i: number): Promise<PreparedTicket | undefined> {
    const lease = this.book.runLease;
    const ticket = this.tickets[i];
    if (!lease || !ticket) return undefined;
    if (i >= this.until) {
      const chunk = this.tickets.slice(i, i + TICKETS_PER_CHUNK);
      this.prepared = await prepareTickets(chunk, await this.ctx.caches.syncItems(), lease, this.ctx);
      this.until = i + TICKETS_PER_CHUNK;
    }
    return this.prepared.get(String(ticket.id));
  }
}

/**
 * A long run's progress in the run log, so the admin sees it working. Only runs that read more
 * than one export page write it (after each page whose cursor they saved), so short and idle
 * runs cost nothing more. Never throws: progress is for display only.
 */
export async function saveProgress(
  ctx: SyncContext,
  book: RunBookkeeping,
  progress: NonNullable<SyncRunSummary['progress']>,
): Promise<void> {
  ctx.summary.setProgress(progress);
  const snapshot: SyncRunSummary = { ...ctx.summary.data, errors: [...ctx.summary.data.errors] };
  try {
    if (book.progressSeq === undefined) book.progressSeq = await appendRun(snapshot);
    else await updateRun(book.progressSeq, snapshot);
  } catch (error) {
    console.error(`Sync run ${ctx.runId}: could not store its progress: ${describeError(error)}`);
  }
}

export type TicketOutcome = 'done' | 'deferred' | 'failed';

function recordFailure(book: RunBookkeeping, ctx: SyncContext, ticket: ZendeskTicket, message: string): void {
  const id = String(ticket.id);
  const now = new Date().toISOString();
  const entry = book.cursor.retry[id];
  // Never parked: a failing ticket is retried with a capped back-off until it goes through,
  // so an outage of any length loses nothing (retryDue in cursor.ts).
  book.cursor.retry[id] = {
    attempts: (entry?.attempts ?? 0) + 1,
    updatedAt: ticket.updated_at,
    lastError: truncate(message, 300),
    firstAt: entry?.firstAt ?? now,
    lastAt: now,
  };
  const { kept, dropped } = pruneRetry(book.cursor.retry);
  book.cursor.retry = kept;
  for (const d of dropped)
    ctx.summary.error(`Ticket ${d} dropped from the retry list (list full)`, { ticketId: d });
  book.cursorDirty = true;
}

/**
 * One ticket through the shared path, with failure bookkeeping. RunStop (rate limit beyond
 * the budget) propagates: the caller stops and keeps the ticket for later.
 */
export async function processTicket(
  ticket: ZendeskTicket,
  ctx: SyncContext,
  book: RunBookkeeping,
  observedAtMs?: number,
  prepared?: PreparedTicket,
): Promise<TicketOutcome> {
  const id = String(ticket.id);
  const entry = book.cursor.retry[id];
  try {
    const res = await syncTicketFromZendesk(ticket, ctx, { observedAtMs, prepared });
    if (entry && res.complete) {
      delete book.cursor.retry[id];
      book.cursorDirty = true;
    }
    return res.complete ? 'done' : 'deferred';
  } catch (error) {
    if (error instanceof RunStop || isConnectionLost(error)) throw asConnectionLost(error);
    const message = error instanceof TicketFailed ? error.message : errorText(error);
    if (!(error instanceof TicketFailed)) ctx.summary.error(message, { ticketId: id });
    recordFailure(book, ctx, ticket, message);
    return 'failed';
  } finally {
    // How long a ticket took is what the budget keeps room for before it starts the next.
    ctx.budget.ticketDone();
  }
}

/**
 * Ends a run: the run log (consecutive idle runs share one entry, so the 50-entry ring keeps
 * real activity), the cursor record if anything changed, then the lease. Never throws: the
 * work itself is already stored.
 */
export async function endRun(
  ctx: SyncContext,
  book: RunBookkeeping | null,
  options: { holdsLease: boolean },
): Promise<void> {
  const afterCursor = book ? await settleCommentFeed(ctx, book) : null;
  const summary = ctx.summary.finish();
  const idle = !ctx.summary.didWork;
  try {
    const last = book?.cursor.lastLog;
    let reused = false;
    if (book?.progressSeq !== undefined && (await updateRun(book.progressSeq, summary))) {
      // The entry its progress was shown in becomes the run's summary.
      book.cursor.lastLog = { seq: book.progressSeq, idle: false };
      book.cursorDirty = true;
      reused = true;
    } else if (idle && last?.idle) {
      if (book?.logHead === last.seq) {
        // Nobody appended since our idle entry (head read in the run's first batch read):
        // overwrite it in place without reading it back.
        await overwriteRun(last.seq, summary);
        reused = true;
      } else {
        reused = await updateRun(last.seq, summary);
      }
    }
    if (!reused) {
      const seq = await appendRun(summary);
      if (book) {
        book.cursor.lastLog = { seq, idle };
        book.cursorDirty = true;
      }
    }
  } catch (error) {
    console.error(`Sync run ${ctx.runId}: could not store the run summary: ${describeError(error)}`);
  }
  try {
    if (book?.cursorDirty) {
      book.cursor.updatedAt = new Date().toISOString();
      await writeCursor(book.cursor);
      book.cursorDirty = false;
    }
  } catch (error) {
    console.error(`Sync run ${ctx.runId}: could not store the cursor: ${describeError(error)}`);
  }
  try {
    // Only once the cursor lists them (src/sync/fromZendesk/carry.ts); not stored, they list.
    if (!book?.cursorDirty) await afterCursor?.();
  } catch (error) {
    console.error(`Sync run ${ctx.runId}: could not store carried comments: ${describeError(error)}`);
  }
  if (options.holdsLease) {
    try {
      await releaseLease(ctx.runId);
    } catch (error) {
      console.error(`Sync run ${ctx.runId}: could not release the lease: ${describeError(error)}`);
    }
  }
}
