/**
 * Zendesk search for one result type (tickets, users or organizations), as the panel's pickers
 * use it. The query text is an agent's input, so results of any other type are dropped.
 */
import {
  organizationSchema,
  searchResponseSchema,
  ticketSchema,
  userSchema,
  type ZendeskOrganization,
  type ZendeskTicket,
  type ZendeskUser,
} from './schemas';
import type { ZendeskTransport } from './transport';

export interface SearchPage<T> {
  results: T[];
  count: number | null;
  hasMore: boolean;
}

export type SearchType = 'ticket' | 'user' | 'organization';
export type SearchResultOf<T extends SearchType> = T extends 'ticket'
  ? ZendeskTicket
  : T extends 'user'
    ? ZendeskUser
    : ZendeskOrganization;

export interface ZendeskSearchCalls {
  search<T extends SearchType>(
    type: T,
    query: string,
    options?: { page?: number; perPage?: number },
  ): Promise<SearchPage<SearchResultOf<T>>>;
}

export function searchCalls(t: ZendeskTransport): ZendeskSearchCalls {
  return {
    async search(type, query, opts = {}) {
      const perPage = Math.min(100, Math.max(1, opts.perPage ?? 25));
      const page = await t.get('/api/v2/search.json', searchResponseSchema, {
        query: `type:${type} ${query}`.trim(),
        page: opts.page,
        per_page: perPage,
      });
      const schema = type === 'ticket' ? ticketSchema : type === 'user' ? userSchema : organizationSchema;
      const results: SearchResultOf<typeof type>[] = [];
      for (const raw of page.results) {
        // The query text is user input and could widen the type filter; keep only our type.
        if (raw.result_type !== type) continue;
        const parsed = schema.safeParse(raw);
        if (parsed.success) results.push(parsed.data as SearchResultOf<typeof type>);
      }
      return { results, count: page.count ?? null, hasMore: Boolean(page.next_page) } as SearchPage<
        SearchResultOf<typeof type>
      >;
    },
  };
}
