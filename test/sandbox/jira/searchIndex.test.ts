/**
 * JQL search index lag: with a lag set, /search/jql sees issues as they were that long
 * ago, and `reconcileIssues` shows the listed issues as they are now. Off by default.
 */
import { describe, expect, it } from 'vitest';
import { useJiraSim } from './support/setup.js';

const t = useJiraSim();
const LAG = 400;

type Page = { issues: { id: string; fields?: { summary?: string; labels?: string[] } }[] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function summaries(jql: string, reconcileIssues?: number[]): Promise<string[]> {
  const res = await t.agent.post('/rest/api/3/search/jql', {
    jql,
    fields: ['summary'],
    ...(reconcileIssues === undefined ? {} : { reconcileIssues }),
  });
  expect(res.status).toBe(200);
  return res.json<Page>().issues.map((i) => i.fields?.summary ?? '');
}

async function create(summary: string): Promise<string> {
  const res = await t.agent.post('/rest/api/3/issue', {
    fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary, labels: ['lagtest'] },
  });
  expect(res.status).toBe(201);
  return res.json<{ id: string }>().id;
}

describe('JQL search lag', () => {
  it('is off by default: a new issue is found at once', async () => {
    await create('Instant finding');
    expect(await summaries('labels = lagtest')).toEqual(['Instant finding']);
  });

  it('hides new issues and keeps old values until the lag has passed', async () => {
    const res = await t.http.post(`/__sim/search-lag`, { ms: LAG });
    expect(res.json()).toEqual({ searchLagMs: LAG });
    const fresh = await create('Fresh one');
    const old = (await t.agent.post('/rest/api/3/search/jql', { jql: 'labels = lagtest' })).json<Page>()
      .issues[0]?.id;
    expect(
      (await t.agent.put(`/rest/api/3/issue/${old}`, { fields: { summary: 'Renamed one' } })).status,
    ).toBe(204);

    expect(await summaries('labels = lagtest')).toEqual(['Instant finding']);
    expect(await summaries('summary ~ "Renamed"')).toEqual([]);
    // A direct read is current; only search trails.
    const direct = await t.agent.get(`/rest/api/3/issue/${fresh}?fields=summary`);
    expect(direct.json<{ fields: { summary: string } }>().fields.summary).toBe('Fresh one');

    // reconcileIssues shows the listed issues as they are now.
    expect((await summaries('labels = lagtest', [Number(fresh), Number(old)])).sort()).toEqual([
      'Fresh one',
      'Renamed one',
    ]);

    await sleep(LAG + 50);
    expect((await summaries('labels = lagtest')).sort()).toEqual(['Fresh one', 'Renamed one']);
  });

  it('refuses more than 50 reconcileIssues', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => 10000 + i);
    const res = await t.agent.post('/rest/api/3/search/jql', { jql: 'project = SUP', reconcileIssues: ids });
    expect(res.status).toBe(400);
  });

  it('turns off again through the control API', async () => {
    t.sim.control.setSearchLag(0);
    await create('Zebrafinch after the lag');
    expect(await summaries('summary ~ "Zebrafinch"')).toEqual(['Zebrafinch after the lag']);
  });
});
