/**
 * Refresh on a card pulls the mapped fields at once and, on synchronized tickets, runs the
 * comment and attachment sync again (docs/contracts/connector-rules.md § Refresh): the record is
 * read again and its preview rebuilt; for synchronized ticket items the sync's own per-link
 * pass runs (`syncLinkFromZendesk`, the scheduler's code path) with `force`.
 */
import type { PanelCard } from '../domain/rpc';
import type { LinkRecord, SmartItem } from '../domain/types';
import { getLink, updateLink } from '../storage/links';
import { appendRun } from '../storage/syncLog';
import { openSyncContext } from '../sync/core/context';
import { RunStop } from '../sync/core/passErrors';
import { passUnderLease, type syncLinkFromZendesk } from '../sync/fromZendesk/pass';
import { AppError, describeError } from '../util/errors';
import { toCard } from './cards';
import { correctIssueKeys } from './getPanel';

import { requireItem } from './link';
import { recordWithPreview } from './records';
import type { PanelSession } from './session';

async function runSync(
  link: LinkRecord,
  item: SmartItem,
  ticket: Parameters<typeof syncLinkFromZendesk>[0]['ticket'],
  observedAtMs: number,
): Promise<LinkRecord> {
  const ctx = await openSyncContext({ trigger: 'refresh' });
  if (!ctx) throw new AppError('NOT_CONNECTED', 'Zendesk is not connected.');
  try {
    // Holding the link's lease like every writer; if another one is working on the link, the
    // refresh is recorded as the link's pending work and the drain delivers it.
    const result = await passUnderLease({ link, item, ticket }, ctx, { force: true, observedAtMs });
    return result.link;
  } catch (error) {
    if (error instanceof RunStop) {
      throw new AppError(
        'RATE_LIMITED',
        `Synchronization is rate limited; try again in ${error.retryAfterSeconds} seconds.`,
      );
    }
    throw error;
  } finally {
    if (ctx.summary.didWork) {
      await appendRun(ctx.summary.finish()).catch((error: unknown) => {
        console.warn(`Zendesk Connector: the refresh run summary was not stored: ${describeError(error)}`);
      });
    }
  }
}

export async function refreshLink(session: PanelSession, itemId: string): Promise<PanelCard> {
  const item = await requireItem(itemId);
  const stored = await getLink(item.id, session.issue.id);
  if (!stored)
    throw new AppError(
      'NOT_LINKED',
      'Nothing is linked to this issue for this item. Reload the issue to see the current links.',
    );
  // A moved issue: correct the key (and the Zendesk-side link) before anything else uses it.
  const [link = stored] = await correctIssueKeys(session, [stored]);

  const { record, preview } = await recordWithPreview(
    session.zendesk,
    link.zendeskObject,
    link.recordId,
    item.fields,
  );
  const now = new Date().toISOString();
  let updated =
    (await updateLink(item.id, link.issueId, (l) => ({ ...l, preview, previewAt: now, updatedAt: now }))) ??
    link;

  // Synchronizing writes to Jira: only for a user who may edit the issue. A browse-only
  // viewer gets the fresh preview and nothing else.
  if (
    session.access.edit &&
    record.kind === 'ticket' &&
    item.zendeskObject === 'ticket' &&
    item.syncMode !== 'none'
  ) {
    updated = await runSync(updated, item, record.ticket, record.observedAtMs);
    // The pass may have corrected the key or recorded problems; show what is stored now.
    updated = (await getLink(item.id, link.issueId)) ?? updated;
  }
  return toCard(item, updated, session.zendesk, session.access.edit);
}
