/**
 * The export cursor's rules (docs/sync-model.md § Cursor): where the Zendesk incremental export
 * starts, how the retry list stays bounded and when a failing ticket is due again. The record
 * itself is stored by src/storage/cursor.ts, after every export page, so a run cut off anywhere
 * resumes from the last page boundary it recorded.
 */
import type { CursorRecord, RetryEntry } from '../../storage/cursor';

/**
 * Zendesk refuses a start_time less than a minute old (docs/contracts/zendesk-api.md § Incremental export).
 */
export const MIN_START_AGE_SECONDS = 60;

/**
 * How far the app's clock may run ahead of Zendesk's before a start time taken from it is
 * refused as too recent (both are NTP-synchronized; a refusal only costs a fallback read).
 */
export const CLOCK_SKEW_SECONDS = 60;

/** Retry entries kept at most; the oldest parked ones go first when the map is full. */
export const MAX_RETRY_ENTRIES = 300;

/** The first run's start: connection time, but never less than a minute ago. */
export function initialStartTime(connectedAt: string, nowMs: number): number {
  const connected = Date.parse(connectedAt);
  const latest = Math.floor(nowMs / 1000) - MIN_START_AGE_SECONDS;
  if (Number.isNaN(connected)) return latest;
  return Math.min(Math.floor(connected / 1000), latest);
}

/**
 * A recent second, by the app's clock, that Zendesk accepts as an export's start_time: at least
 * a minute old, with a margin for clock skew.
 */
export function recentStartTime(nowMs: number): number {
  return Math.floor(nowMs / 1000) - MIN_START_AGE_SECONDS - CLOCK_SKEW_SECONDS;
}

export function newCursorRecord(connectedAt: string, nowMs: number, subdomain?: string): CursorRecord {
  return {
    v: 1,
    ...(subdomain !== undefined ? { subdomain } : {}),
    cursor: null,
    startTime: initialStartTime(connectedAt, nowMs),
    retry: {},
    updatedAt: new Date(nowMs).toISOString(),
  };
}

/** Keeps the retry map bounded: parked entries first, then the oldest, are dropped. */
export function pruneRetry(
  retry: Record<string, RetryEntry>,
  max: number = MAX_RETRY_ENTRIES,
): { kept: Record<string, RetryEntry>; dropped: string[] } {
  const entries = Object.entries(retry);
  if (entries.length <= max) return { kept: retry, dropped: [] };
  const order = entries.sort(([, a], [, b]) => {
    if (Boolean(a.parked) !== Boolean(b.parked)) return a.parked ? -1 : 1;
    return a.lastAt < b.lastAt ? -1 : a.lastAt > b.lastAt ? 1 : 0;
  });
  const drop = order.slice(0, entries.length - max).map(([id]) => id);
  const kept = { ...retry };
  for (const id of drop) delete kept[id];
  return { kept, dropped: drop };
}

/** Seconds the sync lags behind Zendesk, for the admin activity view. */
export function cursorLagSeconds(record: CursorRecord | null, nowMs: number): number | null {
  if (!record?.caughtUpAt) return null;
  const at = Date.parse(record.caughtUpAt);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.round((nowMs - at) / 1000) + MIN_START_AGE_SECONDS);
}

/** Retry back-off of a failing ticket: 1, 2, 4 … minutes after its last attempt, at most 30. */
export function retryDue(entry: RetryEntry, now: number): boolean {
  const last = Date.parse(entry.lastAt);
  if (!Number.isFinite(last)) return true;
  const exponent = Math.max(0, Math.min(entry.attempts - 1, 16));
  return last + Math.min(30 * 60_000, 60_000 * 2 ** exponent) <= now;
}
