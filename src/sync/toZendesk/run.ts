/**
 * What every Jira event handler does around its per-link work (docs/sync-model.md
 * § Jira → Zendesk, § Durable work):
 *
 *   license gate → two-way ticket items → the issue's links (one batch read) → a durable work
 *   mark per link (before anything can fail upstream) → connection → per link, holding the
 *   link's lease: the work, its problems written to the link, the mark deleted when delivered
 *   or backed off when not → sync log.
 *
 * A change is never given up. Held back by pacing or by another writer on the link, the event
 * is acknowledged and the app's follow-up (followUp.ts) delivers the stored mark when the wait
 * ends; when Zendesk stays down longer than Forge redelivers the event, the mark stays and the
 * scheduled run's drain (src/sync/run/drain.ts) delivers it later, all through the same code.
 * Nothing is read from Zendesk, and no
 * connection secret is read, unless the issue has a link for a two-way ticket item; an event
 * for an unlinked issue costs two storage reads.
 */
import { InvocationErrorCode, type InvocationError } from '@forge/events';
import type { LinkRecord, SmartItem } from '../../domain/types';
import { listItems } from '../../storage/items';
import { getLinksForIssue } from '../../storage/links';
import { describeError } from '../../util/errors';
import { openSyncContext, type SyncContext } from '../core/context';
import { licenseInactive } from '../core/license';
import { workKey } from '../../storage/keys';
import { getWork, newWorkMark, recordWork, type WorkEntry } from '../../storage/work';
import { isPaused } from '../core/pause';
import { deliverLinkWork, finishSummary } from './deliver';
import { scheduleFollowUp } from './followUp';
import { createEnv, isTwoWayTicketItem } from './env';
import { backoffSeconds, MAX_EVENT_RETRIES, retryLater, type RetryAdvice } from './failures';
import { issueIdOf, retryCountOf, type JiraEvent } from './payloads';
import { storableEvent, type EventSpec } from './specs';

// The drain (src/sync/run/drain.ts) delivers recorded work through the same code.
export { createEnv, isTwoWayTicketItem } from './env';
export { deliverLinkWork } from './deliver';

export interface RunEventOptions<E extends JiraEvent> {
  event: E;
  context: unknown;
  spec: EventSpec<E>;
}

/**
 * Records the event as work for every link of its issue to a two-way ticket item that wants
 * it, then delivers it to each link whose lease is free. Returns an InvocationError when a
 * redelivery soon may finish what a transient failure left pending; otherwise undefined, with
 * a follow-up made due for what pacing or a busy link held back. Whatever is not delivered
 * stays recorded for the follow-up or the scheduled run.
 */
