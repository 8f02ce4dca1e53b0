import { describe, expect, it } from 'vitest';
import type { ForgeProductEvent } from '../../../sandbox/jira/index.js';
import { adf, captureEvents, settle, useJiraSim, jiraChange } from './support/setup.js';

const t = useJiraSim();

function only<T extends ForgeProductEvent['eventType']>(
  events: ForgeProductEvent[],
  type: T,
): Extract<ForgeProductEvent, { eventType: T }>[] {
  return events.filter((e): e is Extract<ForgeProductEvent, { eventType: T }> => e.eventType === type);
}

describe('Forge product events', () => {
  it('created:issue carries the acting account and the issue with its key fields', async () => {
    let key = '';
    const events = await captureEvents(t.sim, async () => {
      const res = await t.app.post('/rest/api/3/issue', {
        fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'From Zendesk' },
      });
      key = res.json<{ key: string }>().key;
    });
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
    const [created] = only(events, 'avi:jira:created:issue');
    expect(created?.atlassianId).toBe(t.sim.appAccount.accountId);
    expect(created?.issue).toMatchObject({
      key,
      fields: {
        summary: 'From Zendesk',
        issuetype: { id: '10001', name: 'Task' },
        project: { key: 'SUP', id: '10000' },
        status: { name: 'To Do', statusCategory: { key: 'new' } },
        creator: { accountId: t.sim.appAccount.accountId },
        reporter: { accountId: t.sim.appAccount.accountId },
        assignee: null,
      },
    });
  });

  it('updated:issue has a changelog with field/fieldtype/fieldId/from/fromString/to/toString', async () => {
    const events = await captureEvents(t.sim, () =>
      t.agent.put('/rest/api/3/issue/SUP-2', {
        fields: { summary: 'Renamed', priority: { id: '2' }, labels: ['export', 'q3'] },
      }),
    );
    const [updated] = only(events, 'avi:jira:updated:issue');
    expect(updated?.atlassianId).toBe(t.user('agent').accountId);
    expect(updated?.issue.key).toBe('SUP-2');
    expect(updated?.issue.fields.summary).toBe('Renamed');
    expect(updated?.changelog.id).toEqual(expect.any(String));
    expect(updated?.changelog.items).toEqual([
      jiraChange('summary', [null, 'Export to CSV times out for large accounts'], [null, 'Renamed']),
      jiraChange('priority', ['3', 'Medium'], ['2', 'High']),
      jiraChange('labels', [null, 'performance'], [null, 'export q3']),
    ]);
    expect(updated && 'associatedStatuses' in updated).toBe(false);
  });

  it('a transition is an update with a status item (ids from/to) and associatedStatuses', async () => {
    const events = await captureEvents(t.sim, () =>
      t.agent.post('/rest/api/3/issue/SUP-2/transitions', { transition: { id: '31' } }),
    );
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:updated:issue']);
    const [updated] = only(events, 'avi:jira:updated:issue');
    expect(updated?.changelog.items).toEqual([
      jiraChange('resolution', [null, null], ['10000', 'Done']),
      jiraChange('status', ['10000', 'To Do'], ['10001', 'Done']),
    ]);
    expect(updated?.associatedStatuses?.map((s) => s.name)).toEqual(['To Do', 'Done']);
    expect(updated?.issue.fields.status).toMatchObject({ name: 'Done', statusCategory: { key: 'done' } });
  });

  it('an assignee change also fires assigned:issue', async () => {
    const events = await captureEvents(t.sim, () =>
      t.admin.put('/rest/api/3/issue/SUP-3', {
        fields: { assignee: { accountId: t.user('agent').accountId } },
      }),
    );
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:updated:issue', 'avi:jira:assigned:issue']);
    expect(events.every((e) => e.atlassianId === t.user('admin').accountId)).toBe(true);
    const [assigned] = only(events, 'avi:jira:assigned:issue');
    expect(assigned?.changelog.items).toEqual([
      jiraChange('assignee', [null, null], [t.user('agent').accountId, 'Alex Agent']),
    ]);
  });

  it('commented:issue carries the comment (ADF body, author) and the issue', async () => {
    const events = await captureEvents(t.sim, () =>
      t.agent.post('/rest/api/3/issue/SUP-1/comment', { body: adf('We are on it') }),
    );
    const [commented] = only(events, 'avi:jira:commented:issue');
    expect(events).toHaveLength(1);
    expect(commented).toMatchObject({
      atlassianId: t.user('agent').accountId,
      issue: { key: 'SUP-1', id: '10000' },
      comment: { author: { accountId: t.user('agent').accountId }, body: adf('We are on it') },
    });
    expect(commented?.comment.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it('created:attachment carries the attachment and no top-level issue', async () => {
    const data = new FormData();
    data.append('file', new Blob(['log line'], { type: 'text/plain' }), 'app.log');
    const events = await captureEvents(t.sim, () =>
      t.agent.request('POST', '/rest/api/3/issue/SUP-1/attachments', {
        body: data,
        headers: { 'x-atlassian-token': 'no-check' },
      }),
    );
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:created:attachment']);
    const [created] = only(events, 'avi:jira:created:attachment');
    expect(created).toMatchObject({
      atlassianId: t.user('agent').accountId,
      attachment: {
        issueId: '10000',
        fileName: 'app.log',
        mimeType: 'text/plain',
        size: 8,
        author: { accountId: t.user('agent').accountId },
      },
    });
    expect(created && 'issue' in created).toBe(false);
  });

  it('refused writes and no-op edits emit nothing', async () => {
    const events = await captureEvents(t.sim, async () => {
      await t.browse.put('/rest/api/3/issue/SUP-1', { fields: { summary: 'x' } });
      await t.agent.post('/rest/api/3/issue/SUP-1/comment', { body: 'plain' });
      await t.agent.put('/rest/api/3/issue/SUP-1', {
        fields: { summary: 'Customers cannot log in with SSO' },
      });
    });
    expect(events).toEqual([]);
  });

  it('is emitted asynchronously, never inside the write', async () => {
    const seen: ForgeProductEvent[] = [];
    const stop = t.sim.events.on((e) => seen.push(e));
    t.sim.control.addComment('admin', 'SUP-1', 'sync check');
    expect(seen).toHaveLength(0);
    await settle();
    expect(seen.map((e) => e.eventType)).toEqual(['avi:jira:commented:issue']);
    stop();
  });

  it('control actions emit with the account they act as, after the same permission checks', async () => {
    const events = await captureEvents(t.sim, () => {
      t.sim.control.editIssue('agent', 'SUP-1', { customfield_10042: 7 });
      t.sim.control.transitionIssue('admin', 'SUP-1', { status: 'Waiting for customer' });
    });
    expect(events.map((e) => [e.eventType, e.atlassianId])).toEqual([
      ['avi:jira:updated:issue', t.user('agent').accountId],
      ['avi:jira:updated:issue', t.user('admin').accountId],
    ]);
    expect(t.sim.control.emittedEvents().slice(-2)).toEqual(events);
    expect(() => t.sim.control.addAttachment('browse', 'SUP-3', { filename: 'x.txt', content: 'x' })).toThrow(
      /permission/,
    );
  });

  it('a listener that throws does not break the site or other listeners', async () => {
    const seen: string[] = [];
    const stopBad = t.sim.events.on(() => {
      throw new Error('consumer bug');
    });
    const stopGood = t.sim.events.on((e) => seen.push(e.eventType));
    const original = console.error;
    console.error = () => undefined;
    try {
      const res = await t.agent.post('/rest/api/3/issue/SUP-1/comment', { body: adf('still fine') });
      expect(res.status).toBe(201);
      await settle();
    } finally {
      console.error = original;
      stopBad();
      stopGood();
    }
    expect(seen).toEqual(['avi:jira:commented:issue']);
  });
});
