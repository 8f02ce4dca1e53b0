/**
 * Manual link from the issue panel (docs/contracts/connector-rules.md § Issue panel). An issue holds at
 * most one record per item: linking again is refused (ALREADY_LINKED) until the user unlinks;
 * repeating the same link (a retried click) answers the existing card. A record may be linked
 * to any number of issues.
 *
 * Tickets are also registered with Zendesk's Jira links API (docs/contracts/zendesk-api.md § Jira links); the
 * Jira-side link stands whatever Zendesk answers there (see zendeskLink.ts).
 *
 * A ticket of a synchronized item is linked in two calls (linkSynced.ts): the first answers
 * what the first synchronization will change on the issue and writes nothing; the second,
 * carrying that preview's fingerprint, links and synchronizes if the preview is still the same.
 */
import type { LinkOutcome } from '../domain/rpc';
import type { SmartItem } from '../domain/types';
import { getItem } from '../storage/items';
import { getLink } from '../storage/links';
import { toCard } from './cards';
import { noun } from './errors';
import { linkSyncedTicket } from './linkSynced';
import { recordWithPreview } from './records';
import { notApplicable, saveManualLink } from './linkStore';
import { itemApplies, verifiedIssue, type PanelSession } from './session';
import { AppError } from '../util/errors';

export async function requireItem(itemId: string): Promise<SmartItem> {
  const item = await getItem(itemId);
  if (!item)
    throw new AppError(
      'ITEM_NOT_FOUND',
      'This Smart Connected Item no longer exists. Reload the issue to see the current items.',
    );
  return item;
}

export async function linkRecord(
  session: PanelSession,
  itemId: string,
  recordId: string,
  confirm?: string,
): Promise<LinkOutcome> {
  const item = await requireItem(itemId);
  const existing = await getLink(item.id, session.issue.id);
  if (existing) {
    if (existing.zendeskObject === item.zendeskObject && existing.recordId === recordId) {
      return { kind: 'linked', card: toCard(item, existing, session.zendesk, session.access.edit) };
    }
    throw new AppError(
      'ALREADY_LINKED',
      `This issue is already linked to Zendesk ${noun(existing.zendeskObject)} ${existing.recordId} for "${item.name}". Unlink it first to link a different record.`,
    );
  }
  // The first synchronization writes to the issue: shown first, written once confirmed.
  if (item.zendeskObject === 'ticket' && item.syncMode !== 'none')
    return linkSyncedTicket(session, item, recordId, confirm);

  // The stored key (and, for tickets, the key registered with Zendesk) is Jira's, not the
  // invocation context's: the context's key may be stale after a move, and only its id is the
  // issue's identity. The same read gives the project and type the item must apply to.
  const issue = await verifiedIssue(session);
  if (!itemApplies(item, issue)) throw notApplicable(item);
  const { preview } = await recordWithPreview(session.zendesk, item.zendeskObject, recordId, item.fields);
  const stored = await saveManualLink(session, item, issue, recordId, preview);
  return { kind: 'linked', card: toCard(item, stored, session.zendesk, session.access.edit) };
}
