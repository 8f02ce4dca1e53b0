import { describe, expect, it } from 'vitest';
import {
  createZendeskClient,
  isAllowedAttachmentUrl,
  isValidSubdomain,
  type ZendeskFetch,
  type ZendeskRequestInit,
} from '../../../src/zendesk/client';
import { isClosedTicketError, ZendeskApiError, ZendeskRateLimitedError } from '../../../src/zendesk/errors';
import { AppError } from '../../../src/util/errors';
import { jsonAnswer } from '../../support/httpAnswers';

const TOKEN = 'zd-secret-token-0123456789abcdef';
const creds = { subdomain: 'acme', email: 'agent@acme.test', token: TOKEN };

interface Call {
  url: string;
  init: ZendeskRequestInit;
}

/** A scripted transport: each answer is consumed in order; records every call. */
function scripted(answers: ((call: Call) => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  const fetch: ZendeskFetch = async (url, init) => {
    const call = { url, init };
    calls.push(call);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    return next(call);
  };
  return { calls, fetch };
}

const json = jsonAnswer;

const ticket = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  subject: `Ticket ${id}`,
  status: 'open',
  priority: null,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  ...extra,
});

function client(answers: Parameters<typeof scripted>[0], opts: { waitBudgetMs?: number } = {}) {
  const t = scripted(answers);
  const sleeps: number[] = [];
  const zd = createZendeskClient(creds, {
    fetch: t.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    waitBudgetMs: opts.waitBudgetMs ?? 10_000,
  });
  return { zd, calls: t.calls, sleeps };
}

describe('subdomain validation', () => {
  const bad = [
    '',
    'Acme',
    'acme.evil.com',
    'acme/x',
    'acme:443',
    'https://acme',
    'ac%6de',
    '-acme',
    'a'.repeat(64),
    'acme ',
    ' acme',
    'acme\n',
    '127.0.0.1',
    'acme#',
    'acme?x=1',
    'ácme',
    'acme@evil',
    'acme\\evil',
  ];
  it.each(bad)('refuses %j before any request', (subdomain) => {
    const t = scripted([]);
    expect(isValidSubdomain(subdomain)).toBe(false);
    expect(() => createZendeskClient({ ...creds, subdomain }, { fetch: t.fetch })).toThrow(AppError);
    try {
      createZendeskClient({ ...creds, subdomain }, { fetch: t.fetch });
    } catch (e) {
      expect((e as AppError).code).toBe('INVALID_SUBDOMAIN');
    }
    expect(t.calls).toHaveLength(0);
  });

  it('refuses non-strings', () => {
    expect(isValidSubdomain(undefined)).toBe(false);
    expect(isValidSubdomain(42)).toBe(false);
  });

  it.each(['acme', 'your-team', '0day', 'a', 'a'.repeat(63), 'x1-2'])('accepts %j', (s) => {
    expect(isValidSubdomain(s)).toBe(true);
  });
});

