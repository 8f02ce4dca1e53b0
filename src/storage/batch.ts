/**
 * Batched KVS reads, writes and deletes of plain keys, one request per KVS_BATCH_MAX keys. Every
 * storage module that batches uses this size and this slicing, so one number decides how many
 * requests a batch costs.
 */
import { kvs } from '@forge/kvs';
import { AppError } from '../util/errors';
import { slices as slicesOf } from '../util/slices';

/**
 * Forge KVS batch operations and transactions take at most 25 items
 * (https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities).
 */
export const KVS_BATCH_MAX = 25;

/** `items` cut into KVS batches: runs of at most `size`, by default the platform's maximum. */
export function slices<T>(items: readonly T[], size: number = KVS_BATCH_MAX): T[][] {
  return slicesOf(items, size);
}

/** The stored values of `keys` (absent keys are missing from the map). */
export async function readValues(keys: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const part of slices(keys)) {
    const result = await kvs.batchGet<unknown>(part.map((key) => ({ key })));
    for (const item of result.successfulKeys) out.set(item.key, item.value);
  }
  return out;
}

/** Writes every entry; the first key the platform refuses fails the call (STORAGE). */
export async function writeValues(entries: readonly { key: string; value: unknown }[]): Promise<void> {
  for (const part of slices(entries)) {
    const result = await kvs.batchSet(part.map((e) => ({ key: e.key, value: e.value })));
    const failed = result.failedKeys[0];
    if (failed) throw new AppError('STORAGE', `Could not store ${failed.key}: ${failed.error.message}`);
  }
}

export async function deleteValues(keys: readonly string[]): Promise<void> {
  for (const part of slices(keys)) await kvs.batchDelete(part.map((key) => ({ key })));
}
