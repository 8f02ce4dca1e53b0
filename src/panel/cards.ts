/** PanelCard assembly: exactly the fields of the contract (src/domain/rpc.ts), nothing null that is optional. */
import { compareItems } from '../domain/itemNames';
import type { PanelCard } from '../domain/rpc';
import type { LinkRecord, SmartItem } from '../domain/types';
import type { ZendeskClient } from '../zendesk/client';

export function cardItem(item: SmartItem): PanelCard['item'] {
  return {
    id: item.id,
    name: item.name,
    syncMode: item.syncMode,
    zendeskObject: item.zendeskObject,
    features: { ...item.features },
  };
}

export function openUrlFor(zendesk: Pick<ZendeskClient, 'agentUrl'>, link: LinkRecord): string | null {
  try {
    return zendesk.agentUrl(link.zendeskObject, link.recordId);
  } catch {
    // A record id that is not a Zendesk id cannot become a URL; the card still shows the link.
    return null;
  }
}

export function toCard(
  item: SmartItem,
  link: LinkRecord | null,
  zendesk: Pick<ZendeskClient, 'agentUrl'>,
  canEdit: boolean,
): PanelCard {
  return {
    item: cardItem(item),
    link,
    openUrl: link ? openUrlFor(zendesk, link) : null,
    canUnlink: link !== null && link.origin === 'manual' && canEdit,
  };
}

/** Stable card order: the admin page's order (by name, then id). */
export const byItemName: (a: SmartItem, b: SmartItem) => number = compareItems;
