/**
 * The move part of `avi:jira:updated:issue` (issueMoved.ts): every link of the moved issue,
 * for each ticket item whatever its sync mode, takes the new key once its Zendesk link carries
 * it; the link records an ISSUE_MOVED limitation and the sync log a line.
 */
import { InvocationErrorCode, type InvocationError } from '@forge/events';
import type { LinkRecord, ZendeskLinkRegistration } from '../../domain/types';
import { JiraApiError } from '../../jira/errors';
import { listItems } from '../../storage/items';
import { getLinksForIssue } from '../../storage/links';
import { appendRun } from '../../storage/syncLog';
import { describeError } from '../../util/errors';
import { openSyncContext, type SyncContext } from '../core/context';
import { backoffSeconds, MAX_EVENT_RETRIES, retryLater } from '../toZendesk/failures';
import { retryCountOf, type IssueUpdatedEvent } from '../toZendesk/payloads';
import { licenseInactive } from '../core/license';
import { isMove, rekeyLink } from './issueMoved';
import { lifecycleProblem, logLifecycle, putProblem } from './problems';

function movedText(link: LinkRecord, issueKey: string, registration: ZendeskLinkRegistration): string {
  const base = `Jira issue ${link.issueKey} moved to ${issueKey}; the link follows it`;
  if (link.zendeskLink.state !== 'registered' || registration.state !== 'registered') return `${base}.`;
  return `${base}. Zendesk's Jira links cannot be edited, so the Zendesk link of ticket ${link.recordId} was replaced: its id changed from ${link.zendeskLink.linkId} to ${registration.linkId}.`;
}

/** Follows the move on every link of the issue; false when some Zendesk link could not be replaced yet. */
async function followOnLinks(links: readonly LinkRecord[], ctx: SyncContext): Promise<boolean> {
  let issueKey: string;
  try {
    issueKey = (await ctx.jira.getIssue(links[0]?.issueId ?? '', ['project'])).key;
  } catch (error) {
    // Gone or hidden since: the deleted-issue event or the scheduled pass takes it from here.
    if (error instanceof JiraApiError && (error.status === 404 || error.status === 403)) return true;
    throw error;
  }
  let allDone = true;
  for (const link of links) {
    if (link.issueKey === issueKey) continue;
    const rekeyed = await rekeyLink(link, issueKey, ctx);
    if (rekeyed.issueKey !== issueKey) {
      allDone = false;
      ctx.summary.error(
        `Jira issue ${link.issueKey} moved to ${issueKey}, but the Zendesk link of ticket ${link.recordId} could not be replaced yet; it is tried again`,
        { ticketId: link.recordId, issueKey },
      );
      continue;
    }
    const p = lifecycleProblem('limitation', 'ISSUE_MOVED', movedText(link, issueKey, rekeyed.registration));
    const updated = await putProblem(link, p, (l) => ({ ...l, issueKey, zendeskLink: rekeyed.registration }));
    if (updated) logLifecycle(ctx.summary, p, updated);
  }
  return allDone;
}

/**
 * The move part of `avi:jira:updated:issue` (src/sync/toZendesk/triggers.ts calls it before the field
 * and status push). Returns an InvocationError when a Zendesk link could not be replaced yet.
 */
export async function followIssueMove(
  event: IssueUpdatedEvent,
  context: unknown,
): Promise<InvocationError | undefined> {
  if (!isMove(event) || licenseInactive(context)) return undefined;
  const retryCount = retryCountOf(event);
  try {
    const items = (await listItems()).items.filter((i) => i.zendeskObject === 'ticket');
    if (items.length === 0) return undefined;
    const { links } = await getLinksForIssue(
      event.issue.id,
      items.map((i) => i.id),
    );
    if (links.length === 0) return undefined;
    // Not connected: the Zendesk links cannot be replaced now; the pass and the panel do it later.
    const ctx = await openSyncContext({ trigger: 'event' });
    if (!ctx) return undefined;
    const done = await followOnLinks(links, ctx);
    if (ctx.summary.didWork) await appendRun(ctx.summary.finish());
    if (done || retryCount >= MAX_EVENT_RETRIES) return undefined;
  } catch (error) {
    console.warn(
      `Zendesk Connector: following the move of issue ${event.issue.id} failed (attempt ${retryCount + 1}): ${describeError(error)}`,
    );
    if (retryCount >= MAX_EVENT_RETRIES) return undefined;
  }
  return retryLater(
    { retryAfterSeconds: backoffSeconds(retryCount), reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST },
    { issueId: event.issue.id },
  );
}
