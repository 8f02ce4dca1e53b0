/**
 * Removes one link completely: the Zendesk-side link, the per-link sync state (with its
 * chunks), then the link record together with its `ticket:{id}` and problem index entries
 * (one transaction, src/storage/links.ts).
 *
 * The link record goes last on purpose: it is what a retry finds. A crash after any step
 * leaves the record, so the next attempt repeats the remaining steps; each is idempotent
 * (Zendesk answers 404 for a link already deleted, which counts as removed).
 */
import type { LinkRecord } from '../../domain/types';
import { deleteLink } from '../../storage/links';
import type { ZendeskClient } from '../../zendesk/client';
import { ZendeskApiError } from '../../zendesk/errors';
import { errorText } from '../core/problems';
import { deleteLinkState } from '../core/state';

export type RemoveOutcome =
  /** `zendeskNote`: the Zendesk-side link refused deletion (e.g. 403) and was left there. */
  | { removed: true; zendeskNote?: string }
  /** Nothing was deleted: the Zendesk-side link needs a connection, or Zendesk failed transiently. */
  | { removed: false; reason: string };

/** No answer, 429 beyond the wait budget, or 5xx: trying again later can succeed. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ZendeskApiError)) return true;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/**
 * `zendesk` null = not connected: a link registered in Zendesk is then kept (its Zendesk link
 * id is only stored on it) so a later attempt can remove both; other links are removed.
 */
export async function removeLinkFully(
  link: LinkRecord,
  zendesk: ZendeskClient | null,
): Promise<RemoveOutcome> {
  let zendeskNote: string | undefined;
  if (link.zendeskLink.state === 'registered') {
    if (!zendesk) return { removed: false, reason: 'Zendesk is not connected' };
    try {
      await zendesk.deleteJiraLink(link.zendeskLink.linkId);
    } catch (error) {
      const gone = error instanceof ZendeskApiError && error.status === 404;
      if (!gone && isTransient(error)) return { removed: false, reason: errorText(error) };
      // A refusal (e.g. the agent is no longer a Zendesk admin) repeats forever: the Jira side
      // is cleaned anyway and the leftover Zendesk link is reported.
      if (!gone)
        zendeskNote = `The Zendesk link ${link.zendeskLink.linkId} on ticket ${link.recordId} was not removed: ${errorText(error)}`;
    }
  }
  await deleteLinkState(link.itemId, link.issueId);
  await deleteLink(link.itemId, link.issueId);
  return zendeskNote === undefined ? { removed: true } : { removed: true, zendeskNote };
}

/** A link record that cannot be parsed: its state and the record itself (no Zendesk id to use). */
export async function removeUnreadableLink(itemId: string, issueId: string): Promise<void> {
  await deleteLinkState(itemId, issueId);
  await deleteLink(itemId, issueId);
}
