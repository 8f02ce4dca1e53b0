/**
 * Entity properties: set with a create, an edit or a comment; getIssueProperty,
 * getIssuePropertyKeys, setIssueProperty; comment property reads. Limits, rights, events,
 * and the app's Jira client reading them. Every exchange is checked against the spec subset.
 */
import type { APIResponse } from '@forge/api';
import { describe, expect, it } from 'vitest';
import { jiraClient, type JiraRequester } from '../../../../src/jira/client';
import type { RecordingClient } from '../support/client.js';
import { adf, captureEvents, useJiraSim, expectErrorCollection } from '../support/setup.js';

const t = useJiraSim();

const TASK = { project: { key: 'SUP' }, issuetype: { id: '10001' } };
const NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

async function createWith(
  client: RecordingClient,
  properties: unknown,
  summary = 'Has properties',
): Promise<{ id: string; key: string }> {
  const res = await client.post('/rest/api/3/issue', { fields: { ...TASK, summary }, properties });
  expect(res.status, res.text).toBe(201);
  return res.json<{ id: string; key: string }>();
}

describe('issue properties given with the create', () => {
  it('are stored and read back with getIssueProperty, by id or key', async () => {
    const value = { ticketId: '42', itemId: 'auto', claimId: 'c-9', nested: { list: [1, 'two', null] } };
    const issue = await createWith(t.app, [
      { key: 'zendesk-connector', value },
      { key: 'plain', value: 'just text' },
    ]);
    for (const ref of [issue.id, issue.key]) {
      const res = await t.app.get(`/rest/api/3/issue/${ref}/properties/zendesk-connector`);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ key: 'zendesk-connector', value });
    }
    expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/properties/plain`)).json()).toEqual({
      key: 'plain',
      value: 'just text',
    });
    const keys = await t.browse.get(`/rest/api/3/issue/${issue.id}/properties`);
    expect(keys.status).toBe(200);
    expect(keys.json()).toEqual({
      keys: [
        {
          key: 'zendesk-connector',
          self: `${t.sim.url}/rest/api/3/issue/${issue.key}/properties/zendesk-connector`,
        },
        { key: 'plain', self: `${t.sim.url}/rest/api/3/issue/${issue.key}/properties/plain` },
      ],
    });
  });

  it('an issue without the property answers 404 with an ErrorCollection; no properties lists no keys', async () => {
    const issue = await createWith(t.agent, undefined, 'No properties');
    const res = await t.agent.get(`/rest/api/3/issue/${issue.key}/properties/zendesk-connector`);
    expectErrorCollection(res, 404, "The property with key 'zendesk-connector' does not exist.");
    expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/properties`)).json()).toEqual({ keys: [] });
  });

  it('fire created:issue only (no updated:issue, no property event)', async () => {
    const events = await captureEvents(t.sim, () => createWith(t.app, [{ key: 'p', value: true }]));
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
  });

  it('refuse a key above 255 characters or a value above 32768 bytes; nothing is created', async () => {
    const before = t.sim.state.issues.size;
    const cases: [unknown, string][] = [
      [[{ key: 'k'.repeat(256), value: 1 }], 'The property key cannot be longer than 255 characters.'],
      // 16 384 two-byte characters: 16 386 characters of JSON text, but 32 770 bytes.
      [[{ key: 'big', value: 'é'.repeat(16_384) }], 'The property value cannot be longer than 32768 bytes.'],
      [[{ key: '', value: 1 }], 'The property key cannot be empty.'],
    ];
    for (const [properties, message] of cases) {
      const res = await t.agent.post('/rest/api/3/issue', { fields: { ...TASK, summary: 'x' }, properties });
      expect(res.status, message).toBe(400);
      expect(res.json(), message).toEqual({ errorMessages: [message], errors: {} });
    }
    expect(t.sim.state.issues.size).toBe(before);
    // The limits themselves are allowed: 255 characters, 32 768 bytes ('"' + 32 766 + '"').
    await createWith(t.agent, [
      { key: 'k'.repeat(255), value: 1 },
      { key: 'edge', value: 'a'.repeat(32_766) },
    ]);
  });

  it('a malformed properties list (no key, no value, not a list) is the generic invalid payload', async () => {
    for (const properties of [[{ value: 1 }], [{ key: 'novalue' }], { key: 'k', value: 1 }]) {
      const res = await t.agent.post('/rest/api/3/issue', { fields: { ...TASK, summary: 'x' }, properties });
      expect(res.status).toBe(400);
      expect(res.json<{ errorMessages: string[] }>().errorMessages).toEqual([
        'Invalid request payload. Refer to the REST API documentation and try again.',
      ]);
    }
  });
});

