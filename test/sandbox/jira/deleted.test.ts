/** Deleting an issue in the Jira simulator: every key answers 404 and only `avi:jira:deleted:issue` is emitted. */
import { describe, expect, it } from 'vitest';
import { captureEvents, settle, useJiraSim } from './support/setup.js';

const t = useJiraSim();

describe('deleted issues', () => {
  it('control.deleteIssue: the id, the key and a former key answer 404; one deleted:issue event', async () => {
    const moved = t.sim.control.moveIssue('admin', 'SUP-2', 'ENG');
    t.sim.control.addComment('agent', moved.id, 'About to go');
    await settle();
    const events = await captureEvents(t.sim, () => {
      t.sim.control.deleteIssue('agent', moved.id);
    });
    for (const ref of [moved.id, moved.key, moved.formerKey]) {
      const res = await t.agent.get(`/rest/api/3/issue/${ref}?fields=summary`);
      expect(res.status).toBe(404);
    }
    expect((await t.agent.get(`/rest/api/3/issue/${moved.id}/comment`)).status).toBe(404);
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:deleted:issue']);
    expect(events[0]).toMatchObject({ issue: { id: moved.id, key: moved.key } });
    expect(t.sim.control.listIssues().some((i) => i.id === moved.id)).toBe(false);
  });
});
