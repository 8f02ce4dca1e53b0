/**
 * Queue batches that could not run (no Zendesk connection, inactive license). The export
 * cursor has already passed their tickets, so dropping them would lose those changes: they
 * wait here until the scheduled run can hand them to the queue again.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { PENDING_FLAG_KEY, WAITING_BATCH_PREFIX, waitingBatchKey } from './keys';
import { queryAll } from './query';
import { KEY_SAFE_ID_PATTERN, zendeskIdSchema } from '../domain/ids';

export const waitingBatchSchema = z.object({
  ticketIds: z.array(zendeskIdSchema).min(1).max(100),
  since: z.string(),
  reason: z.enum(['not-connected', 'suspended', 'license-inactive']),
  /** The batch's hand-off record (src/sync/fromZendesk/handoff.ts), kept for when it runs. */
  handoff: z.string().regex(KEY_SAFE_ID_PATTERN).optional(),
});
export type WaitingBatch = z.infer<typeof waitingBatchSchema>;

/** Stores a batch to wait; the same batch id stored again overwrites (redelivery). */
export async function storeWaitingBatch(id: string, batch: WaitingBatch): Promise<void> {
  const res = await kvs.batchSet<unknown>([
    { key: waitingBatchKey(id), value: waitingBatchSchema.parse(batch) },
    // The scheduled run's cue that something waits (see work.ts clearPendingFlag).
    { key: PENDING_FLAG_KEY, value: { at: batch.since } },
  ]);
  const failed = res.failedKeys[0];
  if (failed) throw new Error(`Could not store the waiting batch: ${failed.error.message}`);
}

export async function listWaitingBatches(): Promise<{ key: string; value: WaitingBatch }[]> {
  return (await queryAll(WAITING_BATCH_PREFIX, waitingBatchSchema)).records;
}

export async function deleteWaitingBatch(key: string): Promise<void> {
  await kvs.delete(key);
}
