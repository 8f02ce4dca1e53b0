import { describe, expect, it } from 'vitest';
import { useJiraSim, expectErrorCollection } from '../support/setup.js';

const t = useJiraSim();

type FieldMeta = {
  fieldId: string;
  required: boolean;
  hasDefaultValue: boolean;
  allowedValues?: { id: string; value?: string; name?: string }[];
  operations: string[];
};

describe('create metadata', () => {
  it('lists the project’s issue types', async () => {
    const res = await t.agent.get('/rest/api/3/issue/createmeta/SUP/issuetypes');
    expect(res.status).toBe(200);
    const page = res.json<{
      issueTypes: { id: string; name: string }[];
      total: number;
      startAt: number;
      maxResults: number;
    }>();
    expect(page.issueTypes.map((type) => [type.id, type.name])).toEqual([
      ['10001', 'Task'],
      ['10002', 'Bug'],
    ]);
    expect(page).toMatchObject({ total: 2, startAt: 0, maxResults: 50 });
    const byId = await t.agent.get('/rest/api/3/issue/createmeta/10000/issuetypes?maxResults=1&startAt=1');
    expect(byId.json<{ issueTypes: { name: string }[] }>().issueTypes.map((type) => type.name)).toEqual([
      'Bug',
    ]);
  });

  it('Bug has a required custom field without a default; priority has a default', async () => {
    const res = await t.agent.get('/rest/api/3/issue/createmeta/SUP/issuetypes/10002');
    const fields = res.json<{ fields: FieldMeta[] }>().fields;
    const impact = fields.find((f) => f.fieldId === 'customfield_10041');
    expect(impact).toMatchObject({ required: true, hasDefaultValue: false, operations: ['set'] });
    expect(impact?.allowedValues?.map((o) => o.value)).toEqual(['Low', 'Medium', 'High', 'Critical']);
    expect(fields.find((f) => f.fieldId === 'priority')).toMatchObject({
      required: false,
      hasDefaultValue: true,
    });
    expect(fields.find((f) => f.fieldId === 'summary')).toMatchObject({
      required: true,
      hasDefaultValue: false,
    });
    const required = fields.filter((f) => f.required && !f.hasDefaultValue).map((f) => f.fieldId);
    expect(required.sort()).toEqual(['customfield_10041', 'issuetype', 'project', 'summary']);
    const task = (await t.agent.get('/rest/api/3/issue/createmeta/SUP/issuetypes/10001')).json<{
      fields: FieldMeta[];
    }>();
    expect(task.fields.some((f) => f.fieldId === 'customfield_10041')).toBe(false);
  });

  it('maxResults above 200 is a 400 with Jira’s wording', async () => {
    const res = await t.agent.get('/rest/api/3/issue/createmeta/SUP/issuetypes?maxResults=201');
    expectErrorCollection(res, 400, "Parameter 'maxResults' must not exceed the limit '200'");
  });

  it('is refused (400) without Create Issues, for unknown projects and unknown issue types', async () => {
    expect((await t.browse.get('/rest/api/3/issue/createmeta/SUP/issuetypes')).status).toBe(400);
    expect((await t.none.get('/rest/api/3/issue/createmeta/SUP/issuetypes')).status).toBe(400);
    expect((await t.agent.get('/rest/api/3/issue/createmeta/NOPE/issuetypes')).status).toBe(400);
    expect((await t.agent.get('/rest/api/3/issue/createmeta/SUP/issuetypes/99')).status).toBe(400);
  });
});

