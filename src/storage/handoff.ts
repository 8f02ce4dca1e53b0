/**
 * Storage of hand-off records `sync:handoff:{id}` (docs/sync-model.md § Hand-off of window
 * comments). Their shape and rules belong to the sync, which validates every value read here
 * (src/sync/fromZendesk/handoff.ts); this module only moves values.
 */
import { kvs } from '@forge/kvs';
import { handoffKey } from './keys';

/** The stored record, unparsed; undefined when there is none. */
export function readHandoffValue(id: string): Promise<unknown> {
  return kvs.get<unknown>(handoffKey(id));
}

export async function writeHandoffValue(id: string, record: object): Promise<void> {
  await kvs.set(handoffKey(id), record);
}

export async function deleteHandoff(id: string): Promise<void> {
  await kvs.delete(handoffKey(id));
}
