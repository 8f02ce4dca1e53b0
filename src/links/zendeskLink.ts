/**
 * Registers a ticket link with Zendesk's own Jira links API (docs/contracts/zendesk-api.md § Jira links), so
 * the link is also visible from the Zendesk side. The Jira-side link never depends on it:
 *
 * - created → `{state:'registered', linkId}`;
 * - 403 → the connected agent is not a Zendesk admin (the API is "Allowed for Admins"):
 *   `{state:'forbidden'}` on the link, and one log line per connection, remembered in storage
 *   (src/storage/zendeskLinksNote.ts) so it is not reported again for every link;
 * - 422 "already linked", or no answer (the create may have happened) → the existing Zendesk
 *   link is looked up and adopted;
 * - anything else → `{state:'failed', message}`.
 */
import type { ConnectionRecord, ZendeskLinkRegistration } from '../domain/types';
import { readForbiddenNote, writeForbiddenNote, type ForbiddenNote } from '../storage/zendeskLinksNote';
import { describeError } from '../util/errors';
import { truncate } from '../util/redact';
import type { ZendeskClient } from '../zendesk/client';
import { ZendeskApiError } from '../zendesk/errors';

export const FORBIDDEN_MESSAGE =
  "Zendesk's Jira links API is for Zendesk admins only and the connected agent is not an admin, so this link is not shown in Zendesk. The link in Jira works normally.";

/** Logs the 403 once per connection; later links only carry the state. */
async function noteForbiddenOnce(connection: ConnectionRecord, upstream: string): Promise<void> {
  const existing = await readForbiddenNote();
  if (existing && existing.connectedAt === connection.connectedAt) return;
  const note: ForbiddenNote = {
    connectedAt: connection.connectedAt,
    loggedAt: new Date().toISOString(),
    message: truncate(upstream, 300),
  };
  await writeForbiddenNote(note);
  console.warn(
    `Zendesk Connector: Zendesk refused the Jira links API (403: ${note.message}). The agent ${connection.email} is not a Zendesk admin; links are kept in Jira only. This is logged once per connection.`,
  );
}

function failedMessage(error: unknown): string {
  if (error instanceof ZendeskApiError) {
    return truncate(
      error.status > 0 ? `Zendesk answered ${error.status}: ${error.message}` : error.message,
      300,
    );
  }
  return truncate(`Registering the link in Zendesk failed: ${describeError(error)}`, 300);
}

function isDuplicate(error: unknown): boolean {
  return (
    error instanceof ZendeskApiError &&
    error.status === 422 &&
    [error.message, ...error.details].some((t) => /already (been )?linked|duplicate/i.test(t))
  );
}

export async function registerZendeskLink(
  zendesk: ZendeskClient,
  connection: ConnectionRecord,
  link: { ticketId: string; issueId: string; issueKey: string },
): Promise<ZendeskLinkRegistration> {
  try {
    const created = await zendesk.createJiraLink(link);
    return { state: 'registered', linkId: created.id };
  } catch (error) {
    if (error instanceof ZendeskApiError && error.status === 403) {
      try {
        await noteForbiddenOnce(connection, error.message);
      } catch (noteError) {
        // The note is only about logging; the link itself must not fail because of it.
        console.warn(`Zendesk Connector: could not store the links-API note: ${describeError(noteError)}`);
      }
      return { state: 'forbidden', message: FORBIDDEN_MESSAGE };
    }
    // No answer at all: Zendesk may have created the link before the connection broke.
    // Either way, an existing link is looked up and adopted rather than reported as failed.
    if (isDuplicate(error) || (error instanceof ZendeskApiError && error.status === 0)) {
      try {
        const existing = (
          await zendesk.listJiraLinks({ ticketId: link.ticketId, issueId: link.issueId })
        ).find((l) => l.ticket_id === link.ticketId && l.issue_id === link.issueId);
        if (existing) return { state: 'registered', linkId: existing.id };
      } catch (listError) {
        return { state: 'failed', message: failedMessage(listError) };
      }
    }
    return { state: 'failed', message: failedMessage(error) };
  }
}

/**
 * Removes a registered Zendesk link. A 404 means it is already gone, which is the goal.
 * Returns null on success, else a readable reason (the caller decides whether it matters).
 */
export async function unregisterZendeskLink(
  zendesk: ZendeskClient,
  registration: ZendeskLinkRegistration,
): Promise<string | null> {
  if (registration.state !== 'registered') return null;
  try {
    await zendesk.deleteJiraLink(registration.linkId);
    return null;
  } catch (error) {
    if (error instanceof ZendeskApiError && error.status === 404) return null;
    return failedMessage(error);
  }
}

/**
 * Zendesk links carry the issue key, which changes when the issue moves. Zendesk's Jira links
 * API can list, create and delete links, with no update
 * (https://developer.zendesk.com/api-reference/ticketing/jira/links/), so the link is replaced
 * and its Zendesk link id changes.
 *
 * Crash-safe by reconciling instead of remembering: Zendesk's links of this ticket and issue
 * are listed; one with the new key is kept, otherwise one is created (first, while the old one
 * still exists, where Zendesk allows it; it refuses a second link of the same ticket and issue
 * with 422, and then the old one is deleted first), and every other one is deleted. Run again
 * after a crash at any point, it ends with exactly one link carrying the new key. Any failure
 * keeps the stored registration, so the caller keeps the old key and tries again later.
 */
export async function reregisterZendeskLink(
  zendesk: ZendeskClient,
  connection: ConnectionRecord,
  registration: ZendeskLinkRegistration,
  link: { ticketId: string; issueId: string; issueKey: string },
): Promise<ZendeskLinkRegistration> {
  if (registration.state !== 'registered') return registration;
  try {
    const existing = (await zendesk.listJiraLinks({ ticketId: link.ticketId, issueId: link.issueId })).filter(
      (l) => l.ticket_id === link.ticketId && l.issue_id === link.issueId,
    );
    let keep = existing.find((l) => l.issue_key === link.issueKey)?.id;
    if (keep === undefined) {
      try {
        keep = (await zendesk.createJiraLink(link)).id;
      } catch (error) {
        if (!isDuplicate(error)) return registration;
        for (const old of existing) {
          if ((await unregisterZendeskLink(zendesk, { state: 'registered', linkId: old.id })) !== null)
            return registration;
        }
        return await registerZendeskLink(zendesk, connection, link);
      }
    }
    for (const old of existing) {
      if (old.id !== keep) await unregisterZendeskLink(zendesk, { state: 'registered', linkId: old.id });
    }
    return { state: 'registered', linkId: keep };
  } catch {
    return registration;
  }
}
