/**
 * Users, organizations and their field definitions, plus ticket fields:
 * users/me, users/{id}, users/show_many, users/search, users/autocomplete, organizations/{id},
 * organizations/show_many, organizations/autocomplete, ticket_fields, user_fields, organization_fields.
 */
import type { SimContext } from '../context';
import { errorsArray, recordNotFound, simpleError } from '../errors';
import { currentUser, idList, positiveInt } from '../http';
import { offsetPage } from '../pagination';
import type { Router } from '../router';
import { parseQuery, SearchSyntaxError, sortHits } from '../search';
import { anonymousUserJson, organizationJson, ticketFieldJson, userFieldJson, userJson } from '../serialize';
import type { OrganizationRecord, UserRecord } from '../types';

export function registerPeopleRoutes(router: Router, ctx: SimContext): void {
  const { state } = ctx;

  // Allowed for anonymous users; the anonymous answer is how Zendesk reports "no credentials"
  // (docs/contracts/zendesk-api.md § Current user).
  router.add('GET', '/api/v2/users/me', 'anyone', (req) => {
    const user = currentUser(req);
    if (!user) return { status: 200, body: { user: anonymousUserJson() } };
    return {
      status: 200,
      body: { user: { ...userJson(state, user), authenticity_token: `sim-${user.id}-authenticity-token` } },
    };
  });

  router.add('GET', '/api/v2/users/show_many', 'agent', (req) => {
    const users = idList(req.query.get('ids'))
      .slice(0, 100)
      .map((i) => state.users.get(i))
      .filter((u): u is UserRecord => u !== undefined)
      .map((u) => userJson(state, u));
    return { status: 200, body: { users, next_page: null, previous_page: null, count: users.length } };
  });

  // GET /api/v2/users/search?query= supports search syntax; external_id= matches exactly (spec SearchUsers).
  router.add('GET', '/api/v2/users/search', 'agent', (req) => {
    const externalId = req.query.get('external_id');
    let users: UserRecord[];
    if (externalId !== null) {
      users = [...state.users.values()].filter((u) => u.externalId === externalId);
    } else {
      const query = req.query.get('query') ?? '';
      try {
        users = sortHits(ctx.search.run(parseQuery(query), ctx.clock.now(), 'user'), undefined, 'desc').map(
          (h) => h.record as UserRecord,
        );
      } catch (e) {
        if (e instanceof SearchSyntaxError) return simpleError(400, 'invalid', e.message);
        throw e;
      }
    }
    const page = offsetPage(users, req.query, `${state.apiBase}/api/v2/users/search.json`);
    if (!page.ok) return page.response;
    return { status: 200, body: { users: page.items.map((u) => userJson(state, u)), ...page.extra } };
  });

  // Users whose name starts with `name` (spec AutocompleteUsers). Agents only.
  router.add('GET', '/api/v2/users/autocomplete', 'agent', (req) => {
    const name = (req.query.get('name') ?? '').toLowerCase();
    if (!name) return errorsArray(400, 'QueryError', 'Invalid type: name is required'); // [unverified text]
    const users = [...state.users.values()]
      .filter((u) => u.active && u.name.toLowerCase().startsWith(name))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const page = offsetPage(users, req.query, `${state.apiBase}/api/v2/users/autocomplete.json`);
    if (!page.ok) return page.response;
    return { status: 200, body: { users: page.items.map((u) => userJson(state, u)), ...page.extra } };
  });

  router.add('GET', '/api/v2/users/:id', 'agent', (req) => {
    const user = state.users.get(positiveInt(req.params.id) ?? 0);
    return user ? { status: 200, body: { user: userJson(state, user) } } : recordNotFound();
  });

  router.add('GET', '/api/v2/organizations/show_many', 'agent', (req) => {
    const organizations = idList(req.query.get('ids'))
      .slice(0, 100)
      .map((i) => state.organizations.get(i))
      .filter((o): o is OrganizationRecord => o !== undefined)
      .map((o) => organizationJson(state, o));
    return {
      status: 200,
      body: { organizations, next_page: null, previous_page: null, count: organizations.length },
    };
  });

  // Organizations whose name starts with `name`; offset pagination only (spec AutocompleteOrganizations).
  router.add('GET', '/api/v2/organizations/autocomplete', 'agent', (req) => {
    const name = (req.query.get('name') ?? '').toLowerCase();
    if (!name) return errorsArray(400, 'QueryError', 'Invalid type: name is required'); // [unverified text]
    const orgs = [...state.organizations.values()]
      .filter((o) => o.name.toLowerCase().startsWith(name))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const page = offsetPage(orgs, req.query, `${state.apiBase}/api/v2/organizations/autocomplete.json`);
    if (!page.ok) return page.response;
    return {
      status: 200,
      body: { organizations: page.items.map((o) => organizationJson(state, o)), ...page.extra },
    };
  });

  router.add('GET', '/api/v2/organizations/:id', 'agent', (req) => {
    const org = state.organizations.get(positiveInt(req.params.id) ?? 0);
    return org ? { status: 200, body: { organization: organizationJson(state, org) } } : recordNotFound();
  });

  // Without pagination every field is returned, ordered by position then id (spec ListTicketFields).
  router.add('GET', '/api/v2/ticket_fields', 'agent', () => {
    const fields = [...state.ticketFields].sort((a, b) => a.position - b.position || a.id - b.id);
    return {
      status: 200,
      body: {
        ticket_fields: fields.map((f) => ticketFieldJson(state, f)),
        next_page: null,
        previous_page: null,
        count: fields.length,
      },
    };
  });

  router.add('GET', '/api/v2/ticket_fields/:id', 'agent', (req) => {
    const field = state.ticketFields.find((f) => f.id === positiveInt(req.params.id));
    return field ? { status: 200, body: { ticket_field: ticketFieldJson(state, field) } } : recordNotFound();
  });

  router.add('GET', '/api/v2/user_fields', 'agent', () => {
    const fields = [...state.userFields].sort((a, b) => a.position - b.position || a.id - b.id);
    return {
      status: 200,
      body: {
        user_fields: fields.map((f) => userFieldJson(state, f, 'user_fields')),
        next_page: null,
        previous_page: null,
        count: fields.length,
      },
    };
  });

  router.add('GET', '/api/v2/organization_fields', 'agent', () => {
    const fields = [...state.organizationFields].sort((a, b) => a.position - b.position || a.id - b.id);
    return {
      status: 200,
      body: {
        organization_fields: fields.map((f) => userFieldJson(state, f, 'organization_fields')),
        next_page: null,
        previous_page: null,
        count: fields.length,
      },
    };
  });
}
