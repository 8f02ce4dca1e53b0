import { describe, expect, it } from 'vitest';
import { adf, useJiraSim, jiraChange } from '../support/setup.js';

const t = useJiraSim();

type Issue = { id: string; key: string; fields: Record<string, unknown>; [k: string]: unknown };
type Errors = { errorMessages: string[]; errors: Record<string, string> };

const bug = (fields: Record<string, unknown> = {}) => ({
  fields: { project: { key: 'SUP' }, issuetype: { name: 'Bug' }, summary: 'Checkout fails', ...fields },
});

describe('POST /rest/api/3/issue', () => {
  it('refuses a missing required custom field with errors.{fieldId}', async () => {
    const res = await t.agent.post('/rest/api/3/issue', bug());
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      errorMessages: [],
      errors: { customfield_10041: 'Customer impact is required.' },
    });
  });

  it('validates summary, ADF fields, options and unknown fields like Jira', async () => {
    const res = await t.agent.post(
      '/rest/api/3/issue',
      bug({
        summary: 'x'.repeat(256),
        description: 'plain text',
        customfield_10041: { value: 'Enormous' },
        customfield_99999: 'x',
        labels: ['has space'],
      }),
    );
    expect(res.status).toBe(400);
    expect(res.json<Errors>().errors).toEqual({
      summary: 'Summary must be less than 255 characters.',
      description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      customfield_10041: "Option value 'Enormous' is not valid",
      customfield_99999:
        "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.",
      labels: "The label 'has space' contains spaces which is invalid.",
    });
  });

  it('treats a malformed document as INVALID_INPUT and a textarea custom field as ADF', async () => {
    const broken = { version: 1, type: 'doc', content: [{ type: 'paragraf', content: [] }] };
    const res = await t.agent.post(
      '/rest/api/3/issue',
      bug({ customfield_10041: { id: '10100' }, description: broken }),
    );
    expect(res.json()).toEqual({ errorMessages: ['INVALID_INPUT'], errors: {} });
    const textarea = await t.agent.post(
      '/rest/api/3/issue',
      bug({ customfield_10041: { id: '10100' }, customfield_10045: 'steps' }),
    );
    expect(textarea.json<Errors>().errors.customfield_10045).toMatch(/Atlassian Document/);
    const extraRoot = await t.agent.post(
      '/rest/api/3/issue',
      bug({ customfield_10041: { id: '10100' }, description: { ...adf('x'), extra: 1 } }),
    );
    expect(extraRoot.status).toBe(400);
  });

  it('refuses a missing summary, project and issue type', async () => {
    const noSummary = await t.agent.post('/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' } },
    });
    expect(noSummary.json<Errors>().errors).toEqual({ summary: 'You must specify a summary of the issue.' });
    const noProject = await t.agent.post('/rest/api/3/issue', {
      fields: { issuetype: { id: '10001' }, summary: 'x' },
    });
    expect(noProject.json<Errors>().errors).toEqual({ project: 'Specify a valid project ID or key' });
    const badType = await t.agent.post('/rest/api/3/issue', {
      fields: { project: { id: '10000' }, issuetype: { id: '1' }, summary: 'x' },
    });
    expect(badType.json<Errors>().errors).toEqual({ issuetype: 'Specify a valid issue type' });
  });

  it('refuses non-JSON bodies with 415 and malformed JSON with 400', async () => {
    const text = await t.agent.request('POST', '/rest/api/3/issue', {
      raw: { contentType: 'text/plain', bytes: '{}' },
    });
    expect(text.status).toBe(415);
    const broken = await t.agent.request('POST', '/rest/api/3/issue', {
      raw: { contentType: 'application/json', bytes: '{"fields":' },
    });
    expect(broken.status).toBe(400);
  });

  it('creates the issue (201 CreatedIssue) with defaults, in the workflow’s first status', async () => {
    const res = await t.agent.post(
      '/rest/api/3/issue',
      bug({
        customfield_10041: { value: 'Critical' },
        description: adf('Card declined'),
        labels: ['checkout'],
      }),
    );
    expect(res.status).toBe(201);
    const created = res.json<{ id: string; key: string; self: string }>();
    expect(created.key).toMatch(/^SUP-\d+$/);
    expect(created.self).toBe(`${t.sim.url}/rest/api/3/issue/${created.id}`);
    const issue = (await t.agent.get(`/rest/api/3/issue/${created.key}`)).json<Issue>();
    expect(issue.fields).toMatchObject({
      summary: 'Checkout fails',
      status: { name: 'To Do', statusCategory: { key: 'new', id: 2 } },
      priority: { name: 'Medium', id: '3' },
      reporter: { accountId: t.user('agent').accountId },
      creator: { accountId: t.user('agent').accountId },
      assignee: null,
      labels: ['checkout'],
      customfield_10041: { value: 'Critical', id: '10103' },
      description: adf('Card declined'),
      resolution: null,
    });
  });

  it('reports a transition requested with the create', async () => {
    const res = await t.agent.post('/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'Straight to work' },
      transition: { id: '11' },
    });
    expect(res.status).toBe(201);
    expect(res.json<{ transition: unknown }>().transition).toEqual({
      status: 204,
      errorCollection: { errorMessages: [], errors: {} },
    });
    const key = res.json<{ key: string }>().key;
    expect(
      (await t.agent.get(`/rest/api/3/issue/${key}?fields=status`)).json<Issue>().fields.status,
    ).toMatchObject({ name: 'In Progress' });
  });
});

