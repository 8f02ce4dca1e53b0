/**
 * One changed ticket from the export, the queue or the retry list (docs/sync-model.md § The
 * per-ticket path): its links through the `ticket:{id}` index (never a scan), each synchronized
 * item's pass, and auto-create for items without a link. Failures of one link do not stop the
 * others; a rate limit or a lost connection stops the run at once.
 */
import type { LinkRecord, SmartItem } from '../../domain/types';
import { linkLeaseKey, linkStateKey } from '../../storage/keys';
import { getTicketIndex } from '../../storage/links';
import { linkStateStore } from '../../storage/linkState';
import { AppError } from '../../util/errors';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { asStop, isRateLimit, RunStop, TicketFailed } from '../core/passErrors';
import { holdTicket, isPaused } from '../core/pause';
import { errorText } from '../core/problems';
import type { ChunkClaim } from '../core/runClaim';
import { asConnectionLost, isConnectionLost } from '../lifecycle/connectionLost';
import { isMergedTicket, recordTicketDeleted, recordTicketMerged } from '../lifecycle/ticketGone';
import { autoCreateIssue, isAutoCreateCandidate } from './autoCreate';
import type { FeedOutcome } from './commentFeed';
import { feedReporterOf } from './handoff';
import type { LinkPassOptions, LinkPassResult } from './linkPass';
import { linkAndStateKeys, ticketLinksFrom, type PreparedTicket, type TicketLinks } from './prepare';
import { deferLinkPass, deferred, passAsWriter, passUnderLease } from './writer';

export interface TicketResult {
  /** False: the budget ran out inside this ticket; it must be processed again. */
  complete: boolean;
}

/**
 * The ticket's links for the synchronized items, found through the `ticket:{id}` index (never
 * a scan), and their states, read together in one batch. An unreadable state is left out so
 * that link's own pass reads it again and fails alone (STATE_INVALID).
 */
async function readTicketLinks(ticketId: string, items: readonly SmartItem[]): Promise<TicketLinks> {
  const refs = (await getTicketIndex(ticketId)).filter((r) => items.some((i) => i.id === r.itemId));
  if (refs.length === 0) return { links: [], states: new Map(), unreadable: new Set() };
  return ticketLinksFrom(ticketId, refs, await linkStateStore.getMany(linkAndStateKeys(refs)));
}

/** One changed ticket's pass over its items: what each of its links' passes shares. */
interface TicketPass {
  readonly ticket: ZendeskTicket;
  readonly ctx: SyncContext;
  readonly observed: { observedAtMs?: number };
  /** What the chunk read ahead for this ticket: its links and states, the run's claim, issues. */
  readonly prepared: PreparedTicket | undefined;
  /** How each link's pass left the ticket's comments, for the comment feed. */
  readonly outcomes: FeedOutcome[];
}

/**
 * One link's pass for a changed ticket: under the run's claim when the chunk claimed it free
 * (no lease of its own), recorded for the drain when another writer holds it, else holding
 * the link's own lease.
 */
async function passForTicket(
  pass: TicketPass,
  { link, item }: { link: LinkRecord; item: SmartItem },
  options: LinkPassOptions,
): Promise<LinkPassResult> {
  const { ticket, ctx } = pass;
  const claim: ChunkClaim | undefined = pass.prepared?.claim;
  const key = linkLeaseKey(link.itemId, link.issueId);
  // A paused item's change waits as the link's work (passUnderLease records it).
  if (claim?.free.has(key) && !isPaused(item)) return passAsWriter({ link, item, ticket }, ctx, options);
  if (claim?.busy.has(key)) return deferred(link, ticket, ctx);
  return passUnderLease({ link, item, ticket }, ctx, options);
}

