/**
 * `sync:cursor` — where the Zendesk incremental export resumes, plus the tickets that must be
 * retried before the export moves on (docs/sync-model.md § Cursor). Written after every
 * export page, so a run cut off anywhere resumes from the last page boundary it recorded.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { AppError } from '../../util/errors';

export const CURSOR_KEY = 'sync:cursor';

/**
 * Zendesk refuses a start_time less than a minute old (docs/contracts/zendesk-api.md § Incremental export).
 */
export const MIN_START_AGE_SECONDS = 60;

/** Retry entries kept at most; the oldest parked ones go first when the map is full. */
export const MAX_RETRY_ENTRIES = 300;

export const retryEntrySchema = z.object({
  attempts: z.number().int().nonnegative(),
  /** ticket.updated_at when it last failed, so a parked ticket is retried once it changes. */
  updatedAt: z.string().optional(),
  lastError: z.string().optional(),
  firstAt: z.string(),
  lastAt: z.string(),
  /** Gave up after MAX_TICKET_ATTEMPTS; reported, not retried until the ticket changes. */
  parked: z.boolean().optional(),
});
export type RetryEntry = z.infer<typeof retryEntrySchema>;

/**
 * The ticket event feed's mark (docs/sync-model.md § Comments from ticket events): for every
 * link whose `commentsBefore` is at least `since`, every comment of its ticket created before
 * `through` (unix seconds) is handled, unless the ticket is `outstanding`.
 */
export const commentFeedStateSchema = z.object({
  since: z.number().int(),
  through: z.number().int(),
  outstanding: z.array(z.string()),
});
export type CommentFeedState = z.infer<typeof commentFeedStateSchema>;

export const cursorRecordSchema = z.object({
  v: z.literal(1),
  /** The Zendesk account the cursor belongs to; a connection to another account starts afresh. */
  subdomain: z.string().optional(),
  /** after_cursor of the last page whose tickets are all done or durably queued. */
  cursor: z.string().nullable(),
  /** Unix seconds the very first export call starts from (connection time, ≥ 60 s old). */
  startTime: z.number().int().nullable(),
  /** Ticket id → retry bookkeeping. */
  retry: z.record(z.string(), retryEntrySchema),
  /** Last time an export page said end_of_stream (caught up to about a minute before it). */
  caughtUpAt: z.string().optional(),
  /** Where the ticket event feed resumes, and what it proves (commentFeed.ts). */
  commentFeed: commentFeedStateSchema.optional(),
  /** The newest run-log entry this sync wrote; consecutive idle runs share one entry. */
  lastLog: z.object({ seq: z.number().int().positive(), idle: z.boolean() }).optional(),
  updatedAt: z.string(),
});
export type CursorRecord = z.infer<typeof cursorRecordSchema>;

export async function readCursor(): Promise<CursorRecord | null> {
  const raw = await kvs.get<unknown>(CURSOR_KEY);
  if (raw === undefined) return null;
  const parsed = cursorRecordSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      'STATE_INVALID',
      `The stored export cursor is unreadable: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return parsed.data;
}

export async function writeCursor(record: CursorRecord): Promise<void> {
  await kvs.set(CURSOR_KEY, cursorRecordSchema.parse(record));
}

/** The first run's start: connection time, but never less than a minute ago. */
export function initialStartTime(connectedAt: string, nowMs: number): number {
  const connected = Date.parse(connectedAt);
  const latest = Math.floor(nowMs / 1000) - MIN_START_AGE_SECONDS;
  if (Number.isNaN(connected)) return latest;
  return Math.min(Math.floor(connected / 1000), latest);
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
