/**
 * Account configuration reads: groups, brands, ticket forms, custom ticket statuses and user
 * identities (list + show). "Allowed For" per Zendesk's reference: groups admins and agents;
 * brands admins and agents [doc https://developer.zendesk.com/api-reference/ticketing/account-configuration/brands/];
 * ticket forms and custom statuses anyone signed in (end users included); identities agents, and
 * verified end users for their own.
 */
import {
  BRAND_ID,
  brandJson,
  customStatuses,
  identitiesOf,
  TICKET_FORM_ID,
  ticketFormJson,
} from '../accountConfig';
import type { SimContext } from '../context';
import { forbidden, recordNotFound } from '../errors';
import { currentUser, positiveInt } from '../http';
import { cursorPage, offsetPage, wantsCursor } from '../pagination';
import type { Router } from '../router';
import { groupJson } from '../serialize';

function boolFilter(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  return raw === null ? undefined : raw === 'true';
}

export function registerAccountRoutes(router: Router, ctx: SimContext): void {
  const { state } = ctx;

  router.add('GET', '/api/v2/groups', 'agent', (req) => {
    const groups = [...state.groups.values()].sort((a, b) => a.id - b.id);
    const url = `${state.apiBase}/api/v2/groups.json`;
    const page = wantsCursor(req.query)
      ? cursorPage(groups, (g) => String(g.id), req.query, url)
      : offsetPage(groups, req.query, url);
    if (!page.ok) return page.response;
    return { status: 200, body: { groups: page.items.map((g) => groupJson(state, g)), ...page.extra } };
  });

  router.add('GET', '/api/v2/groups/:id', 'agent', (req) => {
    const group = state.groups.get(positiveInt(req.params.id) ?? 0);
    return group ? { status: 200, body: { group: groupJson(state, group) } } : recordNotFound();
  });

  router.add('GET', '/api/v2/brands', 'agent', () => ({
    status: 200,
    body: { brands: [brandJson(state)], next_page: null, previous_page: null, count: 1 },
  }));

  router.add('GET', '/api/v2/brands/:id', 'agent', (req) =>
    positiveInt(req.params.id) === BRAND_ID
      ? { status: 200, body: { brand: brandJson(state) } }
      : recordNotFound(),
  );

  router.add('GET', '/api/v2/ticket_forms', 'end-user', (req) => {
    const forms = [ticketFormJson(state)].filter(
      (f) =>
        (boolFilter(req.query, 'active') ?? f.active) === f.active &&
        (boolFilter(req.query, 'end_user_visible') ?? f.end_user_visible) === f.end_user_visible,
    );
    return { status: 200, body: { ticket_forms: forms } };
  });

  router.add('GET', '/api/v2/ticket_forms/:id', 'end-user', (req) =>
    positiveInt(req.params.id) === TICKET_FORM_ID
      ? { status: 200, body: { ticket_form: ticketFormJson(state) } }
      : recordNotFound(),
  );

  router.add('GET', '/api/v2/custom_statuses', 'end-user', (req) => {
    const categories = (req.query.get('status_categories') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    const active = boolFilter(req.query, 'active');
    const isDefault = boolFilter(req.query, 'default');
    const statuses = customStatuses(state).filter(
      (s) =>
        (categories.length === 0 || categories.includes(String(s.status_category))) &&
        (active === undefined || s.active === active) &&
        (isDefault === undefined || s.default === isDefault),
    );
    return { status: 200, body: { custom_statuses: statuses } };
  });

  router.add('GET', '/api/v2/custom_statuses/:id', 'end-user', (req) => {
    const id = positiveInt(req.params.id);
    const found = customStatuses(state).find((s) => s.id === id);
    return found ? { status: 200, body: { custom_status: found } } : recordNotFound();
  });

  router.add('GET', '/api/v2/users/:user_id/identities', 'end-user', (req) => {
    const caller = currentUser(req);
    const user = state.users.get(positiveInt(req.params.user_id) ?? 0);
    if (caller?.role === 'end-user' && (caller.id !== user?.id || !caller.verified)) return forbidden();
    if (!user) return recordNotFound();
    const page = offsetPage(
      identitiesOf(state, user),
      req.query,
      `${state.apiBase}/api/v2/users/${user.id}/identities.json`,
    );
    if (!page.ok) return page.response;
    return { status: 200, body: { identities: page.items, ...page.extra } };
  });
}
