/**
 * A Zendesk ticket that ends its life on the Zendesk side (docs/sync-model.md § Lifecycle):
 *
 * - **deleted**: the incremental export lists it with `status: "deleted"` (and show answers
 *   404). Every link of the ticket gets a TICKET_DELETED error and the pass stops for it; the
 *   link stays visible so the agent can unlink it. Zendesk keeps deleted tickets restorable for
 *   30 days (https://support.zendesk.com/hc/en-us/articles/4408838665242); a restored ticket
 *   comes back in the export and its first successful pass clears the problem.
 * - **merged**: Zendesk closes the source ticket, tags it `closed_by_merge` and adds the merge
 *   note "This request was closed and merged into request #{target} …" to it
 *   (https://support.zendesk.com/hc/en-us/articles/4408882445594, "Merging tickets"). The pass
 *   still copies that last state to Jira; the link gets a TICKET_MERGED limitation naming the
 *   target ticket, since a closed ticket takes no more updates.
 */
import type { LinkRecord } from '../../domain/types';
import { getLinksForTicket } from '../../storage/links';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { lifecycleProblem, logLifecycle, putProblem } from './problems';

export const MERGED_TAG = 'closed_by_merge';
const MERGE_NOTE = /merged into (?:request|ticket) #(\d+)/i;

async function recordOnAll(
  links: readonly LinkRecord[],
  ctx: SyncContext,
  problemFor: (link: LinkRecord) => ReturnType<typeof lifecycleProblem>,
): Promise<void> {
  for (const link of links) {
    const p = problemFor(link);
    if (await putProblem(link, p)) logLifecycle(ctx.summary, p, link);
  }
}

/** The export listed the ticket as deleted: every link of it records that (once). */
export async function recordTicketDeleted(ticket: ZendeskTicket, ctx: SyncContext): Promise<void> {
  const { links } = await getLinksForTicket(String(ticket.id));
  await recordOnAll(links, ctx, () =>
    lifecycleProblem(
      'error',
      'TICKET_DELETED',
      `Zendesk ticket ${ticket.id} was deleted, so nothing is synchronized for this link any more. Unlink it from the issue, or restore the ticket in Zendesk (possible for 30 days) to resume.`,
    ),
  );
}

export function isMergedTicket(ticket: ZendeskTicket): boolean {
  return ticket.status === 'closed' && ticket.tags.includes(MERGED_TAG);
}

/** The ticket the merge note names, newest note first; null when there is none to read. */
async function mergeTarget(ticket: ZendeskTicket, ctx: SyncContext): Promise<string | null> {
  const comments = await ctx.zendesk.listComments(ticket.id);
  for (const c of [...comments].reverse()) {
    const match = MERGE_NOTE.exec(c.plain_body ?? c.body ?? '');
    if (match?.[1]) return match[1];
  }
  return null;
}

/** A merged (closed) ticket: each link records the target ticket once. */
export async function recordTicketMerged(ticket: ZendeskTicket, ctx: SyncContext): Promise<void> {
  const { links } = await getLinksForTicket(String(ticket.id));
  const open = links.filter((l) => !l.problems.some((p) => p.code === 'TICKET_MERGED'));
  if (open.length === 0) return;
  const target = await mergeTarget(ticket, ctx);
  const into = target === null ? 'another ticket' : `ticket ${target}`;
  const next = target === null ? 'the ticket it was merged into' : `ticket ${target}`;
  await recordOnAll(open, ctx, () =>
    lifecycleProblem(
      'limitation',
      'TICKET_MERGED',
      `Zendesk ticket ${ticket.id} was merged into ${into} and is closed: it takes no more updates. Link this issue to ${next} to keep synchronizing.`,
    ),
  );
}
