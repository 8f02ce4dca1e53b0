/**
 * The follow-up: Jira → Zendesk work that had to wait finished soon by the app's own delayed
 * job, not by Forge delivering the event again (docs/sync-model.md § Jira → Zendesk, Pacing and
 * the follow-up).
 *
 * A delivery held back by pacing (src/zendesk/pacing.ts: the app keeps to its share of the
 * Zendesk budget) or by another writer on the link has already recorded its work mark (durable
 * before acknowledged), so the event is acknowledged and one follow-up is made due for when the
 * wait ends: an event on the `jira-event-follow-up` queue with `delayInSeconds`. Follow-ups are
 * coalesced for the whole installation: the follow-up lease (`sync:followUp:toZendesk`, a record
 * of the `lease` entity taken by atomic create, src/storage/lease.ts) says one is already due,
 * so a burst of 500 held events pushes one queue event, not 500 (Forge allows 500 pushes a
 * minute per installation, docs/contracts/forge-platform.md § Queue).
 *
 * The consumer gives the follow-up lease up FIRST, then lists the pending marks: work recorded
 * after that finds no follow-up due and makes one, so no mark can be recorded between a listing
 * that misses it and a lease that hides it. It delivers the due Jira → Zendesk marks, oldest
 * first, through deliverLinkWork (each link under its lease: one writer per link; claims and
 * intents: exactly once) until pacing holds it back again, then makes the next follow-up due at
 * the end of that window. A link another writer holds is looked at again 30 s later (or when
 * that writer's lease ends, if sooner), at most MAX_CHASES times in a row, as Forge would
 * redeliver (a crashed writer's lease ends within that); after that, and for marks backing off after failures, the scheduled run's drain
 * delivers — it stays the backstop for anything a lost follow-up leaves.
 */
import { InvocationError, InvocationErrorCode, Queue } from '@forge/events';
import { z } from 'zod';
import type { SmartItem } from '../../domain/types';
import { FOLLOW_UP_LEASE_KEY } from '../../storage/keys';
import { listItems } from '../../storage/items';
import { acquireLease, releaseLease } from '../../storage/lease';
import { getLinksForIssue } from '../../storage/links';
import { isDue, listAllWork, type WorkEntry } from '../../storage/work';
import { describeError } from '../../util/errors';
import { newId } from '../../util/ids';
import { openSyncContext } from '../core/context';
import { licenseInactive } from '../core/license';
import { isPaused } from '../core/pause';

import { createEnv, isTwoWayTicketItem } from './env';
import { deliverLinkWork, finishSummary } from './deliver';

export const FOLLOW_UP_QUEUE = 'jira-event-follow-up';
/** Follow-ups run one at a time; links are leased anyway. */
const CONCURRENCY = { key: FOLLOW_UP_QUEUE, limit: 1 };
/** How late Forge may deliver a delayed event before another follow-up is made due beside it. */
const LATE_MS = 60_000;
/** Follow-ups in a row that find only busy links before those are left to the drain. */
const MAX_CHASES = 4;
/** Seconds before a follow-up that failed on storage or the queue is delivered again. */
const RETRY_SECONDS = 30;
/** Query pages of marks a follow-up reads (20 marks a page), as the drain does. */
const MAX_PAGES = 50;

const bodySchema = z.object({
  followUp: z.string().min(1).max(100),
  /** The app's time when the wait began: what the pacing gauge saw before it is over. */
  requestedAt: z.number(),
  /** Follow-ups before this one in a row that found only busy links. */
  chase: z.number().int().nonnegative().max(100).default(0),
});

/**
 * Makes a follow-up due in `delaySeconds` unless one is already due. Throws when the queue
 * refuses the push (the caller then falls back to a Forge redelivery).
 */
export async function scheduleFollowUp(
  delaySeconds: number,
  options: { chase?: number; now?: number } = {},
): Promise<boolean> {
  const now = options.now ?? Date.now();
  const delay = Math.max(1, Math.min(900, Math.ceil(delaySeconds)));
  const id = newId();
  const lease = await acquireLease({
    key: FOLLOW_UP_LEASE_KEY,
    owner: id,
    kind: 'follow-up',
    holdMs: delay * 1000 + LATE_MS,
    now,
  });
  // One is due already: it lists every pending mark, this one included.
  if (!lease.ok) return false;
  try {
    await new Queue({ key: FOLLOW_UP_QUEUE }).push({
      body: { followUp: id, requestedAt: now, chase: options.chase ?? 0 },
      delayInSeconds: delay,
      concurrency: CONCURRENCY,
    });
  } catch (error) {
    await releaseLease(FOLLOW_UP_LEASE_KEY, id).catch(() => undefined);
    throw error;
  }
  return true;
}

