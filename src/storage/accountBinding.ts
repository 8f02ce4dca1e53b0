/**
 * Which Zendesk account this Jira site's links belong to (docs/sync-model.md § Bound to one
 * Zendesk account). Links, the export cursor, claims and pending work all name tickets by id,
 * and ticket ids mean nothing in another account: connecting a different account must never
 * let the sync write to "ticket 42" there. The binding outlives a revoke; a connection to
 * another account while links exist is stored suspended (`suspendedFrom`) until the admin
 * decides in the admin page.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { ACCOUNT_BINDING_KEY, LINK_PREFIX } from './keys';

export const accountBindingSchema = z.object({
  subdomain: z.string().min(1),
  boundAt: z.string(),
});
export type AccountBinding = z.infer<typeof accountBindingSchema>;

export async function readBinding(): Promise<AccountBinding | null> {
  const parsed = accountBindingSchema.safeParse(await kvs.get<unknown>(ACCOUNT_BINDING_KEY));
  return parsed.success ? parsed.data : null;
}

export async function writeBinding(subdomain: string): Promise<void> {
  await kvs.set(ACCOUNT_BINDING_KEY, { subdomain, boundAt: new Date().toISOString() });
}

/** Whether any link exists (one query page of one key). */
export async function anyLinkExists(): Promise<boolean> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(LINK_PREFIX)).limit(1).getMany();
  return page.results.length > 0;
}

/**
 * What a new connection to `subdomain` means for the links: `null` when they may follow it
 * (same account, or nothing linked yet — then the binding moves), else the account the links
 * belong to (the connection is stored suspended).
 */
export async function bindOrSuspend(subdomain: string): Promise<string | null> {
  const binding = await readBinding();
  if (binding?.subdomain === subdomain) return null;
  if (binding && (await anyLinkExists())) return binding.subdomain;
  await writeBinding(subdomain);
  return null;
}
