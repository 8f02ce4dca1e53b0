import { describe, expect, it } from 'vitest';
import { adf, useJiraSim, expectErrorCollection } from './support/setup.js';

const t = useJiraSim();

type Perms = { permissions: Record<string, { havePermission: boolean; id: string; type: string }> };

async function perms(client: typeof t.agent, query: string): Promise<Record<string, boolean>> {
  const res = await client.get(`/rest/api/3/mypermissions?${query}`);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    Object.entries(res.json<Perms>().permissions).map(([k, v]) => [k, v.havePermission]),
  );
}

const WORK = 'BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,TRANSITION_ISSUES,ADD_COMMENTS,CREATE_ATTACHMENTS';

describe('permissions per kind of user', () => {
  it('site admin: ADMINISTER and every project permission', async () => {
    expect(await perms(t.admin, `permissions=ADMINISTER,${WORK}&projectKey=ENG`)).toEqual({
      ADMINISTER: true,
      BROWSE_PROJECTS: true,
      CREATE_ISSUES: true,
      EDIT_ISSUES: true,
      TRANSITION_ISSUES: true,
      ADD_COMMENTS: true,
      CREATE_ATTACHMENTS: true,
    });
  });

  it('agent: works on issues but is not a Jira administrator', async () => {
    const p = await perms(t.agent, `permissions=ADMINISTER,ADMINISTER_PROJECTS,${WORK}&issueKey=SUP-1`);
    expect(p).toMatchObject({
      ADMINISTER: false,
      ADMINISTER_PROJECTS: false,
      EDIT_ISSUES: true,
      CREATE_ATTACHMENTS: true,
    });
  });

  it('browse-only user: BROWSE_PROJECTS and nothing else', async () => {
    const p = await perms(t.browse, `permissions=${WORK}&projectId=10000`);
    expect(p).toEqual({
      BROWSE_PROJECTS: true,
      CREATE_ISSUES: false,
      EDIT_ISSUES: false,
      TRANSITION_ISSUES: false,
      ADD_COMMENTS: false,
      CREATE_ATTACHMENTS: false,
    });
  });

  it('app account: every project permission, not ADMINISTER (documented choice)', async () => {
    const p = await perms(t.app, `permissions=ADMINISTER,${WORK}&issueId=10000`);
    expect(p.ADMINISTER).toBe(false);
    expect(
      Object.entries(p)
        .filter(([k]) => k !== 'ADMINISTER')
        .every(([, v]) => v),
    ).toBe(true);
  });

  it('user without access: 404 for the project or issue context, false in the global context', async () => {
    expect(
      (await t.none.get('/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=SUP')).status,
    ).toBe(404);
    expect(
      (await t.none.get('/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&issueKey=SUP-1')).status,
    ).toBe(404);
    expect(await perms(t.none, 'permissions=BROWSE_PROJECTS,CREATE_ISSUES')).toEqual({
      BROWSE_PROJECTS: false,
      CREATE_ISSUES: false,
    });
  });

  it('mypermissions: 400 without permissions or with an unknown key; ids and types as Jira reports them', async () => {
    expect((await t.agent.get('/rest/api/3/mypermissions')).status).toBe(400);
    const unknown = await t.agent.get('/rest/api/3/mypermissions?permissions=EDIT_ISSUES,FLY');
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ errorMessages: string[] }>().errorMessages[0]).toContain('FLY');
    const res = await t.agent.get('/rest/api/3/mypermissions?permissions=EDIT_ISSUES,ADMINISTER');
    expect(res.json<Perms>().permissions.EDIT_ISSUES).toMatchObject({ id: '12', type: 'PROJECT' });
    expect(res.json<Perms>().permissions.ADMINISTER).toMatchObject({ id: '0', type: 'GLOBAL' });
  });
});

