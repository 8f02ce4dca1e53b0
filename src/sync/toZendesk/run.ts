/**
 * What every Jira event handler does around its per-link work (docs/sync-model.md
 * § Jira → Zendesk, § Durable work):
 *
 *   license gate → two-way ticket items → the issue's links (one batch read) → a durable work
 *   mark per link (before anything can fail upstream) → connection → per link, holding the
 *   link's lease: the work, its problems written to the link, the mark deleted when delivered
 *   or backed off when not → sync log.
 *
 * A change is never given up: when Zendesk stays down longer than Forge redelivers the event,
 * or the link is busy with another writer, the mark stays and the scheduled run's drain
 * (drain.ts) delivers it later through the same code. Nothing is read from Zendesk, and no
 * connection secret is read, unless the issue has a link for a two-way ticket item; an event
 * for an unlinked issue costs two storage reads.
 */
import { InvocationErrorCode, type InvocationError } from '@forge/events';
import type { LinkRecord, SmartItem, SyncProblem } from '../../domain/types';
import type { JiraIssue } from '../../jira/schemas';
import { listItems } from '../../storage/items';
import { getLinksForIssue } from '../../storage/links';
import { appendRun } from '../../storage/syncLog';
import { describeError } from '../../util/errors';
import { openSyncContext, type SyncContext } from '../core/context';
import { errorText } from '../core/problems';
import { licenseInactive } from '../core/license';
import { loadLinkState, type LinkState } from '../core/state';
import { workKey } from '../../storage/keys';
import {
  completeWork,
  deferWork,
  getWork,
  newWorkMark,
  recordWork,
  type WorkEntry,
} from '../../storage/work';
import { withLinkLease } from '../core/linkLease';
import { isPaused } from '../core/pause';
import {
  backoffSeconds,
  isRefusal,
  MAX_EVENT_RETRIES,
  retryAdvice,
  retryLater,
  type RetryAdvice,
} from './failures';
import { JiraEventReads } from './jiraReads';
import { issueIdOf, retryCountOf, type JiraEvent } from './payloads';
import { LinkProblems, toZendeskProblem, type ToZendeskCode } from './problems';
import { parseStoredEvent, specOf, storableEvent, type EventSpec } from './specs';

export interface EventEnv {
  readonly ctx: SyncContext;
  readonly reads: JiraEventReads;
  /** How often Forge already delivered this event (0 on the first delivery). */
  readonly retryCount: number;
  /** The issue with these fields, read once per invocation for each field set. */
  issue(issueId: string, fields: readonly string[]): Promise<JiraIssue>;
  /** The app's own Jira account (writes it made are the connector's, not a user's). */
  appAccountId(): Promise<string>;
}

export interface LinkTarget {
  item: SmartItem;
  link: LinkRecord;
  problems: LinkProblems;
  /** The link's sync state, loaded once per invocation and shared by every step. */
  state(): Promise<LinkState>;
}

function linkTarget(item: SmartItem, link: LinkRecord): LinkTarget & { loaded(): LinkState | null } {
  let loading: Promise<LinkState> | null = null;
  let loaded: LinkState | null = null;
  return {
    item,
    link,
    problems: new LinkProblems(),
    state() {
      loading ??= loadLinkState(item.id, link.issueId).then((s) => (loaded = s));
      return loading;
    },
    loaded: () => loaded,
  };
}

export type LinkWork = (target: LinkTarget, env: EventEnv) => Promise<void>;

/**
 * Only two-way ticket items react to Jira events (docs/contracts/connector-rules.md § Sync options matrix).
 */
export function isTwoWayTicketItem(item: SmartItem): boolean {
  return item.zendeskObject === 'ticket' && item.syncMode === 'twoWay';
}

