/**
 * The link's pass by its one writer (docs/sync-model.md § One writer per link): holding the
 * link's lease, or recorded as the link's durable work when another writer holds it, the item is
 * paused or the pass failed. A failure is recorded on the link while still its only writer,
 * except run-wide stops (rate limit, lost connection), which are the run's to report.
 */
import type { LinkRecord } from '../../domain/types';
import { updateLink } from '../../storage/links';
import { newWorkMark, nextAttemptAt, recordWork } from '../../storage/work';
import { newId } from '../../util/ids';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { withLinkLease, type LinkLeaseResult } from '../core/linkLease';
import { isRateLimit, RunStop } from '../core/passErrors';
import { isPaused } from '../core/pause';
import { errorText, problem, withProblem } from '../core/problems';
import { loadLinkState } from '../core/state';
import { isConnectionLost } from '../lifecycle/connectionLost';
import { syncLinkFromZendesk, type LinkPassOptions, type LinkPassResult, type LinkSubject } from './linkPass';

/** Records a failed pass on the link (problem with the upstream's words) and its state counter. */
export async function recordLinkFailure(link: LinkRecord, error: unknown): Promise<void> {
  const p = problem('error', 'SYNC_FAILED', `Synchronizing from Zendesk failed: ${errorText(error)}`, error);
  try {
    await updateLink(link.itemId, link.issueId, (l) => ({
      ...l,
      problems: withProblem(l.problems, p),
      updatedAt: new Date().toISOString(),
    }));
    const state = await loadLinkState(link.itemId, link.issueId);
    state.record.failures.toJira += 1;
    state.record.failures.lastError = p.message;
    state.record.failures.lastAt = p.at;
    state.markDirty();
    await state.save();
  } catch {
    // Best effort: the work mark and the run summary still carry the error.
  }
}

/** The source id of a Zendesk → Jira need: one per version of the ticket. */
export function ticketWorkSource(ticket: Pick<ZendeskTicket, 'updated_at'>): string {
  const ms = Date.parse(ticket.updated_at);
  return Number.isFinite(ms) ? `ticket-${ms}` : `ticket-${newId()}`;
}

/**
 * Leaves the link's pass for later, durably: another writer holds the link, or the pass
 * failed (then with the error and a back-off). The drain of the next scheduled run delivers it.
 */
export async function deferLinkPass(link: LinkRecord, ticket: ZendeskTicket, error?: unknown): Promise<void> {
  const mark = newWorkMark({ ticketId: String(ticket.id) });
  if (error !== undefined) {
    mark.attempts = 1;
    mark.nextAt = nextAttemptAt(1, Date.now());
    mark.lastError = errorText(error).slice(0, 1000);
  }
  await recordWork([
    {
      itemId: link.itemId,
      issueId: link.issueId,
      direction: 'toJira',
      source: ticketWorkSource(ticket),
      mark,
    },
  ]);
}

/** A pass left as the link's work: nothing was synchronized now. */
export async function deferred(
  link: LinkRecord,
  ticket: ZendeskTicket,
  ctx: SyncContext,
): Promise<LinkPassResult> {
  await deferLinkPass(link, ticket);
  ctx.summary.add('skipped');
  return { link, complete: true, feed: 'none' };
}

/** The pass as the link's one writer; a failure is recorded on the link before it is rethrown. */
export async function passAsWriter(
  subject: LinkSubject,
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<LinkPassResult> {
  try {
    return await syncLinkFromZendesk(subject, ctx, options);
  } catch (error) {
    if (!(error instanceof RunStop) && !isRateLimit(error) && !isConnectionLost(error))
      await recordLinkFailure(subject.link, error);
    throw error;
  }
}

/**
 * The link's pass holding the link's lease; `{ok:false}` when another writer holds it. The
 * state read right after taking the lease replaces any read before it (a writer that held the
 * link meanwhile may have saved a newer one).
 */
export function leasedLinkPass(
  subject: LinkSubject,
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<LinkLeaseResult<LinkPassResult>> {
  return withLinkLease(subject.link, ctx, (read) => {
    // Auto-create hands over a state not stored yet (with its initial-status hold).
    const fresh = options.justCreated === true && read.state?.existed !== true ? undefined : read.state;
    const state = fresh ?? options.state;
    return passAsWriter(subject, ctx, { ...options, ...(state ? { state } : {}) });
  });
}

/** The pass for one link, holding the link's lease; recorded for later when the link is busy. */
export async function passUnderLease(
  subject: LinkSubject,
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<LinkPassResult> {
  const { link, ticket } = subject;
  // Paused by the admin: no write; the change waits as the link's work until Resume.
  if (isPaused(subject.item)) return deferred(link, ticket, ctx);
  const leased = await leasedLinkPass(subject, ctx, options);
  if (leased.ok) return leased.value;
  return deferred(link, ticket, ctx);
}
