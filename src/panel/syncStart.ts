/**
 * Linking a ticket to a synchronized item starts synchronization
 * (docs/contracts/connector-rules.md § Refresh). The first pass runs right away through the sync's own
 * per-link entry point (`passUnderLease`, the scheduler's code path), so mapped fields, status
 * and the conversation reach the issue without waiting for the ticket to change in Zendesk. It
 * decides from the issue as the confirmed preview read it (linkSynced.ts), so it writes what the
 * user was shown and reads the issue no second time.
 *
 * The link already exists when this runs, so a failed first pass does not undo it: the
 * failure is recorded on the link as a problem (shown on the card) and Refresh retries.
 */
import type { LinkRecord, SmartItem } from '../domain/types';
import type { JiraIssue } from '../jira/schemas';
import { updateLink } from '../storage/links';
import { appendRun } from '../storage/syncLog';
import { loadCatalogCache } from '../storage/catalogCache';
import { createSyncContext, type SyncContext } from '../sync/core/context';
import { RunStop } from '../sync/core/passErrors';
import { deferLinkPass, passUnderLease } from '../sync/fromZendesk/pass';
import { errorText, problem, withProblem } from '../sync/core/problems';
import { describeError } from '../util/errors';
import type { ZendeskTicket } from '../zendesk/schemas';
import type { PanelSession } from './session';

/**
 * A sync context for one panel call, on the session's connection (no second read of it), with
 * the stored catalogs so the preview and the confirmed link do not each read Jira's field list.
 */
export async function panelSyncContext(session: PanelSession): Promise<SyncContext> {
  return createSyncContext(
    { connection: session.connection, credentials: session.credentials },
    { trigger: 'refresh', catalogs: await loadCatalogCache() },
  );
}

export async function startSyncForManualLink(
  link: LinkRecord,
  item: SmartItem,
  ticket: { ticket: ZendeskTicket; observedAtMs: number },
  ctx: SyncContext,
  issue: JiraIssue,
): Promise<LinkRecord> {
  try {
    const options = { observedAtMs: ticket.observedAtMs, issue };
    return (await passUnderLease({ link, item, ticket: ticket.ticket }, ctx, options)).link;
  } catch (error) {
    // Durable: the drain of the next scheduled run retries it even if nobody clicks Refresh.
    await deferLinkPass(link, ticket.ticket, error).catch(() => undefined);
    const message =
      error instanceof RunStop
        ? `The first synchronization was rate limited (${error.message}); use Refresh to run it.`
        : `The first synchronization failed: ${errorText(error)}. Use Refresh to try again.`;
    const p = problem('error', 'SYNC_FAILED', message, error);
    const updated = await updateLink(link.itemId, link.issueId, (l) => ({
      ...l,
      problems: withProblem(l.problems, p),
      updatedAt: new Date().toISOString(),
    }));
    return updated ?? link;
  } finally {
    if (ctx.summary.didWork) {
      await appendRun(ctx.summary.finish()).catch((error: unknown) => {
        console.warn(`Zendesk Connector: the first-sync run summary was not stored: ${describeError(error)}`);
      });
    }
  }
}
