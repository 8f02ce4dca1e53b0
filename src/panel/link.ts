/**
 * Manual link from the issue panel (docs/contracts/connector-rules.md § Issue panel). An issue holds at
 * most one record per item: linking again is refused (ALREADY_LINKED) until the user unlinks;
 * repeating the same link (a retried click) answers the existing card. A record may be linked
 * to any number of issues.
 *
 * Tickets are also registered with Zendesk's Jira links API (docs/contracts/zendesk-api.md § Jira links); the
 * Jira-side link stands whatever Zendesk answers there (see zendeskLink.ts).
 */
import type { PanelCard } from '../domain/rpc';
import type { LinkRecord, SmartItem, ZendeskLinkRegistration } from '../domain/types';
import { getItem } from '../storage/items';
import { getLink, saveLink } from '../storage/links';
import { toCard } from './cards';
import { noun } from './errors';
import type { ZendeskRecord } from '../links/preview';
import { recordWithPreview } from './records';
import { itemApplies, verifiedIssue, type PanelSession } from './session';
import { registerZendeskLink, unregisterZendeskLink } from '../links/zendeskLink';
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

export interface LinkHooks {
  /** Runs after the link is stored, for synchronized ticket items (starts synchronization). */
  afterLink?: (
    link: LinkRecord,
    item: SmartItem,
    record: ZendeskRecord,
    session: PanelSession,
  ) => Promise<LinkRecord>;
}

export async function linkRecord(
  session: PanelSession,
  itemId: string,
  recordId: string,
  hooks: LinkHooks = {},
): Promise<PanelCard> {
  const item = await requireItem(itemId);
  const issue = await verifiedIssue(session);
  const existing = await getLink(item.id, issue.id);
  if (existing) {
    if (existing.zendeskObject === item.zendeskObject && existing.recordId === recordId) {
      return toCard(item, existing, session.zendesk, session.access.edit);
    }
    throw new AppError(
      'ALREADY_LINKED',
      `This issue is already linked to Zendesk ${noun(existing.zendeskObject)} ${existing.recordId} for "${item.name}". Unlink it first to link a different record.`,
    );
  }
  if (!itemApplies(item, issue)) {
    throw new AppError(
      'ITEM_NOT_APPLICABLE',
      `"${item.name}" does not apply to this issue's project or issue type.`,
    );
  }

  const { record: zendeskRecord, preview } = await recordWithPreview(
    session.zendesk,
    item.zendeskObject,
    recordId,
    item.fields,
  );

  let zendeskLink: ZendeskLinkRegistration = { state: 'not-applicable' };
  if (item.zendeskObject === 'ticket') {
    zendeskLink = await registerZendeskLink(session.zendesk, session.connection, {
      ticketId: recordId,
      issueId: issue.id,
      issueKey: issue.key,
    });
  }

  const now = new Date().toISOString();
  const record: LinkRecord = {
    itemId: item.id,
    issueId: issue.id,
    issueKey: issue.key,
    zendeskObject: item.zendeskObject,
    recordId,
    origin: 'manual',
    createdAt: now,
    updatedAt: now,
    zendeskLink,
    preview,
    previewAt: now,
    problems: [],
  };
  let stored: LinkRecord;
  try {
    stored = await saveLink(record);
  } catch (error) {
    // Without the Jira-side link the Zendesk one would point at nothing.
    const undo = await unregisterZendeskLink(session.zendesk, zendeskLink);
    if (undo !== null)
      console.warn(`Zendesk Connector: could not remove the Zendesk link after a failed save: ${undo}`);
    throw error;
  }
  if (hooks.afterLink && item.zendeskObject === 'ticket' && item.syncMode !== 'none') {
    stored = await hooks.afterLink(stored, item, zendeskRecord, session);
  }
  return toCard(item, stored, session.zendesk, session.access.edit);
}
