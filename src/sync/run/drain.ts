/**
 * The scheduled run's drain of durable per-link work (docs/sync-model.md § Durable work):
 * every mark whose back-off has run out is delivered through the code a first attempt runs —
 * Jira → Zendesk marks replay their stored event (toZendesk/run.ts deliverLinkWork), Zendesk →
 * Jira marks run the link's pass over the ticket as it is now — each holding the link's lease.
 * A mark is deleted only when its change is delivered; a failure backs it off again.
 */
import type { LinkRecord, SmartItem } from '../../domain/types';
import { getLinksForIssue } from '../../storage/links';
import { listItems } from '../../storage/items';
import { completeWork, deferWork, isDue, listAllWork, type WorkEntry } from '../../storage/work';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { createEnv, deliverLinkWork, isTwoWayTicketItem } from '../toZendesk/run';
import { leasedLinkPass } from '../fromZendesk/pass';
import { asConnectionLost, isConnectionLost } from '../lifecycle/connectionLost';
import { asStop, isRateLimit, RunStop } from '../core/passErrors';
import { isPaused } from '../core/pause';
import { errorText } from '../core/problems';

/** Query pages of marks read per run (20 marks a page). */
const MAX_PAGES = 50;

export interface DrainOutcome {
  delivered: number;
  /** Links whose work stays for later (back-off, busy, budget). */
  waiting: number;
  /** False when the budget or the page cap ended the drain before all due work was tried. */
  complete: boolean;
}

interface Group {
  itemId: string;
  issueId: string;
  direction: WorkEntry['direction'];
  entries: WorkEntry[];
}

function groupByLink(entries: readonly WorkEntry[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of entries) {
    const key = `${e.itemId}:${e.issueId}:${e.direction}`;
    let g = groups.get(key);
    if (!g) {
      g = { itemId: e.itemId, issueId: e.issueId, direction: e.direction, entries: [] };
      groups.set(key, g);
    }
    g.entries.push(e);
  }
  return [...groups.values()];
}

/** A group is due when none of its marks is backing off (its order is kept). */
function isGroupDue(group: Group, now: number): boolean {
  return group.entries.every((e) => isDue(e.mark, now));
}

async function linksOf(groups: readonly Group[]): Promise<Map<string, LinkRecord>> {
  const out = new Map<string, LinkRecord>();
  const byIssue = new Map<string, Set<string>>();
  for (const g of groups) byIssue.set(g.issueId, (byIssue.get(g.issueId) ?? new Set()).add(g.itemId));
  for (const [issueId, itemIds] of byIssue) {
    const { links } = await getLinksForIssue(issueId, [...itemIds]);
    for (const l of links) out.set(`${l.itemId}:${l.issueId}`, l);
  }
  return out;
}

function isPausedId(items: ReadonlyMap<string, SmartItem>, itemId: string): boolean {
  const item = items.get(itemId);
  return item !== undefined && isPaused(item);
}

/** Drains what is due, while the run's budget allows. */
export async function drainPendingWork(ctx: SyncContext): Promise<DrainOutcome> {
  const { entries, complete } = await listAllWork({ maxPages: MAX_PAGES });
  const outcome: DrainOutcome = { delivered: 0, waiting: 0, complete };
  if (entries.length === 0) return outcome;
  const now = Date.now();
  const items = new Map((await listItems()).items.map((i) => [i.id, i]));
  // A paused item's work stays untouched (not even counted as waiting): Resume sets the
  // pending flag again, and the next drain delivers it.
  const groups = groupByLink(entries).filter((g) => !isPausedId(items, g.itemId));
  const due = groups.filter((g) => isGroupDue(g, now));
  outcome.waiting = groups.length - due.length;
  if (due.length === 0) return outcome;
  const links = await linksOf(due);
  const toJira: { group: Group; link: LinkRecord; item: SmartItem }[] = [];
  const env = createEnv(ctx, 0);
  for (const group of due) {
    const item = items.get(group.itemId);
    const link = links.get(`${group.itemId}:${group.issueId}`);
    if (!item || !link || item.zendeskObject !== 'ticket' || item.syncMode === 'none') {
      // The link or item is gone, or no longer synchronizes: nothing left to deliver.
      await completeWork(group.entries.map((e) => e.key));
      continue;
    }
    if (group.direction === 'toJira') {
      toJira.push({ group, link, item });
      continue;
    }
    if (!ctx.budget.canProcess()) {
      outcome.complete = false;
      break;
    }
    if (!isTwoWayTicketItem(item)) {
      await completeWork(group.entries.map((e) => e.key));
      continue;
    }
    const result = await deliverLinkWork({ item, link }, group.entries, env);
    if (result.status === 'done') outcome.delivered += group.entries.length;
    else outcome.waiting += 1;
  }
  await drainToJira(ctx, toJira, outcome);
  return outcome;
}

/** Zendesk → Jira marks: the tickets read together (show_many), then each link's pass. */
async function drainToJira(
  ctx: SyncContext,
  work: readonly { group: Group; link: LinkRecord; item: SmartItem }[],
  outcome: DrainOutcome,
): Promise<void> {
  if (work.length === 0) return;
  if (!ctx.budget.canProcess()) {
    outcome.complete = false;
    return;
  }
  const observedAtMs = Date.now();
  const ticketIds = [...new Set(work.map((w) => w.link.recordId))];
  const tickets = new Map<string, ZendeskTicket>();
  for (let i = 0; i < ticketIds.length; i += 100)
    for (const t of await ctx.zendesk.getTickets(ticketIds.slice(i, i + 100))) tickets.set(String(t.id), t);
  for (const { group, link, item } of work) {
    if (!ctx.budget.canProcess()) {
      outcome.complete = false;
      return;
    }
    const keys = group.entries.map((e) => e.key);
    const ticket = tickets.get(link.recordId);
    if (!ticket) {
      // Gone from Zendesk (show_many leaves deleted tickets out): the lifecycle rules apply.
      await completeWork(keys);
      continue;
    }
    try {
      const leased = await leasedLinkPass({ link, item, ticket }, ctx, { observedAtMs });
      if (!leased.ok || !leased.value.complete) {
        // Busy, or the budget ended inside the conversation: the marks stay for the next run.
        outcome.waiting += 1;
        continue;
      }
      await completeWork(keys);
      outcome.delivered += keys.length;
    } catch (error) {
      if (error instanceof RunStop) throw error;
      if (isRateLimit(error)) throw asStop(error);
      if (isConnectionLost(error)) throw asConnectionLost(error);
      ctx.summary.error(errorText(error), {
        ticketId: link.recordId,
        issueKey: link.issueKey,
        itemId: link.itemId,
      });
      await deferWork(group.entries, errorText(error));
      outcome.waiting += 1;
    }
  }
}
