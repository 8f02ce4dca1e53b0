/**
 * Linking a ticket to a synchronized item starts synchronization
 * (docs/contracts/connector-rules.md § Refresh). The first pass runs right away through the sync's own
 * per-link entry point, `syncLinkFromZendesk` (the scheduler's code path), so mapped fields, status
 * and the conversation reach the issue without waiting for the ticket to change in Zendesk.
 *
 * The link already exists when this runs, so a failed first pass does not undo it: the
 * failure is recorded on the link as a problem (shown on the card) and Refresh retries.
 */
import type { LinkRecord, SmartItem } from '../domain/types';
import { updateLink } from '../storage/links';
import { appendRun } from '../storage/syncLog';
import { openSyncContext } from '../sync/core/context';
import { RunStop } from '../sync/core/passErrors';
import { deferLinkPass, passUnderLease } from '../sync/fromZendesk/pass';
import { errorText, problem, withProblem } from '../sync/core/problems';
import { describeError } from '../util/errors';
import type { ZendeskRecord } from '../links/preview';
import type { PanelSession } from './session';

export async function startSyncForManualLink(
  link: LinkRecord,
  item: SmartItem,
  record: ZendeskRecord,
  _session: PanelSession,
): Promise<LinkRecord> {
  if (record.kind !== 'ticket' || item.zendeskObject !== 'ticket' || item.syncMode === 'none') return link;
  const ctx = await openSyncContext({ trigger: 'refresh' });
  if (!ctx) return link;
  try {
    return (await passUnderLease(link, item, record.ticket, ctx, { observedAtMs: record.observedAtMs })).link;
  } catch (error) {
    // Durable: the drain of the next scheduled run retries it even if nobody clicks Refresh.
    await deferLinkPass(link, record.ticket, error).catch(() => undefined);
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
