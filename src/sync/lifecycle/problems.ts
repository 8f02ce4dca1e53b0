/**
 * Problems for lifecycle changes of either side of a link (docs/sync-model.md § Lifecycle):
 * a deleted or merged Zendesk ticket, a moved Jira issue. They are recorded on every link
 * concerned (issue panel card, admin activity view) and once in the sync log.
 *
 * TICKET_DELETED is owned by the Zendesk → Jira pass (src/sync/core/problems.ts), so the first
 * successful pass after a ticket is restored clears it; the others are facts that stay.
 */
import type { LifecycleCode } from '../../domain/errors';
import type { LinkRecord, SyncProblem } from '../../domain/types';
import { updateLink } from '../../storage/links';
import type { RunSummary } from '../core/runSummary';
import { newProblem } from '../core/problems';

export function lifecycleProblem(
  kind: SyncProblem['kind'],
  code: LifecycleCode,
  message: string,
  error?: unknown,
): SyncProblem {
  return newProblem(kind, code, message, { error });
}

/**
 * Puts `p` on the link, replacing an older problem of the same code. Returns the updated
 * link, or null when nothing changed (the same message is already there) or the link is gone.
 */
export async function putProblem(
  link: LinkRecord,
  p: SyncProblem,
  change: (l: LinkRecord) => LinkRecord = (l) => l,
): Promise<LinkRecord | null> {
  const already = (l: LinkRecord): boolean =>
    l.problems.some((q) => q.code === p.code && q.message === p.message);
  if (already(link) && change(link) === link) return null;
  let changed = false;
  const updated = await updateLink(link.itemId, link.issueId, (l) => {
    const next = change(l);
    if (already(next) && next === l) return l;
    changed = true;
    return {
      ...next,
      problems: [...next.problems.filter((q) => q.code !== p.code), p].slice(-20),
      updatedAt: p.at,
    };
  });
  return changed ? updated : null;
}

/** One sync-log line for a lifecycle change (errors count as errors, the rest as limitations). */
export function logLifecycle(summary: RunSummary, p: SyncProblem, link: LinkRecord): void {
  if (p.kind === 'limitation') summary.add('limitations');
  summary.error(p.message, { ticketId: link.recordId, issueKey: link.issueKey });
}
