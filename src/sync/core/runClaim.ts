/**
 * The run's claim on links (docs/sync-model.md § One writer per link). A scheduled run or
 * queue batch holds the run lease (`sync:lease`); instead of taking one lease per link it
 * writes, before each chunk of tickets, the link lease keys of the chunk into its own run
 * lease record (`claimed`), then reads those links' leases, and only then their states. Every
 * other writer (an event handler, Refresh, the first sync) takes the link's own lease first
 * and then reads the run lease: if a live run of another invocation claims the link, it steps
 * back (records its work and leaves) without writing.
 *
 * Why at most one writes: each side writes its mark before it reads the other's (the run: claim,
 * then leases; the other writer: link lease, then claim), and KVS answers each request in
 * order, so at least one of the two sees the other. The other writer steps back when it sees
 * the claim; the run skips the link (records it for the drain) when it sees a live lease. A
 * writer that finished before the run read the leases saved its state before releasing its
 * lease, and the run reads states only after the leases, so it starts from that state.
 */
import { linkLeaseKey, RUN_LEASE_KEY } from '../../storage/keys';
import { readLeases, rewriteOwnLease, type Lease } from '../../storage/lease';

export interface LinkId {
  itemId: string;
  issueId: string;
}

/** What the run found when it claimed a chunk's links. */
export interface ChunkClaim {
  /** Link lease keys the run may write without their own lease. */
  free: Set<string>;
  /** Link lease keys another writer holds right now: their work waits for the drain. */
  busy: Set<string>;
}

const NO_CLAIM: ChunkClaim = { free: new Set(), busy: new Set() };

/**
 * Claims `links` for the run holding `runLease` (two KVS requests per 25 links: the claim
 * written into the run lease, then the links' leases read). Nothing is free when the run lease
 * is no longer ours; the caller then takes each link's own lease as before.
 */
export async function claimLinks(
  runLease: Lease,
  links: readonly LinkId[],
  now: number = Date.now(),
): Promise<ChunkClaim> {
  if (links.length === 0) return NO_CLAIM;
  const keys = [...new Set(links.map((l) => linkLeaseKey(l.itemId, l.issueId)))];
  if (!(await rewriteOwnLease(RUN_LEASE_KEY, { ...runLease, claimed: keys }, now))) return NO_CLAIM;
  const held = await readLeases(keys);
  const claim: ChunkClaim = { free: new Set(), busy: new Set() };
  const at = Date.now();
  for (const key of keys) {
    const lease = held.get(key);
    // An expired lease belongs to an invocation that cannot be running any more.
    if (lease && lease.owner !== runLease.owner && lease.expiresAt > at) claim.busy.add(key);
    else claim.free.add(key);
  }
  return claim;
}

/**
 * For a writer holding the link's own lease: the live run of another invocation that claims
 * the link, or null. `runLease` is the run lease record as read after taking the link lease.
 */
export function claimingRun(
  runLease: Lease | null,
  link: LinkId,
  ownRunId: string,
  now: number = Date.now(),
): Lease | null {
  if (!runLease || runLease.owner === ownRunId || runLease.expiresAt <= now) return null;
  return runLease.claimed?.includes(linkLeaseKey(link.itemId, link.issueId)) ? runLease : null;
}
