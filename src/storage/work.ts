/**
 * Durable per-link work (docs/sync-model.md § Durable work): before a source of work
 * acknowledges (a Jira event, an export page, a queue batch, a Refresh that found the link
 * busy), it records "link L needs direction D because of S" here. The record is deleted only
 * by the writer that delivered that change, so an outage of any length, a crash, or a busy
 * link leaves the work in storage for the scheduled run to drain.
 *
 * One record per (link, direction, source) with a source id that names one version of the
 * need (a Jira comment id, a changelog id, a ticket's updated_at). A writer deletes exactly the
 * keys it read before doing the work, so a need recorded while it worked survives it: no
 * conditional delete is needed for "nothing lost".
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { KVS_BATCH_MAX, slices } from './batch';
import {
  linkWorkPrefix,
  parseWorkKey,
  PENDING_FLAG_KEY,
  WORK_PREFIX,
  workKey,
  type WorkDirection,
} from './keys';
import { queryAll } from './query';

export const workMarkSchema = z.object({
  v: z.literal(1),
  /** When the need was first recorded. */
  at: z.string(),
  /** Failed delivery attempts so far. */
  attempts: z.number().int().nonnegative(),
  /** Epoch ms before which the drain leaves this mark alone (back-off after failures). */
  nextAt: z.number().optional(),
  lastError: z.string().max(1000).optional(),
  /** Zendesk → Jira: the ticket to pass over. */
  ticketId: z.string().optional(),
  /** Jira → Zendesk: the parsed Jira event to replay (validated again by the event code). */
  event: z.unknown().optional(),
});
export type WorkMark = z.infer<typeof workMarkSchema>;

export interface WorkEntry {
  key: string;
  itemId: string;
  issueId: string;
  direction: WorkDirection;
  source: string;
  mark: WorkMark;
}

/** Keys per batch call; a batch that also raises the pending flag carries one key fewer. */
const BATCH = KVS_BATCH_MAX;

export function newWorkMark(fields: Pick<WorkMark, 'ticketId' | 'event'> = {}): WorkMark {
  return { v: 1, at: new Date().toISOString(), attempts: 0, ...fields };
}

export interface WorkToRecord {
  itemId: string;
  issueId: string;
  direction: WorkDirection;
  source: string;
  mark: WorkMark;
}

/** The pending flag's value: when work was last recorded. */
function flagEntry(): { key: string; value: { at: string } } {
  return { key: PENDING_FLAG_KEY, value: { at: new Date().toISOString() } };
}

/**
 * Records work (overwriting a mark with the same key: the same need recorded again), and the
 * pending flag in the same batch call.
 */
export async function recordWork(work: readonly WorkToRecord[]): Promise<string[]> {
  const entries = work.map((w) => ({
    key: workKey(w.itemId, w.issueId, w.direction, w.source),
    value: workMarkSchema.parse(w.mark),
  }));
  for (const part of slices(entries, BATCH - 1)) {
    const res = await kvs.batchSet([...part, flagEntry()]);
    const failed = res.failedKeys[0];
    if (failed) throw new Error(`Could not record pending work ${failed.key}: ${failed.error.message}`);
  }
  return entries.map((e) => e.key);
}

function toEntries(records: readonly { key: string; value: WorkMark }[]): WorkEntry[] {
  const out: WorkEntry[] = [];
  for (const r of records) {
    const parts = parseWorkKey(r.key);
    if (parts) out.push({ key: r.key, ...parts, mark: r.value });
  }
  return out;
}

/** The marks at these keys (missing ones left out: already delivered). */
export async function getWork(keys: readonly string[]): Promise<WorkEntry[]> {
  const records: { key: string; value: WorkMark }[] = [];
  for (const part of slices(keys, BATCH)) {
    const res = await kvs.batchGet<unknown>(part.map((key) => ({ key })));
    for (const { key, value } of res.successfulKeys) {
      const parsed = workMarkSchema.safeParse(value);
      if (parsed.success) records.push({ key, value: parsed.data });
    }
  }
  return toEntries(records);
}

/** The pending work of one link. */
export async function listLinkWork(itemId: string, issueId: string): Promise<WorkEntry[]> {
  const { records } = await queryAll(linkWorkPrefix(itemId, issueId), workMarkSchema);
  return toEntries(records);
}

/** All pending work (the scheduled run's drain and the admin's view), at most `maxPages` query pages. */
export async function listAllWork(
  options: { maxPages?: number } = {},
): Promise<{ entries: WorkEntry[]; complete: boolean; unreadable: string[] }> {
  const { records, corrupt, complete } = await queryAll(WORK_PREFIX, workMarkSchema, options);
  return { entries: toEntries(records), complete, unreadable: corrupt.map((c) => c.key) };
}

/** Deletes exactly these marks: the work they named was delivered. */
export async function completeWork(keys: readonly string[]): Promise<void> {
  for (const part of slices(keys, BATCH)) await kvs.batchDelete(part.map((key) => ({ key })));
}

/** Back-off after the n-th failed attempt: 1, 2, 4 … minutes, at most 30. Never given up. */
export const WORK_BACKOFF_BASE_MS = 60_000;
export const WORK_BACKOFF_MAX_MS = 30 * 60_000;

export function nextAttemptAt(attempts: number, now: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 16));
  return now + Math.min(WORK_BACKOFF_MAX_MS, WORK_BACKOFF_BASE_MS * 2 ** exponent);
}

/** Records a failed attempt on each mark: counts it, keeps the error, and backs off. */
export async function deferWork(
  entries: readonly WorkEntry[],
  lastError: string,
  now: number = Date.now(),
): Promise<void> {
  const updated = entries.map((e) => {
    const attempts = e.mark.attempts + 1;
    return {
      key: e.key,
      value: workMarkSchema.parse({
        ...e.mark,
        attempts,
        nextAt: nextAttemptAt(attempts, now),
        lastError: lastError.slice(0, 1000),
      }),
    };
  });
  for (const part of slices(updated, BATCH)) {
    const res = await kvs.batchSet(part);
    const failed = res.failedKeys[0];
    if (failed)
      throw new Error(`Could not record the failed attempt on ${failed.key}: ${failed.error.message}`);
  }
}

/**
 * The admin's Retry: each mark's back-off ends now (its attempts and last error stay), and the
 * pending flag is set in the same batch call, so the next scheduled run's drain delivers them.
 */
export async function makeWorkDue(entries: readonly WorkEntry[]): Promise<void> {
  const updated = entries.map((e) => {
    const { nextAt: _backOff, ...mark } = e.mark;
    return { key: e.key, value: workMarkSchema.parse(mark) };
  });
  for (const part of slices(updated, BATCH - 1)) {
    const res = await kvs.batchSet([...part, flagEntry()]);
    const failed = res.failedKeys[0];
    if (failed) throw new Error(`Could not make ${failed.key} due: ${failed.error.message}`);
  }
}

/** True when a mark may be worked on now (no back-off running). */
export function isDue(mark: WorkMark, now: number = Date.now()): boolean {
  return mark.nextAt === undefined || mark.nextAt <= now;
}

/**
 * The drain clears the flag BEFORE it lists the work: anything recorded after the clear sets
 * it again, so a cleared flag never hides work the listing did not see.
 */
export async function clearPendingFlag(): Promise<void> {
  await kvs.delete(PENDING_FLAG_KEY);
}

/** Set again by a drain that leaves work behind (back-off, busy links, budget). */
export async function setPendingFlag(): Promise<void> {
  const { key, value } = flagEntry();
  await kvs.set(key, value);
}
