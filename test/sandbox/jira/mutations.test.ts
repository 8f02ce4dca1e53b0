/**
 * Moving and deleting issues in the Jira simulator (mutations.ts): a move gives a new key and
 * keeps the old one resolving; after a delete every key answers 404 and only
 * `avi:jira:deleted:issue` is emitted.
 */
import { describe, expect, it } from 'vitest';
import { captureEvents, settle, useJiraSim } from './support/setup.js';

const t = useJiraSim();

type Issue = { id: string; key: string; fields: { project: { key: string }; status: { name: string } } };

describe('moved issues', () => {
  it('the seeded move: SUP-4 now is ENG-3 and the old key still resolves, without a redirect', async () => {
    const byOldKey = await t.agent.get('/rest/api/3/issue/SUP-4?fields=project,status');
    expect(byOldKey.status).toBe(200);
    const issue = byOldKey.json<Issue>();
    expect(issue.key).toBe('ENG-3');
    expect(issue.fields.project.key).toBe('ENG');
    const byId = (await t.agent.get(`/rest/api/3/issue/${issue.id}?fields=project`)).json<Issue>();
    expect(byId.key).toBe('ENG-3');
    const lowerOld = await t.agent.get('/rest/api/3/issue/sup-4/comment');
    expect(lowerOld.status).toBe(200);
  });

  it('control.moveIssue gives a new key, keeps the old one resolving and maps the status by category', async () => {
    t.sim.control.transitionIssue('agent', 'SUP-2', { status: 'In Progress' });
    await settle();
    let moved = { id: '', key: '', formerKey: '' };
    const events = await captureEvents(t.sim, () => {
      moved = t.sim.control.moveIssue('admin', 'SUP-2', 'ENG');
    });
    expect(moved.formerKey).toBe('SUP-2');
    expect(moved.key).toBe('ENG-4');
    const viaOld = (await t.agent.get('/rest/api/3/issue/SUP-2?fields=status,project')).json<Issue>();
    expect(viaOld).toMatchObject({
      id: moved.id,
      key: 'ENG-4',
      fields: { project: { key: 'ENG' }, status: { name: 'In Development' } },
    });
    // Writes through the old key reach the moved issue too.
    expect(
      (await t.agent.put('/rest/api/3/issue/SUP-2', { fields: { summary: 'Edited via old key' } })).status,
    ).toBe(204);
    expect(
      (await t.agent.get('/rest/api/3/issue/ENG-4?fields=summary')).json<{ fields: { summary: string } }>()
        .fields.summary,
    ).toBe('Edited via old key');

    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.eventType).toBe('avi:jira:updated:issue');
    expect(event?.atlassianId).toBe(t.user('admin').accountId);
    const items = event?.eventType === 'avi:jira:updated:issue' ? event.changelog.items : [];
    expect(items.map((i) => [i.field, i.fromString, i.toString])).toEqual([
      ['project', 'Support', 'Engineering'],
      ['Key', 'SUP-2', 'ENG-4'],
      ['status', 'In Progress', 'In Development'],
    ]);
  });

  it('the old key shows up in the control listing; a new issue in SUP does not reuse it', async () => {
    const listed = t.sim.control.listIssues().find((i) => i.key === 'ENG-4');
    expect(listed?.formerKeys).toEqual(['SUP-2']);
    const created = await t.agent.post('/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'After the move' },
    });
    expect(created.json<{ key: string }>().key).toBe('SUP-5');
  });

  it('moving to the same project is refused', () => {
    expect(() => t.sim.control.moveIssue('admin', 'SUP-1', 'SUP')).toThrow(/already in this project/);
  });
});

describe('deleted issues', () => {
  // A simulator of its own: the moves above have already taken the issue this one moves.
  const own = useJiraSim();

  it('control.deleteIssue: the id, the key and a former key answer 404; one deleted:issue event', async () => {
    const moved = own.sim.control.moveIssue('admin', 'SUP-2', 'ENG');
    own.sim.control.addComment('agent', moved.id, 'About to go');
    await settle();
    const events = await captureEvents(own.sim, () => {
      own.sim.control.deleteIssue('agent', moved.id);
    });
    for (const ref of [moved.id, moved.key, moved.formerKey]) {
      const res = await own.agent.get(`/rest/api/3/issue/${ref}?fields=summary`);
      expect(res.status).toBe(404);
    }
    expect((await own.agent.get(`/rest/api/3/issue/${moved.id}/comment`)).status).toBe(404);
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:deleted:issue']);
    expect(events[0]).toMatchObject({ issue: { id: moved.id, key: moved.key } });
    expect(own.sim.control.listIssues().some((i) => i.id === moved.id)).toBe(false);
  });
});
