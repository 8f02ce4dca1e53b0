/**
 * A deleted Jira issue (docs/sync-model.md § Lifecycle): every link of the issue, for every
 * Smart Connected Item, is removed with its state, its index entries and its Zendesk-side
 * link (removeLink.ts). Two ways in:
 *
 * - the `avi:jira:deleted:issue` trigger (issueDeletedEvent.ts), authoritative;
 * - the scheduled pass reading the issue and getting 404. Jira answers 404 both for a deleted
 *   issue and for one the app may not browse ("Issue does not exist or you do not have
 *   permission to see it", REST getIssue), so the 404 only counts as a deletion when the app
 *   can still read the project of the issue's last known key. Anything else (403, a project
 *   that is gone or hidden) deletes nothing: the link keeps its ISSUE_NOT_FOUND problem.
 *
 * Redelivery after a crash at any point converges: each link's record goes last, and every
 * step is idempotent.
 */
import type { LinkRecord } from '../../domain/types';
import { JiraApiError } from '../../jira/errors';
import { listItems } from '../../storage/items';
import { getLinksForIssue } from '../../storage/links';
import { parseLinkKey } from '../../storage/keys';
import type { ZendeskClient } from '../../zendesk/client';
import type { SyncContext } from '../core/context';
import type { RunSummary } from '../core/runSummary';
import { removeLinkFully, removeUnreadableLink } from './removeLink';

export interface ForgetResult {
  removed: number;
  /** Links kept because their Zendesk link could not be removed yet (transient failure). */
  pending: string[];
}

/** Removes every link of the issue; the sync log gets one line per link. */
export async function forgetDeletedIssue(
  issueId: string,
  issueKey: string | undefined,
  zendesk: ZendeskClient | null,
  summary: RunSummary,
): Promise<ForgetResult> {
  const { items } = await listItems();
  const { links, corrupt } = await getLinksForIssue(
    issueId,
    items.map((i) => i.id),
  );
  const result: ForgetResult = { removed: 0, pending: [] };
  for (const link of links) {
    const outcome = await removeLinkFully(link, zendesk);
    const where = { ticketId: link.recordId, issueKey: issueKey ?? link.issueKey };
    const name = items.find((i) => i.id === link.itemId)?.name ?? link.itemId;
    if (!outcome.removed) {
      result.pending.push(`${link.itemId}: ${outcome.reason}`);
      summary.error(
        `Jira issue ${where.issueKey} was deleted; its link to Zendesk record ${link.recordId} ("${name}") is removed once the Zendesk link can be: ${outcome.reason}`,
        where,
      );
      continue;
    }
    result.removed += 1;
    summary.add('limitations');
    summary.error(
      `Jira issue ${where.issueKey} was deleted; its link to Zendesk record ${link.recordId} ("${name}") was removed`,
      where,
    );
    if (outcome.zendeskNote) summary.error(outcome.zendeskNote, where);
  }
  for (const c of corrupt) {
    const ref = parseLinkKey(c.key);
    if (ref) await removeUnreadableLink(ref.itemId, ref.issueId);
  }
  return result;
}

/**
 * The scheduled pass got 404 reading the link's issue: is it really deleted? True only when
 * the app can read the project of the last known key (so the 404 is not a permission loss).
 */
export async function issueConfirmedDeleted(link: LinkRecord, ctx: SyncContext): Promise<boolean> {
  const projectKey = link.issueKey.split('-')[0];
  if (!projectKey) return false;
  try {
    await ctx.jira.getProject(projectKey);
    return true;
  } catch (error) {
    if (error instanceof JiraApiError && error.status >= 400 && error.status < 500 && error.status !== 429)
      return false;
    throw error;
  }
}

/** The scheduled pass's side: forget the issue's links, in the run's own sync log. */
export async function forgetIssueOfLink(link: LinkRecord, ctx: SyncContext): Promise<void> {
  const res = await forgetDeletedIssue(link.issueId, link.issueKey, ctx.zendesk, ctx.summary);
  if (res.pending.length > 0) ctx.summary.add('skipped');
}
