/** Storing a manual link from the panel (link.ts, linkSynced.ts). */
import type { LinkRecord, PreviewValue, SmartItem, ZendeskLinkRegistration } from '../domain/types';
import { registerZendeskLink, unregisterZendeskLink } from '../links/zendeskLink';
import { saveLink } from '../storage/links';
import type { IssueRef, PanelSession } from './session';
import { AppError } from '../util/errors';

export function notApplicable(item: SmartItem): AppError {
  return new AppError(
    'ITEM_NOT_APPLICABLE',
    `"${item.name}" does not apply to this issue's project or issue type.`,
  );
}

/**
 * Registers a ticket with Zendesk's Jira links API and stores the link record; without the
 * Jira-side record the Zendesk link would point at nothing, so a failed save removes it again.
 */
export async function saveManualLink(
  session: PanelSession,
  item: SmartItem,
  issue: Pick<IssueRef, 'id' | 'key'>,
  recordId: string,
  preview: PreviewValue[],
): Promise<LinkRecord> {
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
  try {
    return await saveLink(record);
  } catch (error) {
    const undo = await unregisterZendeskLink(session.zendesk, zendeskLink);
    if (undo !== null)
      console.warn(`Zendesk Connector: could not remove the Zendesk link after a failed save: ${undo}`);
    throw error;
  }
}
