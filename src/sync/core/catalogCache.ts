/**
 * Catalogs kept between invocations (docs/sync-model.md § Catalog cache): the Jira fields
 * (`GET /rest/api/3/field`) and the Zendesk ticket fields the synchronized items use, the site's
 * priorities, the app's own Jira account (`GET /rest/api/3/myself`) and the display names of
 * Jira users whose comments and files events carry (`GET /rest/api/3/user`; events name users
 * by account id only), in one KVS record `cache:catalogs` (stored by src/storage/catalogCache.ts). A scheduled run or queue batch reads it in its first batch read,
 * so a cached catalog costs no request at all; without it each run read both catalogs again.
 *
 * Only what the items need is kept (the fields they map, and Zendesk's system fields), so the
 * record stays far below the KVS value limit on sites with thousands of fields. An entry is
 * used while it is younger than CATALOG_TTL_MS and was read for every field mapped now (a
 * new mapping reads it again); a field Jira or Zendesk names in a refusal drops the entry.
 */
import type { JiraField } from '../../jira/schemas';
import type { CatalogCache } from '../../storage/catalogCache';
import type { ZendeskTicketField } from '../../zendesk/schemas';

/** Catalogs change when an administrator edits fields: re-read hourly at the latest. */
export const CATALOG_TTL_MS = 60 * 60 * 1000;

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
