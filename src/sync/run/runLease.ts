/**
 * The run lease: at most one sync run (scheduled or queue batch) works at a time, because
 * Forge may invoke a scheduled trigger twice and queue consumers may run in parallel
 * (https://developer.atlassian.com/platform/forge/manifest-reference/modules/scheduled-trigger/).
 * One KVS record `sync:lease` (docs/sync-model.md § Lease); the mechanics are in
 * src/storage/lease.ts, shared with the per-link writer lease.
 */
import { RUN_LEASE_KEY } from '../../storage/keys';
import { acquireLease as acquire, releaseLease as release, type LeaseResult } from '../../storage/lease';

export { leaseSchema, type Lease, type LeaseResult } from '../../storage/lease';

export function acquireLease(
  owner: string,
  kind: 'scheduled' | 'queue',
  holdMs: number,
  now: number = Date.now(),
): Promise<LeaseResult> {
  return acquire({ key: RUN_LEASE_KEY, owner, kind, holdMs, now });
}

export async function releaseLease(owner: string): Promise<void> {
  await release(RUN_LEASE_KEY, owner);
}
