import { beforeAll, describe, expect, it } from 'vitest';
import { arr, call, obj, startSim, useSim } from './support/simHttp';

const sim = useSim({ seed: false });

beforeAll(async () => {
  const requester = [...sim.state.users.values()].find((u) => u.role === 'end-user');
  if (!requester) throw new Error('no end user');
  sim.control.createTicket({
    subject: 'Printer offline in Zürich office',
    body: 'It beeps',
    requesterId: requester.id,
  });
  sim.control.createTicket({
    subject: 'Desktop application crashes',
    body: 'Since the update',
    requesterId: requester.id,
  });
  sim.control.createTicket({
    subject: 'Top priority: toppings missing',
    body: 'Pizza order',
    requesterId: requester.id,
    priority: 'high',
  });
  sim.control.createTicket({
    subject: 'Billing question',
    body: 'Invoice 4711 is wrong',
    requesterId: requester.id,
    tags: ['billing'],
  });
});

async function search(query: string, extra = ''): Promise<Record<string, unknown>> {
  const res = await call(sim, `/api/v2/search.json?query=${encodeURIComponent(query)}${extra}`);
  expect(res.status).toBe(200);
  return obj(res.json);
}

const subjects = (body: Record<string, unknown>) => arr(body.results).map((r) => obj(r).subject);

describe('search.json', () => {
  it('finds a ticket by bare id', async () => {
    const body = await search('type:ticket 2');
    const results = arr(body.results).map(obj);
    expect(results.map((r) => r.id)).toContain(2);
    expect(results.every((r) => r.result_type === 'ticket')).toBe(true);
  });

  it('matches words and word prefixes in the subject, not word middles', async () => {
    expect(subjects(await search('type:ticket printer'))).toEqual(['Printer offline in Zürich office']);
    expect(subjects(await search('type:ticket print'))).toEqual(['Printer offline in Zürich office']);
    // "top" matches "Top" and "toppings" but not "Desktop" (Zendesk search reference).
    expect(subjects(await search('type:ticket top'))).toEqual(['Top priority: toppings missing']);
    expect(subjects(await search('type:ticket zürich'))).toHaveLength(1);
  });

  it('supports wildcards, quoted phrases, negation and properties', async () => {
    expect(subjects(await search('type:ticket app*'))).toEqual(['Desktop application crashes']);
    expect(subjects(await search('type:ticket "billing question"'))).toEqual(['Billing question']);
    expect(subjects(await search('type:ticket "question billing"'))).toEqual([]);
    expect(subjects(await search('type:ticket -printer -desktop -top'))).toEqual(['Billing question']);
    expect(subjects(await search('type:ticket priority:high'))).toEqual(['Top priority: toppings missing']);
    expect(subjects(await search('type:ticket tags:billing'))).toEqual(['Billing question']);
    expect(subjects(await search('type:ticket subject:crashes'))).toEqual(['Desktop application crashes']);
    expect(subjects(await search('type:ticket 4711'))).toEqual(['Billing question']);
  });

  it('finds users by part of their email and organizations by name', async () => {
    const admin = sim.state.userByEmail(sim.credentials.admin.email);
    const local = sim.credentials.admin.email.split('@')[0] ?? '';
    const users = arr((await search(`type:user ${local}`)).results).map(obj);
    expect(users.map((u) => u.id)).toContain(admin?.id);
    expect(users.every((u) => u.result_type === 'user')).toBe(true);
    const byDomain = arr((await search('type:user acme.example.com')).results).map(obj);
    expect(byDomain.length).toBeGreaterThanOrEqual(2);
  });

  it('finds organizations by name prefix', async () => {
    const seeded = await startSim({ seed: { tickets: 1, organizations: 3 } });
    try {
      const res = await call(
        seeded,
        `/api/v2/search.json?query=${encodeURIComponent('type:organization glob')}`,
      );
      const orgs = arr(obj(res.json).results).map(obj);
      expect(orgs.map((o) => o.name)).toEqual(['Globex Corporation']);
      expect(orgs[0]?.result_type).toBe('organization');
    } finally {
      await seeded.close();
    }
  });

  it('searches every type without type:', async () => {
    const body = await search('acme');
    const types = new Set(arr(body.results).map((r) => obj(r).result_type));
    expect(types.has('user')).toBe(true);
  });

  it('refuses cursor pagination with 400', async () => {
    const res = await call(sim, `/api/v2/search.json?query=printer&page[size]=10`);
    expect(res.status).toBe(400);
    expect(obj(res.json).description).toBe('page must be an integer');
  });

  it('pages by offset, at most 100 per page, and refuses results past 1000 with 422', async () => {
    const big = await startSim({ seed: { tickets: 1100, commentsPerTicket: 1, attachments: 0 } });
    try {
      const first = obj((await call(big, `/api/v2/search.json?query=type:ticket&per_page=500`)).json);
      expect(arr(first.results)).toHaveLength(100);
      expect(first.count).toBe(1100);
      expect(String(first.next_page)).toContain('page=2');
      const tenth = obj((await call(big, `/api/v2/search.json?query=type:ticket&page=10&per_page=100`)).json);
      expect(arr(tenth.results)).toHaveLength(100);
      expect(tenth.next_page).toBeNull();
      const beyond = await call(big, `/api/v2/search.json?query=type:ticket&page=11&per_page=100`);
      expect(beyond.status).toBe(422);
    } finally {
      await big.close();
    }
  });

  it('sorts by sort_by and sort_order', async () => {
    const asc = arr((await search('type:ticket', '&sort_by=created_at&sort_order=asc')).results).map(
      (r) => obj(r).id,
    );
    expect(asc).toEqual([...asc].sort((a, b) => Number(a) - Number(b)));
  });
});

