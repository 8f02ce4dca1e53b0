/**
 * Sync run summaries as a bounded ring: `sync:log:head` holds the last sequence number and
 * run n lives in `sync:log:{n mod 50}`. Each value is capped (errors list and message
 * lengths) so it stays far below the 240 KiB KVS value limit.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { SyncRunSummary } from '../domain/rpc';
import { MAX_FAILED_ITEMS, syncRunSummarySchema } from '../domain/rpcSchemas';
import { AppError } from '../util/errors';
import { truncate } from '../util/redact';
import { slices } from './batch';
import { SYNC_LOG_HEAD_KEY, syncLogKey } from './keys';
import type { CorruptRecord } from './query';
import { parseStored } from './records';

export const SYNC_LOG_SIZE = 50;
/** Errors kept per run; the count beyond it is summarized in one extra entry. */
export const MAX_RUN_ERRORS = 50;
const MAX_MESSAGE = 300;
const slotSchema = z.object({ seq: z.number().int().positive(), run: syncRunSummarySchema });
const headSchema = z.object({ seq: z.number().int().nonnegative() });

/** Caps a summary so its stored value stays small whatever a run collected. */
export function boundRun(run: SyncRunSummary): SyncRunSummary {
  const errors = run.errors.slice(0, MAX_RUN_ERRORS).map((e) => {
    const out: SyncRunSummary['errors'][number] = { message: truncate(e.message, MAX_MESSAGE) };
    if (e.ticketId !== undefined) out.ticketId = truncate(e.ticketId, 40);
    if (e.issueKey !== undefined) out.issueKey = truncate(e.issueKey, 60);
    return out;
  });
  if (run.errors.length > MAX_RUN_ERRORS)
    errors.push({ message: `…and ${run.errors.length - MAX_RUN_ERRORS} more errors` });
  const bounded = { ...run, errors };
  if (run.failedItems !== undefined) bounded.failedItems = run.failedItems.slice(0, MAX_FAILED_ITEMS);
  return bounded;
}

async function readHead(): Promise<number> {
  const raw = await kvs.get<unknown>(SYNC_LOG_HEAD_KEY);
  if (raw === undefined) return 0;
  return parseStored(headSchema, SYNC_LOG_HEAD_KEY, raw).seq;
}

function validRun(run: SyncRunSummary): SyncRunSummary {
  const parsed = syncRunSummarySchema.safeParse(boundRun(run));
  if (!parsed.success)
    throw new AppError(
      'INTERNAL',
      `Refusing to store an invalid run summary: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return parsed.data;
}

/** Appends a run (the oldest beyond 50 is overwritten); returns its sequence number. */
export async function appendRun(run: SyncRunSummary): Promise<number> {
  const value = validRun(run);
  const seq = (await readHead()) + 1;
  await kvs
    .transact()
    .set(syncLogKey(seq % SYNC_LOG_SIZE), { seq, run: value })
    .set(SYNC_LOG_HEAD_KEY, { seq })
    .execute();
  return seq;
}

/**
 * Rewrites run `seq` without reading it back: only for a caller that knows from its own first
 * read that nobody appended since (an idle run reusing its entry, src/sync/run/runner.ts).
 */
export async function overwriteRun(seq: number, run: SyncRunSummary): Promise<void> {
  await kvs.set(syncLogKey(seq % SYNC_LOG_SIZE), { seq, run: validRun(run) });
}

/** The head read in a batch: 0 when absent (nothing logged yet), null when unreadable. */
export function logHeadFrom(present: boolean, raw: unknown): number | null {
  if (!present) return 0;
  const parsed = headSchema.safeParse(raw);
  return parsed.success ? parsed.data.seq : null;
}

/** Rewrites run `seq` (e.g. when it finishes); false if the ring has moved past it. */
export async function updateRun(seq: number, run: SyncRunSummary): Promise<boolean> {
  const value = validRun(run);
  const key = syncLogKey(seq % SYNC_LOG_SIZE);
  const raw = await kvs.get<unknown>(key);
  const current = slotSchema.safeParse(raw);
  if (!current.success || current.data.seq !== seq) return false;
  await kvs.set(key, { seq, run: value });
  return true;
}

/** The most recent runs, newest first. */
export async function listRuns(
  limit: number = SYNC_LOG_SIZE,
): Promise<{ runs: SyncRunSummary[]; corrupt: CorruptRecord[] }> {
  const head = await readHead();
  const want = Math.max(0, Math.min(limit, SYNC_LOG_SIZE, head));
  if (want === 0) return { runs: [], corrupt: [] };
  const seqs = Array.from({ length: want }, (_, i) => head - i);
  const keys = seqs.map((s) => syncLogKey(s % SYNC_LOG_SIZE));
  const found: { seq: number; run: SyncRunSummary }[] = [];
  const corrupt: CorruptRecord[] = [];
  for (const part of slices(keys)) {
    const res = await kvs.batchGet<unknown>(part.map((key) => ({ key })));
    const failed = res.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed)
      throw new AppError(
        'STORAGE',
        `Reading the sync log failed: ${failed.error.code} ${failed.error.message}`,
      );
    for (const item of res.successfulKeys) {
      const parsed = slotSchema.safeParse(item.value);
      if (!parsed.success)
        corrupt.push({ key: item.key, message: parsed.error.issues[0]?.message ?? 'invalid record' });
      else if (parsed.data.seq > head - want && parsed.data.seq <= head) found.push(parsed.data);
    }
  }
  found.sort((a, b) => b.seq - a.seq);
  return { runs: found.map((f) => f.run), corrupt };
}
