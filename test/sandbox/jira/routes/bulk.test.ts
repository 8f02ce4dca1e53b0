/**
 * POST /rest/api/3/issue/bulkfetch: ids and keys (also former keys and any case), ascending id
 * order, invisible and unknown issues left out, `*navigable` default fields, expand, properties,
 * and the 400s for no ids or more than 100. Every exchange is checked against the spec subset.
 */
import { describe, expect, it } from 'vitest';
import { useJiraSim, expectErrorCollection } from '../support/setup.js';

const t = useJiraSim();

interface Bulk {
  issues: {
    id: string;
    key: string;
    fields: Record<string, unknown>;
    names?: Record<string, string>;
    properties?: Record<string, unknown>;
  }[];
  issueErrors: unknown[];
}

describe('issue/bulkfetch', () => {
  it('returns the visible issues named by id or key, in ascending id order', async () => {
    const sup2 = t.sim.control.getIssue('SUP-2');
    const res = await t.agent.post('/rest/api/3/issue/bulkfetch', {
      issueIdsOrKeys: ['eng-1', 'SUP-1', String(sup2.id), 'SUP-4', 'NOPE-9', '99999'],
      fields: ['summary', 'status'],
    });
    expect(res.status, res.text).toBe(200);
    const body = res.json<Bulk>();
    const keys = body.issues.map((i) => i.key);
    // SUP-4 was moved and is ENG-3: it resolves; unknown ones are simply absent.
    expect(new Set(keys)).toEqual(new Set(['SUP-1', 'SUP-2', 'ENG-1', 'ENG-3']));
    const ids = body.issues.map((i) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(body.issueErrors).toEqual([]);
    expect(Object.keys(body.issues[0]?.fields ?? {}).sort()).toEqual(['status', 'summary']);
  });

  it('leaves out issues the caller cannot browse instead of failing', async () => {
    const res = await t.none.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['SUP-1', 'ENG-1'] });
    expect(res.status).toBe(200);
    expect(res.json<Bulk>().issues).toEqual([]);
  });

  it('defaults to navigable fields, expands names, returns asked properties', async () => {
    const put = await t.app.put('/rest/api/3/issue/SUP-1/properties/zendesk-connector', { ticketId: '7' });
    expect([200, 201]).toContain(put.status);
    const res = await t.app.post('/rest/api/3/issue/bulkfetch', {
      issueIdsOrKeys: ['SUP-1'],
      expand: ['names'],
      properties: ['zendesk-connector', 'absent'],
    });
    const [issue] = res.json<Bulk>().issues;
    expect(issue?.fields).toHaveProperty('summary');
    expect(issue?.fields).toHaveProperty('customfield_10040');
    expect(issue?.names?.summary).toBe('Summary');
    expect(issue?.properties).toEqual({ 'zendesk-connector': { ticketId: '7' } });
  });

  it('refuses no ids, more than 100 ids, unknown body keys and more than 5 property keys with 400', async () => {
    const none = await t.agent.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [] });
    expectErrorCollection(none, 400, expect.any(String));
    const many = Array.from({ length: 101 }, (_, i) => `SUP-${i + 1}`);
    expect((await t.agent.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: many })).status).toBe(400);
    const hundred = many.slice(0, 100);
    expect((await t.agent.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: hundred })).status).toBe(200);
    expect(
      (await t.agent.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['SUP-1'], jql: 'x' })).status,
    ).toBe(400);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(
      (await t.agent.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['SUP-1'], properties: six }))
        .status,
    ).toBe(400);
  });

  it('is a read for the points quota: 1 point plus one per issue returned', async () => {
    const before = t.sim.limits.pointsSpent(new Date());
    await t.app.post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['SUP-1', 'SUP-2', 'SUP-3'] });
    expect(t.sim.limits.pointsSpent(new Date()) - before).toBe(4);
  });
});
