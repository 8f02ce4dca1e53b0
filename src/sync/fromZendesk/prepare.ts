/**
 * Storage reads for a chunk of changed tickets, batched (docs/sync-model.md § One writer per
 * link): the tickets' link indexes in one request, the run's claim on their links
 * (src/sync/core/runClaim.ts), then the links and their states, 25 keys a request. Without a
 * run lease (Refresh, the drain) or when a read fails, nothing is prepared and each ticket
 * reads its own links and takes each link's lease as before.
 */
import { linkRecordSchema, type LinkRecord, type SmartItem } from '../../domain/types';
import { linkKey, linkLeaseKey, linkStateKey } from '../../storage/keys';
import { getTicketIndexes, type LinkRef } from '../../storage/links';
import type { Lease } from '../../storage/lease';
import { linkStateStore } from '../../storage/linkState';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { claimLinks, type ChunkClaim } from '../core/runClaim';
import { linkStateFrom, type LinkState } from '../core/state';
import type { PrefetchedIssue } from './linkPass';
import { prefetchIssues, type ChunkLink } from './prefetch';

/**
 * Tickets prepared together: one claim covers their links while they are processed, and one
 * bulk issue read (≤ 100 issues) serves them all — smaller chunks only add reads (docs/sync-model.md
 * § Reading issues in bulk). A queue batch is 100 tickets, so it is one chunk.
 */
export const TICKETS_PER_CHUNK = 100;

export interface TicketLinks {
  links: LinkRecord[];
  /** By linkStateKey; an unreadable state is left out so that link's pass fails alone. */
  states: Map<string, LinkState>;
  /** Items whose link exists but cannot be read: never auto-create a second issue for them. */
  unreadable: Set<string>;
}

export interface PreparedTicket extends TicketLinks {
  claim: ChunkClaim;
  /** The chunk's issues as its bulk read holds them (prefetch.ts), by issue id. */
  issues: ReadonlyMap<string, PrefetchedIssue>;
}

/** A ticket's links and states from batch-read values (shared with the one-ticket read). */
export function ticketLinksFrom(
  ticketId: string,
  refs: readonly LinkRef[],
  values: ReadonlyMap<string, unknown>,
): TicketLinks {
  const out: TicketLinks = { links: [], states: new Map(), unreadable: new Set() };
  for (const r of refs) {
    const raw = values.get(linkKey(r.itemId, r.issueId));
    // An index entry can outlive its link (deleted): nothing to sync for it.
    if (raw === undefined) continue;
    const parsed = linkRecordSchema.safeParse(raw);
    if (!parsed.success) {
      out.unreadable.add(r.itemId);
      continue;
    }
    if (parsed.data.zendeskObject !== 'ticket' || parsed.data.recordId !== ticketId) continue;
    out.links.push(parsed.data);
    const key = linkStateKey(r.itemId, r.issueId);
    try {
      out.states.set(key, linkStateFrom(r.itemId, r.issueId, values.get(key)));
    } catch {
      // Left for the link's own pass to report.
    }
  }
  return out;
}

/** The keys of the links and states behind `refs`. */
export function linkAndStateKeys(refs: readonly LinkRef[]): string[] {
  return refs.flatMap((r) => [linkKey(r.itemId, r.issueId), linkStateKey(r.itemId, r.issueId)]);
}

/**
 * The chunk's tickets, each with its links, states and the run's claim, read in batches:
 * ⌈n/25⌉ index reads, the claim (one write and ⌈links/25⌉ lease reads), ⌈2·links/25⌉ link
 * and state reads. The states are read after the leases (the order runClaim.ts relies on).
 * Then the issues the passes of the links claimed free will read, in bulk (prefetch.ts).
 */
export async function prepareTickets(
  tickets: readonly ZendeskTicket[],
  items: readonly SmartItem[],
  runLease: Lease,
  ctx: SyncContext,
): Promise<Map<string, PreparedTicket>> {
  const out = new Map<string, PreparedTicket>();
  const ticketIds = tickets.map((t) => String(t.id));
  if (ticketIds.length === 0 || items.length === 0) return out;
  let indexes: Map<string, LinkRef[]>;
  try {
    indexes = await getTicketIndexes(ticketIds);
  } catch {
    // An unreadable index entry: each ticket reads its own and fails alone.
    return out;
  }
  const wanted = new Set(items.map((i) => i.id));
  const refsOf = new Map<string, LinkRef[]>();
  for (const [id, refs] of indexes)
    refsOf.set(
      id,
      refs.filter((r) => wanted.has(r.itemId)),
    );
  const allRefs = [...refsOf.values()].flat();
  const claim = await claimLinks(runLease, allRefs);
  const values =
    allRefs.length === 0
      ? new Map<string, unknown>()
      : await linkStateStore.getMany(linkAndStateKeys(allRefs));
  const issues = new Map<string, PrefetchedIssue>();
  for (const [id, refs] of refsOf) {
    const mine = new Set(refs.map((r) => linkLeaseKey(r.itemId, r.issueId)));
    out.set(id, {
      ...ticketLinksFrom(id, refs, values),
      claim: {
        free: new Set([...claim.free].filter((k) => mine.has(k))),
        busy: new Set([...claim.busy].filter((k) => mine.has(k))),
      },
      issues,
    });
  }
  const chunkLinks: ChunkLink[] = [];
  for (const ticket of tickets) {
    const prepared = out.get(String(ticket.id));
    for (const link of prepared?.links ?? []) {
      const item = items.find((i) => i.id === link.itemId);
      const state = prepared?.states.get(linkStateKey(link.itemId, link.issueId));
      // Only links the run writes under its claim: a busy link's pass is recorded for later.
      if (item && state && prepared?.claim.free.has(linkLeaseKey(link.itemId, link.issueId)))
        chunkLinks.push({ ticket, link, item, state });
    }
  }
  for (const [issueId, read] of await prefetchIssues(ctx, chunkLinks)) issues.set(issueId, read);
  return out;
}
