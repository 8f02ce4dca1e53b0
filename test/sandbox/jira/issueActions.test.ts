/**
 * editmeta, assignee, comment edit/delete, issue property delete, remote links,
 * search/approximate-count and the REST v2 create issue / add comment. Every v3 exchange is
 * checked against the spec subset (v2 against its v3 operation's statuses).
 */
import { describe, expect, it } from 'vitest';
import { adf, captureEvents, useJiraSim } from './support/setup.js';

const t = useJiraSim();

const TASK = { project: { key: 'SUP' }, issuetype: { id: '10001' } };

async function newIssue(summary: string): Promise<{ id: string; key: string }> {
  const res = await t.agent.post('/rest/api/3/issue', { fields: { ...TASK, summary } });
  expect(res.status, res.text).toBe(201);
  return res.json<{ id: string; key: string }>();
}

describe('editmeta', () => {
  it('lists the edit screen for an editor, nothing for a browse-only user, 404 for the hidden', async () => {
    const agent = (await t.agent.get('/rest/api/3/issue/SUP-1/editmeta')).json<{
      fields: Record<string, unknown>;
    }>();
    expect(Object.keys(agent.fields)).toEqual(expect.arrayContaining(['summary', 'description', 'assignee']));
    expect((await t.browse.get('/rest/api/3/issue/SUP-1/editmeta')).json()).toEqual({ fields: {} });
    expect((await t.none.get('/rest/api/3/issue/SUP-1/editmeta')).status).toBe(404);
    expect((await t.agent.get('/rest/api/3/issue/SUP-1/editmeta?overrideEditableFlag=true')).status).toBe(
      403,
    );
  });
});

describe('assignee', () => {
  it('assigns, unassigns with null, and fires updated + assigned events with a changelog item', async () => {
    const issue = await newIssue('Assign me');
    const agent = t.user('agent');
    const events = await captureEvents(t.sim, async () => {
      const res = await t.agent.put(`/rest/api/3/issue/${issue.key}/assignee`, {
        accountId: agent.accountId,
      });
      expect(res.status).toBe(204);
    });
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:updated:issue', 'avi:jira:assigned:issue']);
    const got = (await t.agent.get(`/rest/api/3/issue/${issue.key}?fields=assignee`)).json<{
      fields: { assignee: { accountId: string } | null };
    }>();
    expect(got.fields.assignee?.accountId).toBe(agent.accountId);
    expect((await t.agent.put(`/rest/api/3/issue/${issue.key}/assignee`, { accountId: null })).status).toBe(
      204,
    );
    const log = (await t.agent.get(`/rest/api/3/issue/${issue.key}/changelog`)).json<{
      values: { items: { field: string; to: string | null }[] }[];
    }>();
    expect(log.values.map((h) => h.items[0])).toEqual([
      expect.objectContaining({ field: 'assignee', to: agent.accountId }),
      expect.objectContaining({ field: 'assignee', to: null }),
    ]);
  });

  it('refuses what Jira refuses', async () => {
    const browse = t.user('browse');
    const none = t.user('none');
    const cannot = await t.agent.put('/rest/api/3/issue/SUP-1/assignee', { accountId: none.accountId });
    expect(cannot.status).toBe(400);
    expect(cannot.json()).toEqual({
      errorMessages: [],
      errors: { assignee: `User '${none.accountId}' cannot be assigned issues.` },
    });
    expect(
      (await t.browse.put('/rest/api/3/issue/SUP-1/assignee', { accountId: browse.accountId })).status,
    ).toBe(403);
    expect((await t.agent.put('/rest/api/3/issue/SUP-1/assignee', {})).status).toBe(400);
    expect((await t.none.put('/rest/api/3/issue/SUP-1/assignee', { accountId: null })).status).toBe(404);
  });
});

