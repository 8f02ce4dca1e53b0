import { describe, expect, it } from 'vitest';
import { arr, call, obj, useSim } from '../support/simHttp';

const sim = useSim({ seed: { tickets: 3 } });

async function createLink(
  ticketId: string | number,
  issueId: string | number,
  issueKey: string,
  base = '/api/v2/jira/links',
) {
  return call(sim, base, {
    method: 'POST',
    body: { link: { ticket_id: ticketId, issue_id: issueId, issue_key: issueKey } },
  });
}

describe('Jira links API', () => {
  it('creates, shows and deletes a link (admin)', async () => {
    const created = await createLink('1', '10001', 'PRJ-1');
    expect(created.status).toBe(201);
    const link = obj(obj(created.json).link);
    expect(link).toMatchObject({ ticket_id: '1', issue_id: '10001', issue_key: 'PRJ-1' });
    expect(link.url).toBe(`https://acme.zendesk.com/api/services/jira/links/${String(link.id)}`);
    expect(link.created_at).toMatch(/Z$/);

    for (const base of ['/api/v2/jira/links', '/api/services/jira/links']) {
      const shown = await call(sim, `${base}/${String(link.id)}`);
      expect(shown.status).toBe(200);
      expect(obj(obj(shown.json).link).issue_key).toBe('PRJ-1');
    }
    expect(
      (await call(sim, `/api/services/jira/links/${String(link.id)}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await call(sim, `/api/v2/jira/links/${String(link.id)}`)).status).toBe(404);
  });

  it('accepts numeric ids and returns them as strings', async () => {
    const res = await createLink(2, 10002, 'PRJ-2', '/api/services/jira/links');
    expect(obj(obj(res.json).link)).toMatchObject({ ticket_id: '2', issue_id: '10002' });
  });

  it('requires ticket_id, issue_id and issue_key, and refuses duplicates', async () => {
    const missing = await call(sim, '/api/v2/jira/links', {
      method: 'POST',
      body: { link: { ticket_id: '1' } },
    });
    expect(missing.status).toBe(422);
    expect(Object.keys(obj(obj(missing.json).details)).sort()).toEqual(['issue_id', 'issue_key']);
    await createLink('3', '10003', 'PRJ-3');
    expect((await createLink('3', '10003', 'PRJ-3')).status).toBe(422);
  });

  it('is admin only', async () => {
    expect((await call(sim, '/api/v2/jira/links', { as: 'agent' })).status).toBe(403);
    expect(
      (
        await call(sim, '/api/v2/jira/links', {
          as: 'agent',
          method: 'POST',
          body: { link: { ticket_id: '1', issue_id: '1', issue_key: 'A-1' } },
        })
      ).status,
    ).toBe(403);
    expect((await call(sim, '/api/v2/jira/links', { as: 'none' })).status).toBe(401);
  });

  it('lists by id with page[size] and page[after], and filters by ticket or issue', async () => {
    for (let i = 0; i < 5; i++) await createLink('1', String(20000 + i), `PAG-${i}`);
    const all = arr(obj((await call(sim, '/api/v2/jira/links')).json).links).map(obj);
    const ids = all.map((l) => Number(l.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all.every((l) => !('url' in l))).toBe(true);

    const seen: number[] = [];
    let query = 'page[size]=2';
    for (let guard = 0; guard < 10; guard++) {
      const body = obj((await call(sim, `/api/v2/jira/links?${query}`)).json);
      const page = arr(body.links).map((l) => Number(obj(l).id));
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page);
      const meta = obj(body.meta);
      if (meta.has_more !== true) break;
      const after = new URL(String(meta.after_cursor)).searchParams.get('page[after]');
      expect(after).toBe(String(page[page.length - 1]));
      query = `page[size]=2&page[after]=${after}`;
    }
    expect(seen).toEqual(ids);

    const forTicket = arr(obj((await call(sim, '/api/v2/jira/links?filter[ticket_id]=1')).json).links).map(
      obj,
    );
    expect(forTicket).toHaveLength(5);
    expect(forTicket.every((l) => l.ticket_id === '1')).toBe(true);
    const forIssue = arr(obj((await call(sim, '/api/v2/jira/links?filter[issue_id]=20003')).json).links).map(
      obj,
    );
    expect(forIssue.map((l) => l.issue_key)).toEqual(['PAG-3']);

    const legacy = arr(
      obj((await call(sim, `/api/services/jira/links?since_id=${ids[1]}&limit=2`)).json).links,
    ).map((l) => Number(obj(l).id));
    expect(legacy).toEqual(ids.slice(2, 4));
  });

  it('shows links in the control API', () => {
    expect(sim.control.listJiraLinks().length).toBeGreaterThan(0);
  });
});
