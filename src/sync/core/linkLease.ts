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
import { readRunLeaseAndLinkState } from '../../storage/linkState';
import type { SyncContext } from './context';
import { claimingRun } from './runClaim';
import { linkStateFrom, type LinkState } from './state';

export type LinkLeaseResult<T> = { ok: true; value: T } | { ok: false; holder: Lease | null };

/** Read right after the lease was taken, so it is the state the holder starts from. */
export interface LeasedRead {
  /** The link's state; undefined when unreadable (the work's own load reports it). */
  state: LinkState | undefined;
}

/**
 * One batch read after taking the link's lease: the run lease (a run may claim the link,
 * src/sync/core/runClaim.ts) and the link's state, which the work would read anyway.
 */
async function readAfterLease(link: Pick<LinkRecord, 'itemId' | 'issueId'>): Promise<{
  runLease: Lease | null;
  read: LeasedRead;
}> {
  const { runLease, stateValue } = await readRunLeaseAndLinkState(link.itemId, link.issueId);
  let state: LinkState | undefined;
  try {
    state = linkStateFrom(link.itemId, link.issueId, stateValue);
  } catch {
    state = undefined;
  }
  return { runLease, read: { state } };
}

/** Shortest hold: a Refresh or an event handler whose remaining time is unknown. */
const MIN_HOLD_MS = 30_000;

/**
 * Runs `work` holding the lease of `link`; `{ok:false}` without running it when another
 * writer holds the lease, or a run of another invocation claims the link. The lease lasts the
 * invocation's remaining time, so the holder cannot outlive it, and is released when `work`
 * ends, whether it succeeded or threw. `work` receives the link state read after the lease.
 */
export async function withLinkLease<T>(
  link: Pick<LinkRecord, 'itemId' | 'issueId'>,
  ctx: Pick<SyncContext, 'runId' | 'trigger' | 'budget'>,
  work: (read: LeasedRead) => Promise<T>,
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
    const { runLease, read } = await readAfterLease(link);
    const run = claimingRun(runLease, link, ctx.runId);
    if (run) return { ok: false, holder: run };
    return { ok: true, value: await work(read) };
  } finally {
    await releaseLease(key, ctx.runId).catch(() => {
      // The TTL frees it: a lost release only delays the next writer, it never doubles a write.
    });
  }
}
