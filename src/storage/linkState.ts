/**
 * Storage of the per-link sync state (docs/sync-model.md § Per-link state): the record
 * `linkstate:{itemId}:{issueId}` and the sealed chunks of its four id sets (keys in keys.ts).
 * The record's shape and rules belong to the sync, which validates every value read here
 * (src/sync/core/state.ts); this module only moves values, batched where it can.
 */
import { kvs } from '@forge/kvs';
import { deleteValues, readValues, writeValues } from './batch';
import { itemLinkStatesPrefix, linkStateKey, RUN_LEASE_KEY } from './keys';
import { LEASE_ENTITY, parseLease, type Lease } from './lease';
import { deleteKeysUnder } from './query';

/** Batched reads and writes of link-state records and chunks (the id sets' chunk store). */
export const linkStateStore = {
  getMany: readValues,
  setMany: writeValues,
};

/** The stored state of one link, unparsed; undefined when none was stored yet. */
export function readLinkStateValue(itemId: string, issueId: string): Promise<unknown> {
  return kvs.get<unknown>(linkStateKey(itemId, issueId));
}

/** Writes the record (its chunks are written first, through linkStateStore). */
export async function writeLinkStateValue(itemId: string, issueId: string, record: object): Promise<void> {
  await kvs.set(linkStateKey(itemId, issueId), record);
}

/** Deletes the record and chunk keys of a link's state. */
export function deleteLinkStateKeys(keys: readonly string[]): Promise<void> {
  return deleteValues(keys);
}

/**
 * One batch read right after a writer took a link's lease: the run lease (a run may claim the
 * link, src/sync/core/runClaim.ts) and the link's state, which the writer reads anyway.
 */
export async function readRunLeaseAndLinkState(
  itemId: string,
  issueId: string,
): Promise<{ runLease: Lease | null; stateValue: unknown }> {
  const stateKey = linkStateKey(itemId, issueId);
  const res = await kvs.batchGet<unknown>([
    { key: RUN_LEASE_KEY, entityName: LEASE_ENTITY },
    { key: stateKey },
  ]);
  let runLease: Lease | null = null;
  let stateValue: unknown;
  for (const item of res.successfulKeys) {
    if (item.key === RUN_LEASE_KEY && item.entityName === LEASE_ENTITY) runLease = parseLease(item.value);
    else if (item.key === stateKey) stateValue = item.value;
  }
  return { runLease, stateValue };
}

/** Deletes every state (and chunk) of a deleted item while `more()` allows; true when none is left. */
export function sweepItemLinkStates(itemId: string, more: () => boolean): Promise<boolean> {
  return deleteKeysUnder(itemLinkStatesPrefix(itemId), more);
}