export async function runEvent<E extends JiraEvent>(
  options: RunEventOptions<E>,
): Promise<InvocationError | undefined> {
  const { event, context, spec } = options;
  // An inactive Marketplace license in production stops the sync; development installs carry none.
  if (licenseInactive(context)) return undefined;
  const retryCount = retryCountOf(event);
  const source = spec.source(event, event.retryContext?.retryData);
  let targets: { link: LinkRecord; item: SmartItem }[];
  let ctx: SyncContext | null;
  let stored: Map<string, WorkEntry> | null = null;
  const mark = newWorkMark({ event: storableEvent(event) });
  try {
    targets = await eventTargets(event, (item) => spec.wants(item, event));
    if (targets.length === 0) return undefined;
    const keys = targets.map((t) => workKey(t.item.id, t.link.issueId, 'toZendesk', source));
    if (wasRecorded(event)) {
      // A redelivery: the first delivery stored the work; continue from what is stored now
      // (attempts so far; a mark already delivered by the drain is gone).
      stored = new Map((await getWork(keys)).map((e) => [e.key, e]));
    } else {
      // Durable before acknowledged: from here on the change survives any failure below.
      await recordWork(
        targets.map((t) => ({
          itemId: t.item.id,
          issueId: t.link.issueId,
          direction: 'toZendesk' as const,
          source,
          mark,
        })),
      );
    }
    const waitFrom = waitedFrom(event);
    ctx = await openSyncContext({
      trigger: 'event',
      afterWait: event.retryContext?.retryReason === InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
      ...(waitFrom !== null ? { waitFrom } : {}),
    });
  } catch (error) {
    // Storage or the secret store failed: Forge's redelivery is all there is yet.
    console.warn(
      `Zendesk Connector: a Jira event could not be prepared (attempt ${retryCount + 1}): ${describeError(error)}`,
    );
    if (retryCount < MAX_EVENT_RETRIES)
      return retryLater(
        { retryAfterSeconds: backoffSeconds(retryCount), reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST },
        { workSource: source },
      );
    throw error;
  }
  // Not connected: the marks wait for a connection (the drain delivers them then).
  if (!ctx) return undefined;
  const env = createEnv(ctx, retryCount);
  let soonest: RetryAdvice | null = null;
  let wait: number | null = null;
  for (const { link, item } of targets) {
    const key = workKey(item.id, link.issueId, 'toZendesk', source);
    const entry: WorkEntry | undefined = stored
      ? stored.get(key)
      : { key, itemId: item.id, issueId: link.issueId, direction: 'toZendesk', source, mark };
    // Paused by the admin: the recorded mark waits; the drain delivers it after Resume.
    if (!entry || isPaused(item)) continue;
    const result = await deliverLinkWork({ item, link }, [entry], env);
    if (result.status === 'paced') wait = Math.max(wait ?? 0, result.waitSeconds);
    else if (result.status === 'busy') wait = Math.max(wait ?? 0, result.waitSeconds);
    else if (result.status === 'deferred' && result.advice) {
      if (soonest === null || result.advice.retryAfterSeconds > soonest.retryAfterSeconds)
        soonest = result.advice;
    }
  }
  const later = { issueId: issueIdOf(event), workSource: source, recorded: true };
  // A failure that may pass: Forge delivers the event again (its redelivery also finishes
  // whatever was held back on other links).
  if (soonest && retryCount < MAX_EVENT_RETRIES)
    return retryLater(soonest, {
      ...later,
      // When the wait is a rate limit: what the app had seen of Zendesk's windows until now.
      ...(soonest.reason === InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED
        ? { waitFrom: Date.now() }
        : {}),
    });
  // Held back by pacing or by another writer: nothing failed and the marks are stored, so the
  // event is acknowledged and the app's follow-up finishes the work when the wait ends.
  if (wait !== null) {
    try {
      await scheduleFollowUp(wait);
    } catch (error) {
      console.warn(`Zendesk Connector: no follow-up could be queued: ${describeError(error)}`);
      if (retryCount < MAX_EVENT_RETRIES)
        return retryLater(
          { retryAfterSeconds: wait, reason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED },
          { ...later, waitFrom: Date.now() },
        );
    }
  }
  await finishSummary(ctx);
  return undefined;
}

/** The app's time at which a redelivery after a rate-limit wait was asked for (retryData). */
function waitedFrom(event: JiraEvent): number | null {
  const data = event.retryContext?.retryData;
  const at =
    typeof data === 'object' && data !== null ? (data as { waitFrom?: unknown }).waitFrom : undefined;
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

/** True for a redelivery asked for after the work was stored (retryData of runEvent). */
function wasRecorded(event: JiraEvent): boolean {
  const data = event.retryContext?.retryData;
  return typeof data === 'object' && data !== null && (data as { recorded?: unknown }).recorded === true;
}

/** The event's links to two-way ticket items that want it (two storage reads). */
async function eventTargets(
  event: JiraEvent,
  wants: (item: SmartItem) => boolean,
): Promise<{ link: LinkRecord; item: SmartItem }[]> {
  const items = (await listItems()).items.filter((i) => isTwoWayTicketItem(i) && wants(i));
  if (items.length === 0) return [];
  const { links } = await getLinksForIssue(
    issueIdOf(event),
    items.map((i) => i.id),
  );
  return links
    .filter((l) => l.zendeskObject === 'ticket')
    .map((link) => ({ link, item: items.find((i) => i.id === link.itemId) }))
    .filter((t): t is { link: LinkRecord; item: SmartItem } => t.item !== undefined);
}
