/**
 * The catalog cache record `cache:catalogs` (docs/sync-model.md § Catalog cache): the Jira
 * fields and Zendesk ticket fields the synchronized items use, the site's priorities, the app's
 * own Jira account and Jira users' display names, kept between invocations. What
 * is kept and when it is fresh is the sync's rule (src/sync/core/catalogCache.ts); this module
 * stores and validates the record, and never fails a run: it is only a cache.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { fieldSchema } from '../jira/schemas';
import { ticketFieldSchema } from '../zendesk/schemas';
import { CATALOG_CACHE_KEY } from './keys';

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
  /** Jira display names by account id, each read at its `at` (at most 200: sync/core/catalogCache.ts). */
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
