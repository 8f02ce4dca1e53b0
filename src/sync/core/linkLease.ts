/**
 * One writer per link (docs/sync-model.md § One writer per link). Every path that writes
 * for a link — the scheduled pass and queue batches, the drain of pending work, a panel
 * Refresh, the first sync after linking, each Jira event handler — holds the link's lease
 * while it reads the link's state and writes to Jira or Zendesk. A second writer never
 * writes in parallel: it records the work (src/storage/work.ts) for the drain and leaves.
 *
 * With one writer per link, the link state needs no merge of concurrent saves and a copy
 * needs no look at the other side first: the state is the truth, and only a crash between a
 * write and its record is repaired by looking for the exact source id (markers, properties).
 */
import type { LinkRecord } from '../../domain/types';
import { linkLeaseKey } from '../../storage/keys';
import { acquireLease, releaseLease, type Lease } from '../../storage/lease';
import type { SyncContext } from './context';

export type LinkLeaseResult<T> = { ok: true; value: T } | { ok: false; holder: Lease | null };

/** Shortest hold: a Refresh or an event handler whose remaining time is unknown. */
const MIN_HOLD_MS = 30_000;

/**
 * Runs `work` holding the lease of `link`; `{ok:false}` without running it when another
 * writer holds the lease. The lease lasts the invocation's remaining time, so the holder
 * cannot outlive it, and is released when `work` ends, whether it succeeded or threw.
 */
export async function withLinkLease<T>(
  link: Pick<LinkRecord, 'itemId' | 'issueId'>,
  ctx: Pick<SyncContext, 'runId' | 'trigger' | 'budget'>,
  work: () => Promise<T>,
): Promise<LinkLeaseResult<T>> {
  const key = linkLeaseKey(link.itemId, link.issueId);
  const lease = await acquireLease({
    key,
    owner: ctx.runId,
    kind: ctx.trigger,
    holdMs: Math.max(MIN_HOLD_MS, ctx.budget.remainingMs()),
  });
  if (!lease.ok) return { ok: false, holder: lease.holder };
  try {
    return { ok: true, value: await work() };
  } finally {
    await releaseLease(key, ctx.runId).catch(() => {
      // The TTL frees it: a lost release only delays the next writer, it never doubles a write.
    });
  }
}
