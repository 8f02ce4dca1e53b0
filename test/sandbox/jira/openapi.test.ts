/**
 * OpenAPI conformance: drives every implemented operation (successes and the main
 * refusals); useJiraSim's afterAll validates every recorded exchange against the
 * committed subset, and the last test checks that each operation was exercised.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractSubset } from '../../../sandbox/jira/openapi/extract.js';
import { IMPLEMENTED_OPERATIONS } from '../../../sandbox/jira/openapi/operations.js';
import type { Exchange } from './support/client.js';
import { SUBSET_PATH } from './support/contract.js';
import { adf, contract, useJiraSim } from './support/setup.js';

const t = useJiraSim();

/** An exchange as the recorder keeps it; `route` is 'METHOD /path'. */
function fake(route: string, status: number, body: unknown, extra: Partial<Exchange> = {}): Exchange {
  const [method = '', path = ''] = route.split(' ');
  return {
    method,
    url: new URL(`http://sim${path}`),
    requestContentType: null,
    requestBody: null,
    status,
    responseHeaders: new Headers({ 'content-type': 'application/json' }),
    responseBody: Buffer.from(JSON.stringify(body)),
    ...extra,
  };
}

describe('the contract validator', () => {
  it('catches shapes, statuses, error bodies, query parameters and request bodies that break the spec', () => {
    const v = contract();
    expect(v.validate(fake('GET /rest/api/3/myself', 200, { accountId: 'a', bogus: 1 }))[0]).toMatch(
      /additional properties/,
    );
    expect(v.validate(fake('GET /rest/api/3/attachment/1', 200, { id: '1' }))[0]).toMatch(/must be integer/);
    expect(v.validate(fake('GET /rest/api/3/issue/X-1', 418, {}))[0]).toMatch(/not declared/);
    expect(v.validate(fake('GET /rest/api/3/issue/X-1', 404, { errorMessages: 'x' }))[0]).toMatch(
      /errorMessages must be array/,
    );
    expect(v.validate(fake('GET /rest/api/3/issue/X-1?sneaky=1', 200, { id: '1' }))[0]).toMatch(/sneaky/);
    expect(
      v.validate(
        fake(
          'POST /rest/api/3/search/jql',
          200,
          { issues: [], isLast: true },
          {
            requestContentType: 'application/json',
            requestBody: Buffer.from(JSON.stringify({ jql: 'x', startAt: 5 })),
          },
        ),
      )[0],
    ).toMatch(/request body/);
    // The documented overlay: ChangeDetails from/to may be null, as Jira (and the spec's own example) send.
    expect(
      v.validate(
        fake('GET /rest/api/3/issue/X-1/changelog', 200, {
          values: [{ items: [{ field: 'a', from: null, fromString: null, to: null, toString: 'x' }] }],
        }),
      ),
    ).toEqual([]);
    expect(
      v.validate(fake('GET /rest/api/3/issue/X-1/changelog', 200, { values: [{ items: [{ to: 5 }] }] }))[0],
    ).toMatch(/must be string/);
  });

  it('the subset names its source and holds exactly the implemented operations', () => {
    const subset = JSON.parse(readFileSync(SUBSET_PATH, 'utf8')) as {
      'x-source': { file: string; note: string; operations: string[]; sha256: string };
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(subset['x-source'].note).toContain('swagger-v3.v3.json');
    expect(subset['x-source'].sha256).toMatch(/^[0-9a-f]{64}$/);
    const ids = Object.values(subset.paths).flatMap((item) =>
      Object.values(item)
        .map((op) => op.operationId)
        .filter(Boolean),
    );
    expect(ids.sort()).toEqual(IMPLEMENTED_OPERATIONS.map((op) => op.operationId).sort());
  });

  it('extract.ts copies operations and their schemas transitively, and fails on missing ones', () => {
    const paths: Record<string, unknown> = {};
    for (const op of IMPLEMENTED_OPERATIONS) {
      paths[op.path] = {
        ...(paths[op.path] as object | undefined),
        [op.method]: {
          operationId: op.operationId,
          responses: {
            200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } },
          },
        },
      };
    }
    const spec = {
      openapi: '3.0.1',
      info: { version: 'test' },
      paths: { ...paths, '/rest/api/3/other': { get: { operationId: 'other', responses: {} } } },
      components: {
        schemas: {
          A: { properties: { b: { $ref: '#/components/schemas/B' } } },
          B: { type: 'string' },
          Unused: {},
        },
      },
    };
    const subset = extractSubset(JSON.stringify(spec), 'swagger-v3.v3.json') as {
      paths: object;
      components: { schemas: object };
    };
    expect(Object.keys(subset.components.schemas)).toEqual(['A', 'B']);
    expect(Object.keys(subset.paths)).not.toContain('/rest/api/3/other');
    const broken = { ...spec, paths: { '/rest/api/3/myself': paths['/rest/api/3/myself'] } };
    expect(() => extractSubset(JSON.stringify(broken), 'x.json')).toThrow(/not in the spec/);
  });
});

