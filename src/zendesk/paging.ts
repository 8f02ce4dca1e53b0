/**
 * Zendesk's paginated reads: cursor pagination followed to the end or until the caller has
 * enough (docs/contracts/zendesk-api.md § Pagination), and "show many" reads batched by 100 ids.
 * A cursor that does not advance, or more than MAX_PAGES pages, is an invalid answer rather
 * than a loop.
 */
import type { z } from 'zod';
import { ZendeskApiError } from './errors';
import type { QueryValue, ZendeskTransport } from './transport';
import { idSegment } from './urls';
import { slices } from '../util/slices';

export const MAX_PAGES = 1_000;

type CursorMeta = { has_more: boolean; after_cursor?: string | null | undefined } | undefined;

export interface CursorWalk<S extends z.ZodType> {
  path: string;
  schema: S;
  query?: Record<string, QueryValue>;
  visit: (page: z.output<S>) => void;
  enough?: (page: z.output<S>) => boolean;
}

/**
 * Reads `path` page by page with `page[after]`, handing each page to `visit`; stops at the last
 * page (returns true) or when `enough` says a page that is not the last is enough (returns
 * false: the listing is incomplete). Tolerates endpoints that answer without `meta`.
 */
export async function walkCursor<S extends z.ZodType<{ meta?: CursorMeta }>>(
  t: ZendeskTransport,
  walk: CursorWalk<S>,
): Promise<boolean> {
  const { path, schema, query = {}, visit, enough = () => false } = walk;
  let after: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await t.get(path, schema, { ...query, 'page[size]': 100, 'page[after]': after });
    visit(page);
    const meta = page.meta;
    if (!meta || !meta.has_more || !meta.after_cursor) return true;
    if (enough(page)) return false;
    if (meta.after_cursor === after) {
      throw new ZendeskApiError(
        200,
        'INVALID_RESPONSE',
        `Zendesk pagination did not advance for GET ${path}`,
      );
    }
    after = meta.after_cursor;
  }
  throw new ZendeskApiError(
    200,
    'INVALID_RESPONSE',
    `Zendesk pagination exceeded ${MAX_PAGES} pages for GET ${path}`,
  );
}

/** Every item of a cursor-paginated listing. */
export async function listAll<S extends z.ZodType<{ meta?: CursorMeta }>, T>(
  t: ZendeskTransport,
  path: string,
  schema: S,
  pick: (page: z.output<S>) => T[],
): Promise<T[]> {
  const all: T[] = [];
  await walkCursor(t, { path, schema, visit: (page) => all.push(...pick(page)) });
  return all;
}

/** A `show_many` read: ids checked and deduplicated, then asked for 100 at a time. */
export async function showMany<T>(
  ids: readonly (number | string)[],
  what: string,
  fetchBatch: (idsParam: string) => Promise<T[]>,
): Promise<T[]> {
  const unique = [...new Set(ids.map((id) => idSegment(id, what)))];
  const out: T[] = [];
  for (const batch of slices(unique, 100)) out.push(...(await fetchBatch(batch.join(','))));
  return out;
}
