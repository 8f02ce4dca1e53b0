/**
 * Storage of carried window comments `sync:carry:{n}` (docs/sync-model.md § Carried comments).
 * Their shape and rules belong to the sync, which validates every value read here
 * (src/sync/fromZendesk/carry.ts); this module only moves values.
 */
import { deleteValues, readValues, writeValues } from './batch';
import { carryKey } from './keys';

/** Parts 0 … count−1, unparsed, in one batch read; a missing part is undefined. */
export async function readCarryValues(count: number): Promise<unknown[]> {
  const keys = Array.from({ length: count }, (_, n) => carryKey(n));
  const values = await readValues(keys);
  return keys.map((key) => values.get(key));
}

/** Stores `parts` as parts 0 … parts.length−1. */
export async function writeCarryValues(parts: readonly object[]): Promise<void> {
  await writeValues(parts.map((value, n) => ({ key: carryKey(n), value })));
}

/** Deletes parts `from` … `to`−1 (parts a smaller carry no longer uses). */
export async function deleteCarryParts(from: number, to: number): Promise<void> {
  const keys: string[] = [];
  for (let n = from; n < to; n += 1) keys.push(carryKey(n));
  await deleteValues(keys);
}
