/**
 * Tickets a paused Smart Connected Item would have auto-created an issue for. There is no
 * link yet to hang per-link work on, so each is kept under `held:{itemId}:{ticketId}` until
 * the item is resumed (src/sync/pause.ts).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { deleteValues } from './batch';
import { heldItemPrefix, heldTicketKey } from './keys';
import { queryAll } from './query';

const heldSchema = z.object({ at: z.string() });

export async function holdTicketForItem(itemId: string, ticketId: string): Promise<void> {
  await kvs.set(heldTicketKey(itemId, ticketId), { at: new Date().toISOString() });
}

/** The held ticket ids of one item, with the keys that hold them. */
export async function listHeldTickets(itemId: string): Promise<{ key: string; ticketId: string }[]> {
  const prefix = heldItemPrefix(itemId);
  const { records } = await queryAll(prefix, heldSchema);
  return records.map((r) => ({ key: r.key, ticketId: r.key.slice(prefix.length) }));
}

export async function deleteHeldTickets(keys: readonly string[]): Promise<void> {
  await deleteValues(keys);
}
