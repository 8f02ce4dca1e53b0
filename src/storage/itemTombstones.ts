/**
 * Tombstones of deleted Smart Connected Items, `lifecycle:deleting:{itemId}`
 * (docs/sync-model.md § Lifecycle): the item record goes and its tombstone comes in one KVS
 * transaction, so the item vanishes everywhere at once and a crash never leaves an item without
 * its tombstone or a tombstone of a live item. The removal of the links it leaves is the sync's
 * (src/sync/lifecycle/itemDeletion.ts).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { deletingKey, DELETING_PREFIX, itemKey, PENDING_FLAG_KEY } from './keys';
import { queryAll } from './query';

const tombstoneSchema = z.object({ itemId: z.string(), startedAt: z.string() });

/** Deletes the item record and leaves its tombstone, atomically. False when there was no item. */
export async function replaceItemWithTombstone(itemId: string): Promise<boolean> {
  const key = itemKey(itemId);
  if ((await kvs.get<unknown>(key)) === undefined) return false;
  const now = new Date().toISOString();
  const tx = kvs.transact();
  tx.delete(key);
  tx.set(deletingKey(itemId), { itemId, startedAt: now });
  // The scheduled run's cue that there is pending work (src/storage/work.ts).
  tx.set(PENDING_FLAG_KEY, { at: now });
  await tx.execute();
  return true;
}

/** True while an item record exists under the id (a tombstone of a live item is stale). */
export async function itemRecordExists(itemId: string): Promise<boolean> {
  return (await kvs.get<unknown>(itemKey(itemId))) !== undefined;
}

export async function deleteTombstone(itemId: string): Promise<void> {
  await kvs.delete(deletingKey(itemId));
}

/** Item ids with a deletion in progress (a few pages: deletions are rare and short-lived). */
export async function listTombstones(): Promise<string[]> {
  const { records } = await queryAll(DELETING_PREFIX, tombstoneSchema, { maxPages: 5 });
  return records.map((r) => r.value.itemId);
}