export function createEnv(ctx: SyncContext, retryCount: number): EventEnv {
  const issues = new Map<string, Promise<JiraIssue>>();
  let appAccount: Promise<string> | null = null;
  return {
    ctx,
    reads: new JiraEventReads(),
    retryCount,
    issue(issueId, fields) {
      const key = `${issueId}:${[...new Set(fields)].sort().join(',')}`;
      let found = issues.get(key);
      if (!found) {
        found = ctx.jira.getIssue(issueId, [...new Set(fields)]);
        found.catch(() => issues.delete(key));
        issues.set(key, found);
      }
      return found;
    },
    appAccountId() {
      appAccount ??= ctx.jira.myself().then((me) => me.accountId);
      return appAccount;
    },
  };
}

export interface RunEventOptions<E extends JiraEvent> {
  event: E;
  context: unknown;
  spec: EventSpec<E>;
}

/** How long a delivery that met a busy link waits before Forge delivers it again. */
const BUSY_RETRY_SECONDS = 30;

/**
 * Records the event as work for every link of its issue to a two-way ticket item that wants
 * it, then delivers it to each link whose lease is free. Returns an InvocationError when a
 * redelivery soon may finish what is still pending (a transient failure, a busy link);
 * otherwise undefined. Whatever is not delivered stays recorded for the scheduled run.
 */
export async function runEvent<E extends JiraEvent>(
  options: RunEventOptions<E>,
): Promise<InvocationError | undefined> {
  const { event, context, spec } = options;
  // An inactive Marketplace license in production stops the sync; development installs carry none.
  if (licenseInactive(context)) return undefined;
  const retryCount = retryCountOf(event);
  const source = spec.source(event, event.retryContext?.retryData);
  let targets: { link: LinkRecord; item: SmartItem }[];
  let ctx: SyncContext | null;
  let stored: Map<string, WorkEntry> | null = null;
  const mark = newWorkMark({ event: storableEvent(event) });
  try {
    targets = await eventTargets(event, (item) => spec.wants(item, event));
    if (targets.length === 0) return undefined;
    const keys = targets.map((t) => workKey(t.item.id, t.link.issueId, 'toZendesk', source));
    if (wasRecorded(event)) {
      // A redelivery: the first delivery stored the work; continue from what is stored now
      // (attempts so far; a mark already delivered by the drain is gone).
      stored = new Map((await getWork(keys)).map((e) => [e.key, e]));
    } else {
      // Durable before acknowledged: from here on the change survives any failure below.
      await recordWork(
        targets.map((t) => ({
          itemId: t.item.id,
          issueId: t.link.issueId,
          direction: 'toZendesk' as const,
          source,
          mark,
        })),
      );
    }
    ctx = await openSyncContext({ trigger: 'event' });
  } catch (error) {
    // Storage or the secret store failed: Forge's redelivery is all there is yet.
    console.warn(
      `Zendesk Connector: a Jira event could not be prepared (attempt ${retryCount + 1}): ${describeError(error)}`,
    );
    if (retryCount < MAX_EVENT_RETRIES)
      return retryLater(
        { retryAfterSeconds: backoffSeconds(retryCount), reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST },
        { workSource: source },
      );
    throw error;
  }
  // Not connected: the marks wait for a connection (the drain delivers them then).
  if (!ctx) return undefined;
  const env = createEnv(ctx, retryCount);
  let soonest: RetryAdvice | null = null;
  for (const { link, item } of targets) {
    const key = workKey(item.id, link.issueId, 'toZendesk', source);
    const entry: WorkEntry | undefined = stored
      ? stored.get(key)
      : { key, itemId: item.id, issueId: link.issueId, direction: 'toZendesk', source, mark };
    // Paused by the admin: the recorded mark waits; the drain delivers it after Resume.
    if (!entry || isPaused(item)) continue;
    const result = await deliverLinkWork(item, link, [entry], env);
    const advice =
      result.status === 'busy'
        ? { retryAfterSeconds: BUSY_RETRY_SECONDS, reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST }
        : result.advice;
    if (advice && (soonest === null || advice.retryAfterSeconds > soonest.retryAfterSeconds))
      soonest = advice;
  }
  if (soonest && retryCount < MAX_EVENT_RETRIES)
    return retryLater(soonest, { issueId: issueIdOf(event), workSource: source, recorded: true });
  await finishSummary(ctx);
  return undefined;
}

