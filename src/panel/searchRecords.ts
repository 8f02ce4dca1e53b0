/**
 * The Link dialog's search for one item: the item must apply to the issue; Zendesk errors
 * become readable refusals; ticket results say where the ticket is linked already (from the
 * `ticket:{id}` index, never a scan), so one ticket does not end up on issues by accident.
 */
import type { ExistingLink, SearchResult } from '../domain/rpc';
import type { SmartItem } from '../domain/types';
import { listItems } from '../storage/items';
import { getLinksForTicket } from '../storage/links';
import { zendeskSearchError } from './errors';
import { requireItem } from './link';
import { searchZendesk } from './search';
import { issueScope, itemApplies, type PanelSession } from './session';
import { AppError } from '../util/errors';

/** Where each ticket result is linked already; results without links are returned unchanged. */
export async function markLinkedTickets(
  results: readonly SearchResult[],
  issueId: string,
  items: readonly Pick<SmartItem, 'id' | 'name'>[],
): Promise<SearchResult[]> {
  const names = new Map(items.map((i) => [i.id, i.name]));
  // At most MAX_RESULTS index reads, in parallel: one KVS get (plus one batch get) each.
  const found = await Promise.all(results.map((r) => getLinksForTicket(r.id)));
  return results.map((result, index) => {
    const links = found[index]?.links ?? [];
    if (links.length === 0) return result;
    const linkedTo: ExistingLink[] = links
      .map((l) => ({
        issueKey: l.issueKey,
        itemName: names.get(l.itemId) ?? 'a removed item',
        thisIssue: l.issueId === issueId,
      }))
      .sort((a, b) => a.issueKey.localeCompare(b.issueKey, 'en', { numeric: true }));
    return { ...result, linkedTo };
  });
}

export async function searchRecords(
  session: PanelSession,
  itemId: string,
  query: string,
): Promise<SearchResult[]> {
  const item = await requireItem(itemId);
  const scope = await issueScope(session, [item]);
  if (!itemApplies(item, scope)) {
    throw new AppError(
      'ITEM_NOT_APPLICABLE',
      `"${item.name}" does not apply to this issue's project or issue type.`,
    );
  }
  let results: SearchResult[];
  try {
    results = await searchZendesk(session.zendesk, item.zendeskObject, query);
  } catch (error) {
    throw zendeskSearchError(error);
  }
  if (item.zendeskObject !== 'ticket' || results.length === 0) return results;
  const { items } = await listItems();
  return markLinkedTickets(results, session.issue.id, items);
}
