/**
 * Leases: a KVS record that at most one invocation holds at a time. Taken with
 * `keyPolicy: 'FAIL_IF_EXISTS'` (an atomic create on the platform) and a TTL covering the
 * holder's whole remaining invocation time, so a crashed holder blocks nobody once it can no
 * longer be running (https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-basic/
 * § set, keyPolicy; TTL per https://developer.atlassian.com/platform/forge/storage-reference/storage-api-ttl/).
 *
 * Two leases use this: the run lease (`sync:lease`, one scheduled run or queue batch at a
 * time) and the per-link writer lease (`lease:{itemId}:{issueId}`, one writer per link).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';

export const leaseSchema = z.object({
  owner: z.string(),
  kind: z.string(),
  acquiredAt: z.string(),
  /** Epoch ms after which the holder's invocation cannot be running any more. */
  expiresAt: z.number(),
});
export type Lease = z.infer<typeof leaseSchema>;

export type LeaseResult = { ok: true; lease: Lease } | { ok: false; holder: Lease | null };

/** Extra seconds on top of the holder's remaining invocation time (clock skew, KVS TTL granularity). */
const TTL_SLACK_MS = 15_000;

function ttlSeconds(ms: number): { value: number; unit: 'SECONDS' } {
  return { value: Math.max(1, Math.ceil(ms / 1000)), unit: 'SECONDS' };
}

function parseLease(raw: unknown): Lease | null {
  const parsed = leaseSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function sameLease(a: Lease | null, b: Lease | null): boolean {
  if (a === null || b === null) return a === b;
  return a.owner === b.owner && a.expiresAt === b.expiresAt;
}

export interface AcquireOptions {
  key: string;
  owner: string;
  kind: string;
  /** How long the holder may still run (its remaining invocation time). */
  holdMs: number;
  now?: number;
}

/**
 * Takes the lease at `key`. A live lease held by someone else → `{ok:false, holder}`. An
 * expired one whose TTL has not yet been collected is replaced with an atomic swap that
 * returns the previous value; if that value is not the expired lease we saw, another
 * contender won the race and its lease is put back.
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
  const ttl = ttlSeconds(holdMs + TTL_SLACK_MS);
  try {
    await kvs.set(key, lease, { keyPolicy: 'FAIL_IF_EXISTS', ttl });
    return { ok: true, lease };
  } catch (error) {
    // The platform's error code for an existing key is not documented: look at the key instead.
    const raw = await kvs.get<unknown>(key);
    if (raw === undefined) throw error;
    const existing = parseLease(raw);
    if (existing && existing.expiresAt > now) return { ok: false, holder: existing };
    const previous = await kvs.set<Lease, unknown>(key, lease, {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
      ttl,
    });
    const prev = parseLease(previous?.value);
    if (previous === undefined || sameLease(prev, existing)) return { ok: true, lease };
    // Lost the race to another contender between our read and our swap: restore its lease.
    if (prev) await kvs.set(key, prev, { ttl: ttlSeconds(Math.max(1000, prev.expiresAt - now)) });
    return { ok: false, holder: prev };
  }
}

/**
 * Gives the lease up. The holder cannot outlive it (its TTL covers the invocation's whole
 * remaining time), so the record is still ours and an unconditional delete is safe.
 */
export async function releaseLease(key: string): Promise<void> {
  await kvs.delete(key);
}
