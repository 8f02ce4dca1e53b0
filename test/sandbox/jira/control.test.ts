import { describe, expect, it } from 'vitest';
import type { ForgeProductEvent, IssueSummary } from '../../../sandbox/jira/index.js';
import { settle, useJiraSim } from './support/setup.js';

const t = useJiraSim();

describe('control API over HTTP (/__sim, no Jira auth)', () => {
  it('lists users and the app account', async () => {
    const res = await t.http.get('/__sim/users');
    const body = res.json<{ users: { role: string; email: string }[]; appAccount: { accountId: string } }>();
    expect(body.users.map((u) => u.role)).toEqual(['admin', 'agent', 'browse', 'none']);
    expect(body.appAccount.accountId).toBe(t.sim.appAccount.accountId);
  });

  it('creates, edits, transitions, comments, attaches and moves as a given account, emitting events', async () => {
    const created = await t.http.post('/__sim/issues', {
      as: 'agent',
      fields: { project: { key: 'SUP' }, issuetype: { name: 'Task' }, summary: 'Made by control' },
    });
    expect(created.status).toBe(201);
    const { key } = created.json<{ key: string }>();
    expect(
      (await t.http.put(`/__sim/issues/${key}`, { as: 'agent', fields: { labels: ['ctl'] } })).status,
    ).toBe(204);
    expect(
      (await t.http.post(`/__sim/issues/${key}/transitions`, { as: 'agent', status: 'In Progress' })).status,
    ).toBe(204);
    expect(
      (
        await t.http.post(`/__sim/issues/${key}/comments`, {
          as: t.user('admin').accountId,
          body: 'Plain text becomes ADF',
        })
      ).status,
    ).toBe(201);
    const attached = await t.http.post(`/__sim/issues/${key}/attachments`, {
      as: 'agent',
      filename: 'note.txt',
      mimeType: 'text/plain',
      text: 'hello',
    });
    expect(attached.status).toBe(201);
    const moved = await t.http.post(`/__sim/issues/${key}/move`, { as: 'admin', projectKey: 'ENG' });
    expect(moved.json<{ formerKey: string; key: string }>()).toMatchObject({
      formerKey: key,
      key: expect.stringMatching(/^ENG-/),
    });
    await settle();

    const events = (await t.http.get('/__sim/events')).json<ForgeProductEvent[]>();
    expect(events.map((e) => [e.eventType, e.atlassianId])).toEqual([
      ['avi:jira:created:issue', t.user('agent').accountId],
      ['avi:jira:updated:issue', t.user('agent').accountId],
      ['avi:jira:updated:issue', t.user('agent').accountId],
      ['avi:jira:commented:issue', t.user('admin').accountId],
      ['avi:jira:created:attachment', t.user('agent').accountId],
      ['avi:jira:updated:issue', t.user('admin').accountId],
    ]);
    const comment = events[3];
    expect(comment?.eventType === 'avi:jira:commented:issue' && comment.comment.body).toEqual({
      version: 1,
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Plain text becomes ADF' }] }],
    });

    const issue = (await t.http.get(`/__sim/issues/${key}`)).json<{
      key: string;
      fields: { labels: string[]; attachment: unknown[] };
    }>();
    expect(issue.fields.labels).toEqual(['ctl']);
    expect(issue.fields.attachment).toHaveLength(1);
  });

  it('refuses what the account may not do, with Jira’s error body', async () => {
    const res = await t.http.post('/__sim/issues/SUP-1/comments', { as: 'browse', body: 'no' });
    expect(res.status).toBe(400);
    expect(res.json<{ errorMessages: string[] }>().errorMessages[0]).toMatch(/permission/);
    expect((await t.http.post('/__sim/issues', { as: 'nobody', fields: {} })).status).toBe(400);
    expect((await t.http.post('/__sim/issues', { fields: {} })).status).toBe(400);
  });

  it('reset restores the seed and clears the event history', async () => {
    expect((await t.http.post('/__sim/reset', {})).status).toBe(204);
    const issues = (await t.http.get('/__sim/issues')).json<IssueSummary[]>();
    expect(issues.map((i) => i.key).sort()).toEqual(['ENG-1', 'ENG-2', 'ENG-3', 'SUP-1', 'SUP-2', 'SUP-3']);
    expect(issues.find((i) => i.key === 'ENG-3')?.formerKeys).toEqual(['SUP-4']);
    expect((await t.http.get('/__sim/events')).json()).toEqual([]);
  });

  it('exposes the request log with counts', async () => {
    await t.agent.get('/rest/api/3/myself');
    const log = (await t.http.get('/__sim/log')).json<{ summary: Record<string, number> }>();
    expect(log.summary['GET /rest/api/3/myself 200']).toBeGreaterThanOrEqual(1);
  });

  it('unknown REST paths are 404, methods Jira lacks 405, real operations not simulated 501', async () => {
    expect((await t.agent.get('/rest/api/3/nothing-here')).status).toBe(404);
    expect((await t.agent.request('PATCH', '/rest/api/3/issue/SUP-1')).status).toBe(405);
    expect((await t.agent.request('DELETE', '/rest/api/3/issue/SUP-1')).status).toBe(501);
  });
});