describe('every implemented operation, against the spec', () => {
  it('reads: myself, projects, issue types, fields, priorities, statuses, createmeta, permissions', async () => {
    const reads = [
      '/rest/api/3/myself',
      '/rest/api/3/project/search?expand=description,lead,issueTypes,insight&startAt=0&maxResults=10&orderBy=name&query=e',
      '/rest/api/3/project/SUP?expand=description',
      '/rest/api/3/project/SUP/statuses',
      '/rest/api/3/issuetype',
      '/rest/api/3/issuetype/project?projectId=10000',
      '/rest/api/3/issue/createmeta/SUP/issuetypes',
      '/rest/api/3/issue/createmeta/SUP/issuetypes/10002',
      '/rest/api/3/field',
      '/rest/api/3/priority',
      '/rest/api/3/priority/search?projectId=10000',
      '/rest/api/3/status',
      '/rest/api/3/statuscategory',
      '/rest/api/3/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS,EDIT_ISSUES&issueKey=SUP-1',
      '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&commentId=10000',
    ];
    for (const path of reads) expect((await t.agent.get(path)).status, path).toBe(200);
  });

  it('issue reads with every expand, comments, changelog, transitions, attachments', async () => {
    const reads = [
      '/rest/api/3/issue/SUP-1?expand=renderedFields,names,schema,transitions,editmeta,changelog',
      '/rest/api/3/issue/SUP-1?fields=*navigable,-description',
      '/rest/api/3/issue/SUP-1/transitions?expand=transitions.fields',
      '/rest/api/3/issue/SUP-1/comment?orderBy=-created&expand=renderedBody',
      '/rest/api/3/issue/SUP-1/comment/10000',
      '/rest/api/3/issue/SUP-1/changelog?startAt=0&maxResults=2',
      '/rest/api/3/attachment/10000',
      '/rest/api/3/attachment/content/10000?redirect=false',
      '/rest/api/3/search/jql?jql=project%3DSUP&fields=*all&expand=names,schema,changelog,renderedFields,transitions,editmeta&maxResults=2',
    ];
    for (const path of reads) expect((await t.agent.get(path)).status, path).toBe(200);
    expect((await t.agent.get('/rest/api/3/attachment/content/10000')).status).toBe(303);
    expect((await t.browse.get('/rest/api/3/issue/SUP-1?expand=transitions,editmeta')).status).toBe(200);
  });

  it('writes: create, edit (fields and update), transition, comment, attach, search POST', async () => {
    const created = await t.agent.post('/rest/api/3/issue', {
      fields: {
        project: { id: '10000' },
        issuetype: { id: '10002' },
        summary: 'Contract bug',
        description: adf('desc'),
        environment: adf('prod'),
        priority: { id: '2' },
        labels: ['a'],
        assignee: { accountId: t.user('agent').accountId },
        customfield_10040: 'REF-1',
        customfield_10041: { id: '10101' },
        customfield_10042: 3.5,
        customfield_10045: adf('1. open 2. click'),
      },
      update: {},
    });
    expect(created.status).toBe(201);
    const key = created.json<{ key: string }>().key;
    expect(
      (
        await t.agent.put(`/rest/api/3/issue/${key}?notifyUsers=false`, {
          fields: { summary: 'Edited' },
          update: { labels: [{ add: 'b' }] },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await t.agent.put(`/rest/api/3/issue/${key}?returnIssue=true&expand=names`, {
          fields: { customfield_10042: null },
        })
      ).status,
    ).toBe(200);
    expect(
      (await t.agent.post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } })).status,
    ).toBe(204);
    expect(
      (
        await t.agent.post(`/rest/api/3/issue/${key}/comment`, {
          body: adf('done'),
          visibility: { type: 'role', value: 'Administrators' },
        })
      ).status,
    ).toBe(201);
    const data = new FormData();
    data.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'report.pdf');
    const upload = await t.agent.request('POST', `/rest/api/3/issue/${key}/attachments`, {
      body: data,
      headers: { 'x-atlassian-token': 'no-check' },
    });
    expect(upload.status).toBe(200);
    const search = await t.agent.post('/rest/api/3/search/jql', {
      jql: `key = ${key}`,
      fields: ['summary', 'status', 'comment', 'attachment'],
      expand: 'changelog',
      maxResults: 10,
      fieldsByKeys: false,
      properties: [],
      reconcileIssues: [Number(created.json<{ id: string }>().id)],
    });
    expect(search.status).toBe(200);
    expect((await t.agent.get('/rest/api/3/search?jql=project%3DSUP')).status).toBe(410);
    expect((await t.agent.post('/rest/api/3/search', { jql: 'project = SUP' })).status).toBe(410);
  });

  it('entity properties: with the create and the comment, set, read, list', async () => {
    const created = await t.app.post('/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: 'With a property' },
      properties: [{ key: 'zendesk-connector', value: { ticketId: '7', claimId: 'c-1' } }],
    });
    expect(created.status).toBe(201);
    const key = created.json<{ key: string }>().key;
    expect((await t.app.get(`/rest/api/3/issue/${key}/properties/zendesk-connector`)).status).toBe(200);
    expect((await t.agent.put(`/rest/api/3/issue/${key}/properties/other`, [1, 2])).status).toBe(201);
    expect((await t.agent.put(`/rest/api/3/issue/${key}/properties/other`, 'three')).status).toBe(200);
    expect((await t.browse.get(`/rest/api/3/issue/${key}/properties`)).status).toBe(200);
    const comment = await t.agent.post(`/rest/api/3/issue/${key}/comment`, {
      body: adf('with a property'),
      properties: [{ key: 'sd.public.comment', value: { internal: true } }],
    });
    expect(comment.status).toBe(201);
    const id = comment.json<{ id: string }>().id;
    expect((await t.agent.get(`/rest/api/3/comment/${id}/properties`)).status).toBe(200);
    expect((await t.agent.get(`/rest/api/3/comment/${id}/properties/sd.public.comment`)).status).toBe(200);
    // Refusals in the declared shapes.
    expect((await t.agent.get(`/rest/api/3/issue/${key}/properties/missing`)).status).toBe(404);
    expect((await t.browse.put(`/rest/api/3/issue/${key}/properties/other`, 1)).status).toBe(403);
    expect((await t.agent.put(`/rest/api/3/issue/${key}/properties/${'k'.repeat(256)}`, 1)).status).toBe(400);
    expect((await t.none.get(`/rest/api/3/comment/${id}/properties`)).status).toBe(403);
    expect((await t.agent.get(`/rest/api/3/comment/${id}/properties/missing`)).status).toBe(404);
  });

  it('refusals keep Jira’s error shapes', async () => {
    expect(
      (
        await t.agent.post('/rest/api/3/issue', {
          fields: { project: { key: 'SUP' }, issuetype: { id: '10002' }, summary: 'x' },
        })
      ).status,
    ).toBe(400);
    expect((await t.http.post('/rest/api/3/issue', { fields: {} })).status).toBe(401);
    expect(
      (await t.http.get('/rest/api/3/issue/SUP-1/changelog', { as: { accessToken: 'bad' } })).status,
    ).toBe(401);
    expect((await t.none.get('/rest/api/3/issue/SUP-1')).status).toBe(404);
    expect((await t.agent.get('/rest/api/3/mypermissions?permissions=NOPE')).status).toBe(400);
    expect((await t.agent.get('/rest/api/3/search/jql?jql=order%20by%20key')).status).toBe(400);
    expect(
      (await t.agent.post('/rest/api/3/issue/SUP-1/transitions', { transition: { id: '999' } })).status,
    ).toBe(400);
    expect((await t.agent.get('/rest/api/3/issue/SUP-1/comment?orderBy=author')).status).toBe(400);
    expect((await t.agent.get('/rest/api/3/project/search?keys=NOPE')).status).toBe(404);
    expect(
      (await t.agent.request('POST', '/rest/api/3/issue/SUP-1/attachments', { body: new FormData() })).status,
    ).toBe(403);
  });

  it('bulk reads: issue/bulkfetch', async () => {
    const res = await t.app.post('/rest/api/3/issue/bulkfetch', {
      issueIdsOrKeys: ['SUP-1', 'ENG-1'],
      fields: ['summary', 'status', 'customfield_10041'],
      expand: ['names', 'schema', 'renderedFields'],
    });
    expect(res.status).toBe(200);
  });

  it('site reads: serverInfo, users, resolutions, approximate count', async () => {
    const admin = t.user('admin');
    for (const path of [
      '/rest/api/3/serverInfo',
      '/rest/api/3/myself?expand=groups,applicationRoles',
      `/rest/api/3/user?accountId=${admin.accountId}&expand=groups`,
      '/rest/api/3/user/search?query=a',
      '/rest/api/3/resolution',
      '/rest/api/3/resolution/search?startAt=0&maxResults=2',
      '/rest/api/3/resolution/10000',
      '/rest/api/3/issue/SUP-1/editmeta',
    ]) {
      expect((await t.agent.get(path)).status, path).toBe(200);
    }
    expect(
      (await t.agent.post('/rest/api/3/search/approximate-count', { jql: 'project = SUP' })).status,
    ).toBe(200);
  });

  it('issue actions: assignee, comment edit/delete, property delete, remote links', async () => {
    const agent = t.user('agent');
    expect(
      (await t.agent.put('/rest/api/3/issue/SUP-2/assignee', { accountId: agent.accountId })).status,
    ).toBe(204);
    expect((await t.agent.put('/rest/api/3/issue/SUP-2/assignee', { accountId: null })).status).toBe(204);
    const comment = (await t.agent.post('/rest/api/3/issue/SUP-2/comment', { body: adf('c') })).json<{
      id: string;
    }>();
    expect(
      (
        await t.agent.put(`/rest/api/3/issue/SUP-2/comment/${comment.id}?expand=renderedBody`, {
          body: adf('d'),
        })
      ).status,
    ).toBe(200);
    expect((await t.agent.request('DELETE', `/rest/api/3/issue/SUP-2/comment/${comment.id}`)).status).toBe(
      204,
    );
    expect((await t.app.put('/rest/api/3/issue/SUP-2/properties/p', { v: 1 })).status).toBe(201);
    expect((await t.app.request('DELETE', '/rest/api/3/issue/SUP-2/properties/p')).status).toBe(204);
    const base = '/rest/api/3/issue/SUP-2/remotelink';
    const object = { url: 'https://acme.zendesk.com/agent/tickets/1', title: 'Ticket #1', summary: 's' };
    const link = await t.app.post(base, {
      globalId: 'g-1',
      application: { type: 'zendesk', name: 'Zendesk' },
      relationship: 'mentioned in',
      object,
    });
    expect(link.status).toBe(201);
    const { id } = link.json<{ id: number }>();
    expect((await t.app.get(base)).status).toBe(200);
    expect((await t.app.get(`${base}?globalId=g-1`)).status).toBe(200);
    expect((await t.app.get(`${base}/${id}`)).status).toBe(200);
    expect((await t.app.put(`${base}/${id}`, { globalId: 'g-1', object })).status).toBe(204);
    expect((await t.app.request('DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await t.app.post(base, { globalId: 'g-2', object })).status).toBe(201);
    expect((await t.app.request('DELETE', `${base}?globalId=g-2`)).status).toBe(204);
  });

  it('every operation in the subset was exercised with a success (the removed search with its 410)', () => {
    const v = contract();
    const succeeded = new Set<string>();
    for (const exchange of t.http.exchanges) {
      const op = v.find(exchange.method, exchange.url.pathname);
      const gone = exchange.status === 410 && op?.operation.operationId.startsWith('searchForIssuesUsingJql');
      if (op !== undefined && ((exchange.status >= 200 && exchange.status < 400) || gone))
        succeeded.add(op.operation.operationId);
    }
    expect([...succeeded].sort()).toEqual(v.operationIds().sort());
  });
});
