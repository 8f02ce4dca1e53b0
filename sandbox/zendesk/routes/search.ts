/**
 * GET /api/v2/search.json (spec ListSearchResults, docs/contracts/zendesk-api.md § Search):
 * - offset pagination only; a cursor parameter (`page[size]`) is refused with 400 and the message a
 *   live probe recorded, "page must be an integer" [3p probe; body uses the spec's search error
 *   shape {error, description}];
 * - at most 100 per page and 1000 results per query: asking beyond result 1000 is 422 "Requested
 *   response size was greater than Search Response Limits" [3p probe] while `count` keeps the total;
 * - results carry `result_type`; `facets` is null; sort_by/sort_order as documented.
 */
import type { SimContext } from '../context';
import { simpleError } from '../errors';
import type { Router } from '../router';
import { parseQuery, SearchSyntaxError, SORTABLE, sortHits, type SearchHit, type SortBy } from '../search';
import { groupJson, organizationJson, ticketJson, userJson } from '../serialize';

export const SEARCH_RESULT_LIMIT = 1000;

export function registerSearchRoutes(router: Router, ctx: SimContext): void {
  const { state } = ctx;

  const hitJson = (hit: SearchHit): Record<string, unknown> => {
    switch (hit.type) {
      case 'ticket':
        return { ...ticketJson(state, hit.record), result_type: 'ticket' };
      case 'user':
        return { ...userJson(state, hit.record), result_type: 'user' };
      case 'organization':
        return { ...organizationJson(state, hit.record), result_type: 'organization' };
      case 'group':
        return { ...groupJson(state, hit.record), result_type: 'group' };
    }
  };

  router.add('GET', '/api/v2/search', 'agent', (req) => {
    const q = req.query;
    if ([...q.keys()].some((k) => k.startsWith('page[')))
      return simpleError(400, 'invalid', 'page must be an integer');
    const query = q.get('query');
    if (!query) return simpleError(400, 'invalid', 'query parameter is required'); // [unverified text]
    const pageRaw = q.get('page') ?? '1';
    const perRaw = q.get('per_page') ?? '100';
    if (!/^\d+$/.test(pageRaw) || Number(pageRaw) < 1)
      return simpleError(400, 'invalid', 'page must be an integer');
    if (!/^\d+$/.test(perRaw)) return simpleError(400, 'invalid', 'per_page must be an integer');
    const page = Number(pageRaw);
    const perPage = Math.min(Math.max(Number(perRaw), 1), 100);
    const sortByRaw = q.get('sort_by');
    const sortBy =
      sortByRaw && (SORTABLE as readonly string[]).includes(sortByRaw) ? (sortByRaw as SortBy) : undefined;
    const order = q.get('sort_order') === 'asc' ? 'asc' : 'desc';
    let hits: SearchHit[];
    try {
      hits = sortHits(ctx.search.run(parseQuery(query), ctx.clock.now()), sortBy, order);
    } catch (e) {
      if (e instanceof SearchSyntaxError) return simpleError(400, 'invalid', e.message);
      throw e;
    }
    if (page * perPage > SEARCH_RESULT_LIMIT) {
      return simpleError(422, 'invalid', 'Requested response size was greater than Search Response Limits');
    }
    const start = (page - 1) * perPage;
    const reachable = Math.min(hits.length, SEARCH_RESULT_LIMIT);
    const slice = hits.slice(start, Math.min(start + perPage, reachable));
    const link = (p: number) => {
      const next = new URLSearchParams(q);
      next.set('page', String(p));
      next.set('per_page', String(perPage));
      return `${state.apiBase}/api/v2/search.json?${next.toString()}`;
    };
    return {
      status: 200,
      body: {
        results: slice.map(hitJson),
        facets: null,
        next_page: start + perPage < reachable ? link(page + 1) : null,
        previous_page: page > 1 ? link(page - 1) : null,
        count: hits.length,
      },
    };
  });
}
