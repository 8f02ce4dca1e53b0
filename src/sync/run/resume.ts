/**
 * Resuming a paused Smart Connected Item (src/sync/core/pause.ts): the pending flag is set, so the next
 * scheduled run's drain delivers the item's marks, and the tickets held for auto-create go to
 * the queue, whose consumer runs the same per-ticket path as the scheduled run.
 */
import { deleteHeldTickets, listHeldTickets } from '../../storage/heldTickets';
import { setPendingFlag } from '../../storage/work';
import { pushTicketBatches } from './queue';

/**
 * The catch-up after Resume: held tickets pushed to the queue before they are deleted (a crash
 * in between pushes them twice, which the per-ticket path absorbs), and the pending flag set.
 * Returns how many tickets were handed to the queue.
 */
export async function releaseHeldWork(itemId: string, runId: string): Promise<number> {
  await setPendingFlag();
  const held = await listHeldTickets(itemId);
  if (held.length === 0) return 0;
  await pushTicketBatches(
    held.map((h) => h.ticketId),
    runId,
  );
  await deleteHeldTickets(held.map((h) => h.key));
  return held.length;
}
