/** The Link dialog's search for one item: the item must apply to the issue; Zendesk errors become readable refusals. */
import type { SearchResult } from '../domain/rpc';
import { PanelError, zendeskSearchError } from './errors';
import { requireItem } from './link';
import { searchZendesk } from './search';
import { issueScope, itemApplies, type PanelSession } from './session';

export async function searchRecords(
  session: PanelSession,
  itemId: string,
  query: string,
): Promise<SearchResult[]> {
  const item = await requireItem(itemId);
  const scope = await issueScope(session, [item]);
  if (!itemApplies(item, scope)) {
    throw new PanelError(
      'ITEM_NOT_APPLICABLE',
      `"${item.name}" does not apply to this issue's project or issue type.`,
    );
  }
  try {
    return await searchZendesk(session.zendesk, item.zendeskObject, query);
  } catch (error) {
    throw zendeskSearchError(error);
  }
}