/** True for a redelivery asked for after the work was stored (retryData of runEvent). */
function wasRecorded(event: JiraEvent): boolean {
  const data = event.retryContext?.retryData;
  return typeof data === 'object' && data !== null && (data as { recorded?: unknown }).recorded === true;
}

/** The event's links to two-way ticket items that want it (two storage reads). */
async function eventTargets(
  event: JiraEvent,
  wants: (item: SmartItem) => boolean,
): Promise<{ link: LinkRecord; item: SmartItem }[]> {
  const items = (await listItems()).items.filter((i) => isTwoWayTicketItem(i) && wants(i));
  if (items.length === 0) return [];
  const { links } = await getLinksForIssue(
    issueIdOf(event),
    items.map((i) => i.id),
  );
  return links
    .filter((l) => l.zendeskObject === 'ticket')
    .map((link) => ({ link, item: items.find((i) => i.id === link.itemId) }))
    .filter((t): t is { link: LinkRecord; item: SmartItem } => t.item !== undefined);
}

async function finishSummary(ctx: SyncContext): Promise<void> {
  const run = ctx.summary.data;
  if (run.errors.length > 0 || run.limitations > 0) {
    await appendRun(ctx.summary.finish()).catch((error: unknown) => {
      console.warn(`Zendesk Connector: the event run summary was not stored: ${describeError(error)}`);
    });
  }
}

export interface DeliveryResult {
  status: 'done' | 'deferred' | 'busy';
  /** For the trigger: when a Forge redelivery may help (upstream trouble). */
  advice?: RetryAdvice;
}

/**
 * Delivers a link's pending Jira → Zendesk work, in the order it was recorded, holding the
 * link's lease. Delivered (or refused for good, with a problem on the link) → the mark is
 * deleted; a failure that may pass → the mark and every later one back off, and the link
 * shows what waits and why until exactly that change is delivered.
 */
export async function deliverLinkWork(
  item: SmartItem,
  link: LinkRecord,
  entries: readonly WorkEntry[],
  env: EventEnv,
): Promise<DeliveryResult> {
  const leased = await withLinkLease(link, env.ctx, () => deliverEntries(item, link, entries, env));
  return leased.ok ? leased.value : { status: 'busy' };
}

function subjectProblem(code: ToZendeskCode, message: string, subject: string, error?: unknown): SyncProblem {
  return { ...toZendeskProblem('error', code, message, error), subject };
}

async function deliverEntries(
  item: SmartItem,
  link: LinkRecord,
  entries: readonly WorkEntry[],
  env: EventEnv,
): Promise<DeliveryResult> {
  const target = linkTarget(item, link);
  const ordered = [...entries].sort((a, b) => (a.mark.at < b.mark.at ? -1 : a.mark.at > b.mark.at ? 1 : 0));
  const done: string[] = [];
  let waiting: { from: number; error: unknown; advice: RetryAdvice | null } | null = null;
  for (let i = 0; i < ordered.length; i++) {
    const entry = ordered[i] as WorkEntry;
    const event = parseStoredEvent(entry.mark.event);
    target.problems.clear((p) => p.subject === entry.source);
    if (!event) {
      target.problems.add(
        subjectProblem(
          'TO_ZENDESK_FAILED',
          `A recorded Jira change (${entry.source}) could not be read back; it was not carried over`,
          entry.source,
        ),
      );
      done.push(entry.key);
      continue;
    }
    const spec = specOf(event);
    if (!spec.wants(item, event)) {
      // The item changed since (feature turned off): nothing to deliver any more.
      done.push(entry.key);
      continue;
    }
    env.ctx.summary.add('ticketsSeen');
    try {
      await spec.work(target, event, env);
      done.push(entry.key);
    } catch (error) {
      if (isRefusal(error)) {
        target.problems.add(
          subjectProblem(
            'TO_ZENDESK_FAILED',
            `${describeEvent(event)} did not reach Zendesk ticket ${link.recordId}: ${errorText(error)}`,
            entry.source,
            error,
          ),
        );
        done.push(entry.key);
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
