/**
 * The backlog queue (docs/sync-model.md § Backlog): ticket ids the scheduled run could not
 * process itself are pushed to `zendesk-sync-batches`, and `runSyncBatch` (the
 * `sync-batch-worker` consumer) processes them with the same per-ticket code path.
 */
import { InvocationError, InvocationErrorCode, Queue, type AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { deleteWaitingBatch, listWaitingBatches, storeWaitingBatch } from '../../storage/waitingBatches';
import { describeError } from '../../util/errors';
import { slices } from '../../util/slices';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { ZendeskApiError, ZendeskRateLimitedError } from '../../zendesk/errors';
import { newCursorRecord } from '../fromZendesk/cursor';
import { commentFeedOf } from '../fromZendesk/commentFeed';
import { buildHandoff, openHandoff, settleHandoff, storeHandoff, type Handoff } from '../fromZendesk/handoff';
import { deleteHandoff } from '../../storage/handoff';
import { writeCursor } from '../../storage/cursor';
import type { SyncContext } from '../core/context';
import { RunStop } from '../core/passErrors';
import { acquireLease } from './runLease';
import { licenseInactive } from '../core/license';
import { beginRun, ChunkReads, endRun, processTicket, type RunBookkeeping } from './runner';
import { KEY_SAFE_ID_PATTERN, zendeskIdSchema } from '../../domain/ids';

export const QUEUE_KEY = 'zendesk-sync-batches';
/** Ticket ids per event: one show_many call (≤ 100 ids, docs/contracts/zendesk-api.md § Tickets). */
export const TICKETS_PER_EVENT = 100;
/** @forge/events: at most 50 events per push (docs/contracts/forge-platform.md § Queue). */
export const EVENTS_PER_PUSH = 50;
/** Delay before a batch that could not read its tickets (Zendesk down) tries again. */
const OUTAGE_WAIT_SECONDS = 120;
/** Consumers run one at a time; the lease would serialize them anyway. */
const CONCURRENCY = { key: 'zendesk-sync', limit: 1 };

export const batchBodySchema = z.object({
  ticketIds: z.array(zendeskIdSchema).min(1).max(TICKETS_PER_EVENT),
  runId: z.string().min(1).max(200),
  /**
   * The app's time when this batch was made to wait (a rate limit or pacing hold): what the
   * Zendesk gauge saw before it is over when the batch runs (createSyncContext).
   */
  waitFrom: z.number().nonnegative().optional(),
  /** The batch's hand-off id: its record holds the tickets' window comments (fromZendesk/handoff.ts). */
  handoff: z.string().regex(KEY_SAFE_ID_PATTERN).optional(),
});
export type BatchBody = z.infer<typeof batchBodySchema>;

/**
 * Pushes ticket ids as events of ≤ 100 ids, ≤ 50 events per push (a push of 50 events of
 * 100 ids is about 60 KB, inside the 200 KB limit). Resolves only once every push succeeded.
 * A delayed push marks its batches with the time the wait began (`waitFrom`, by default now).
 */
export async function pushTicketBatches(
  ticketIds: readonly string[],
  runId: string,
  delayInSeconds = 0,
  waitFrom: number | null = delayInSeconds > 0 ? Date.now() : null,
  handoff?: string,
): Promise<number> {
  const unique = [...new Set(ticketIds)];
  return pushBodies(
    slices(unique, TICKETS_PER_EVENT).map((ids) => ({
      ticketIds: ids,
      runId,
      ...(waitFrom !== null ? { waitFrom } : {}),
      ...(handoff ? { handoff } : {}),
    })),
    delayInSeconds,
  );
}

/** Pushes batch events, ≤ 50 per push; resolves once every push succeeded. */
async function pushBodies(bodies: readonly BatchBody[], delayInSeconds: number): Promise<number> {
  if (bodies.length === 0) return 0;
  const queue = new Queue({ key: QUEUE_KEY });
  const delay = Math.max(0, Math.min(900, Math.ceil(delayInSeconds)));
  const events = bodies.map((body) => ({
    body,
    concurrency: CONCURRENCY,
    ...(delay > 0 ? { delayInSeconds: delay } : {}),
  }));
  for (const part of slices(events, EVENTS_PER_PUSH)) await queue.push(part);
  return events.length;
}

/**
 * Hands tickets the run did not pass to the queue with their window comments: each event of
 * ≤ 100 tickets gets a hand-off id the feed lists until the batch settles, and a record
 * (src/sync/fromZendesk/handoff.ts) when the run's window proves something for its tickets.
 * Records are stored before their events are pushed, and count for the feed's settlement only
 * once the push succeeded.
 */
export async function handOffTickets(
  ctx: SyncContext,
  tickets: readonly ZendeskTicket[],
  delayInSeconds = 0,
): Promise<number> {
  const feed = commentFeedOf(ctx);
  const safeRun = ctx.runId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  // A delayed hand-off (a rate limit) marks when the wait began, as pushTicketBatches does.
  const waiting = delayInSeconds > 0 ? { waitFrom: Date.now() } : {};
  const bodies: BatchBody[] = [];
  const tracked: { id: string; ticketIds: string[]; stored: boolean }[] = [];
  const untracked: string[] = [];
  for (const part of slices([...new Map(tickets.map((t) => [t.id, t])).values()], TICKETS_PER_EVENT)) {
    const ticketIds = part.map((t) => String(t.id));
    if (!feed?.canTrack()) {
      bodies.push({ ticketIds, runId: ctx.runId, ...waiting });
      untracked.push(...ticketIds);
      continue;
    }
    // Every batch the feed can list gets an id; a record only when the window proves something.
    const id = `${safeRun}-h${(handoffSeq.get(ctx) ?? 0) + 1}`;
    handoffSeq.set(ctx, (handoffSeq.get(ctx) ?? 0) + 1);
    const record = buildHandoff(ctx, feed, part);
    if (record !== null) await storeHandoff(id, record);
    tracked.push({ id, ticketIds, stored: record !== null });
    bodies.push({ ticketIds, runId: ctx.runId, ...waiting, handoff: id });
  }
  try {
    await pushBodies(bodies, delayInSeconds);
  } catch (error) {
    // Not queued: the records would never be used (the page is read again next run).
    for (const t of tracked) if (t.stored) await deleteHandoff(t.id).catch(() => undefined);
    throw error;
  }
  for (const { id, ticketIds } of tracked) feed?.noteHandedOff(id, ticketIds);
  feed?.noteQueuedUntracked(untracked);
  return bodies.length;
}

const handoffSeq = new WeakMap<SyncContext, number>();

export interface BatchOutcome {
  status: 'done' | 'requeued' | 'busy' | 'not-connected' | 'suspended' | 'license-inactive' | 'bad-event';
  processed: number;
  requeued: number;
}

/** Seconds to wait before a batch reads its tickets again; null when waiting cannot help. */
function waitBeforeReading(error: unknown): number | null {
  if (error instanceof ZendeskRateLimitedError) return error.retryAfterSeconds;
  // No answer or a server error, after the client's own retries: Zendesk is having trouble.
  if (error instanceof ZendeskApiError && (error.status === 0 || error.status >= 500))
    return OUTAGE_WAIT_SECONDS;
  return null;
}

/** Waits for a lease holder: a scheduled run ends soon after handing off; another batch may take longer. */
function busyDelaySeconds(holder: { kind: string; expiresAt: number } | null): number {
  if (!holder) return 30;
  const left = Math.ceil((holder.expiresAt - Date.now()) / 1000);
  return Math.max(5, Math.min(left, holder.kind === 'scheduled' ? 30 : 60));
}

/**
 * A batch that cannot run (no connection, inactive license) waits in storage: the export
 * cursor has passed its tickets, so dropping it would lose their changes. The scheduled run
 * hands waiting batches back to the queue once it can run itself (requeueWaitingBatches).
 */
async function waitForRun(
  body: BatchBody,
  reason: 'not-connected' | 'suspended' | 'license-inactive',
): Promise<BatchOutcome> {
  const id = `${body.runId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${body.ticketIds[0] ?? '0'}-${body.ticketIds.length}`;
  await storeWaitingBatch(id, {
    ticketIds: body.ticketIds,
    since: new Date().toISOString(),
    reason,
    ...(body.handoff ? { handoff: body.handoff } : {}),
  });
  return { status: reason, processed: 0, requeued: 0 };
}

/** Waiting batches back to the queue (the scheduled run, holding the run lease). */
export async function requeueWaitingBatches(runId: string): Promise<number> {
  let moved = 0;
  for (const { key, value } of await listWaitingBatches()) {
    // Pushed before deleted: a crash in between pushes it twice, which is idempotent.
    await pushTicketBatches(value.ticketIds, runId, 0, null, value.handoff);
    await deleteWaitingBatch(key);
    moved += value.ticketIds.length;
  }
  return moved;
}

/**
 * A batch's end: its settlement of the comment feed is stored before its hand-off record is
 * deleted (a record is never gone while its id is still listed), and a failure of either makes
 * Forge redeliver the batch, which converges (its copies are claimed by comment id).
 */
async function finishHandoff(book: RunBookkeeping, handoff: Handoff, finished: boolean): Promise<void> {
  settleHandoff(book, handoff, finished);
  if (book.cursorDirty) {
    book.cursor.updatedAt = new Date().toISOString();
    await writeCursor(book.cursor);
    book.cursorDirty = false;
  }
  if (finished && handoff.id !== null && handoff.stored) await deleteHandoff(handoff.id);
}

/**
 * The queue consumer. A batch that cannot run now (lease held) or cannot finish (budget, rate
 * limit) is pushed again as a new event, so nothing is dropped and no retry count is spent;
 * an unexpected failure asks Forge to redeliver the whole batch (it is idempotent).
 */
export async function runSyncBatch(
  event: AsyncEvent | unknown,
  context: unknown,
): Promise<BatchOutcome | InvocationError> {
  const body = batchBodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!body.success) return { status: 'bad-event', processed: 0, requeued: 0 };
  if (licenseInactive(context)) return waitForRun(body.data, 'license-inactive');
  const begun = await beginRun('queue', undefined, body.data.waitFrom);
  if (begun.status !== 'ok') return waitForRun(body.data, begun.status);
  const { ctx } = begun;
  const lease = await acquireLease(ctx.runId, 'queue', ctx.budget.remainingMs());
  if (!lease.ok) {
    try {
      // Waiting for the lease is not a wait on Zendesk: an earlier wait's mark is kept as is.
      await pushTicketBatches(
        body.data.ticketIds,
        body.data.runId,
        busyDelaySeconds(lease.holder),
        body.data.waitFrom ?? null,
        body.data.handoff,
      );
      return { status: 'busy', processed: 0, requeued: body.data.ticketIds.length };
    } catch (error) {
      return new InvocationError({
        retryAfter: 60,
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
        retryData: describeError(error),
      });
    }
  }
  let book: RunBookkeeping | null = null;
  let processed = 0;
  const leftover: string[] = [];
  let delay = 0;
  try {
    if (begun.cursor === 'invalid') throw new Error('The stored export cursor (sync:cursor) is unreadable');
    book = {
      cursor:
        begun.cursor ?? newCursorRecord(ctx.connection.connectedAt, Date.now(), ctx.connection.subdomain),
      cursorDirty: false,
      logHead: begun.logHead,
      runLease: lease.lease,
    };
    const handoff = await openHandoff(ctx, body.data.handoff, begun.cursor);
    const observedAtMs = Date.now();
    let tickets;
    try {
      tickets = await ctx.zendesk.getTickets(body.data.ticketIds);
    } catch (error) {
      const wait = waitBeforeReading(error);
      if (wait === null) throw error;
      // Zendesk cannot be read right now (rate limit, outage): the batch waits, as a new event.
      // Failing instead would spend Forge's retries and, once a storm or outage outlasts them,
      // drop tickets the export cursor has already moved past.
      await pushTicketBatches(body.data.ticketIds, body.data.runId, wait, undefined, body.data.handoff);
      return { status: 'requeued', processed: 0, requeued: body.data.ticketIds.length };
    }
    const byId = new Map(tickets.map((t) => [String(t.id), t]));
    const order = body.data.ticketIds.filter((id) => byId.has(id));
    ctx.summary.add('skipped', body.data.ticketIds.length - order.length);
    const reads = new ChunkReads(
      ctx,
      book,
      order.map((id) => byId.get(id) as ZendeskTicket),
    );
    for (let i = 0; i < order.length; i++) {
      const id = order[i] as string;
      if (!ctx.budget.canProcess()) {
        leftover.push(...order.slice(i));
        break;
      }
      try {
        const ticket = byId.get(id);
        if (!ticket) continue;
        const outcome = await processTicket(ticket, ctx, book, observedAtMs, await reads.at(i));
        processed += 1;
        if (outcome === 'deferred') leftover.push(id);
      } catch (error) {
        if (!(error instanceof RunStop)) throw error;
        delay = error.retryAfterSeconds;
        leftover.push(...order.slice(i));
        break;
      }
    }
    if (leftover.length > 0)
      await pushTicketBatches(leftover, body.data.runId, delay, undefined, body.data.handoff);
    await finishHandoff(book, handoff, leftover.length === 0);
    return { status: leftover.length > 0 ? 'requeued' : 'done', processed, requeued: leftover.length };
  } catch (error) {
    ctx.summary.error(`Batch failed and will be redelivered: ${describeError(error)}`);
    return new InvocationError({
      retryAfter: 60,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      retryData: describeError(error),
    });
  } finally {
    await endRun(ctx, book, { holdsLease: true });
  }
}
