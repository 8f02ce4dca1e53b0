/**
 * The panel's cards for one issue (docs/contracts/connector-rules.md § Issue panel): one card per Smart
 * Connected Item that applies to the issue's project (and issue type, when the item sets
 * one), with that item's link read in one batch. A link stays visible when its issue has
 * since moved out of the item's scope, so it can still be opened, refreshed or unlinked.
 *
 * The issue id is the identity (docs/contracts/jira-api.md § Get issue); when the issue's key changed (moved
 * or project renamed), the stored key is corrected here, and the Zendesk-side link re-registered.
 */
import type { PanelState } from '../domain/rpc';
import type { LinkRecord, SmartItem } from '../domain/types';
import { listItems } from '../storage/items';
import { getLinksForIssue, updateLink } from '../storage/links';
import { byItemName, toCard } from './cards';
import { issueScope, itemApplies, verifiedIssue, type PanelSession } from './session';
import { reregisterZendeskLink } from '../links/zendeskLink';

/** Brings links stored under an old issue key up to date; returns the links as stored now. */
export async function correctIssueKeys(session: PanelSession, links: LinkRecord[]): Promise<LinkRecord[]> {
  const stale = links.filter((l) => l.issueKey !== session.issue.key);
  if (stale.length === 0) return links;
  // The context's key is the client's word; Jira's answer (asApp) is what gets stored.
  const current = await verifiedIssue(session);
  const out: LinkRecord[] = [];
  for (const link of links) {
    if (link.issueKey === current.key) {
      out.push(link);
      continue;
    }
    let zendeskLink = link.zendeskLink;
    // Zendesk's link record is only rewritten for a user who may edit the issue; for a
    // browse-only viewer the stored key is corrected and the sync fixes Zendesk's side.
    if (session.access.edit && link.zendeskObject === 'ticket' && zendeskLink.state === 'registered') {
      zendeskLink = await reregisterZendeskLink(session.zendesk, session.connection, zendeskLink, {
        ticketId: link.recordId,
        issueId: link.issueId,
        issueKey: current.key,
      });
    }
    const updated = await updateLink(link.itemId, link.issueId, (l) => ({
      ...l,
      issueKey: current.key,
      zendeskLink,
      updatedAt: new Date().toISOString(),
    }));
    out.push(updated ?? link);
  }
  return out;
}

export async function getPanel(session: PanelSession): Promise<PanelState> {
  const { items } = await listItems();
  const { links: stored } = await getLinksForIssue(
    session.issue.id,
    items.map((i) => i.id),
  );
  const links = await correctIssueKeys(session, stored);
  const linkByItem = new Map(links.map((l) => [l.itemId, l]));
  const scope = await issueScope(
    session,
    items.filter((i) => !linkByItem.has(i.id)),
  );
  const shown: SmartItem[] = items
    .filter((i) => linkByItem.has(i.id) || itemApplies(i, scope))
    .sort(byItemName);
  return {
    license: session.license,
    connected: true,
    canEdit: session.access.edit,
    cards: shown.map((item) =>
      toCard(item, linkByItem.get(item.id) ?? null, session.zendesk, session.access.edit),
    ),
  };
}
