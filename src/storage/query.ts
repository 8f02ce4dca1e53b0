/**
 * Prefix listing over KVS query pages (at most 20 per page,
 * docs/contracts/forge-platform.md § Storage limits).
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';

export interface CorruptRecord {
  key: string;
  message: string;
}

/** KVS allows at most 20 results per query page. */
const PAGE_SIZE = 20;
/** A guard against a cursor that never ends, far above any real install's record count. */
const MAX_PAGES = 5_000;

export async function queryAll<S extends z.ZodType>(
  prefix: string,
  schema: S,
  options: { maxPages?: number } = {},
): Promise<{ records: { key: string; value: z.output<S> }[]; corrupt: CorruptRecord[]; complete: boolean }> {
  const records: { key: string; value: z.output<S> }[] = [];
  const corrupt: CorruptRecord[] = [];
  let cursor: string | undefined;
  const maxPages = options.maxPages ?? MAX_PAGES;
  for (let page = 0; page < maxPages; page++) {
    let q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(PAGE_SIZE);
    if (cursor !== undefined) q = q.cursor(cursor);
    const res = await q.getMany<unknown>();
    for (const { key, value } of res.results) {
      const parsed = schema.safeParse(value);
      if (parsed.success) records.push({ key, value: parsed.data });
      else corrupt.push({ key, message: parsed.error.issues[0]?.message ?? 'invalid record' });
    }
    if (!res.nextCursor || res.nextCursor === cursor) return { records, corrupt, complete: true };
    cursor = res.nextCursor;
  }
  return { records, corrupt, complete: false };
}

/** Up to `limit` keys under `prefix` (one query page). */
export async function queryKeys(prefix: string, limit: number): Promise<string[]> {
  const res = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(prefix))
    .limit(limit)
    .getMany<unknown>();
  return res.results.map((r) => r.key);
}

/**
 * Deletes every key under `prefix`, one query page and one batch delete at a time, while
 * `more()` allows. True when nothing is left under it.
 */
export async function deleteKeysUnder(prefix: string, more: () => boolean): Promise<boolean> {
  while (more()) {
    const keys = await queryKeys(prefix, PAGE_SIZE);
    if (keys.length === 0) return true;
    await kvs.batchDelete(keys.map((key) => ({ key })));
  }
  return false;
}