describe('comment edit and delete', () => {
  it('edits one’s own comment (commented:issue again) and deletes it (deleted:comment)', async () => {
    const issue = await newIssue('Comments');
    const added = (
      await t.agent.post(`/rest/api/3/issue/${issue.key}/comment`, { body: adf('first') })
    ).json<{ id: string }>();
    let edited: { body: unknown; updated: string; created: string } | undefined;
    const editEvents = await captureEvents(t.sim, async () => {
      const res = await t.agent.put(`/rest/api/3/issue/${issue.key}/comment/${added.id}`, {
        body: adf('second'),
      });
      expect(res.status).toBe(200);
      edited = res.json();
    });
    expect(edited?.body).toEqual(adf('second'));
    expect(editEvents.map((e) => e.eventType)).toEqual(['avi:jira:commented:issue']);
    const deleteEvents = await captureEvents(t.sim, async () => {
      expect(
        (await t.agent.request('DELETE', `/rest/api/3/issue/${issue.key}/comment/${added.id}`)).status,
      ).toBe(204);
    });
    expect(deleteEvents.map((e) => e.eventType)).toEqual(['avi:jira:deleted:comment']);
    expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/comment/${added.id}`)).status).toBe(404);
    expect(
      (await t.agent.get(`/rest/api/3/issue/${issue.key}/comment`)).json<{ total: number }>().total,
    ).toBe(0);
  });

  it('another user’s comment: an agent may not edit or delete it (400), an admin may', async () => {
    const issue = await newIssue('Admin comment');
    const added = (
      await t.admin.post(`/rest/api/3/issue/${issue.key}/comment`, { body: adf('admin') })
    ).json<{ id: string }>();
    const path = `/rest/api/3/issue/${issue.key}/comment/${added.id}`;
    expect((await t.agent.put(path, { body: adf('hijack') })).status).toBe(400);
    expect((await t.agent.request('DELETE', path)).status).toBe(400);
    const bad = await t.admin.put(path, { body: 'plain text' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({ errorMessages: [], errors: { comment: 'Comment body is not valid!' } });
    expect((await t.admin.put(path, { body: adf('fixed') })).status).toBe(200);
    expect((await t.admin.request('DELETE', path)).status).toBe(204);
    expect((await t.admin.request('DELETE', path)).status).toBe(404);
  });
});

describe('issue property delete', () => {
  it('removes the property (204) and then answers 404; browse-only users get 404 too', async () => {
    const issue = await newIssue('Property');
    expect((await t.app.put(`/rest/api/3/issue/${issue.key}/properties/zendesk`, { a: 1 })).status).toBe(201);
    expect(
      (await t.browse.request('DELETE', `/rest/api/3/issue/${issue.key}/properties/zendesk`)).status,
    ).toBe(404);
    const events = await captureEvents(t.sim, async () => {
      expect(
        (await t.app.request('DELETE', `/rest/api/3/issue/${issue.key}/properties/zendesk`)).status,
      ).toBe(204);
    });
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:deleted:issue-property']);
    expect((await t.app.get(`/rest/api/3/issue/${issue.key}/properties/zendesk`)).status).toBe(404);
    expect((await t.app.request('DELETE', `/rest/api/3/issue/${issue.key}/properties/zendesk`)).status).toBe(
      404,
    );
  });
});

describe('remote links', () => {
  it('creates (201), upserts by globalId (200), lists, gets, updates, deletes by id and globalId', async () => {
    const issue = await newIssue('Linked');
    const base = `/rest/api/3/issue/${issue.key}/remotelink`;
    const object = { url: 'https://acme.zendesk.com/agent/tickets/7', title: 'Ticket #7' };
    const created = await t.app.post(base, { globalId: 'zendesk-ticket-7', object });
    expect(created.status).toBe(201);
    const { id } = created.json<{ id: number; self: string }>();
    const again = await t.app.post(base, {
      globalId: 'zendesk-ticket-7',
      object: { ...object, title: 'Ticket #7 (renamed)' },
    });
    expect(again.status).toBe(200);
    expect(again.json<{ id: number }>().id).toBe(id);
    const other = (await t.app.post(base, { object: { url: 'https://example.com', title: 'Other' } })).json<{
      id: number;
    }>();
    const list = (await t.browse.get(base)).json<{ id: number; object: { title: string } }[]>();
    expect(list.map((l) => l.object.title)).toEqual(['Ticket #7 (renamed)', 'Other']);
    expect((await t.browse.get(`${base}?globalId=zendesk-ticket-7`)).json<{ id: number }>().id).toBe(id);
    expect(
      (await t.app.put(`${base}/${other.id}`, { object: { url: 'https://example.org', title: 'Moved' } }))
        .status,
    ).toBe(204);
    expect((await t.browse.get(`${base}/${other.id}`)).json<{ object: { url: string } }>().object.url).toBe(
      'https://example.org',
    );
    expect((await t.app.request('DELETE', `${base}?globalId=zendesk-ticket-7`)).status).toBe(204);
    expect((await t.app.request('DELETE', `${base}/${other.id}`)).status).toBe(204);
    expect((await t.browse.get(base)).json()).toEqual([]);
  });

  it('refuses what Jira refuses', async () => {
    const base = '/rest/api/3/issue/SUP-2/remotelink';
    const noTitle = await t.app.post(base, { object: { url: 'https://x.example' } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.json<{ errors: Record<string, string> }>().errors).toHaveProperty('title');
    expect((await t.browse.post(base, { object: { url: 'https://x.example', title: 'x' } })).status).toBe(
      403,
    );
    expect((await t.none.get(base)).status).toBe(404);
    expect((await t.app.request('DELETE', base)).status).toBe(400);
    const link = (await t.app.post(base, { object: { url: 'https://x.example', title: 'x' } })).json<{
      id: number;
    }>();
    expect((await t.app.get(`/rest/api/3/issue/SUP-1/remotelink/${link.id}`)).status).toBe(400);
    expect((await t.app.get(`${base}/abc`)).status).toBe(400);
    expect((await t.app.get(`${base}/999999`)).status).toBe(404);
  });
});

describe('search/approximate-count', () => {
  it('counts what search finds for the caller; unbounded JQL is refused', async () => {
    const res = await t.agent.post('/rest/api/3/search/approximate-count', { jql: 'project = SUP' });
    expect(res.status).toBe(200);
    const search = (await t.agent.get('/rest/api/3/search/jql?jql=project%3DSUP&maxResults=5000')).json<{
      issues: unknown[];
    }>();
    expect(res.json()).toEqual({ count: search.issues.length });
    expect((await t.none.post('/rest/api/3/search/approximate-count', { jql: 'project = SUP' })).status).toBe(
      400,
    );
    expect((await t.agent.post('/rest/api/3/search/approximate-count', { jql: 'order by key' })).status).toBe(
      400,
    );
    expect(
      (await t.agent.post('/rest/api/3/search/approximate-count', { jql: 'project = SUP', x: 1 })).status,
    ).toBe(400);
  });
});

describe('REST v2 create issue and add comment', () => {
  it('take plain strings for rich text and store documents; v3 reads them as ADF', async () => {
    const created = await t.agent.post('/rest/api/2/issue', {
      fields: { ...TASK, summary: 'From v2', description: 'Line one\n\nLine two' },
    });
    expect(created.status, created.text).toBe(201);
    const { key, self } = created.json<{ key: string; self: string }>();
    expect(self).toContain('/rest/api/2/issue/');
    const v3 = (await t.agent.get(`/rest/api/3/issue/${key}?fields=description`)).json<{
      fields: { description: unknown };
    }>();
    expect(v3.fields.description).toEqual({
      version: 1,
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Line one' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Line two' }] },
      ],
    });
    const comment = await t.agent.post(`/rest/api/2/issue/${key}/comment`, { body: 'Plain *wiki* text' });
    expect(comment.status).toBe(201);
    expect(comment.json<{ body: string }>().body).toBe('Plain *wiki* text');
    const listed = (await t.agent.get(`/rest/api/3/issue/${key}/comment`)).json<{
      comments: { body: unknown }[];
    }>();
    expect(listed.comments[0]?.body).toEqual(adf('Plain *wiki* text'));
  });

  it('refuses a document on v2, an empty comment and a missing summary like Jira', async () => {
    expect((await t.agent.post('/rest/api/2/issue/SUP-1/comment', { body: adf('doc') })).status).toBe(400);
    const empty = await t.agent.post('/rest/api/2/issue/SUP-1/comment', { body: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.json()).toEqual({
      errorMessages: [],
      errors: { comment: 'Comment body can not be empty!' },
    });
    const noSummary = await t.agent.post('/rest/api/2/issue', { fields: { ...TASK } });
    expect(noSummary.status).toBe(400);
  });
});