describe('GET /rest/api/3/issue/{issueIdOrKey}', () => {
  it('selects fields with `fields` and resolves keys case-insensitively', async () => {
    const res = await t.agent.get('/rest/api/3/issue/sup-1?fields=summary,status');
    expect(res.status).toBe(200);
    const issue = res.json<Issue>();
    expect(issue.key).toBe('SUP-1');
    expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
    const minus = (
      await t.agent.get('/rest/api/3/issue/SUP-1?fields=*all,-comment,-description')
    ).json<Issue>();
    expect(minus.fields.comment).toBeUndefined();
    expect(minus.fields.description).toBeUndefined();
    expect(minus.fields.summary).toBeDefined();
    // Unlike search, GET issue keeps its full shape when only `id` is asked for.
    expect((await t.agent.get('/rest/api/3/issue/SUP-1?fields=id')).json<Issue>()).toMatchObject({
      key: 'SUP-1',
      fields: {},
    });
  });

  it('expands changelog, renderedFields and names', async () => {
    const issue = (await t.agent.get('/rest/api/3/issue/SUP-1?expand=changelog,renderedFields,names')).json<{
      changelog: { total: number; histories: { items: { field: string }[] }[] };
      renderedFields: Record<string, unknown>;
      names: Record<string, string>;
    }>();
    expect(issue.changelog.total).toBeGreaterThan(0);
    expect(issue.changelog.histories.flatMap((h) => h.items.map((i) => i.field))).toContain('status');
    expect(issue.renderedFields.description).toBe(
      '<p>Since this morning, SAML logins fail with an expired-certificate error.</p>',
    );
    expect(issue.names.customfield_10041).toBe('Customer impact');
  });

  it('includes comments and attachments in *all', async () => {
    const issue = (await t.agent.get('/rest/api/3/issue/SUP-1')).json<Issue>();
    expect((issue.fields.comment as { total: number }).total).toBe(2);
    expect((issue.fields.attachment as { filename: string }[])[0]?.filename).toBe('saml-trace.txt');
  });

  it('404s for an unknown issue', async () => {
    const res = await t.agent.get('/rest/api/3/issue/SUP-999');
    expect(res.status).toBe(404);
  });
});

describe('PUT /rest/api/3/issue/{issueIdOrKey}', () => {
  it('edits with the fields form (204) and records a changelog entry', async () => {
    const res = await t.agent.put('/rest/api/3/issue/SUP-2', {
      fields: { summary: 'CSV export times out', priority: { name: 'Highest' }, customfield_10042: 42 },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const log = (await t.agent.get('/rest/api/3/issue/SUP-2/changelog')).json<{
      values: { items: unknown[] }[];
    }>();
    expect(log.values.at(-1)?.items).toEqual([
      jiraChange(
        'summary',
        [null, 'Export to CSV times out for large accounts'],
        [null, 'CSV export times out'],
      ),
      jiraChange('priority', ['3', 'Medium'], ['1', 'Highest']),
      {
        field: 'Affected users',
        fieldtype: 'custom',
        fieldId: 'customfield_10042',
        from: null,
        fromString: null,
        to: null,
        toString: '42',
      },
    ]);
  });

  it('edits with the update form (add/remove/set)', async () => {
    const res = await t.agent.put('/rest/api/3/issue/SUP-2', {
      update: { labels: [{ add: 'urgent' }, { remove: 'export' }], summary: [{ set: 'Export hangs' }] },
    });
    expect(res.status).toBe(204);
    const issue = (await t.agent.get('/rest/api/3/issue/SUP-2?fields=labels,summary')).json<Issue>();
    expect(issue.fields.labels).toEqual(['performance', 'urgent']);
    expect(issue.fields.summary).toBe('Export hangs');
  });

  it('refuses unknown fields, status, and fields off the edit screen', async () => {
    const res = await t.agent.put('/rest/api/3/issue/SUP-2', {
      fields: { status: { id: '10001' }, nonsense: 1, reporter: { accountId: t.user('agent').accountId } },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json<Errors>().errors).sort()).toEqual(['nonsense', 'reporter', 'status']);
    const bugOnly = await t.agent.put('/rest/api/3/issue/SUP-2', {
      fields: { customfield_10041: { value: 'Low' } },
    });
    expect(bugOnly.status).toBe(400);
  });

  it('refuses clearing a required field and an unassignable assignee', async () => {
    const clear = await t.agent.put('/rest/api/3/issue/SUP-1', { fields: { customfield_10041: null } });
    expect(clear.json<Errors>().errors).toEqual({ customfield_10041: 'Customer impact is required.' });
    const assign = await t.agent.put('/rest/api/3/issue/SUP-1', {
      fields: { assignee: { accountId: t.user('browse').accountId } },
    });
    expect(assign.json<Errors>().errors.assignee).toBe(
      `User '${t.user('browse').accountId}' cannot be assigned issues.`,
    );
  });

  it('returns the issue with returnIssue=true, and 400 for an empty body', async () => {
    const res = await t.agent.put('/rest/api/3/issue/SUP-2?returnIssue=true', {
      fields: { duedate: '2031-01-15' },
    });
    expect(res.status).toBe(200);
    expect(res.json<Issue>().fields.duedate).toBe('2031-01-15');
    const empty = await t.agent.request('PUT', '/rest/api/3/issue/SUP-2', {
      raw: { contentType: 'application/json', bytes: '' },
    });
    expect(empty.status).toBe(400);
  });

  it('the override flags need a Jira administrator', async () => {
    const res = await t.app.put('/rest/api/3/issue/SUP-2?overrideScreenSecurity=true', {
      fields: { summary: 'x y' },
    });
    expect(res.status).toBe(403);
    const admin = await t.admin.put('/rest/api/3/issue/SUP-2?overrideEditableFlag=true', {
      fields: { summary: 'Export hangs again' },
    });
    expect(admin.status).toBe(204);
  });
});