describe('issue property rights', () => {
  it('reading needs Browse projects: invisible issues are 404 like every issue resource', async () => {
    const issue = await createWith(t.app, [{ key: 'secret', value: 1 }]);
    expect((await t.browse.get(`/rest/api/3/issue/${issue.key}/properties/secret`)).status).toBe(200);
    for (const path of [
      `/rest/api/3/issue/${issue.key}/properties/secret`,
      `/rest/api/3/issue/${issue.key}/properties`,
    ]) {
      const res = await t.none.get(path);
      expect(res.status, path).toBe(404);
      expect(res.json(), path).toEqual({ errorMessages: [NOT_FOUND], errors: {} });
    }
    expect((await t.agent.get('/rest/api/3/issue/SUP-999/properties/secret')).json()).toEqual({
      errorMessages: [NOT_FOUND],
      errors: {},
    });
    expect((await t.http.get(`/rest/api/3/issue/${issue.key}/properties/secret`)).status).toBe(401);
  });

  it('setting needs Edit issues (403) on a visible issue; an invisible one is 404', async () => {
    const issue = await createWith(t.agent, undefined, 'Rights');
    const refused = await t.browse.put(`/rest/api/3/issue/${issue.key}/properties/p`, { a: 1 });
    expectErrorCollection(refused, 403, 'You do not have permission to edit this issue.');
    expect((await t.none.put(`/rest/api/3/issue/${issue.key}/properties/p`, { a: 1 })).status).toBe(404);
    expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/properties`)).json()).toEqual({ keys: [] });
  });
});

describe('setIssueProperty', () => {
  it('answers 201 when created and 200 when replaced, with no body', async () => {
    const issue = await createWith(t.agent, undefined, 'Set');
    const first = await t.agent.put(`/rest/api/3/issue/${issue.key}/properties/state`, { step: 1 });
    expect(first.status).toBe(201);
    expect(first.text).toBe('');
    const second = await t.app.put(`/rest/api/3/issue/${issue.id}/properties/state`, { step: 2 });
    expect(second.status).toBe(200);
    expect(second.text).toBe('');
    expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/properties/state`)).json()).toEqual({
      key: 'state',
      value: { step: 2 },
    });
  });

  it('takes any JSON value: scalars, arrays, null', async () => {
    const issue = await createWith(t.agent, undefined, 'Scalars');
    for (const value of [7, 'text', false, null, [1, { a: [] }]]) {
      expect((await t.agent.put(`/rest/api/3/issue/${issue.key}/properties/v`, value)).status).toBeLessThan(
        300,
      );
      expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/properties/v`)).json()).toEqual({
        key: 'v',
        value,
      });
    }
  });

  it('enforces the key and body limits, the JSON content type and a non-empty JSON body', async () => {
    const issue = await createWith(t.agent, undefined, 'Limits');
    const path = (key: string): string => `/rest/api/3/issue/${issue.key}/properties/${key}`;
    const keyTooLong = await t.agent.put(path('k'.repeat(256)), 1);
    expectErrorCollection(keyTooLong, 400, 'The property key cannot be longer than 255 characters.');
    expect((await t.agent.put(path('k'.repeat(255)), 1)).status).toBe(201);
    // The body is measured in bytes as sent: 32 768 is the most.
    expect((await t.agent.put(path('edge'), 'a'.repeat(32_766))).status).toBe(201);
    const tooBig = await t.agent.put(path('big'), 'a'.repeat(32_767));
    expectErrorCollection(tooBig, 400, 'The property value cannot be longer than 32768 bytes.');
    // Multi-byte characters count as their UTF-8 bytes.
    expect((await t.agent.put(path('wide'), 'é'.repeat(16_384))).status).toBe(400);
    const empty = await t.agent.request('PUT', path('empty'), {
      raw: { contentType: 'application/json', bytes: '' },
    });
    expectErrorCollection(empty, 400, 'The property value cannot be empty.');
    const malformed = await t.agent.request('PUT', path('bad'), {
      raw: { contentType: 'application/json', bytes: '{"a":' },
    });
    expect(malformed.status).toBe(400);
    const text = await t.agent.request('PUT', path('text'), {
      raw: { contentType: 'text/plain', bytes: '1' },
    });
    expect(text.status).toBe(415);
    const stored = [...(t.sim.state.issues.get(issue.id)?.properties.keys() ?? [])];
    expect(stored.sort()).toEqual(['edge', 'k'.repeat(255)].sort());
  });

  it('emits set:issue-property only: no updated:issue, no changelog, no `updated` change', async () => {
    const issue = await createWith(t.agent, undefined, 'Quiet');
    const record = t.sim.state.issues.get(issue.id);
    if (record === undefined) throw new Error('no issue');
    const updated = record.updated.getTime();
    const events = await captureEvents(t.sim, () =>
      t.agent.put(`/rest/api/3/issue/${issue.key}/properties/p`, { x: 1 }),
    );
    expect(events).toEqual([
      {
        eventType: 'avi:jira:set:issue-property',
        atlassianId: t.user('agent').accountId,
        issue: { id: issue.id, key: issue.key },
        property: { key: 'p', value: { x: 1 } },
      },
    ]);
    expect(record.changelog).toEqual([]);
    expect(record.updated.getTime()).toBe(updated);
    // A refused write emits nothing.
    const none = await captureEvents(t.sim, () =>
      t.browse.put(`/rest/api/3/issue/${issue.key}/properties/p`, 2),
    );
    expect(none).toEqual([]);
  });
});

describe('properties with an edit (IssueUpdateDetails.properties)', () => {
  it('are set without a changelog item or an updated:issue of their own', async () => {
    const issue = await createWith(t.agent, undefined, 'Edit');
    const events = await captureEvents(t.sim, async () => {
      const res = await t.agent.put(`/rest/api/3/issue/${issue.key}`, {
        properties: [{ key: 'from-edit', value: { ok: true } }],
      });
      expect(res.status).toBe(204);
    });
    expect(events).toEqual([]);
    expect((await t.agent.get(`/rest/api/3/issue/${issue.key}/properties/from-edit`)).json()).toEqual({
      key: 'from-edit',
      value: { ok: true },
    });
  });

  it('need Edit issues', async () => {
    const issue = await createWith(t.agent, undefined, 'Edit rights');
    const res = await t.browse.put(`/rest/api/3/issue/${issue.key}`, {
      properties: [{ key: 'x', value: 1 }],
    });
    expect(res.status).toBe(400);
    expect(t.sim.state.issues.get(issue.id)?.properties.size).toBe(0);
  });
});

describe('comment properties', () => {
  it('given with the comment are readable with getCommentProperty and listed by getCommentPropertyKeys', async () => {
    const value = { ticketId: '5', zendeskCommentId: '77' };
    const res = await t.app.post('/rest/api/3/issue/SUP-1/comment', {
      body: adf('Copied from Zendesk'),
      properties: [{ key: 'zendesk-connector', value }],
    });
    expect(res.status).toBe(201);
    const id = res.json<{ id: string }>().id;
    expect((await t.browse.get(`/rest/api/3/comment/${id}/properties/zendesk-connector`)).json()).toEqual({
      key: 'zendesk-connector',
      value,
    });
    expect((await t.agent.get(`/rest/api/3/comment/${id}/properties`)).json()).toEqual({
      keys: [
        {
          key: 'zendesk-connector',
          self: `${t.sim.url}/rest/api/3/comment/${id}/properties/zendesk-connector`,
        },
      ],
    });
    const missing = await t.agent.get(`/rest/api/3/comment/${id}/properties/other`);
    expectErrorCollection(missing, 404, "The property with key 'other' does not exist.");
  });

  it('a comment on an issue the caller cannot browse is 403; an unknown comment 404', async () => {
    const comment = await t.agent.post('/rest/api/3/issue/SUP-1/comment', {
      body: adf('x'),
      properties: [{ key: 'p', value: 1 }],
    });
    const id = comment.json<{ id: string }>().id;
    expect((await t.none.get(`/rest/api/3/comment/${id}/properties/p`)).status).toBe(403);
    const unknown = await t.agent.get('/rest/api/3/comment/99999/properties');
    expectErrorCollection(unknown, 404, 'Can not find a comment for the id: 99999.');
  });

  it('the limits apply to comment properties too; nothing is added when they are broken', async () => {
    const before = t.sim.state.issue('SUP-1')?.commentIds.length;
    const res = await t.agent.post('/rest/api/3/issue/SUP-1/comment', {
      body: adf('too big'),
      properties: [{ key: 'big', value: 'a'.repeat(40_000) }],
    });
    expect(res.status).toBe(400);
    expect(t.sim.state.issue('SUP-1')?.commentIds.length).toBe(before);
  });
});

describe("the app's Jira client against the simulator", () => {
  /** requestJira over the recording client, so these exchanges are checked against the spec too. */
  const requester: JiraRequester = async (path, init) => {
    const contentType = init?.headers?.['Content-Type'] ?? 'application/json';
    const body = init?.body;
    const res = await t.app.request(
      init?.method ?? 'GET',
      path.value,
      typeof body === 'string' ? { raw: { contentType, bytes: body } } : {},
    );
    return new Response(res.bytes.length === 0 ? null : new Uint8Array(res.bytes), {
      status: res.status,
      headers: res.headers,
    }) as unknown as APIResponse;
  };

  it('createIssue with properties, then getIssueProperty: the value, or null for a missing property', async () => {
    const client = jiraClient('app', { requester, sleep: async () => undefined });
    const created = await client.createIssue({
      fields: { ...TASK, summary: 'From the client' },
      properties: [{ key: 'zendesk-connector', value: { claimId: 'c-42' } }],
    });
    expect(await client.getIssueProperty(created.id, 'zendesk-connector')).toEqual({ claimId: 'c-42' });
    expect(await client.getIssueProperty(created.key, 'absent')).toBeNull();
    // A vanished or hidden issue is also "no such property".
    expect(await client.getIssueProperty('99999', 'zendesk-connector')).toBeNull();
    await expect(client.getIssueProperty(created.id, '')).rejects.toThrow(/property key/);
    await expect(client.getIssueProperty('../myself', 'x')).rejects.toThrow(/Invalid Jira issue/);
  });

  it('other failures are errors, not "no property"', async () => {
    const client = jiraClient('app', { requester, sleep: async () => undefined, maxAttempts: 1 });
    t.sim.faults.failNext('GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', 503);
    await expect(client.getIssueProperty('10000', 'x')).rejects.toMatchObject({ status: 503 });
  });
});
