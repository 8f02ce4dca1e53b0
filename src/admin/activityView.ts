/**
 * The admin page's operations console (ActivityView in src/domain/rpc.ts): per Smart Connected
 * Item its links, last successful run, failures and next run; the problems queue (links with
 * recorded problems or changes that failed to arrive); whether a run is working now; the run
 * history and what admins did. Everything is read from storage, nothing from Zendesk or Jira.
 */
import type { ActivityView, ItemHealth, PendingChange, ProblemLink, SyncRunSummary } from '../domain/rpc';
import type { LinkRecord, SmartItem } from '../domain/types';
import { listAdminActions } from '../storage/adminLog';
import { getConnection } from '../storage/connection';
import { listItems } from '../storage/items';
import { countItemLinks, getLink, getLinksWithProblems } from '../storage/links';
import { readCursor } from '../storage/cursor';
import { RUN_LEASE_KEY } from '../storage/keys';
import { readLease } from '../storage/lease';
import { listRuns } from '../storage/syncLog';
import { listAllWork, type WorkEntry } from '../storage/work';
import { cursorLagSeconds } from '../sync/fromZendesk/cursor';
import { isPaused } from '../sync/core/pause';
import { compareItems } from '../domain/itemNames';

/** The scheduled trigger's interval (manifest.yml: `interval: fiveMinute`). */
export const SCHEDULE_MS = 5 * 60_000;
/** Links in the problems queue (newest first). */
const MAX_QUEUE = 200;
/** Query pages per item when counting links (20 links a page). */
const LINK_COUNT_PAGES = 50;
/** Query pages of work marks read (20 a page). */
const WORK_PAGES = 50;

const linkId = (itemId: string, issueId: string): string => `${itemId}:${issueId}`;

function pendingOf(entry: WorkEntry): PendingChange {
  const change: PendingChange = {
    direction: entry.direction,
    source: entry.source,
    at: entry.mark.at,
    attempts: entry.mark.attempts,
  };
  if (entry.mark.nextAt !== undefined) change.nextAt = new Date(entry.mark.nextAt).toISOString();
  if (entry.mark.lastError !== undefined) change.lastError = entry.mark.lastError;
  return change;
}

/** Runs that cover every item: the scheduled run and its manual "Sync now". */
const coversAllItems = (run: SyncRunSummary): boolean =>
  run.trigger === 'scheduled' || run.trigger === 'manual';

/** End of the newest finished run that did not stop early and had no failure for the item. */
export function lastSuccessFor(item: SmartItem, runs: readonly SyncRunSummary[]): string | null {
  for (const run of runs) {
    if (!coversAllItems(run) || run.finishedAt === undefined || run.stopped === true) continue;
    if (run.failedItems?.includes(item.id)) continue;
    // A paused item was skipped by every run since it was paused.
    if (item.paused && run.finishedAt > item.paused.at) continue;
    return run.finishedAt;
  }
  return null;
}

/** Five minutes after the newest scheduled run started; null before the first one. */
export function nextScheduledRunAt(runs: readonly SyncRunSummary[]): string | null {
  const last = runs.find((r) => r.trigger === 'scheduled');
  if (!last) return null;
  const started = Date.parse(last.startedAt);
  return Number.isFinite(started) ? new Date(started + SCHEDULE_MS).toISOString() : null;
}

async function runningNow(nowMs: number): Promise<ActivityView['running']> {
  const lease = await readLease(RUN_LEASE_KEY);
  if (!lease || lease.expiresAt <= nowMs) return null;
  return { since: lease.acquiredAt, kind: lease.kind };
}

/** Links with problems, and links whose changes failed at least once, newest trouble first. */
async function problemQueue(
  withProblems: readonly LinkRecord[],
  work: readonly WorkEntry[],
): Promise<ProblemLink[]> {
  const pending = new Map<string, PendingChange[]>();
  for (const entry of work) {
    if (entry.mark.attempts === 0) continue;
    const id = linkId(entry.itemId, entry.issueId);
    pending.set(id, [...(pending.get(id) ?? []), pendingOf(entry)]);
  }
  const links = new Map(withProblems.map((l) => [linkId(l.itemId, l.issueId), l]));
  for (const id of pending.keys()) {
    if (links.has(id) || links.size >= MAX_QUEUE * 2) continue;
    const [itemId = '', issueId = ''] = id.split(':');
    const link = await getLink(itemId, issueId);
    if (link) links.set(id, link);
  }
  const latest = (l: ProblemLink): string =>
    [...l.problems.map((p) => p.at), ...l.pending.map((p) => p.at)].reduce((m, x) => (x > m ? x : m), '');
  return [...links.entries()]
    .map(([id, l]) => ({
      itemId: l.itemId,
      issueId: l.issueId,
      issueKey: l.issueKey,
      recordId: l.recordId,
      problems: l.problems,
      pending: pending.get(id) ?? [],
    }))
    .sort((a, b) => latest(b).localeCompare(latest(a)))
    .slice(0, MAX_QUEUE);
}

function itemHealth(
  item: SmartItem,
  links: { count: number; complete: boolean },
  queue: readonly ProblemLink[],
  runs: readonly SyncRunSummary[],
): ItemHealth {
  const failures = queue.filter(
    (l) => l.itemId === item.id && (l.problems.some((p) => p.kind === 'error') || l.pending.length > 0),
  ).length;
  return {
    itemId: item.id,
    links: links.count,
    linksCapped: !links.complete,
    lastSuccessAt: lastSuccessFor(item, runs),
    failures,
    nextRunAt: isPaused(item) || item.syncMode === 'none' ? null : nextScheduledRunAt(runs),
  };
}

export async function buildActivityView(nowMs: number): Promise<ActivityView> {
  const [runs, withProblems, cursor, work, items, actions, running, connection] = await Promise.all([
    listRuns(),
    getLinksWithProblems(),
    readCursor(),
    listAllWork({ maxPages: WORK_PAGES }),
    listItems(),
    listAdminActions(),
    runningNow(nowMs),
    getConnection(),
  ]);
  const queue = await problemQueue(withProblems.links, work.entries);
  const sorted = [...items.items].sort(compareItems);
  const counts = await Promise.all(sorted.map((i) => countItemLinks(i.id, LINK_COUNT_PAGES)));
  return {
    runs: runs.runs,
    problems: queue,
    cursorLagSeconds: cursorLagSeconds(cursor, nowMs),
    items: sorted.map((item, i) =>
      itemHealth(item, counts[i] ?? { count: 0, complete: true }, queue, runs.runs),
    ),
    running,
    nextRunAt: nextScheduledRunAt(runs.runs),
    zendeskBaseUrl: connection ? `https://${connection.subdomain}.zendesk.com` : null,
    actions,
  };
}
