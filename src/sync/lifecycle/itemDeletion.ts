/**
 * Deleting a Smart Connected Item (docs/sync-model.md § Lifecycle). The item must vanish from
 * the admin list and the issue panel at once, but it may have thousands of links, each with a
 * state (and chunks), index entries and a Zendesk-side link: more than one 25 s resolver call
 * can remove. So:
 *
 * 1. one KVS transaction deletes `item:{id}` and writes the tombstone `lifecycle:deleting:{id}`
 *    (src/storage/itemTombstones.ts: everything lists items by their records, so the item is
 *    gone everywhere at once, and a crash can never leave an item without its tombstone or a
 *    tombstone of a live item);
 * 2. the admin call removes links while its time lasts (removeLink.ts, record last);
 * 3. every scheduled run continues each tombstone within its budget; the tombstone goes when
 *    no link, state or claim of the item is left.
 *
 * Without a Zendesk connection, links registered in Zendesk wait (their Zendesk link id is only
 * on the link); the rest is removed.
 */
import { createZendeskClient, type ZendeskClient } from '../../zendesk/client';
import { sweepItemClaims } from '../../storage/claims';
import { loadCredentials } from '../../storage/connection';
import {
  deleteTombstone,
  itemRecordExists,
  listTombstones,
  replaceItemWithTombstone,
} from '../../storage/itemTombstones';
import { itemLinksPrefix, parseLinkKey } from '../../storage/keys';
import { sweepItemLinkStates } from '../../storage/linkState';
import { queryAll } from '../../storage/query';
import { linkRecordSchema } from '../../domain/types';
import { describeError } from '../../util/errors';
import type { SyncContext } from '../core/context';
import { errorText } from '../core/problems';
import { removeLinkFully, removeUnreadableLink } from './removeLink';

/** Links read per round: bounded so a huge item does not load all its links at once. */
const PAGES_PER_ROUND = 25;
/** What the admin call spends on links before handing the rest to the scheduled run (of 25 s). */
export const RESOLVER_CLEANUP_MS = 12_000;

/** Deletes the item record and leaves the tombstone, atomically. False when there was no item. */
export function startItemDeletion(itemId: string): Promise<boolean> {
  return replaceItemWithTombstone(itemId);
}

export interface CleanupResult {
  removed: number;
  /** Links still there: their Zendesk side needs a connection or failed for now. */
  waiting: number;
  done: boolean;
}

/** One round of removing the links (and then the leftovers) of a deleted item. */
export async function continueItemDeletion(
  itemId: string,
  zendesk: ZendeskClient | null,
  more: () => boolean,
): Promise<CleanupResult> {
  const result: CleanupResult = { removed: 0, waiting: 0, done: false };
  // Should the record exist again, the tombstone is stale: the links belong to a live item.
  if (await itemRecordExists(itemId)) {
    await deleteTombstone(itemId);
    return { ...result, done: true };
  }
  for (;;) {
    if (!more()) return result;
    const page = await queryAll(itemLinksPrefix(itemId), linkRecordSchema, { maxPages: PAGES_PER_ROUND });
    let progressed = false;
    for (const { value: link } of page.records) {
      if (!more()) return result;
      const outcome = await removeLinkFully(link, zendesk);
      if (outcome.removed) {
        result.removed += 1;
        progressed = true;
      } else result.waiting += 1;
    }
    for (const c of page.corrupt) {
      const ref = parseLinkKey(c.key);
      if (!ref || !more()) continue;
      await removeUnreadableLink(ref.itemId, ref.issueId);
      progressed = true;
    }
    if (page.complete || !progressed) break;
    result.waiting = 0;
  }
  if (result.waiting > 0) return result;
  // States and claims without a link (left by older versions, or by a crash inside auto-create).
  const swept = (await sweepItemLinkStates(itemId, more)) && (await sweepItemClaims(itemId, more));
  if (!swept) return result;
  await deleteTombstone(itemId);
  return { ...result, done: true };
}

/** Item ids with a deletion in progress. */
export function itemsBeingDeleted(): Promise<string[]> {
  return listTombstones();
}

/** The admin call's share: as much as RESOLVER_CLEANUP_MS allows; failures wait for the scheduled run. */
export async function cleanUpDeletedItemNow(itemId: string): Promise<void> {
  const until = Date.now() + RESOLVER_CLEANUP_MS;
  try {
    const loaded = await loadCredentials();
    const zendesk = loaded ? createZendeskClient(loaded.credentials, { waitBudgetMs: 2_000 }) : null;
    await continueItemDeletion(itemId, zendesk, () => Date.now() < until);
  } catch (error) {
    console.warn(
      `Zendesk Connector: removing the links of deleted item ${itemId} continues in the next scheduled run: ${describeError(error)}`,
    );
  }
}

/** The scheduled run's share: every pending deletion, while its budget allows new work. */
export async function finishItemDeletions(ctx: SyncContext): Promise<void> {
  if (!ctx.budget.canContinue()) return;
  try {
    for (const itemId of await itemsBeingDeleted()) {
      if (!ctx.budget.canContinue()) return;
      const res = await continueItemDeletion(itemId, ctx.zendesk, () => ctx.budget.canContinue());
      if (res.waiting > 0)
        ctx.summary.error(
          `Deleted item ${itemId}: ${res.waiting} links wait until their Zendesk links can be removed`,
        );
    }
  } catch (error) {
    ctx.summary.error(`Removing the links of deleted items continues next run: ${errorText(error)}`);
  }
}
