/**
 * Catalogs kept between invocations (docs/sync-model.md § Catalog cache): the Jira fields
 * (`GET /rest/api/3/field`) and the Zendesk ticket fields the synchronized items use, the site's
 * priorities, the app's own Jira account (`GET /rest/api/3/myself`) and the display names of
 * Jira users whose comments and files events carry (`GET /rest/api/3/user`; events name users
 * by account id only), in one KVS record `cache:catalogs`. A scheduled run or queue batch reads it in its first batch read,
 * so a cached catalog costs no request at all; without it each run read both catalogs again.
 *
 * Only what the items need is kept (the fields they map, and Zendesk's system fields), so the
 * record stays far below the KVS value limit on sites with thousands of fields. An entry is
 * used while it is younger than CATALOG_TTL_MS and was read for every field mapped now (a
 * new mapping reads it again); a field Jira or Zendesk names in a refusal drops the entry.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { fieldSchema, type JiraField } from '../../jira/schemas';
import { ticketFieldSchema, type ZendeskTicketField } from '../../zendesk/schemas';

export const CATALOG_CACHE_KEY = 'cache:catalogs';
/** Catalogs change when an administrator edits fields: re-read hourly at the latest. */
export const CATALOG_TTL_MS = 60 * 60 * 1000;
/** Leave room under the 240 KiB KVS value limit; a larger catalog is simply not kept. */
const MAX_CACHE_BYTES = 200 * 1024;

const entry = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    /** Epoch ms of the read. */
    at: z.number(),
    /** The field ids wanted when it was read: any other mapped field means a new read. */
    wanted: z.array(z.string()),
    fields: z.array(item),
  });

const catalogCacheSchema = z.object({
  v: z.literal(1),
  jiraFields: entry(fieldSchema).optional(),
  ticketFields: entry(ticketFieldSchema).optional(),
  /** The site's priority names, highest first (`GET /rest/api/3/priority`), read at `at`. */
  priorities: z.object({ at: z.number(), names: z.array(z.string()) }).optional(),
  /** The app's own Jira account id, read at `at`. */
  appAccount: z.object({ at: z.number(), value: z.string().min(1).max(128) }).optional(),
  /** Jira display names by account id, each read at its `at`; at most MAX_USER_NAMES. */
  userNames: z
    .record(z.string().min(1).max(128), z.object({ at: z.number(), value: z.string().max(255) }))
    .optional(),
});
export type CatalogCache = z.infer<typeof catalogCacheSchema>;
export type CatalogName = 'jiraFields' | 'ticketFields' | 'priorities';

/** The stored record, or an empty one when absent or unreadable (it is only a cache). */
export function parseCatalogCache(raw: unknown): CatalogCache {
  const parsed = catalogCacheSchema.safeParse(raw);
  return parsed.success ? parsed.data : { v: 1 };
}

/**
 * The stored record for an invocation that did not read it with its first batch (events,
 * Refresh, the panel's link): one KVS read instead of reading the catalogs upstream. An
 * unreadable store reads as an empty cache.
 */
export async function loadCatalogCache(): Promise<CatalogCache> {
  try {
    return parseCatalogCache(await kvs.get<unknown>(CATALOG_CACHE_KEY));
  } catch {
    return { v: 1 };
  }
}

/** True while an entry read at `at` may still be used. */
export function isFresh(at: number, now: number = Date.now()): boolean {
  return now >= at && now - at < CATALOG_TTL_MS;
}

/** Display names kept: the newest ones, so the record stays small on sites with many authors. */
export const MAX_USER_NAMES = 200;

/** `names` with `accountId → name` added, the oldest and the stale dropped beyond MAX_USER_NAMES. */
export function withUserName(
  names: CatalogCache['userNames'],
  accountId: string,
  name: string,
  now: number = Date.now(),
): NonNullable<CatalogCache['userNames']> {
  const entries = Object.entries(names ?? {}).filter(([id, v]) => id !== accountId && isFresh(v.at, now));
  entries.sort((a, b) => b[1].at - a[1].at);
  return Object.fromEntries([[accountId, { at: now, value: name }], ...entries.slice(0, MAX_USER_NAMES - 1)]);
}

/** The cached fields when fresh and read for every id in `wanted`; otherwise null. */
export function cachedFields<T>(
  stored: { at: number; wanted: string[]; fields: T[] } | undefined,
  wanted: readonly string[],
  now: number = Date.now(),
): T[] | null {
  if (!stored || !isFresh(stored.at, now)) return null;
  const had = new Set(stored.wanted);
  return wanted.every((id) => had.has(id)) ? stored.fields : null;
}

/** The Jira fields worth keeping: the mapped ones. */
export function jiraFieldsToKeep(fields: readonly JiraField[], wanted: readonly string[]): JiraField[] {
  const keep = new Set(wanted);
  return fields.filter((f) => keep.has(f.id));
}

/** The ticket fields worth keeping: the referenced ones and the system fields (previews, system ids). */
export function ticketFieldsToKeep(
  fields: readonly ZendeskTicketField[],
  wanted: readonly string[],
): ZendeskTicketField[] {
  const keep = new Set(wanted);
  return fields.filter((f) => f.removable === false || keep.has(String(f.id)));
}

/**
 * Stores `cache` (best effort: a cache that cannot be written is read from upstream next time).
 * A record above the size bound is dropped instead.
 */
export async function storeCatalogCache(cache: CatalogCache): Promise<void> {
  try {
    if (JSON.stringify(cache).length > MAX_CACHE_BYTES) await kvs.delete(CATALOG_CACHE_KEY);
    else await kvs.set(CATALOG_CACHE_KEY, cache);
  } catch {
    // Only a cache.
  }
}
