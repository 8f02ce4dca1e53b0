/**
 * Unlink from the issue panel: only links made manually; auto-managed links stay read-only
 * there (docs/contracts/connector-rules.md § Unlink). The link and its `ticket:{id}` index entry go in one
 * transaction (storage/links.ts), then the per-link sync state, then the Zendesk-side link when one was
 * registered (404 there means it is already gone). Cleanup failures after the link is
 * removed are logged, not reported: the user's unlink has happened.
 */
import type { PanelCard } from '../domain/rpc';
import { deleteLink, getLink } from '../storage/links';
import { deleteLinkState } from '../sync/core/state';
import { AppError, describeError } from '../util/errors';
import { toCard } from './cards';
import { AUTO_LINK_MESSAGE } from './errors';
import { requireItem } from './link';
import type { PanelSession } from './session';
import { unregisterZendeskLink } from '../links/zendeskLink';

export async function unlinkRecord(session: PanelSession, itemId: string): Promise<PanelCard> {
  const item = await requireItem(itemId);
  const link = await getLink(item.id, session.issue.id);
  if (!link)
    throw new AppError(
      'NOT_LINKED',
      'Nothing is linked to this issue for this item. Reload the issue to see the current links.',
    );
  if (link.origin !== 'manual') throw new AppError('AUTO_LINK_READ_ONLY', AUTO_LINK_MESSAGE);

  await deleteLink(item.id, link.issueId);
  try {
    await deleteLinkState(item.id, link.issueId);
  } catch (error) {
    console.warn(
      `Zendesk Connector: sync state of ${item.id}/${link.issueId} was not removed: ${describeError(error)}`,
    );
  }
  const failure = await unregisterZendeskLink(session.zendesk, link.zendeskLink);
  if (failure !== null)
    console.warn(
      `Zendesk Connector: the Zendesk link for ticket ${link.recordId} was not removed: ${failure}`,
    );
  return toCard(item, null, session.zendesk, session.access.edit);
}
