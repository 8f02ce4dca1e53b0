/**
 * Leases: a record of the `lease` custom entity that at most one invocation holds at a time.
 * Taken with an atomic create-if-absent, taken over only by a conditional replace of an
 * expired lease, released only by a conditional delete of the holder's own lease
 * (src/storage/atomic.ts), and carrying a TTL covering the holder's whole remaining invocation
 * time, so a crashed holder blocks nobody once it can no longer be running (https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-basic/
 * § set, keyPolicy; TTL per https://developer.atlassian.com/platform/forge/storage-reference/storage-api-ttl/).
 *
 * Two leases use this: the run lease (`sync:lease`, one scheduled run or queue batch at a
 * time) and the per-link writer lease (`lease:{itemId}:{issueId}`, one writer per link).
 */
import { z } from 'zod';
import { kvs } from '@forge/kvs';
import { slices } from './batch';
import { createEntityIfAbsent, deleteIf, Is, readEntity, replaceIf } from './atomic';

export const leaseSchema = z.object({
  owner: z.string(),
  kind: z.string(),
  acquiredAt: z.string(),
  /** Epoch ms after which the holder's invocation cannot be running any more. */
  expiresAt: z.number(),
  /**
   * Run lease only: the per-link lease keys of the links the run is working on now, without
   * taking their leases one by one (src/sync/core/runClaim.ts).
   */
  claimed: z.array(z.string()).optional(),
});
export type Lease = z.infer<typeof leaseSchema>;

export type LeaseResult = { ok: true; lease: Lease } | { ok: false; holder: Lease | null };

/** Extra seconds on top of the holder's remaining invocation time (clock skew, KVS TTL granularity). */
const TTL_SLACK_MS = 15_000;

/** A stored lease, or null when absent or unreadable (an unreadable lease protects nothing). */
export function parseLease(raw: unknown): Lease | null {
  const parsed = leaseSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export interface AcquireOptions {
  key: string;
  owner: string;
  kind: string;
  /** How long the holder may still run (its remaining invocation time). */
  holdMs: number;
  now?: number;
}

/** Custom entity (manifest.yml `app.storage.entities`) that holds every lease. */
export const LEASE_ENTITY = 'lease';

/**
 * Takes the lease at `key`: an atomic create; if a lease is there but expired (the holder's
 * invocation cannot be running any more and its TTL was not yet collected), an atomic
 * conditional replace that only succeeds while it is still that expired lease. A live lease
 * held by someone else → `{ok:false, holder}`.
 */
export async function acquireLease(options: AcquireOptions): Promise<LeaseResult> {
  const { key, owner, kind, holdMs } = options;
  const now = options.now ?? Date.now();
  const lease: Lease = {
    owner,
    kind,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: now + holdMs + TTL_SLACK_MS,
  };
  const ttlSeconds = Math.max(1, Math.ceil((holdMs + TTL_SLACK_MS) / 1000));
  if (await createEntityIfAbsent(LEASE_ENTITY, key, lease, { ttlSeconds })) return { ok: true, lease };
  const holder = parseLease(await readEntity(LEASE_ENTITY, key));
  if (holder && holder.expiresAt > now) return { ok: false, holder };
  const replaced = holder
    ? await replaceIf<Lease>(
        LEASE_ENTITY,
        key,
        { all: { owner: Is.equalTo(holder.owner), expiresAt: Is.lessThan(now) } },
        lease,
        { ttlSeconds },
      )
    : await createEntityIfAbsent(LEASE_ENTITY, key, lease, { ttlSeconds });
  if (replaced) return { ok: true, lease };
  // Another contender took it between our read and our write.
  return { ok: false, holder: parseLease(await readEntity(LEASE_ENTITY, key)) };
}

/**
 * Gives the lease up, only while it is still ours: a holder that outlived its lease (it
 * cannot, by the TTL's choice, but storage is not the place to trust that) never deletes the
 * lease of the writer that came after it.
 */
export async function releaseLease(key: string, owner: string): Promise<void> {
  await deleteIf<Lease>(LEASE_ENTITY, key, { all: { owner: Is.equalTo(owner) } });
}

/** Whole seconds of TTL that keep a lease until its `expiresAt` (at least 1). */
export function ttlUntil(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil((expiresAt - now) / 1000));
}

/**
 * Replaces the holder's own lease with `next` (same owner and expiry, e.g. a new claim), only
 * while it is still that holder's. `false`: the lease is not ours any more.
 */
export function rewriteOwnLease(key: string, next: Lease, now: number = Date.now()): Promise<boolean> {
  return replaceIf<Lease>(LEASE_ENTITY, key, { all: { owner: Is.equalTo(next.owner) } }, next, {
    ttlSeconds: ttlUntil(next.expiresAt, now),
  });
}

/** The lease at `key`; null when none is held or it is unreadable. */
export async function readLease(key: string): Promise<Lease | null> {
  return parseLease(await readEntity(LEASE_ENTITY, key));
}

/** Several leases in one batch read (custom entity items); absent or unreadable ones are null. */
export async function readLeases(keys: readonly string[]): Promise<Map<string, Lease | null>> {
  const out = new Map<string, Lease | null>(keys.map((k) => [k, null]));
  for (const part of slices(keys)) {
    const res = await kvs.batchGet<unknown>(part.map((key) => ({ key, entityName: LEASE_ENTITY })));
    for (const item of res.successfulKeys) out.set(item.key, parseLease(item.value));
  }
  return out;
}
