/**
 * The per-link delivery of recorded Jira → Zendesk work (docs/sync-model.md § Durable work):
 * the marks of one link in their order, coalesced, each through its event spec, holding the
 * link's lease; delivered or refused for good → deleted, a failure that may pass → backed off
 * and shown on the link. The trigger handlers (run.ts) and the drain use it alike.
 */
import type { LinkRecord, SmartItem, SyncProblem } from '../../domain/types';
import { describeError } from '../../util/errors';
import { appendRun } from '../../storage/syncLog';
import { completeWork, deferWork, type WorkEntry } from '../../storage/work';
import { ZendeskPacedError } from '../../zendesk/pacing';
import type { SyncContext } from '../core/context';
import type { Lease } from '../../storage/lease';
import { withLinkLease } from '../core/linkLease';
import { errorText } from '../core/problems';
import type { LinkState } from '../core/state';
import { coalesce } from './coalesce';
import { linkTarget, type EventEnv, type LinkTarget } from './env';
import { isRefusal, retryAdvice, type RetryAdvice } from './failures';
import type { JiraEvent } from './payloads';
import { toZendeskProblem, type ToZendeskCode } from './problems';
import { specOf } from './specs';

/**
 * - done: every mark delivered (or refused for good);
 * - paced: held back by the app's share of the Zendesk budget (pacing.ts), nothing failed: the
 *   marks wait as they are for `waitSeconds`, when the window ends;
 * - busy: another writer holds the link; the marks wait for it (`waitSeconds` before a look
 *   again);
 * - deferred: a failure; the marks back off, and `advice` says when a redelivery may help.
 */
export type DeliveryResult =
  | { status: 'done' }
  | { status: 'paced'; waitSeconds: number }
  | { status: 'busy'; waitSeconds: number }
  | { status: 'deferred'; advice?: RetryAdvice };

/**
 * How long a busy link is left to its holder before the follow-up looks again: most writers
 * finish within seconds, a crashed one's lease ends with its invocation's time limit. Never
 * longer than the holder's lease, which cannot outlive the holder (core/linkLease.ts).
 */
const BUSY_WAIT_SECONDS = 30;

function busyWait(holder: Lease | null, now: number = Date.now()): number {
  const left = holder ? Math.ceil((holder.expiresAt - now) / 1000) + 1 : BUSY_WAIT_SECONDS;
  return Math.max(1, Math.min(BUSY_WAIT_SECONDS, left));
}

/**
 * Delivers a link's pending Jira → Zendesk work, in the order it was recorded, holding the
 * link's lease. Delivered (or refused for good, with a problem on the link) → the mark is
 * deleted; a failure that may pass → the mark and every later one back off, and the link
 * shows what waits and why until exactly that change is delivered.
 */
export async function deliverLinkWork(
  { item, link }: { item: SmartItem; link: LinkRecord },
  entries: readonly WorkEntry[],
  env: EventEnv,
): Promise<DeliveryResult> {
  // Over the app's share of the Zendesk budget: nothing is started (no lease, no intent).
  const hold = env.ctx.zendesk.updateHold();
  if (hold !== null) return { status: 'paced', waitSeconds: hold };
  const leased = await withLinkLease(link, env.ctx, (read) =>
    deliverEntries({ item, link, preloaded: read.state }, entries, env),
  );
  return leased.ok ? leased.value : { status: 'busy', waitSeconds: busyWait(leased.holder) };
}

function subjectProblem(code: ToZendeskCode, message: string, subject: string, error?: unknown): SyncProblem {
  return { ...toZendeskProblem('error', code, message, error), subject };
}