describe('users and organizations', () => {
  it('shows users, many users, searches and autocompletes by name', async () => {
    const admin = sim.state.userByEmail(sim.credentials.admin.email);
    const show = await call(sim, `/api/v2/users/${admin?.id}.json`);
    expect(obj(obj(show.json).user).email).toBe(sim.credentials.admin.email);
    const ids = [...sim.state.users.keys()].slice(0, 2);
    const many = await call(sim, `/api/v2/users/show_many.json?ids=${ids.join(',')},1`);
    expect(arr(obj(many.json).users).map((u) => obj(u).id)).toEqual(ids);
    const found = await call(
      sim,
      `/api/v2/users/search.json?query=${encodeURIComponent(sim.credentials.admin.email)}`,
    );
    expect(arr(obj(found.json).users).map((u) => obj(u).id)).toEqual([admin?.id]);
    const auto = await call(sim, '/api/v2/users/autocomplete.json?name=ada');
    expect(arr(obj(auto.json).users).map((u) => obj(u).name)).toEqual(['Ada Admin']);
    expect((await call(sim, '/api/v2/users/1.json')).status).toBe(404);
  });

  it('shows organizations, many organizations and autocompletes them', async () => {
    const seeded = await startSim({ seed: { tickets: 1, organizations: 4 } });
    try {
      const orgs = [...seeded.state.organizations.values()];
      const first = orgs[0];
      if (!first) throw new Error('no organization');
      const show = await call(seeded, `/api/v2/organizations/${first.id}.json`);
      expect(obj(obj(show.json).organization).name).toBe(first.name);
      const many = await call(
        seeded,
        `/api/v2/organizations/show_many.json?ids=${orgs.map((o) => o.id).join(',')}`,
      );
      expect(arr(obj(many.json).organizations)).toHaveLength(4);
      const auto = await call(seeded, '/api/v2/organizations/autocomplete.json?name=stark');
      expect(arr(obj(auto.json).organizations).map((o) => obj(o).name)).toEqual(['Stark Industries']);
    } finally {
      await seeded.close();
    }
  });
});
