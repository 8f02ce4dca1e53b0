/**
 * Zendesk's Jira links API (docs/contracts/zendesk-api.md § Jira links).
 * Admins only. Served at /api/v2/jira/links and at the older /api/services/jira/links:
 * - GET /api/v2/jira/links: ordered by id, 1000 per page by default, `page[after]` (a link id) and
 *   `page[size]`, `filter[ticket_id]` / `filter[issue_id]`; response {links, meta:{after_cursor, has_more}}
 *   where after_cursor has the documented form, a URL ending in `page[after]={last id}`.
 * - GET /api/services/jira/links (deprecated list): `since_id`, `limit`, `ticket_id`, `issue_id`; {links}.
 * - GET …/{id} → {link}; POST {link:{ticket_id, issue_id, issue_key}} → 201 {link}; DELETE → 204.
 * Links in lists have no `url`; single links do (as in the doc's examples). ticket_id and issue_id
 * are accepted as numbers or strings and returned as strings.
 */
import { z } from 'zod';
import type { SimContext } from '../context';
import { recordInvalid, recordNotFound, type ErrorDetails } from '../errors';
import { parseJsonBody, positiveInt, type SimRequest, type SimResponse } from '../http';
import type { Router } from '../router';
import { jiraLinkJson } from '../serialize';
import type { JiraLinkRecord } from '../types';

const idText = z.union([z.string(), z.number().int()]).transform((v) => String(v).trim());
const linkBody = z.object({
  link: z.looseObject({
    ticket_id: idText.optional(),
    issue_id: idText.optional(),
    issue_key: z.string().optional(),
  }),
});

export const DEFAULT_LINK_PAGE = 1000;

export function registerJiraLinkRoutes(router: Router, ctx: SimContext): void {
  const { state, clock } = ctx;

  const sorted = () => [...state.jiraLinks.values()].sort((a, b) => a.id - b.id);

  const listV2 = (req: SimRequest): SimResponse => {
    const q = req.query;
    const ticketId = q.get('filter[ticket_id]');
    const issueId = q.get('filter[issue_id]');
    const after = q.get('page[after]');
    const sizeRaw = q.get('page[size]');
    if (after !== null && positiveInt(after) === undefined)
      return recordInvalid({ 'page[after]': [{ description: 'must be an integer' }] });
    if (sizeRaw !== null && positiveInt(sizeRaw) === undefined)
      return recordInvalid({ 'page[size]': [{ description: 'must be a positive integer' }] });
    const size =
      sizeRaw === null
        ? DEFAULT_LINK_PAGE
        : Math.min(positiveInt(sizeRaw) ?? DEFAULT_LINK_PAGE, DEFAULT_LINK_PAGE);
    const afterId = after === null ? 0 : (positiveInt(after) ?? 0);
    const matching = sorted().filter(
      (l) =>
        (ticketId === null || l.ticketId === ticketId) &&
        (issueId === null || l.issueId === issueId) &&
        l.id > afterId,
    );
    const page = matching.slice(0, size);
    const last = page[page.length - 1];
    const hasMore = matching.length > page.length;
    const next = new URLSearchParams();
    if (ticketId !== null) next.set('filter[ticket_id]', ticketId);
    if (issueId !== null) next.set('filter[issue_id]', issueId);
    if (sizeRaw !== null) next.set('page[size]', String(size));
    const cursorUrl = (id: number) => {
      const p = new URLSearchParams(next);
      p.set('page[after]', String(id));
      return `${state.apiBase}/api/v2/jira/links?${p.toString().replace(/%5B/gi, '[').replace(/%5D/gi, ']')}`;
    };
    return {
      status: 200,
      body: {
        links: page.map((l) => jiraLinkJson(state, l, false)),
        meta: { after_cursor: last ? cursorUrl(last.id) : null, has_more: hasMore },
      },
    };
  };

  const listLegacy = (req: SimRequest): SimResponse => {
    const q = req.query;
    const sinceId = positiveInt(q.get('since_id')) ?? 0;
    const limit = Math.min(positiveInt(q.get('limit')) ?? DEFAULT_LINK_PAGE, DEFAULT_LINK_PAGE);
    const ticketId = q.get('ticket_id');
    const issueId = q.get('issue_id');
    const links = sorted()
      .filter(
        (l) =>
          l.id > sinceId &&
          (ticketId === null || l.ticketId === ticketId) &&
          (issueId === null || l.issueId === issueId),
      )
      .slice(0, limit);
    return { status: 200, body: { links: links.map((l) => jiraLinkJson(state, l, false)) } };
  };

  const show = (req: SimRequest): SimResponse => {
    const link = state.jiraLinks.get(positiveInt(req.params.id) ?? 0);
    return link ? { status: 200, body: { link: jiraLinkJson(state, link, true) } } : recordNotFound();
  };

  const create = (req: SimRequest): SimResponse => {
    const { link } = parseJsonBody(req, linkBody);
    const details: ErrorDetails = {};
    // Mandatory fields per the doc's property table; the refusal wording is [unverified].
    if (!link.ticket_id) details.ticket_id = [{ description: "Ticket can't be blank", error: 'BlankValue' }];
    else if (!/^\d+$/.test(link.ticket_id))
      details.ticket_id = [{ description: 'Ticket is invalid', error: 'InvalidValue' }];
    if (!link.issue_id) details.issue_id = [{ description: "Issue can't be blank", error: 'BlankValue' }];
    if (!link.issue_key)
      details.issue_key = [{ description: "Issue key can't be blank", error: 'BlankValue' }];
    if (Object.keys(details).length > 0) return recordInvalid(details);
    const ticketId = link.ticket_id ?? '';
    const issueId = link.issue_id ?? '';
    if ([...state.jiraLinks.values()].some((l) => l.ticketId === ticketId && l.issueId === issueId)) {
      return recordInvalid({
        issue_id: [{ description: 'Issue has already been linked to this ticket', error: 'DuplicateValue' }],
      });
    }
    const now = clock.now();
    const record: JiraLinkRecord = {
      id: state.nextId('link'),
      ticketId,
      issueId,
      issueKey: link.issue_key ?? '',
      createdAt: now,
      updatedAt: now,
    };
    state.jiraLinks.set(record.id, record);
    return { status: 201, body: { link: jiraLinkJson(state, record, true) } };
  };

  const remove = (req: SimRequest): SimResponse => {
    const linkId = positiveInt(req.params.id) ?? 0;
    if (!state.jiraLinks.delete(linkId)) return recordNotFound();
    return { status: 204 };
  };

  router.add('GET', '/api/v2/jira/links', 'admin', listV2);
  router.add('POST', '/api/v2/jira/links', 'admin', create);
  router.add('GET', '/api/v2/jira/links/:id', 'admin', show);
  router.add('DELETE', '/api/v2/jira/links/:id', 'admin', remove);
  router.add('GET', '/api/services/jira/links', 'admin', listLegacy);
  router.add('POST', '/api/services/jira/links', 'admin', create);
  router.add('GET', '/api/services/jira/links/:id', 'admin', show);
  router.add('DELETE', '/api/services/jira/links/:id', 'admin', remove);
}
