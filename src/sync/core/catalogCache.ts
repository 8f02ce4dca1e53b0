/**
 * Catalogs kept between invocations (docs/sync-model.md § Catalog cache): the Jira fields
 * (`GET /rest/api/3/field`) and the Zendesk ticket fields the synchronized items use, in one
 * KVS record `cache:catalogs` (stored by src/storage/catalogCache.ts). A scheduled run or queue batch reads it in its first batch read,
 * so a cached catalog costs no request at all; without it each run read both catalogs again.
 *
 * Only what the items need is kept (the fields they map, and Zendesk's system fields), so the
 * record stays far below the KVS value limit on sites with thousands of fields. An entry is
 * used while it is younger than CATALOG_TTL_MS and was read for every field mapped now (a
 * new mapping reads it again); a field Jira or Zendesk names in a refusal drops the entry.
 */
import type { JiraField } from '../../jira/schemas';
import type { ZendeskTicketField } from '../../zendesk/schemas';

/** Catalogs change when an administrator edits fields: re-read hourly at the latest. */
export const CATALOG_TTL_MS = 60 * 60 * 1000;

/** True while an entry read at `at` may still be used. */
export function isFresh(at: number, now: number = Date.now()): boolean {
  return now >= at && now - at < CATALOG_TTL_MS;
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
