/**
 * The export cursor record `sync:cursor` (docs/sync-model.md § Cursor): where the Zendesk
 * incremental export resumes and which tickets wait for a retry. The sync decides what goes
 * into it (src/sync/fromZendesk/cursor.ts); this module only stores it, validated both ways.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { AppError } from '../util/errors';
import { CURSOR_KEY } from './keys';

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

/** Ticket ids as src/sync/fromZendesk/idList.ts writes them: base-36 differences, comma-separated. */
const idListSchema = z.string().regex(/^([0-9a-z]+(,[0-9a-z]+)*)?$/);

/** Parts of carried comments at most (each one KVS value). */
export const CARRY_MAX_PARTS = 8;

/**
 * The ticket event feed's mark (docs/sync-model.md § Comments from ticket events): for every
 * link whose `commentsBefore` is at least `since`, every comment of its ticket created before
 * `through` (unix seconds) is handled, unless the ticket is `outstanding` (or, for a `carried`
 * ticket, is in its carried entry).
 */
export const commentFeedStateSchema = z.object({
  since: z.number().int(),
  through: z.number().int(),
  outstanding: z.array(z.string()),
  /**
   * Hand-off records still in use by queue batches: per record its id and the tickets it holds
   * (an id list, src/sync/fromZendesk/idList.ts). Those tickets list in scheduled runs until
   * their batch is done (docs/sync-model.md § Hand-off of window comments).
   */
  handoffs: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        tickets: idListSchema,
        /** When it was queued (unix s, app clock): a batch not settled a day later is given up. */
        at: z.number().int().optional(),
      }),
    )
    .min(1)
    .optional(),
  /**
   * Carried comments (docs/sync-model.md § Carried comments): per part n, stored in
   * `sync:carry:{n}`, the tickets (an id list) whose window comments it holds. For those tickets
   * the mark proves every comment before `through` handled or in their carried entry.
   */
  carried: z.array(idListSchema).min(1).max(CARRY_MAX_PARTS).optional(),
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
  /** Where the ticket event feed resumes, and what it proves (src/sync/fromZendesk/commentFeed.ts). */
  commentFeed: commentFeedStateSchema.optional(),
  /** The newest run-log entry this sync wrote; consecutive idle runs share one entry. */
  lastLog: z.object({ seq: z.number().int().positive(), idle: z.boolean() }).optional(),
  updatedAt: z.string(),
});
export type CursorRecord = z.infer<typeof cursorRecordSchema>;

/** A stored value read in a batch: the record, null when absent, 'invalid' when unreadable. */
export function parseCursorValue(present: boolean, raw: unknown): CursorRecord | null | 'invalid' {
  if (!present) return null;
  const parsed = cursorRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'invalid';
}

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

/** Forgets where the export was: the next run starts from the connection time. */
export async function deleteCursor(): Promise<void> {
  await kvs.delete(CURSOR_KEY);
}

/**
 * Re-labels the stored cursor with a renamed account's subdomain. Read as a plain object, not
 * parsed: a cursor of an older shape keeps its other fields untouched.
 */
export async function rebindCursor(subdomain: string): Promise<void> {
  const cursor = await kvs.get<Record<string, unknown>>(CURSOR_KEY);
  if (cursor && typeof cursor === 'object') await kvs.set(CURSOR_KEY, { ...cursor, subdomain });
}