async function deliverEntries(
  { item, link, preloaded }: { item: SmartItem; link: LinkRecord; preloaded?: LinkState | undefined },
  entries: readonly WorkEntry[],
  env: EventEnv,
): Promise<DeliveryResult> {
  const target = linkTarget(item, link, preloaded);
  const ordered = [...entries].sort((a, b) => (a.mark.at < b.mark.at ? -1 : a.mark.at > b.mark.at ? 1 : 0));
  const done: string[] = [];
  let waiting: { from: number; error: unknown; advice: RetryAdvice | null } | null = null;
  let paced: number | null = null;
  for (const unit of coalesce(ordered)) {
    const { event, first: i } = unit;
    const entry = unit.entries[0] as WorkEntry;
    const keys = unit.entries.map((e) => e.key);
    for (const e of unit.entries) target.problems.clear((p) => p.subject === e.source);
    if (!event) {
      target.problems.add(
        subjectProblem(
          'TO_ZENDESK_FAILED',
          `A recorded Jira change (${entry.source}) could not be read back; it was not carried over`,
          entry.source,
        ),
      );
      done.push(...keys);
      continue;
    }
    const spec = specOf(event);
    if (!spec.wants(item, event)) {
      // The item changed since (feature turned off): nothing to deliver any more.
      done.push(...keys);
      continue;
    }
    env.ctx.summary.add('ticketsSeen');
    try {
      await spec.work(target, event, env);
      done.push(...keys);
    } catch (error) {
      if (error instanceof ZendeskPacedError) {
        // Not a failure: the app keeps to its share of the Zendesk budget. The marks stay due
        // as they are; the follow-up (followUp.ts) delivers them when the window ends.
        paced = error.retryAfterSeconds;
        break;
      }
      if (isRefusal(error)) {
        target.problems.add(
          subjectProblem(
            'TO_ZENDESK_FAILED',
            `${describeEvent(event)} did not reach Zendesk ticket ${link.recordId}: ${errorText(error)}`,
            entry.source,
            error,
          ),
        );
        done.push(...keys);
        continue;
      }
      // Anything else may pass (outage, rate limit, storage trouble): keep it and what follows
      // it, so comments still reach the ticket in their order.
      target.problems.add(
        subjectProblem(
          'TO_ZENDESK_PENDING',
          `${describeEvent(event)} has not reached Zendesk ticket ${link.recordId} yet: ${errorText(error)}. It is retried automatically.`,
          entry.source,
          error,
        ),
      );
      waiting = { from: i, error, advice: retryAdvice(error, env.retryCount) };
      break;
    }
  }
  // Problems before the marks: a crash in between repeats delivered work (idempotent) rather
  // than losing a refusal's problem.
  await recordProblems(target, env.ctx);
  await completeWork(done);
  if (paced !== null) return { status: 'paced', waitSeconds: paced };
  if (waiting) {
    await deferWork(ordered.slice(waiting.from), errorText(waiting.error));
    await countFailure(target.loaded(), errorText(waiting.error)).catch(() => undefined);
    return waiting.advice ? { status: 'deferred', advice: waiting.advice } : { status: 'deferred' };
  }
  await countFailure(target.loaded(), null);
  return { status: 'done' };
}

/**
 * `failures.toZendesk` in the link state: consecutive failed deliveries of the link, reset by
 * the next complete delivery (only when that delivery loaded the state anyway).
 */
async function countFailure(state: LinkState | null, failure: string | null): Promise<void> {
  if (!state) return;
  const f = state.record.failures;
  if (failure === null) {
    if (f.toZendesk === 0) return;
    f.toZendesk = 0;
  } else {
    f.toZendesk += 1;
    f.lastError = failure.slice(0, 300);
    f.lastAt = new Date().toISOString();
  }
  if (!state.existed) state.markDirty();
  await state.save();
}

/** Writes the link's problem changes; new ones also go to the run summary (the sync log). */
async function recordProblems(target: LinkTarget, ctx: SyncContext): Promise<void> {
  let added;
  try {
    added = await target.problems.apply(target.link);
  } catch (error) {
    ctx.summary.error(`Could not record problems on the link: ${describeError(error)}`, {
      ticketId: target.link.recordId,
      issueKey: target.link.issueKey,
    });
    return;
  }
  for (const p of added) {
    if (p.kind === 'limitation') ctx.summary.add('limitations');
    else
      ctx.summary.error(p.message, {
        ticketId: target.link.recordId,
        issueKey: target.link.issueKey,
        itemId: target.link.itemId,
      });
  }
}

function describeEvent(event: JiraEvent): string {
  switch (event.eventType) {
    case 'avi:jira:updated:issue':
      return 'The issue update';
    case 'avi:jira:commented:issue':
      return `Jira comment ${event.comment.id}`;
    case 'avi:jira:created:attachment':
      return `Jira attachment ${event.attachment.id}`;
  }
}

/** An event invocation's summary goes to the sync log only when it has something to say. */
export async function finishSummary(ctx: SyncContext): Promise<void> {
  const run = ctx.summary.data;
  if (run.errors.length > 0 || run.limitations > 0) {
    await appendRun(ctx.summary.finish()).catch((error: unknown) => {
      console.warn(`Zendesk Connector: the event run summary was not stored: ${describeError(error)}`);
    });
  }
}
