/**
 * A Jira issue moved to another project gets a new key (docs/sync-model.md § Lifecycle). The
 * link's identity is the issue id, so only the display key changes, but the Zendesk-side link
 * carries the key too and has to be replaced (links/zendeskLink.ts `reregisterZendeskLink`,
 * crash-safe, new Zendesk link id).
 *
 * It follows at the move, from the `avi:jira:updated:issue` event (issueMovedEvent.ts) whose
 * changelog names the key or the project (Jira's move records `Key` from old to new key and
 * `project`:
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get),
 * for every ticket item, whatever its sync mode. The scheduled pass and the issue panel also
 * notice a stale key when they read the issue. The link keeps its old key until the Zendesk
 * link carries the new one, so a failed replacement is tried again.
 */
import type { LinkRecord, ZendeskLinkRegistration } from '../../domain/types';
import { reregisterZendeskLink } from '../../links/zendeskLink';
import type { SyncContext } from '../core/context';
import type { IssueUpdatedEvent } from '../toZendesk/payloads';

/** The changelog of a move: the key (Jira's item `Key`, id `issuekey`) or the project changed. */
export function isMove(event: IssueUpdatedEvent): boolean {
  return (event.changelog?.items ?? []).some(
    (i) => i.fieldId === 'issuekey' || i.fieldId === 'project' || i.field === 'Key' || i.field === 'project',
  );
}

export interface Rekeyed {
  registration: ZendeskLinkRegistration;
  /** The key to store: the new one once the Zendesk link carries it, else still the old one. */
  issueKey: string;
}

/** Replaces the Zendesk link of a moved issue; keeps the old key when that did not work. */
export async function rekeyLink(link: LinkRecord, issueKey: string, ctx: SyncContext): Promise<Rekeyed> {
  if (link.zendeskObject !== 'ticket' || link.zendeskLink.state !== 'registered')
    return { registration: link.zendeskLink, issueKey };
  const registration = await reregisterZendeskLink(ctx.zendesk, ctx.connection, link.zendeskLink, {
    ticketId: link.recordId,
    issueId: link.issueId,
    issueKey,
  });
  return { registration, issueKey: registration === link.zendeskLink ? link.issueKey : issueKey };
}
