/**
 * The operations console's actions (AdminApi in src/domain/rpc.ts): pause and resume an item,
 * retry or dismiss what is stuck on a link, and "Sync now". The resolver guards each like every
 * admin call (license, Jira admin, strict payload); each checks that what it names exists before
 * it changes anything, and is recorded in the admin log with who did it.
 */
import type { DismissTarget, SyncNowOutcome } from '../domain/rpc';
import type { LinkRecord, SmartItem, SyncProblem } from '../domain/types';
import { getItem, saveItem } from '../storage/items';
import { getLink, updateLink } from '../storage/links';
import {
  completeWork,
  listLinkWork,
  makeWorkDue,
  newWorkMark,
  recordWork,
  type WorkEntry,
} from '../storage/work';
import { createBudget, runtimeRemainingTime } from '../sync/core/budget';
import { withLinkLease } from '../sync/core/linkLease';
import { isPaused } from '../sync/core/pause';
import { releaseHeldWork } from '../sync/run/resume';
import { runScheduledSync } from '../sync/run/scheduler';
import { isFromZendeskCode, type ProblemCode } from '../domain/errors';
import { AppError } from '../util/errors';
import { newId } from '../util/ids';
import { logAction, type AdminCaller, type AdminDeps } from './deps';

/** "Sync now" runs inside a resolver (25 s): the scheduled run's code with at most this much. */
export const SYNC_NOW_BUDGET_MS = 20_000;

/** Problems that describe a failed Zendesk → Jira pass (its work mark carries the change). */
const PASS_FAILED: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['SYNC_FAILED', 'SYNC_GAVE_UP']);

const DIRECTION_WORDS = { toJira: 'Zendesk → Jira', toZendesk: 'Jira → Zendesk' } as const;

function notFound(message: string): AppError {
  return new AppError('NOT_FOUND', message);
}

async function requireLinkOf(
  itemId: string,
  issueId: string,
): Promise<{ item: SmartItem; link: LinkRecord }> {
  const [item, link] = await Promise.all([getItem(itemId), getLink(itemId, issueId)]);
  if (!item) throw notFound('This Smart Connected Item no longer exists. Refresh the console.');
  if (!link)
    throw notFound('This link no longer exists (it was unlinked or its issue deleted). Refresh the console.');
  return { item, link };
}

/** Whether the item synchronizes at all (only those have anything to pause or retry). */
function syncs(item: SmartItem): boolean {
  return item.zendeskObject === 'ticket' && item.syncMode !== 'none';
}

/** Pauses or resumes a synchronizing item; resuming hands what was held to the queue. */
export async function setItemPaused(
  input: { itemId: string; paused: boolean },
  ctx: AdminCaller,
  deps: AdminDeps,
): Promise<SmartItem> {
  const item = await getItem(input.itemId);
  if (!item) throw notFound('This Smart Connected Item no longer exists. Refresh the console.');
  if (!syncs(item))
    throw new AppError(
      'INVALID_ITEM',
      `"${item.name}" is display-only: it never writes to Jira or Zendesk, so there is nothing to pause.`,
    );
  if (input.paused) {
    if (isPaused(item)) return item;
    const who = await logAction(ctx, deps, {
      action: 'pause',
      itemId: item.id,
      detail: `Paused "${item.name}"`,
    });
    return saveItem({ ...item, paused: { at: deps.now().toISOString(), by: who } });
  }
  const resumed: SmartItem = { ...item };
  delete resumed.paused;
  const saved = isPaused(item) ? await saveItem(resumed) : item;
  // Always released, also when already resumed: a Resume whose release failed is repeated.
  const queued = await releaseHeldWork(item.id, `resume-${newId()}`);
  if (isPaused(item))
    await logAction(ctx, deps, {
      action: 'resume',
      itemId: item.id,
      detail: `Resumed "${item.name}": what changed while paused is synchronized by the next run${
        queued > 0 ? ` (${queued} tickets for auto-create handed to the queue)` : ''
      }`,
    });
  return saved;
}

/** Makes a link's waiting work due now (a failed pass without a mark gets one). */
export async function retryLink(
  input: { itemId: string; issueId: string },
  ctx: AdminCaller,
  deps: AdminDeps,
): Promise<{ due: number }> {
  const { item, link } = await requireLinkOf(input.itemId, input.issueId);
  const work = await listLinkWork(item.id, link.issueId);
  const passFailed = link.problems.some((p) => p.kind === 'error' && isFromZendeskCode(p.code));
  const hasToJira = work.some((w) => w.direction === 'toJira');
  if (work.length === 0 && !(passFailed && syncs(item)))
    throw new AppError(
      'NOTHING_TO_RETRY',
      'Nothing on this link waits to be delivered: its problems were refused for good. Fix the cause, or dismiss them.',
    );
  if (work.length > 0) await makeWorkDue(work);
  if (passFailed && !hasToJira && syncs(item)) {
    // The pass over the ticket as it is now (the drain runs it), since no mark carries it.
    await recordWork([
      {
        itemId: item.id,
        issueId: link.issueId,
        direction: 'toJira',
        source: `retry-${deps.now().getTime()}`,
        mark: newWorkMark({ ticketId: link.recordId }),
      },
    ]);
  }
  const due = work.length + (passFailed && !hasToJira && syncs(item) ? 1 : 0);
  await logAction(ctx, deps, {
    action: 'retry',
    itemId: item.id,
    issueKey: link.issueKey,
    detail: `Retry of ${due} change${due === 1 ? '' : 's'} on ${link.issueKey} ↔ Zendesk ticket ${link.recordId}${
      isPaused(item) ? ' (waits until the item is resumed)' : ''
    }`,
  });
  return { due };
}

