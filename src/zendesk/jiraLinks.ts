/**
 * Zendesk's record of which Jira issues a ticket is linked to (the Jira app's sidebar reads it):
 * create, delete and list, with path and body as Zendesk documents them
 * (docs/contracts/zendesk-api.md § Jira links).
 */
import { jiraLinkResponseSchema, jiraLinksPageSchema, type ZendeskJiraLink } from './schemas';
import { MAX_PAGES } from './paging';
import type { QueryValue, RequestSpec, ZendeskTransport } from './transport';
import { idSegment } from './urls';

export interface ZendeskJiraLinkCalls {
  createJiraLink(link: {
    ticketId: number | string;
    issueId: string;
    issueKey: string;
  }): Promise<ZendeskJiraLink>;
  deleteJiraLink(linkId: number | string): Promise<void>;
  listJiraLinks(filter?: { ticketId?: number | string; issueId?: string }): Promise<ZendeskJiraLink[]>;
}

export function jiraLinkCalls(t: ZendeskTransport): ZendeskJiraLinkCalls {
  return {
    async createJiraLink(link) {
      const spec: RequestSpec = {
        method: 'POST',
        path: '/api/services/jira/links',
        json: {
          link: {
            ticket_id: idSegment(link.ticketId, 'ticket'),
            issue_id: link.issueId,
            issue_key: link.issueKey,
          },
        },
      };
      return (await t.request(spec, jiraLinkResponseSchema)).link;
    },

    async deleteJiraLink(linkId) {
      // Deleting twice ends in 404, never in a second side effect, so it may be retried.
      const path = `/api/services/jira/links/${idSegment(linkId, 'link')}`;
      await t.request({ method: 'DELETE', path, idempotent: true }, null);
    },

    async listJiraLinks(filter = {}) {
      const query: Record<string, QueryValue> = {};
      if (filter.ticketId !== undefined) query['filter[ticket_id]'] = idSegment(filter.ticketId, 'ticket');
      if (filter.issueId !== undefined) query['filter[issue_id]'] = idSegment(filter.issueId, 'issue');
      const all: ZendeskJiraLink[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const page = await t.get('/api/v2/jira/links', jiraLinksPageSchema, {
          ...query,
          'page[size]': 100,
          'page[after]': after,
        });
        all.push(...page.links);
        const last = page.links[page.links.length - 1];
        if (!page.meta?.has_more || !last) return all;
        // page[after] is a link id, the documented after_cursor a URL: use the last id
        // (docs/contracts/zendesk-api.md § Jira links).
        const next = String(last.id);
        if (next === after) return all;
        after = next;
      }
      return all;
    },
  };
}
