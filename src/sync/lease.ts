/**
 * The run lease: at most one sync run (scheduled or queue batch) works at a time, because
 * Forge may invoke a scheduled trigger twice (forge-facts §1.2) and queue consumers may run
 * in parallel. One KVS record `sync:lease`, taken with `keyPolicy: FAIL_IF_EXISTS` (atomic
 * create) and carrying a TTL, so a crashed holder blocks nobody once its invocation could no
 * longer be running (docs/sync-model.md § Lease).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';

export const LEASE_KEY = 'sync:lease';

export const leaseSchema = z.object({
  owner: z.string(),
  kind: z.enum(['scheduled', 'queue']),
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

/**
 * Takes the lease for `holdMs` (the invocation's remaining time). A live lease held by someone
 * else → `{ok:false, holder}`. An expired one whose TTL has not yet been collected is replaced
 * with an atomic swap that returns the previous value; if that value is not the expired lease
 * we saw, another contender won the race and its lease is put back.
 */
export async function acquireLease(
  owner: string,
  kind: Lease['kind'],
  holdMs: number,
  now: number = Date.now(),
): Promise<LeaseResult> {
  const lease: Lease = {
    owner,
    kind,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: now + holdMs + TTL_SLACK_MS,
  };
  const ttl = ttlSeconds(holdMs + TTL_SLACK_MS);
  try {
    await kvs.set(LEASE_KEY, lease, { keyPolicy: 'FAIL_IF_EXISTS', ttl });
    return { ok: true, lease };
  } catch (error) {
    // The platform's error code for an existing key is not documented: look at the key instead.
    const raw = await kvs.get<unknown>(LEASE_KEY);
    if (raw === undefined) throw error;
    const existing = parseLease(raw);
    if (existing && existing.expiresAt > now) return { ok: false, holder: existing };
    const previous = await kvs.set<Lease, unknown>(LEASE_KEY, lease, {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
      ttl,
    });
    const prev = parseLease(previous?.value);
    const sameAsSeen =
      prev === null
        ? existing === null
        : existing !== null && prev.owner === existing.owner && prev.expiresAt === existing.expiresAt;
    if (previous === undefined || sameAsSeen) return { ok: true, lease };
    // Lost the race to another contender between our read and our swap: restore its lease.
    if (prev) await kvs.set(LEASE_KEY, prev, { ttl: ttlSeconds(Math.max(1000, prev.expiresAt - now)) });
    return { ok: false, holder: prev };
  }
}

/**
 * Gives the lease up. The holder cannot outlive it (its TTL covers the invocation's whole
 * remaining time), so the record is still ours and an unconditional delete is safe.
 */
export async function releaseLease(): Promise<void> {
  await kvs.delete(LEASE_KEY);
}