/** Drops one waiting change or one recorded problem of a link for good, under the link's lease. */
export async function dismissChange(
  input: { itemId: string; issueId: string; target: DismissTarget },
  ctx: AdminCaller,
  deps: AdminDeps,
): Promise<{ removedWork: number; removedProblems: number }> {
  const { item, link } = await requireLinkOf(input.itemId, input.issueId);
  const target = input.target;
  // Held like a writer's: a pass running on this link right now cannot re-add what goes.
  const budget = createBudget(() => 25_000);
  const leased = await withLinkLease(
    link,
    { runId: `dismiss-${newId()}`, trigger: 'manual', budget },
    async () => {
      const work = await listLinkWork(item.id, link.issueId);
      let marks: WorkEntry[];
      let matches: (p: SyncProblem) => boolean;
      if (target.kind === 'pending') {
        marks = work.filter((w) => w.direction === target.direction && w.source === target.source);
        if (marks.length === 0)
          throw notFound('This change is not waiting any more (it may have arrived). Refresh the console.');
        const lastToJira =
          target.direction === 'toJira' && work.filter((w) => w.direction === 'toJira').length === 1;
        matches = (p) => p.subject === target.source || (lastToJira && PASS_FAILED.has(p.code));
      } else {
        matches = (p) => p.code === target.code && p.subject === target.subject;
        if (!link.problems.some(matches))
          throw notFound('This problem is not recorded any more. Refresh the console.');
        marks = target.subject === undefined ? [] : work.filter((w) => w.source === target.subject);
      }
      const removedProblems = link.problems.filter(matches).length;
      if (removedProblems > 0)
        await updateLink(item.id, link.issueId, (l) => ({
          ...l,
          problems: l.problems.filter((p) => !matches(p)),
          updatedAt: deps.now().toISOString(),
        }));
      await completeWork(marks.map((m) => m.key));
      return { removedWork: marks.length, removedProblems };
    },
  );
  if (!leased.ok)
    throw new AppError('LINK_BUSY', 'This link is being synchronized right now. Try again in a few seconds.');
  const what =
    target.kind === 'pending'
      ? `the ${DIRECTION_WORDS[target.direction]} change ${target.source}`
      : `the problem ${target.code}${target.subject ? ` (${target.subject})` : ''}`;
  await logAction(ctx, deps, {
    action: 'dismiss',
    itemId: item.id,
    issueKey: link.issueKey,
    detail: `Dismissed ${what} on ${link.issueKey} ↔ Zendesk ticket ${link.recordId}; it will not be delivered`,
  });
  return leased.value;
}

/** "Sync now": the scheduled run's code inside this resolver call, within SYNC_NOW_BUDGET_MS. */
export async function syncNow(ctx: AdminCaller, deps: AdminDeps): Promise<SyncNowOutcome> {
  const runtime = runtimeRemainingTime();
  const end = Date.now() + SYNC_NOW_BUDGET_MS;
  const remaining = () => Math.min(runtime(), Math.max(0, end - Date.now()));
  const outcome = await runScheduledSync(undefined, ctx.context, { trigger: 'manual', remaining });
  const result = syncNowOutcome(outcome);
  if (result.status !== 'busy')
    await logAction(ctx, deps, { action: 'syncNow', detail: `Sync now: ${result.message}` });
  return result;
}

function syncNowOutcome(outcome: Awaited<ReturnType<typeof runScheduledSync>>): SyncNowOutcome {
  const counts = { processed: outcome.processed, queued: outcome.queued };
  switch (outcome.status) {
    case 'busy':
      return {
        status: 'busy',
        ...counts,
        message: 'A sync run is already working. It continues by itself, so no second run was started.',
      };
    case 'not-connected':
    case 'license-inactive':
      return { status: 'not-connected', ...counts, message: 'Zendesk is not connected, so nothing can run.' };
    case 'suspended':
      return {
        status: 'suspended',
        ...counts,
        message: 'Synchronization waits for your choice about the other Zendesk account (Connection tab).',
      };
    case 'stopped':
      return {
        status: 'stopped',
        ...counts,
        message: `The run stopped early after ${counts.processed} tickets (see Recent sync runs); the next scheduled run continues from where it stopped.`,
      };
    case 'done':
      return {
        status: 'done',
        ...counts,
        message: `The run finished: ${counts.processed} tickets synchronized${
          counts.queued > 0 ? `, ${counts.queued} handed to the queue` : ''
        }.`,
      };
  }
}