/** The links' passes of one ticket; the failures, to report together. */
async function passItems(
  pass: TicketPass,
  items: readonly SmartItem[],
  found: TicketLinks,
): Promise<{ complete: boolean; failures: string[] }> {
  const { ticket, ctx, prepared, observed, outcomes } = pass;
  const ticketId = String(ticket.id);
  const failures: string[] = [];
  let complete = true;
  for (const item of items) {
    const link = found.links.find((l) => l.itemId === item.id);
    try {
      let res: LinkPassResult | null = null;
      if (link) {
        const state = found.states.get(linkStateKey(item.id, link.issueId));
        const prefetched = prepared?.issues.get(link.issueId);
        const options = {
          ...observed,
          ...(state ? { state } : {}),
          ...(prefetched ? { prefetched } : {}),
          foundInTicketIndex: true,
        };
        res = await passForTicket(pass, { link, item }, options);
      } else if (found.unreadable.has(item.id)) {
        throw new AppError(
          'STATE_INVALID',
          `The stored link of ticket ${ticketId} for "${item.name}" is unreadable; nothing was synchronized for it`,
        );
      } else if (isAutoCreateCandidate(ticket, item, ctx.connection.connectedAt)) {
        if (isPaused(item)) {
          // Created when the admin resumes the item (the ticket goes to the queue then).
          await holdTicket(item.id, ticketId);
          ctx.summary.add('skipped');
          outcomes.push('none');
          continue;
        }
        const created = await autoCreateIssue(ticket, item, ctx);
        res = await passUnderLease({ link: created.link, item, ticket }, ctx, {
          ...observed,
          state: created.state,
          justCreated: true,
          registration: created.registration,
        });
      }
      if (res) {
        complete &&= res.complete;
        outcomes.push(res.feed);
      }
    } catch (error) {
      outcomes.push('none');
      if (error instanceof RunStop) throw error;
      if (isRateLimit(error)) throw asStop(error);
      if (isConnectionLost(error)) throw asConnectionLost(error);
      const message = errorText(error);
      ctx.summary.error(
        message,
        link ? { ticketId, issueKey: link.issueKey, itemId: item.id } : { ticketId, itemId: item.id },
      );
      if (!link) {
        // No link to hang the work on (auto-create failed): the ticket's retry entry carries it.
        failures.push(`${item.name}: ${message}`);
        continue;
      }
      try {
        // The link's own durable work, retried with back-off until delivered, never parked.
        await deferLinkPass(link, ticket, error);
      } catch {
        failures.push(`${item.name}: ${message}`);
      }
    }
  }
  return { complete, failures };
}

/**
 * One changed ticket: its links through the `ticket:{id}` index, each synchronized item's
 * pass, and auto-create for items without a link. Failures of one link do not stop the
 * others; if any failed, TicketFailed is thrown afterwards. A rate limit stops at once (RunStop).
 * The comment feed learns how the ticket's comments were left (commentFeed.ts).
 */
export async function syncTicketFromZendesk(
  ticket: ZendeskTicket,
  ctx: SyncContext,
  {
    observedAtMs,
    prepared,
  }: { observedAtMs?: number | undefined; prepared?: PreparedTicket | undefined } = {},
): Promise<TicketResult> {
  const observed = observedAtMs === undefined ? {} : { observedAtMs };
  const ticketId = String(ticket.id);
  const outcomes: FeedOutcome[] = [];
  let finished = false;
  ctx.summary.add('ticketsSeen');
  try {
    if (ticket.status === 'deleted') {
      ctx.summary.add('skipped');
      await recordTicketDeleted(ticket, ctx);
      finished = true;
      return { complete: true };
    }
    if (isMergedTicket(ticket)) await recordTicketMerged(ticket, ctx);
    const items = await ctx.caches.syncItems();
    const found = items.length === 0 ? null : (prepared ?? (await readTicketLinks(ticketId, items)));
    const result = found
      ? await passItems({ ticket, ctx, observed, prepared, outcomes }, items, found)
      : { complete: true, failures: [] };
    if (result.failures.length > 0) throw new TicketFailed(ticketId, result.failures.join('; '));
    finished = true;
    return { complete: result.complete };
  } finally {
    const feed = feedReporterOf(ctx);
    if (feed) for (const outcome of finished ? outcomes : ['none' as const]) feed.report(ticketId, outcome);
    if (feed && finished && outcomes.length === 0) feed.report(ticketId, 'window');
  }
}
