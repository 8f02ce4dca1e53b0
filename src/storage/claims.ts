/**
 * Auto-create claims `sync:claim:{itemId}:{ticketId}` (docs/sync-model.md § Auto-create): the
 * record written before Jira is asked to create an issue for a ticket, so a run that crashed
 * between the create and storing the link finds the issue it made instead of making another.
 * The protocol is the sync's (src/sync/fromZendesk/autoCreate.ts); this module stores claims.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { claimKey, itemClaimsPrefix } from './keys';
import { deleteKeysUnder } from './query';

/** A claim outlives any crash recovery by far; the platform deletes it after this. */
export const CLAIM_TTL_DAYS = 30;

export const claimSchema = z.object({
  claimId: z.string(),
  itemId: z.string(),
  ticketId: z.string(),
  projectId: z.string(),
  createdAt: z.string(),
  /** Ticket status at creation: the initial-status hold is released when it changes. */
  ticketStatus: z.string(),
});
export type Claim = z.infer<typeof claimSchema>;

/**
 * Writes `claim` unless a claim for the same item and ticket exists: one atomic request, no
 * read. Throws when one exists (or the write failed); the caller then reads what is there.
 */
export async function writeNewClaim(claim: Claim): Promise<void> {
  await kvs.set(claimKey(claim.itemId, claim.ticketId), claimSchema.parse(claim), {
    keyPolicy: 'FAIL_IF_EXISTS',
    ttl: { value: CLAIM_TTL_DAYS, unit: 'DAYS' },
  });
}

/** The claim of an item and ticket; null when absent or unreadable. */
export async function readClaim(itemId: string, ticketId: string): Promise<Claim | null> {
  const raw = await kvs.get<unknown>(claimKey(itemId, ticketId));
  if (raw === undefined) return null;
  const parsed = claimSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function deleteClaim(itemId: string, ticketId: string): Promise<void> {
  await kvs.delete(claimKey(itemId, ticketId));
}

/** Deletes every claim of a deleted item while `more()` allows; true when none is left. */
export function sweepItemClaims(itemId: string, more: () => boolean): Promise<boolean> {
  return deleteKeysUnder(itemClaimsPrefix(itemId), more);
}