export interface FollowUpOutcome {
  status: 'done' | 'waiting' | 'not-connected' | 'license-inactive' | 'bad-event';
  /** Marks delivered. */
  delivered: number;
  /** Seconds until the next follow-up, when one was made due. */
  next?: number;
}

interface LinkGroup {
  itemId: string;
  issueId: string;
  entries: WorkEntry[];
  oldest: string;
}

/** The due Jira → Zendesk marks by link, the link with the oldest mark first. */
function dueGroups(entries: readonly WorkEntry[], now: number): LinkGroup[] {
  const groups = new Map<string, LinkGroup>();
  for (const e of entries) {
    if (e.direction !== 'toZendesk') continue;
    const key = `${e.itemId}:${e.issueId}`;
    const g = groups.get(key) ?? { itemId: e.itemId, issueId: e.issueId, entries: [], oldest: e.mark.at };
    g.entries.push(e);
    if (e.mark.at < g.oldest) g.oldest = e.mark.at;
    groups.set(key, g);
  }
  // A link whose marks back off after a failure keeps its order: the drain delivers it later.
  return [...groups.values()]
    .filter((g) => g.entries.every((e) => isDue(e.mark, now)))
    .sort((a, b) => (a.oldest < b.oldest ? -1 : a.oldest > b.oldest ? 1 : 0));
}

/** The `event-follow-up` consumer. */
export async function runFollowUp(
  event: unknown,
  context: unknown,
): Promise<FollowUpOutcome | InvocationError> {
  const body = bodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!body.success) return { status: 'bad-event', delivered: 0 };
  // The marks wait in storage for a licensed run (the drain).
  if (licenseInactive(context)) return { status: 'license-inactive', delivered: 0 };
  try {
    // Before listing (see above): whatever is recorded from now on makes its own follow-up.
    await releaseLease(FOLLOW_UP_LEASE_KEY, body.data.followUp);
    const ctx = await openSyncContext({
      trigger: 'event',
      afterWait: true,
      waitFrom: body.data.requestedAt,
    });
    if (!ctx) return { status: 'not-connected', delivered: 0 };
    const { entries } = await listAllWork({ maxPages: MAX_PAGES });
    const groups = dueGroups(entries, Date.now());
    const items = groups.length > 0 ? new Map((await listItems()).items.map((i) => [i.id, i])) : new Map();
    const env = createEnv(ctx, 0);
    let delivered = 0;
    /** Held back by pacing or the budget: the next follow-up continues where this one ends. */
    let next: number | null = null;
    /** Links other writers hold: looked at again when the last of their leases ends. */
    let busy: number | null = null;
    for (const group of groups) {
      if (!ctx.budget.canProcess()) {
        next = 1;
        break;
      }
      const item: SmartItem | undefined = items.get(group.itemId);
      // Gone, paused, or no longer two-way: the drain's rules apply (it completes or keeps them).
      if (!item || !isTwoWayTicketItem(item) || isPaused(item)) continue;
      const link = (await getLinksForIssue(group.issueId, [group.itemId])).links[0];
      if (!link) continue;
      const result = await deliverLinkWork({ item, link }, group.entries, env);
      if (result.status === 'done') delivered += group.entries.length;
      else if (result.status === 'paced') {
        next = result.waitSeconds;
        break;
      } else if (result.status === 'busy') busy = Math.max(busy ?? 0, result.waitSeconds);
      // A failure backs its marks off: the drain delivers them when that ends.
    }
    const { chase } = body.data;
    if (next !== null) await scheduleFollowUp(next);
    else if (busy !== null && chase < MAX_CHASES) await scheduleFollowUp(busy, { chase: chase + 1 });
    await finishSummary(ctx);
    const after = next ?? (chase < MAX_CHASES ? busy : null);
    return after !== null ? { status: 'waiting', delivered, next: after } : { status: 'done', delivered };
  } catch (error) {
    // Storage or the queue failed: the job is delivered again; everything it did is idempotent.
    return new InvocationError({
      retryAfter: RETRY_SECONDS,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      retryData: describeError(error).slice(0, 500),
    });
  }
}
