/**
 * The Link dialog's search over the real Zendesk client, against the Zendesk simulator on
 * loopback (no Forge runtime needed: the client takes a fetch that routes to the simulator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type ZendeskSimulator } from '../../../sandbox/zendesk';
import { searchZendesk } from '../../../src/panel/search';
import { createZendeskClient, type ZendeskClient, type ZendeskFetch } from '../../../src/zendesk/client';

let sim: ZendeskSimulator;
let zendesk: ZendeskClient;

function loopbackFetch(target: string): ZendeskFetch {
  return async (url, init) => {
    const u = new URL(url);
    const headers = { ...init.headers, 'x-forwarded-host': u.host };
    const res = await fetch(`${target}${u.pathname}${u.search}`, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      redirect: 'manual',
    });
    return res;
  };
}

beforeAll(async () => {
  sim = await startZendeskSimulator();
  zendesk = createZendeskClient(
    { subdomain: sim.subdomain, email: sim.credentials.admin.email, token: sim.credentials.admin.token },
    { fetch: loopbackFetch(sim.url), waitBudgetMs: 0 },
  );
});

afterAll(async () => {
  await sim.close();
});

describe('searchZendesk', () => {
  it('finds a ticket by id and by partial subject', async () => {
    const created = sim.control.createTicket({
      subject: 'Quantumflux capacitor overheats',
      body: 'It gets hot.',
    }) as { id: number };
    const id = String(created.id);

    const byId = await searchZendesk(zendesk, 'ticket', id);
    expect(byId[0]).toEqual({ id, title: 'Quantumflux capacitor overheats', detail: 'New' });

    const bySubject = await searchZendesk(zendesk, 'ticket', 'quantumfl capac');
    expect(bySubject.map((r) => r.id)).toEqual([id]);

    // A word from the body is not a subject match.
    expect(await searchZendesk(zendesk, 'ticket', 'hot')).not.toContainEqual(expect.objectContaining({ id }));
    expect(await searchZendesk(zendesk, 'ticket', '#999999')).toEqual([]);
  });

  it('finds customers by id, partial name and partial e-mail', async () => {
    const user = [...sim.state.users.values()].find((u) => u.role === 'end-user' && u.active);
    if (!user) throw new Error('the seed has no end user');
    const expected = { id: String(user.id), title: user.name, detail: user.email };

    expect(await searchZendesk(zendesk, 'user', String(user.id))).toContainEqual(expected);
    const firstName = user.name.split(' ')[0] ?? user.name;
    expect(await searchZendesk(zendesk, 'user', firstName.slice(0, 3))).toContainEqual(expected);
    const local = user.email.split('@')[0] ?? '';
    expect(await searchZendesk(zendesk, 'user', user.email.slice(0, local.length + 2))).toContainEqual(
      expected,
    );
  });

  it('finds organizations by id and partial name, with their domains', async () => {
    const org = [...sim.state.organizations.values()][0];
    if (!org) throw new Error('the seed has no organization');
    const expected = { id: String(org.id), title: org.name, detail: org.domainNames.join(', ') };
    expect(await searchZendesk(zendesk, 'organization', String(org.id))).toEqual([expected]);
    const word = org.name.split(/\s+/)[0] ?? org.name;
    expect(
      await searchZendesk(zendesk, 'organization', word.slice(0, Math.max(2, word.length - 1))),
    ).toContainEqual(expected);
  });

  it('never offers agents or admins as customers, by id or by name', async () => {
    const staff = [...sim.state.users.values()].filter((u) => u.role !== 'end-user' && u.active);
    expect(staff.length).toBeGreaterThan(0);
    for (const person of staff) {
      expect(await searchZendesk(zendesk, 'user', String(person.id))).toEqual([]);
      const byName = await searchZendesk(zendesk, 'user', person.name);
      expect(byName.map((r) => r.id)).not.toContain(String(person.id));
    }
  });

  it('finds an organization by complete id only; a fragment of the id finds nothing', async () => {
    const org = [...sim.state.organizations.values()][0];
    if (!org) throw new Error('the seed has no organization');
    expect((await searchZendesk(zendesk, 'organization', String(org.id))).map((r) => r.id)).toEqual([
      String(org.id),
    ]);
    const fragment = String(org.id).slice(0, -1);
    expect((await searchZendesk(zendesk, 'organization', fragment)).map((r) => r.id)).not.toContain(
      String(org.id),
    );
  });

  it('finds records whose text has a word starting with the digits typed', async () => {
    const created = sim.control.createTicket({ subject: 'Order 7734512 never arrived' }) as { id: number };
    const hits = await searchZendesk(zendesk, 'ticket', '77345');
    expect(hits.map((r) => r.id)).toContain(String(created.id));
  });

  it('never returns more than 25 results and each id once', async () => {
    for (let i = 0; i < 30; i++) sim.control.createTicket({ subject: `Bulkcase number ${i}` });
    const results = await searchZendesk(zendesk, 'ticket', 'bulkcase');
    expect(results).toHaveLength(25);
    expect(new Set(results.map((r) => r.id)).size).toBe(25);
  });
});
