/**
 * What every Jira event handler does around its per-link work (docs/sync-model.md
 * § Jira → Zendesk):
 *
 *   license gate → two-way ticket items → the issue's links (one batch read) → connection →
 *   per link: the work, its problems written to the link → retry or record → sync log.
 *
 * Nothing is read from Zendesk, and no connection secret is read, unless the issue has a link
 * for a two-way ticket item; an event for an unlinked issue costs two storage reads.
 */
import { InvocationErrorCode, type InvocationError } from '@forge/events';
import type { LinkRecord, SmartItem, SyncProblem } from '../../domain/types';
import type { JiraIssue } from '../../jira/schemas';
import { listItems } from '../../storage/items';
import { getLinksForIssue } from '../../storage/links';
import { appendRun } from '../../storage/syncLog';
import { describeError } from '../../util/errors';
import { openSyncContext, type SyncContext } from '../context';
import { errorText } from '../problems';
import { licenseInactive } from '../runner';
import { loadLinkState, type LinkState } from '../state';
import { backoffSeconds, MAX_EVENT_RETRIES, retryAdvice, retryLater, type RetryAdvice } from './failures';
import { JiraEventReads } from './jiraReads';
import { issueIdOf, retryCountOf, type JiraEvent } from './payloads';
import { LinkProblems, toZendeskProblem } from './problems';

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

/** Only two-way ticket items react to Jira events (seed 001 sync options matrix). */
export function isTwoWayTicketItem(item: SmartItem): boolean {
  return item.zendeskObject === 'ticket' && item.syncMode === 'twoWay';
}

function createEnv(ctx: SyncContext, retryCount: number): EventEnv {
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

export interface RunEventOptions {
  event: JiraEvent;
  context: unknown;
  /** Which two-way items this event concerns (e.g. those with comment sync for a comment). */
  wants: (item: SmartItem) => boolean;
  work: LinkWork;
}

/**
 * Runs `work` for every link of the event's issue to a two-way ticket item. Returns an
 * InvocationError when a transient failure should make Forge deliver the event again;
 * otherwise undefined, with every failure recorded on its link and in the sync log.
 */
export async function runEvent(options: RunEventOptions): Promise<InvocationError | undefined> {
  const { event, context, wants } = options;
  // An inactive Marketplace license in production stops the sync; development installs carry none.
  if (licenseInactive(context)) return undefined;
  const retryCount = retryCountOf(event);
  let scope: { targets: { link: LinkRecord; item: SmartItem }[]; ctx: SyncContext } | null;
  try {
    scope = await openScope(event, wants);
  } catch (error) {
    // Storage or the secret store failed before any link was known: nothing to record it on.
    console.warn(
      `Zendesk Connector: a Jira event could not be prepared (attempt ${retryCount + 1}): ${describeError(error)}`,
    );
    if (retryCount < MAX_EVENT_RETRIES)
      return retryLater(
        { retryAfterSeconds: backoffSeconds(retryCount), reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST },
        null,
      );
    throw error;
  }
  return scope ? runForLinks(options, scope.targets, scope.ctx, retryCount) : undefined;
}

/** The event's links to two-way ticket items that want it, and the Zendesk connection; null when there is nothing to do. */
async function openScope(
  event: JiraEvent,
  wants: (item: SmartItem) => boolean,
): Promise<{ targets: { link: LinkRecord; item: SmartItem }[]; ctx: SyncContext } | null> {
  const items = (await listItems()).items.filter((i) => isTwoWayTicketItem(i) && wants(i));
  if (items.length === 0) return null;
  const { links } = await getLinksForIssue(
    issueIdOf(event),
    items.map((i) => i.id),
  );
  const targets = links
    .filter((l) => l.zendeskObject === 'ticket')
    .map((link) => ({ link, item: items.find((i) => i.id === link.itemId) }))
    .filter((t): t is { link: LinkRecord; item: SmartItem } => t.item !== undefined);
  if (targets.length === 0) return null;
  const ctx = await openSyncContext({ trigger: 'event' });
  return ctx ? { targets, ctx } : null;
}

async function runForLinks(
  options: RunEventOptions,
  targets: readonly { link: LinkRecord; item: SmartItem }[],
  ctx: SyncContext,
  retryCount: number,
): Promise<InvocationError | undefined> {
  const { event, work } = options;
  const issueId = issueIdOf(event);
  const env = createEnv(ctx, retryCount);
  const retries: RetryAdvice[] = [];
  for (const { link, item } of targets) {
    const target = linkTarget(item, link);
    ctx.summary.add('ticketsSeen');
    try {
      await work(target, env);
      target.problems.clearCodes('TO_ZENDESK_FAILED');
      await countFailure(target.loaded(), null);
    } catch (error) {
      const advice = retryAdvice(error, retryCount);
      if (advice && retryCount < MAX_EVENT_RETRIES) {
        retries.push(advice);
      } else {
        const attempts = retryCount + 1;
        const prefix = advice ? `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ` : '';
        const p = toZendeskProblem(
          'error',
          'TO_ZENDESK_FAILED',
          `${prefix}${describeEvent(event)} did not reach Zendesk ticket ${link.recordId}: ${errorText(error)}`,
          error,
        );
        target.problems.add(p);
        await countFailure(await target.state().catch(() => null), p).catch((e: unknown) => {
          console.warn(
            `Zendesk Connector: the failure was not counted in the link state: ${describeError(e)}`,
          );
        });
      }
    }
    await recordProblems(target, ctx);
  }

  if (retries.length > 0) {
    const longest = retries.reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
    return retryLater(longest, { issueId });
  }
  const run = ctx.summary.data;
  if (run.errors.length > 0 || run.limitations > 0) {
    await appendRun(ctx.summary.finish()).catch((error: unknown) => {
      console.warn(`Zendesk Connector: the event run summary was not stored: ${describeError(error)}`);
    });
  }
  return undefined;
}

/**
 * `failures.toZendesk` in the link state: consecutive events of the link that failed for good,
 * reset by the next success (only when that success loaded the state anyway).
 */
async function countFailure(state: LinkState | null, failure: SyncProblem | null): Promise<void> {
  if (!state) return;
  const f = state.record.failures;
  if (failure === null) {
    if (f.toZendesk === 0) return;
    f.toZendesk = 0;
  } else {
    f.toZendesk += 1;
    f.lastError = failure.message;
    f.lastAt = failure.at;
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
    else ctx.summary.error(p.message, { ticketId: target.link.recordId, issueKey: target.link.issueKey });
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