describe('priorities, statuses, fields, issue types', () => {
  it('GET /priority lists Jira’s defaults, Medium being the default', async () => {
    const res = await t.agent.get('/rest/api/3/priority');
    const list = res.json<{ id: string; name: string; isDefault: boolean; statusColor: string }[]>();
    expect(list.map((p) => p.name)).toEqual(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
    expect(list.filter((p) => p.isDefault).map((p) => p.name)).toEqual(['Medium']);
  });

  it('GET /priority/search pages and filters', async () => {
    const page = (await t.agent.get('/rest/api/3/priority/search?maxResults=2')).json<{
      values: { name: string }[];
      total: number;
      isLast: boolean;
      nextPage?: string;
    }>();
    expect(page).toMatchObject({ total: 5, isLast: false });
    expect(page.values.map((p) => p.name)).toEqual(['Highest', 'High']);
    expect(page.nextPage).toContain('startAt=2');
    const byName = (await t.agent.get('/rest/api/3/priority/search?priorityName=low')).json<{
      values: { name: string }[];
    }>();
    expect(byName.values.map((p) => p.name)).toEqual(['Low', 'Lowest']);
    const forProject = (
      await t.agent.get('/rest/api/3/priority/search?projectId=10000&onlyDefault=true')
    ).json<{ values: { name: string }[] }>();
    expect(forProject.values.map((p) => p.name)).toEqual(['Medium']);
  });

  it('statuses carry categories with keys new/indeterminate/done and ids 2/4/3', async () => {
    const statuses = (await t.agent.get('/rest/api/3/status')).json<
      { name: string; statusCategory: { id: number; key: string } }[]
    >();
    const byName = Object.fromEntries(statuses.map((s) => [s.name, s.statusCategory]));
    expect(byName['To Do']).toMatchObject({ id: 2, key: 'new' });
    expect(byName['In Progress']).toMatchObject({ id: 4, key: 'indeterminate' });
    expect(byName['Waiting for customer']).toMatchObject({ id: 4, key: 'indeterminate' });
    expect(byName.Done).toMatchObject({ id: 3, key: 'done' });
    const categories = (await t.agent.get('/rest/api/3/statuscategory')).json<
      { id: number; key: string }[]
    >();
    expect(categories.map((c) => `${c.id}:${c.key}`)).toEqual([
      '1:undefined',
      '2:new',
      '4:indeterminate',
      '3:done',
    ]);
  });

  it('GET /field lists system and custom fields with schemas', async () => {
    const fields = (await t.agent.get('/rest/api/3/field')).json<
      { id: string; custom: boolean; schema?: { type: string; custom?: string } }[]
    >();
    const custom = fields.filter((f) => f.custom).map((f) => [f.id, f.schema?.type]);
    expect(custom).toEqual([
      ['customfield_10040', 'string'],
      ['customfield_10041', 'option'],
      ['customfield_10042', 'number'],
      ['customfield_10043', 'date'],
      ['customfield_10044', 'array'],
      ['customfield_10045', 'string'],
    ]);
    expect(fields.map((f) => f.id)).toEqual(
      expect.arrayContaining(['summary', 'description', 'status', 'priority', 'labels']),
    );
  });

  it('issue types for a project, and all visible issue types', async () => {
    const res = await t.agent.get('/rest/api/3/issuetype/project?projectId=10001');
    expect(res.json<{ name: string }[]>().map((type) => type.name)).toEqual(['Task', 'Bug']);
    expect((await t.agent.get('/rest/api/3/issuetype/project')).status).toBe(400);
    expect((await t.none.get('/rest/api/3/issuetype')).json()).toEqual([]);
    expect((await t.agent.get('/rest/api/3/issuetype')).json<unknown[]>()).toHaveLength(2);
  });
});

describe('projects', () => {
  it('searches with paging and query; a project includes its issue types', async () => {
    const all = (await t.agent.get('/rest/api/3/project/search')).json<{
      values: { key: string }[];
      total: number;
      isLast: boolean;
    }>();
    expect(all.values.map((p) => p.key)).toEqual(['ENG', 'SUP']);
    expect(all).toMatchObject({ total: 2, isLast: true });
    const paged = (await t.agent.get('/rest/api/3/project/search?maxResults=1&orderBy=-key')).json<{
      values: { key: string }[];
      isLast: boolean;
      nextPage: string;
    }>();
    expect(paged.values.map((p) => p.key)).toEqual(['SUP']);
    expect(paged.isLast).toBe(false);
    const queried = (
      await t.agent.get('/rest/api/3/project/search?query=supp&expand=issueTypes,description,lead')
    ).json<{ values: { key: string; issueTypes: unknown[]; lead: { accountId: string } }[] }>();
    expect(queried.values.map((p) => p.key)).toEqual(['SUP']);
    expect(queried.values[0]?.issueTypes).toHaveLength(2);
    expect(queried.values[0]?.lead.accountId).toBe(t.user('admin').accountId);
    expect((await t.agent.get('/rest/api/3/project/search?keys=NOPE')).status).toBe(404);
  });

  it('GET project by key or id', async () => {
    const byKey = (await t.agent.get('/rest/api/3/project/sup')).json<{
      id: string;
      key: string;
      issueTypes: { name: string }[];
    }>();
    expect(byKey).toMatchObject({ id: '10000', key: 'SUP' });
    expect(byKey.issueTypes.map((type) => type.name)).toEqual(['Task', 'Bug']);
    expect((await t.agent.get('/rest/api/3/project/10001')).json()).toMatchObject({ key: 'ENG' });
    const missing = await t.agent.get('/rest/api/3/project/NOPE');
    expectErrorCollection(missing, 404, "No project could be found with key 'NOPE'.");
  });
});
