import { describe, expect, it } from 'vitest';
import { useJiraSim, expectErrorCollection } from '../support/setup.js';

const t = useJiraSim();

type Transition = {
  id: string;
  name: string;
  to: { id: string; name: string; statusCategory: { key: string; id: number } };
};

async function transitions(key: string): Promise<Transition[]> {
  const res = await t.agent.get(`/rest/api/3/issue/${key}/transitions`);
  expect(res.status).toBe(200);
  return res.json<{ transitions: Transition[] }>().transitions;
}

async function create(project: string, summary: string): Promise<string> {
  const res = await t.agent.post('/rest/api/3/issue', {
    fields: { project: { key: project }, issuetype: { name: 'Task' }, summary },
  });
  expect(res.status).toBe(201);
  return res.json<{ key: string }>().key;
}

describe('transitions', () => {
  it('lists the transitions available from the current status, with target status categories', async () => {
    const key = await create('SUP', 'Fresh');
    const list = await transitions(key);
    expect(list.map((tr) => [tr.id, tr.to.name, tr.to.statusCategory.key])).toEqual([
      ['11', 'In Progress', 'indeterminate'],
      ['31', 'Done', 'done'],
    ]);
    expect(list[0]).toMatchObject({
      hasScreen: false,
      isGlobal: false,
      isConditional: false,
      isAvailable: true,
    });
  });

  it('walks To Do → In Progress → Waiting → Done and back, setting and clearing the resolution', async () => {
    const key = await create('SUP', 'Round trip');
    for (const id of ['11', '21', '31']) {
      const res = await t.agent.post(`/rest/api/3/issue/${key}/transitions`, { transition: { id } });
      expect(res.status).toBe(204);
    }
    let issue = (await t.agent.get(`/rest/api/3/issue/${key}?fields=status,resolution,resolutiondate`)).json<{
      fields: Record<string, unknown>;
    }>();
    expect(issue.fields).toMatchObject({
      status: { name: 'Done', statusCategory: { key: 'done', id: 3 } },
      resolution: { name: 'Done' },
    });
    expect(issue.fields.resolutiondate).toEqual(expect.any(String));
    expect(
      (await t.agent.post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '51' } })).status,
    ).toBe(204);
    issue = (await t.agent.get(`/rest/api/3/issue/${key}?fields=status,resolution`)).json();
    expect(issue.fields).toMatchObject({ status: { name: 'To Do' }, resolution: null });
  });

  it('refuses a transition that is not available, a missing id, and fields (no transition screens)', async () => {
    const key = await create('SUP', 'Refusals');
    const bad = await t.agent.post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '21' } });
    expectErrorCollection(bad, 400, "Transition id '21' is not valid for this issue.");
    expect((await t.agent.post(`/rest/api/3/issue/${key}/transitions`, {})).status).toBe(400);
    const withField = await t.agent.post(`/rest/api/3/issue/${key}/transitions`, {
      transition: { id: '11' },
      fields: { summary: 'x' },
    });
    expect(withField.status).toBe(400);
  });

  it('has a workflow where some category cannot be reached: ENG Backlog has no way to done', async () => {
    const key = await create('ENG', 'Gap');
    const list = await transitions(key);
    expect(list.map((tr) => tr.to.statusCategory.key)).toEqual(['indeterminate']);
    expect(list.some((tr) => tr.to.statusCategory.key === 'done')).toBe(false);
  });

  it('the status cannot be changed through edit', async () => {
    const key = await create('SUP', 'No shortcut');
    const res = await t.agent.put(`/rest/api/3/issue/${key}`, { fields: { status: { name: 'Done' } } });
    expect(res.status).toBe(400);
    expect(res.json<{ errors: Record<string, string> }>().errors.status).toMatch(/cannot be set/);
  });

  it('GET project statuses shows each issue type’s workflow statuses', async () => {
    const res = await t.agent.get('/rest/api/3/project/ENG/statuses');
    const types =
      res.json<{ name: string; statuses: { name: string; statusCategory: { key: string } }[] }[]>();
    expect(types.map((ty) => ty.name)).toEqual(['Task', 'Bug']);
    expect(types[0]?.statuses.map((s) => `${s.name}:${s.statusCategory.key}`)).toEqual([
      'Backlog:new',
      'In Development:indeterminate',
      'In Review:indeterminate',
      'Closed:done',
    ]);
  });

  it('control API transitions by target status name, refusing unreachable ones', async () => {
    const key = await create('ENG', 'Control');
    expect(() => t.sim.control.transitionIssue('agent', key, { status: 'Closed' })).toThrow(
      /No transition to 'Closed'/,
    );
    t.sim.control.transitionIssue('agent', key, { status: 'In Development' });
    t.sim.control.transitionIssue('agent', key, { status: 'Closed' });
    const issue = (await t.agent.get(`/rest/api/3/issue/${key}?fields=status`)).json<{
      fields: { status: { name: string } };
    }>();
    expect(issue.fields.status.name).toBe('Closed');
  });
});
