/** Groups, brands, ticket forms, custom statuses and user identities. */
import { describe, expect, it } from 'vitest';
import { arr, call, obj, useSim } from './support/simHttp';

const sim = useSim();

describe('account configuration', () => {
  it('groups: list (offset and cursor) and show; unknown → 404; end users → 403', async () => {
    const list = obj((await call(sim, '/api/v2/groups.json', { as: 'agent' })).json);
    const groups = arr(list.groups).map(obj);
    expect(groups.map((g) => g.name)).toEqual(['Support', 'Escalations']);
    expect(list.count).toBe(2);
    const cursor = obj((await call(sim, '/api/v2/groups.json?page[size]=1')).json);
    expect(arr(cursor.groups)).toHaveLength(1);
    expect(obj(cursor.meta).has_more).toBe(true);
    const one = obj((await call(sim, `/api/v2/groups/${String(groups[1]?.id)}.json`)).json);
    expect(obj(one.group).name).toBe('Escalations');
    expect((await call(sim, '/api/v2/groups/123.json')).json).toEqual({
      error: 'RecordNotFound',
      description: 'Not found',
    });
    expect((await call(sim, '/api/v2/groups.json', { as: 'endUser' })).status).toBe(403);
  });

  it('brands and ticket forms: the one each ticket names', async () => {
    const ticket = obj(obj((await call(sim, '/api/v2/tickets/1.json')).json).ticket);
    const brands = arr(obj((await call(sim, '/api/v2/brands.json')).json).brands).map(obj);
    expect(brands.map((b) => b.id)).toEqual([ticket.brand_id]);
    expect(
      obj(obj((await call(sim, `/api/v2/brands/${String(ticket.brand_id)}`)).json).brand).subdomain,
    ).toBe('acme');
    expect((await call(sim, '/api/v2/brands/1')).status).toBe(404);
    const forms = arr(
      obj((await call(sim, '/api/v2/ticket_forms.json', { as: 'endUser' })).json).ticket_forms,
    ).map(obj);
    expect(forms.map((f) => f.id)).toEqual([ticket.ticket_form_id]);
    const form = obj(
      obj((await call(sim, `/api/v2/ticket_forms/${String(ticket.ticket_form_id)}`)).json).ticket_form,
    );
    const fieldIds = arr(obj((await call(sim, '/api/v2/ticket_fields')).json).ticket_fields)
      .map(obj)
      .filter((f) => f.active === true)
      .map((f) => f.id);
    expect(form.ticket_field_ids).toEqual(fieldIds);
    expect(arr(obj((await call(sim, '/api/v2/ticket_forms?active=false')).json).ticket_forms)).toEqual([]);
    expect((await call(sim, '/api/v2/ticket_forms/1')).status).toBe(404);
  });

  it('custom statuses: one per category, filters, and each ticket’s custom_status_id is one of them', async () => {
    const all = arr(obj((await call(sim, '/api/v2/custom_statuses')).json).custom_statuses).map(obj);
    expect(all.map((s) => s.status_category)).toEqual(['new', 'open', 'pending', 'hold', 'solved']);
    const pending = arr(
      obj((await call(sim, '/api/v2/custom_statuses?status_categories=pending,hold')).json).custom_statuses,
    );
    expect(pending.map((s) => obj(s).status_category)).toEqual(['pending', 'hold']);
    expect(arr(obj((await call(sim, '/api/v2/custom_statuses?active=false')).json).custom_statuses)).toEqual(
      [],
    );
    for (let id = 1; id <= 6; id++) {
      const t = obj(obj((await call(sim, `/api/v2/tickets/${id}`)).json).ticket);
      const status = all.find((s) => s.id === t.custom_status_id);
      expect(status?.status_category).toBe(t.status === 'closed' ? 'solved' : t.status);
    }
    const one = obj((await call(sim, `/api/v2/custom_statuses/${String(all[0]?.id)}`)).json);
    expect(obj(one.custom_status).agent_label).toBe('New');
    expect((await call(sim, '/api/v2/custom_statuses/5')).status).toBe(404);
  });

  it('identities: agents see anyone’s, a verified end user only their own', async () => {
    const endUser = sim.state.userByEmail(sim.credentials.endUser?.email ?? '');
    if (!endUser) throw new Error('no end user');
    const res = await call(sim, `/api/v2/users/${endUser.id}/identities.json`, { as: 'agent' });
    expect(res.status).toBe(200);
    const [email] = arr(obj(res.json).identities).map(obj);
    expect(email).toMatchObject({ type: 'email', value: endUser.email, user_id: endUser.id, primary: true });
    const admin = sim.state.userByEmail(sim.credentials.admin.email);
    expect((await call(sim, `/api/v2/users/${admin?.id}/identities`, { as: 'endUser' })).status).toBe(403);
    endUser.verified = true;
    expect((await call(sim, `/api/v2/users/${endUser.id}/identities`, { as: 'endUser' })).status).toBe(200);
    endUser.verified = false;
    expect((await call(sim, `/api/v2/users/${endUser.id}/identities`, { as: 'endUser' })).status).toBe(403);
    expect((await call(sim, '/api/v2/users/1/identities')).status).toBe(404);
  });
});