describe('403 versus 404 on the REST API', () => {
  it('invisible issues and projects are 404 for the user without access', async () => {
    for (const path of [
      '/rest/api/3/issue/SUP-1',
      '/rest/api/3/issue/10000',
      '/rest/api/3/issue/SUP-1/transitions',
      '/rest/api/3/issue/SUP-1/comment',
      '/rest/api/3/issue/SUP-1/changelog',
      '/rest/api/3/project/SUP',
      '/rest/api/3/project/ENG',
      '/rest/api/3/issuetype/project?projectId=10001',
    ]) {
      const res = await t.none.get(path);
      expect(res.status, path).toBe(404);
    }
    const put = await t.none.put('/rest/api/3/issue/SUP-1', { fields: { summary: 'x' } });
    expectErrorCollection(put, 404, 'Issue does not exist or you do not have permission to see it.');
    expect((await t.none.post('/rest/api/3/issue/SUP-1/comment', { body: adf('x') })).status).toBe(404);
  });

  it('the user without access sees no projects and cannot search them', async () => {
    const res = await t.none.get('/rest/api/3/project/search');
    expect(res.json()).toMatchObject({ total: 0, values: [], isLast: true });
    const search = await t.none.get('/rest/api/3/search/jql?jql=project%20%3D%20ENG');
    expect(search.status).toBe(400);
    expect(search.json<{ errorMessages: string[] }>().errorMessages).toEqual([
      "The value 'ENG' does not exist for the field 'project'.",
    ]);
  });

  it('browse-only user can read but not change', async () => {
    expect((await t.browse.get('/rest/api/3/issue/SUP-1')).status).toBe(200);
    const edit = await t.browse.put('/rest/api/3/issue/SUP-1', { fields: { summary: 'changed' } });
    expect(edit.status).toBe(400);
    expect(edit.json()).toEqual({
      errorMessages: [],
      errors: { summary: "Field 'summary' cannot be set. It is not on the appropriate screen, or unknown." },
    });
    const transitions = await t.browse.get('/rest/api/3/issue/SUP-1/transitions');
    expect(transitions.json()).toMatchObject({ transitions: [] });
    expect(
      (await t.browse.post('/rest/api/3/issue/SUP-1/transitions', { transition: { id: '21' } })).status,
    ).toBe(400);
    expect((await t.browse.post('/rest/api/3/issue/SUP-1/comment', { body: adf('hi') })).status).toBe(400);
    const form = new FormData();
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    const upload = await t.browse.request('POST', '/rest/api/3/issue/SUP-1/attachments', {
      body: form,
      headers: { 'x-atlassian-token': 'no-check' },
    });
    expect(upload.status).toBe(403);
    const create = await t.browse.post('/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'x' },
    });
    expect(create.status).toBe(400);
    expect(create.json<{ errors: Record<string, string> }>().errors.project).toBeDefined();
  });

  it('creating in an invisible project looks like an unknown project', async () => {
    const res = await t.none.post('/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      errorMessages: [],
      errors: { project: 'Specify a valid project ID or key' },
    });
  });

  it('attachments of an invisible issue are 403, unknown ones 404', async () => {
    const id = t.sim.state.issue('SUP-1')?.attachmentIds[0];
    expect(id).toBeDefined();
    expect((await t.none.get(`/rest/api/3/attachment/${id}`)).status).toBe(403);
    expect((await t.none.get(`/rest/api/3/attachment/content/${id}`)).status).toBe(403);
    expect((await t.agent.get('/rest/api/3/attachment/999999')).status).toBe(404);
  });

  it('grants can change at runtime through the control API', async () => {
    t.sim.control.grant('none', 'SUP', ['BROWSE_PROJECTS']);
    expect((await t.none.get('/rest/api/3/issue/SUP-1')).status).toBe(200);
    t.sim.control.revoke('none', 'SUP', ['BROWSE_PROJECTS']);
    expect((await t.none.get('/rest/api/3/issue/SUP-1')).status).toBe(404);
  });
});
