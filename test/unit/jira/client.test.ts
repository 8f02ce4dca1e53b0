import { describe, expect, it } from 'vitest';
import { NeedsAuthenticationError, type APIResponse, type RequestInit, type Route } from '@forge/api';
import { jiraClient, multipartFile } from '../../../src/jira/client';
import { JiraApiError, JiraRateLimitedError, jiraErrorFromBody } from '../../../src/jira/errors';
import { textToAdf } from '../../../src/jira/adf';
import { jsonAnswer } from '../../support/httpAnswers';

interface Call {
  path: string;
  init: RequestInit | undefined;
}

function scripted(answers: ((call: Call) => Response)[]) {
  const calls: Call[] = [];
  const requester = async (path: Route, init?: RequestInit): Promise<APIResponse> => {
    const call = { path: path.value, init };
    calls.push(call);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected ${init?.method} ${path.value}`);
    return next(call) as unknown as APIResponse;
  };
  const sleeps: number[] = [];
  const client = jiraClient('user', {
    requester,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    waitBudgetMs: 5_000,
  });
  return { client, calls, sleeps };
}

const json = jsonAnswer;

describe('Jira error bodies', () => {
  it('joins errorMessages and field errors', () => {
    const e = jiraErrorFromBody(
      400,
      JSON.stringify({ errorMessages: ['Bad'], errors: { summary: 'Summary is required' } }),
    );
    expect(e).toMatchObject({
      status: 400,
      messages: ['Bad', 'summary: Summary is required'],
      fieldErrors: { summary: 'Summary is required' },
    });
    expect(e.message).toBe('Bad; summary: Summary is required');
  });

  it('falls back to text or the status', () => {
    expect(jiraErrorFromBody(502, 'upstream down').messages).toEqual(['upstream down']);
    expect(jiraErrorFromBody(500, '<html>x</html>').message).toBe('Jira answered HTTP 500');
  });
});

describe('jiraClient', () => {
  it('checks ADMINISTER through mypermissions', async () => {
    const { client, calls } = scripted([
      json(200, { permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: true } } }),
    ]);
    expect(await client.isJiraAdmin()).toBe(true);
    expect(calls[0]!.path).toBe('/rest/api/3/mypermissions?permissions=ADMINISTER');
  });

  it('reports missing permission keys as false and passes the issue context', async () => {
    const { client, calls } = scripted([
      json(200, { permissions: { EDIT_ISSUES: { havePermission: true } } }),
    ]);
    expect(await client.hasPermissions(['EDIT_ISSUES', 'BROWSE_PROJECTS'], { issueId: '10001' })).toEqual({
      EDIT_ISSUES: true,
      BROWSE_PROJECTS: false,
    });
    expect(calls[0]!.path).toBe(
      '/rest/api/3/mypermissions?permissions=EDIT_ISSUES%2CBROWSE_PROJECTS&issueId=10001',
    );
  });

  it('refuses ids that could reshape the path before any request', async () => {
    const { client, calls } = scripted([]);
    for (const id of ['../x', 'a/b', '1?x', '', ' 1', 'a#b']) {
      await expect(client.getIssue(id, ['summary'])).rejects.toMatchObject({ code: 'BAD_ID' });
    }
    expect(calls).toHaveLength(0);
  });

  it('pages through projects and treats 404 as no match', async () => {
    const project = (i: number) => ({ id: String(i), key: `P${i}`, name: `Project ${i}` });
    const { client, calls } = scripted([
      json(200, { values: [project(1), project(2)], startAt: 0, maxResults: 2, total: 3, isLast: false }),
      json(200, { values: [project(3)], startAt: 2, maxResults: 2, total: 3, isLast: true }),
      json(404, { errorMessages: ['No project could be found'], errors: {} }),
    ]);
    expect((await client.searchProjects()).map((p) => p.key)).toEqual(['P1', 'P2', 'P3']);
    expect(calls[1]!.path).toContain('startAt=2');
    expect(await client.searchProjects({ query: 'zzz' })).toEqual([]);
  });

  it('reads create metadata from `fields` or `results`', async () => {
    const field = {
      fieldId: 'summary',
      key: 'summary',
      name: 'Summary',
      required: true,
      operations: ['set'],
      schema: { type: 'string' },
    };
    const { client, calls } = scripted([
      json(200, { fields: [field], startAt: 0, maxResults: 200, total: 1 }),
      json(200, { results: [field], startAt: 0, maxResults: 200, total: 1 }),
    ]);
    expect((await client.createMeta('10000', '10001'))[0]?.fieldId).toBe('summary');
    expect((await client.createMeta('SUP', '10001'))[0]?.name).toBe('Summary');
    expect(calls[0]!.path).toBe(
      '/rest/api/3/issue/createmeta/10000/issuetypes/10001?startAt=0&maxResults=200',
    );
  });

  it('reads all comment pages', async () => {
    const c = (id: number) => ({
      id: String(id),
      body: textToAdf(`c${id}`),
      created: '2024-01-01T00:00:00.000+0000',
    });
    const { client, calls } = scripted([
      json(200, { comments: [c(1), c(2)], startAt: 0, maxResults: 2, total: 3 }),
      json(200, { comments: [c(3)], startAt: 2, maxResults: 2, total: 3 }),
    ]);
    expect((await client.comments('SUP-1')).map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(calls[1]!.path).toContain('startAt=2');
  });

  it('uploads an attachment as multipart part "file" with X-Atlassian-Token: no-check', async () => {
    const { client, calls } = scripted([
      json(200, [{ id: '10', filename: 'a "b".txt', size: 3, mimeType: 'text/plain' }]),
    ]);
    const res = await client.addAttachment('10001', {
      filename: 'a "b".txt',
      bytes: new Uint8Array([104, 105, 33]),
      contentType: 'text/plain',
    });
    expect(res[0]?.id).toBe('10');
    const init = calls[0]!.init!;
    const headers = init.headers as Record<string, string>;
    expect(headers['X-Atlassian-Token']).toBe('no-check');
    expect(headers['Content-Type']).toMatch(/^multipart\/form-data; boundary=/);
    // The body must parse as real multipart with the part named "file".
    const form = await new Response(init.body as ArrayBuffer, {
      headers: { 'content-type': headers['Content-Type']! },
    }).formData();
    const file = form.get('file') as File;
    // Browsers escape the quote as %22; form parsers decode it back.
    expect(file.name).toBe('a "b".txt');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([104, 105, 33]));
  });

  it('multipart bodies carry unicode file names', async () => {
    const form = multipartFile('résumé 日本.pdf', new Uint8Array([1]), 'application/pdf');
    const parsed = await new Response(form.body, {
      headers: { 'content-type': form.contentType },
    }).formData();
    expect((parsed.get('file') as File).name).toBe('résumé 日本.pdf');
  });

  it('downloads attachment bytes with redirect=false', async () => {
    const { client, calls } = scripted([() => new Response(new Uint8Array([1, 2, 3]), { status: 200 })]);
    expect([...(await client.getAttachmentContent('10'))]).toEqual([1, 2, 3]);
    expect(calls[0]!.path).toBe('/rest/api/3/attachment/content/10?redirect=false');
  });

  it('waits Retry-After on 429 within the budget and throws RateLimited beyond it', async () => {
    const ok = json(200, { accountId: 'a1', displayName: 'Ann' });
    const { client, sleeps } = scripted([
      json(429, {}, { 'retry-after': '1' }),
      ok,
      json(429, { errorMessages: ['Too many'] }, { 'retry-after': '60' }),
    ]);
    expect((await client.myself()).accountId).toBe('a1');
    expect(sleeps).toEqual([1000]);
    const error = await client.myself().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraRateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 60, messages: ['Too many'] });
  });

  it('retries reads on 5xx but never writes', async () => {
    const { client, calls } = scripted([
      json(503, {}),
      json(200, { transitions: [] }),
      json(500, { errorMessages: ['boom'] }),
    ]);
    expect(await client.transitions('SUP-1')).toEqual([]);
    await expect(client.createIssue({ fields: { summary: 'x' } })).rejects.toMatchObject({
      status: 500,
      messages: ['boom'],
    });
    expect(calls).toHaveLength(3);
  });

  it('turns a thrown transport error into status 0', async () => {
    const { client } = scripted([
      () => {
        throw new Error('socket hang up');
      },
    ]);
    const error = await client.editIssue('SUP-1', { fields: { summary: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraApiError);
    expect(error).toMatchObject({ status: 0 });
    expect((error as Error).message).toContain('socket hang up');
  });

  it('reports a user without consent (NeedsAuthenticationError) as 401 at once, without retries', async () => {
    const { client, calls, sleeps } = scripted([
      () => {
        throw new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
      },
    ]);
    const error = await client.myself().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraApiError);
    expect(error).toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('reads the priority catalog from GET /priority (the read:jira-work endpoint)', async () => {
    const { client, calls } = scripted([json(200, [{ id: '1', name: 'High' }])]);
    expect(await client.priorities()).toEqual([{ id: '1', name: 'High' }]);
    expect(calls.map((c) => c.path)).toEqual(['/rest/api/3/priority']);
  });

  it('searches with POST /search/jql and returns the next page token', async () => {
    const { client, calls } = scripted([
      json(200, { issues: [{ id: '1', key: 'A-1', fields: {} }], nextPageToken: 'n2' }),
    ]);
    expect(await client.searchJql('project = A ORDER BY id', { fields: ['summary'] })).toMatchObject({
      nextPageToken: 'n2',
    });
    expect(JSON.parse(calls[0]!.init!.body as string)).toEqual({
      jql: 'project = A ORDER BY id',
      fields: ['summary'],
      maxResults: 50,
    });
  });

  it('reports schema mismatches with the path', async () => {
    const { client } = scripted([json(200, { nope: true })]);
    await expect(client.getProject('SUP')).rejects.toThrow(
      /unexpected answer for GET \/rest\/api\/3\/project\/SUP/,
    );
  });
});