describe('requests', () => {
  it('sends Basic {email}/token:{token} to https://{subdomain}.zendesk.com/api/v2', async () => {
    const { zd, calls } = client([
      json(200, { user: { id: 7, name: 'Agent', email: 'agent@acme.test', role: 'agent' } }),
    ]);
    const me = await zd.me();
    expect(me).toMatchObject({ id: 7, role: 'agent' });
    expect(calls[0]?.url).toBe('https://acme.zendesk.com/api/v2/users/me.json');
    const expected = `Basic ${Buffer.from(`agent@acme.test/token:${TOKEN}`).toString('base64')}`;
    expect(calls[0]?.init.headers.Authorization).toBe(expected);
  });

  it('returns the anonymous user as id null (credential checks must look at it)', async () => {
    const { zd } = client([json(200, { user: { id: null, name: 'Anonymous user', role: 'end-user' } })]);
    expect((await zd.me()).id).toBeNull();
  });

  it('refuses ids that are not plain digits before any request', async () => {
    const { zd, calls } = client([]);
    for (const id of ['1/../2', '../users/me', '1?x', '0', '-1', 'abc', '1.5', '']) {
      await expect(zd.getTicket(id)).rejects.toMatchObject({ code: 'BAD_ID' });
    }
    await expect(zd.listComments('1/2')).rejects.toMatchObject({ code: 'BAD_ID' });
    await expect(zd.getUsers([1, 'x'])).rejects.toMatchObject({ code: 'BAD_ID' });
    await expect(zd.listJiraLinks({ issueId: '1&x=2' })).rejects.toMatchObject({ code: 'BAD_ID' });
    expect(calls).toHaveLength(0);
  });

  it('builds agent URLs', () => {
    const { zd } = client([]);
    expect(zd.agentUrl('ticket', 12)).toBe('https://acme.zendesk.com/agent/tickets/12');
    expect(zd.agentUrl('user', '34')).toBe('https://acme.zendesk.com/agent/users/34');
    expect(zd.agentUrl('organization', 5)).toBe('https://acme.zendesk.com/agent/organizations/5');
    expect(() => zd.agentUrl('ticket', '1/2')).toThrow(AppError);
  });

  it('fetches many tickets in batches of 100', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => i + 1);
    const answer = (call: Call) => {
      const requested = new URL(call.url).searchParams.get('ids')!.split(',').map(Number);
      return json(200, { tickets: requested.map((id) => ticket(id)) })();
    };
    const { zd, calls } = client([answer, answer, answer]);
    const tickets = await zd.getTickets([...ids, 1, 2]);
    expect(tickets).toHaveLength(250);
    expect(calls.map((c) => new URL(c.url).searchParams.get('ids')!.split(',').length)).toEqual([
      100, 100, 50,
    ]);
    expect(new URL(calls[0]!.url).pathname).toBe('/api/v2/tickets/show_many.json');
  });

  it('follows cursor pagination for comments to the last page', async () => {
    const comment = (id: number) => ({
      id,
      body: `c${id}`,
      public: true,
      created_at: '2024-01-01T00:00:00Z',
      attachments: [],
    });
    const { zd, calls } = client([
      json(200, { comments: [comment(1), comment(2)], meta: { has_more: true, after_cursor: 'abc' } }),
      json(200, { comments: [comment(3)], meta: { has_more: false, after_cursor: 'def' } }),
    ]);
    const comments = await zd.listComments(9);
    expect(comments.map((c) => c.id)).toEqual([1, 2, 3]);
    const second = new URL(calls[1]!.url);
    expect(second.pathname).toBe('/api/v2/tickets/9/comments.json');
    expect(second.searchParams.get('page[after]')).toBe('abc');
    expect(second.searchParams.get('page[size]')).toBe('100');
    expect(new URL(calls[0]!.url).searchParams.has('page[after]')).toBe(false);
  });

  it('stops with an error when the cursor does not advance', async () => {
    const page = json(200, { comments: [], meta: { has_more: true, after_cursor: 'same' } });
    const { zd } = client([page, page]);
    await expect(zd.listComments(1)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('reads one incremental export page from a start time or a cursor', async () => {
    const { zd, calls } = client([
      json(200, { tickets: [ticket(1)], after_cursor: 'c1', end_of_stream: false }),
      json(200, { tickets: [], after_cursor: 'c2', end_of_stream: true }),
    ]);
    expect(await zd.exportTickets({ startTime: 1700000000.7 })).toMatchObject({
      afterCursor: 'c1',
      endOfStream: false,
    });
    expect(await zd.exportTickets({ cursor: 'c1' })).toMatchObject({
      tickets: [],
      afterCursor: 'c2',
      endOfStream: true,
    });
    expect(new URL(calls[0]!.url).searchParams.get('start_time')).toBe('1700000000');
    expect(new URL(calls[1]!.url).searchParams.get('cursor')).toBe('c1');
    expect(new URL(calls[1]!.url).searchParams.has('start_time')).toBe(false);
  });

  it('keeps only results of the searched type', async () => {
    const { zd, calls } = client([
      json(200, {
        results: [
          { result_type: 'user', id: 1, name: 'Ann', email: 'ann@x.test', role: 'end-user' },
          { result_type: 'ticket', ...ticket(2) },
        ],
        count: 2,
        next_page: null,
      }),
    ]);
    const page = await zd.search('user', 'ann');
    expect(page.results.map((u) => u.name)).toEqual(['Ann']);
    expect(new URL(calls[0]!.url).searchParams.get('query')).toBe('type:user ann');
  });

  it('uploads raw bytes with the content type and returns the token', async () => {
    const { zd, calls } = client([
      json(201, {
        upload: {
          token: 'tok1',
          attachment: {
            id: 1,
            file_name: 'a.txt',
            content_url: 'https://acme.zendesk.com/a',
            size: 3,
            content_type: 'text/plain',
          },
        },
      }),
    ]);
    const up = await zd.upload(
      { filename: 'a b.txt', bytes: new Uint8Array([1, 2, 3]), contentType: 'text/plain' },
      { idempotencyKey: 'k1' },
    );
    expect(up.token).toBe('tok1');
    const call = calls[0]!;
    expect(new URL(call.url).searchParams.get('filename')).toBe('a b.txt');
    expect(call.init.headers['Content-Type']).toBe('text/plain');
    expect(call.init.headers['Idempotency-Key']).toBe('k1');
    expect(new Uint8Array(call.init.body as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('creates, lists and deletes Zendesk Jira links on the documented paths', async () => {
    const link = { id: 5, ticket_id: 12, issue_id: '10001', issue_key: 'SUP-1' };
    const { zd, calls } = client([
      json(201, { link }),
      json(200, { links: [link], meta: { has_more: false } }),
      () => new Response(null, { status: 204 }),
    ]);
    expect(await zd.createJiraLink({ ticketId: 12, issueId: '10001', issueKey: 'SUP-1' })).toMatchObject({
      id: 5,
      ticket_id: '12',
      issue_id: '10001',
    });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      link: { ticket_id: '12', issue_id: '10001', issue_key: 'SUP-1' },
    });
    expect(await zd.listJiraLinks({ ticketId: 12 })).toHaveLength(1);
    expect(new URL(calls[1]!.url).searchParams.get('filter[ticket_id]')).toBe('12');
    await zd.deleteJiraLink(5);
    expect(calls[2]!.init.method).toBe('DELETE');
    expect(calls.map((c) => new URL(c.url).host)).toEqual([
      'acme.zendesk.com',
      'acme.zendesk.com',
      'acme.zendesk.com',
    ]);
  });

  it('reports a response that does not match the schema as INVALID_RESPONSE', async () => {
    const { zd } = client([json(200, { ticket: { id: 'x' } })]);
    await expect(zd.getTicket(1)).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
  });
});

describe('rate limits and retries', () => {
  it('waits Retry-After on 429 and retries', async () => {
    const { zd, calls, sleeps } = client([
      () =>
        new Response('Number of allowed API requests per minute exceeded', {
          status: 429,
          headers: { 'retry-after': '2' },
        }),
      json(200, { ticket: ticket(1) }),
    ]);
    expect((await zd.getTicket(1)).id).toBe(1);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('throws RateLimited with retryAfter instead of sleeping past the budget', async () => {
    const { zd, calls, sleeps } = client(
      [
        () =>
          new Response('Number of allowed API requests per minute exceeded', {
            status: 429,
            headers: { 'retry-after': '120' },
          }),
      ],
      { waitBudgetMs: 5_000 },
    );
    const error = await zd.getTicket(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskRateLimitedError);
    expect((error as ZendeskRateLimitedError).retryAfterSeconds).toBe(120);
    expect((error as ZendeskRateLimitedError).status).toBe(429);
    expect((error as Error).message).toContain('Number of allowed API requests per minute exceeded');
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 429 even for a non-idempotent write (the request was not processed)', async () => {
    const { zd, calls } = client([
      () => new Response('', { status: 429, headers: { 'retry-after': '1' } }),
      json(200, { ticket: ticket(1) }),
    ]);
    await zd.updateTicket(1, { comment: { body: 'hi', public: true } });
    expect(calls).toHaveLength(2);
  });

  it('retries 5xx on GET with bounded backoff, then gives up with the upstream error', async () => {
    const fail = json(503, { error: 'Unavailable', description: 'Try later' });
    const { zd, calls, sleeps } = client([fail, fail, fail, fail]);
    await expect(zd.getTicket(1)).rejects.toMatchObject({ status: 503, message: 'Try later' });
    expect(calls).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    for (const s of sleeps) expect(s).toBeLessThanOrEqual(4000);
  });

  it('does not retry a 5xx for a comment write without an Idempotency-Key', async () => {
    const { zd, calls } = client([json(500, { error: 'InternalError', description: 'boom' })]);
    await expect(zd.updateTicket(1, { comment: { body: 'x' } })).rejects.toMatchObject({ status: 500 });
    expect(calls).toHaveLength(1);
  });

  it('retries a write carrying an Idempotency-Key', async () => {
    const { zd, calls } = client([json(502, {}), json(200, { ticket: ticket(1) })]);
    await zd.updateTicket(1, { comment: { body: 'x' } }, { idempotencyKey: 'abc' });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.init.headers['Idempotency-Key']).toBe('abc');
  });

  it('retries field-only ticket updates (repeatable) on network failure', async () => {
    const { zd, calls } = client([
      () => {
        throw new TypeError('fetch failed');
      },
      json(200, { ticket: ticket(1, { status: 'solved' }) }),
    ]);
    expect((await zd.updateTicket(1, { status: 'solved' })).status).toBe('solved');
    expect(calls).toHaveLength(2);
  });

  it('turns an unretryable network failure into status 0 NETWORK', async () => {
    const { zd } = client([
      () => {
        throw new TypeError('fetch failed: ECONNREFUSED');
      },
    ]);
    const error = await zd
      .upload({ filename: 'a.txt', bytes: new Uint8Array([1]), contentType: 'text/plain' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK' });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('error bodies (docs/contracts/zendesk-api.md § Error bodies)', () => {
  const cases: [string, number, unknown, { code: string; message: string }][] = [
    [
      '401 string',
      401,
      { error: "Couldn't authenticate you" },
      { code: 'HTTP_401', message: "Couldn't authenticate you" },
    ],
    [
      '403 object',
      403,
      { error: { title: 'Forbidden', message: 'You do not have access' } },
      { code: 'Forbidden', message: 'Forbidden: You do not have access' },
    ],
    [
      '404 record',
      404,
      { error: 'RecordNotFound', description: 'Not found' },
      { code: 'RecordNotFound', message: 'Not found' },
    ],
    [
      '400 errors[]',
      400,
      { errors: [{ code: 'QueryError', title: 'Invalid type: foo' }] },
      { code: 'QueryError', message: 'Invalid type: foo' },
    ],
    [
      '404 InvalidEndpoint',
      404,
      { error: 'InvalidEndpoint', description: 'Not available on your plan' },
      { code: 'InvalidEndpoint', message: 'Not available on your plan' },
    ],
  ];
  it.each(cases)('%s', async (_name, status, body, expected) => {
    const { zd } = client([json(status, body)]);
    const error = await zd.getTicket(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status, ...expected });
  });

  it('recognises a closed ticket 422 from its details', async () => {
    const body = {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { status: [{ description: 'Status: closed prevents ticket update' }] },
    };
    const { zd } = client([json(422, body)]);
    const error = await zd.updateTicket(1, { status: 'open' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'RecordInvalid' });
    expect((error as Error).message).toBe('Record validation errors: Status: closed prevents ticket update');
    expect(isClosedTicketError(error)).toBe(true);
    expect(isClosedTicketError(new ZendeskApiError(422, 'RecordInvalid', 'Subject: too long'))).toBe(false);
  });

  it('never repeats the token or the Authorization value in a message', async () => {
    const auth = Buffer.from(`agent@acme.test/token:${TOKEN}`).toString('base64');
    const { zd } = client([json(400, { error: 'Bad', description: `echo ${TOKEN} and Basic ${auth}` })]);
    const error = (await zd.getTicket(1).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(auth);
    expect(error.message).toContain('[redacted]');
  });

  it('falls back to the status for HTML bodies', async () => {
    const { zd } = client([() => new Response('<html>Bad gateway</html>', { status: 400 })]);
    await expect(zd.getTicket(1)).rejects.toMatchObject({
      status: 400,
      message: 'Zendesk answered HTTP 400',
    });
  });
});

/** Zendesk's answer for an attachment that lives elsewhere: a 302 to `location`. */
const redirectTo = (location: string) => new Response(null, { status: 302, headers: { location } });

describe('attachment downloads (docs/contracts/zendesk-api.md § Attachments)', () => {
  const refused = [
    'http://acme.zendesk.com/attachments/token/x',
    'https://evil.example.com/x',
    'https://acme.zendesk.com.evil.com/x',
    'https://other.zendesk.com/x',
    'https://zendesk.com/x',
    'https://127.0.0.1/x',
    'https://acme.zendesk.com:8443/x',
    'https://user:pw@acme.zendesk.com/x',
    'https://zdusercontent.com/x',
    'https://evilzdusercontent.com/x',
    'file:///etc/passwd',
    'not a url',
  ];
  it.each(refused)('refuses %s before any connection', async (url) => {
    const { zd, calls } = client([]);
    await expect(zd.downloadAttachment(url)).rejects.toMatchObject({ code: 'ATTACHMENT_URL_REFUSED' });
    expect(calls).toHaveLength(0);
  });

  it('accepts the egress hosts only', () => {
    const ok = (u: string) => isAllowedAttachmentUrl(new URL(u), 'acme');
    expect(ok('https://acme.zendesk.com/a')).toBe(true);
    expect(ok('https://acme.zdusercontent.com/a')).toBe(true);
    expect(ok('https://bucket.s3.amazonaws.com/a')).toBe(true);
    expect(ok('https://d1.cloudfront.net/a')).toBe(true);
    expect(ok('https://x.zendesk.com/a')).toBe(false);
  });

  it('sends credentials to the zendesk.com host but not to the redirect target', async () => {
    const { zd, calls } = client([
      () => redirectTo('https://acme.zdusercontent.com/file/1?sig=abc'),
      () =>
        new Response(new Uint8Array([9, 8, 7]), { status: 200, headers: { 'content-type': 'image/png' } }),
    ]);
    const file = await zd.downloadAttachment('https://acme.zendesk.com/attachments/token/t/?name=a.png');
    expect([...file.bytes]).toEqual([9, 8, 7]);
    expect(file.contentType).toBe('image/png');
    expect(calls[0]!.init.headers.Authorization).toMatch(/^Basic /);
    expect(calls[0]!.init.redirect).toBe('manual');
    expect(calls[1]!.url).toBe('https://acme.zdusercontent.com/file/1?sig=abc');
    expect(calls[1]!.init.headers.Authorization).toBeUndefined();
  });

  it('refuses a redirect to a host outside the allow-list', async () => {
    const { zd, calls } = client([() => redirectTo('https://169.254.169.254/latest/meta-data')]);
    await expect(zd.downloadAttachment('https://acme.zendesk.com/attachments/x')).rejects.toMatchObject({
      code: 'ATTACHMENT_URL_REFUSED',
    });
    expect(calls).toHaveLength(1);
  });

  it('never sends the token to a zdusercontent host even as the first hop', async () => {
    const { zd, calls } = client([() => new Response(new Uint8Array([1]), { status: 200 })]);
    await zd.downloadAttachment('https://acme.zdusercontent.com/x');
    expect(JSON.stringify(calls[0]!.init)).not.toContain('Basic');
  });

  it('enforces maxBytes from content-length and from the body', async () => {
    const { zd } = client([
      () => new Response(new Uint8Array(10), { status: 200, headers: { 'content-length': '10' } }),
      () => new Response(new Uint8Array(10), { status: 200 }),
    ]);
    await expect(zd.downloadAttachment('https://acme.zendesk.com/a', { maxBytes: 5 })).rejects.toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
    });
    await expect(zd.downloadAttachment('https://acme.zendesk.com/a', { maxBytes: 5 })).rejects.toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
    });
  });
});
