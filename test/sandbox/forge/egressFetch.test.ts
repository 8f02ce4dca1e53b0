// requestJira and egress fetch, through the real @forge/api, against loopback servers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createForgeEmulator, EmulatorConfigError } from '../../../sandbox/forge';
import { FIXTURE_APP, startRecordingServer, type RecordingServer } from './support/recordingServer';

const TOKENS: Record<string, string> = { app: 'token-app', 'user-1': 'token-u1', 'user-2': 'token-u2' };

let jira: RecordingServer;
let zendesk: RecordingServer;
let files: RecordingServer;
let bystander: RecordingServer;
let runtimeSeenBySimulator: Promise<RecordingServer>;

const currentInvocationId = (): string | undefined =>
  (globalThis as { __forge_runtime__?: { appContext?: { invocationId?: string } } }).__forge_runtime__
    ?.appContext?.invocationId;
const emu = createForgeEmulator({ appDir: FIXTURE_APP });

beforeAll(async () => {
  jira = await startRecordingServer((req) => ({
    status: 200,
    body: { path: req.url, auth: req.headers.authorization ?? null },
  }));
  zendesk = await startRecordingServer((req) => {
    if (req.url === '/redirect-to-files')
      return { status: 302, headers: { location: 'https://acme.zdusercontent.com/attachments/1' } };
    if (req.url === '/redirect-away')
      return { status: 302, headers: { location: 'https://evil.example.com/steal' } };
    return {
      status: 200,
      body: {
        host: req.headers['x-forwarded-host'],
        proto: req.headers['x-forwarded-proto'],
        path: req.url,
        method: req.method,
        body: req.body,
      },
    };
  });
  files = await startRecordingServer((req) => ({
    status: 200,
    body: { host: req.headers['x-forwarded-host'], path: req.url },
  }));
  // A simulator handling a request must not find itself inside the invoking function's context.
  runtimeSeenBySimulator = startRecordingServer(() => ({
    status: 200,
    body: { invocationId: currentInvocationId() },
  }));
  bystander = await startRecordingServer(() => ({ status: 200, body: 'should never be reached' }));
  // Wired after creation, as the sandbox stack does once the simulators listen.
  emu.configure({
    jira: { baseUrl: jira.url, appAccountId: 'app-account', accessTokenFor: (id) => TOKENS[id] },
    egressRoutes: [
      { host: 'acme.zendesk.com', target: zendesk.url },
      { host: '*.zdusercontent.com', target: files.url },
    ],
  });
});
afterAll(async () => {
  emu.close();
  await Promise.all([
    jira.close(),
    zendesk.close(),
    files.close(),
    bystander.close(),
    (await runtimeSeenBySimulator).close(),
  ]);
});
beforeEach(() => {
  emu.clearCalls();
  emu.counters.reset();
});

const callFetch = (payload: Record<string, unknown>): Promise<unknown> =>
  emu.callResolver('admin-resolver', { functionKey: 'fetch', payload }, { accountId: 'user-1' });

describe('requestJira', () => {
  it('asApp sends the app token; asUser sends the invoking user token; asUser(id) that user', async () => {
    const asApp = await emu.callResolver(
      'admin-resolver',
      { functionKey: 'jira', payload: { as: 'app', issueKey: 'SUP-1' } },
      { accountId: 'user-1' },
    );
    expect(asApp).toEqual({
      status: 200,
      body: { path: '/rest/api/3/issue/SUP-1', auth: 'Bearer token-app' },
    });
    const asUser = await emu.callResolver(
      'admin-resolver',
      { functionKey: 'jira', payload: { as: 'user', issueKey: 'SUP-1' } },
      { accountId: 'user-1' },
    );
    expect(asUser).toMatchObject({ body: { auth: 'Bearer token-u1' } });
    const asOther = await emu.callResolver('admin-resolver', {
      functionKey: 'jira',
      payload: { as: 'user', issueKey: 'SUP-2', accountId: 'user-2' },
    });
    expect(asOther).toMatchObject({ body: { path: '/rest/api/3/issue/SUP-2', auth: 'Bearer token-u2' } });
    expect(emu.counters.jira).toBe(3);
    expect(emu.calls.map((c) => [c.kind, c.method, c.target, c.status])).toEqual([
      ['jira', 'GET', '/rest/api/3/issue/SUP-1', 200],
      ['jira', 'GET', '/rest/api/3/issue/SUP-1', 200],
      ['jira', 'GET', '/rest/api/3/issue/SUP-2', 200],
    ]);
  });

  it('asUser without a user (or without a grant) fails with NEEDS_AUTHENTICATION_ERR and never reaches Jira', async () => {
    const before = jira.seen.length;
    const out = await emu.callResolver('admin-resolver', {
      functionKey: 'jira',
      payload: { as: 'user', issueKey: 'SUP-1' },
    });
    expect(out).toEqual({ error: 'NEEDS_AUTHENTICATION_ERR', message: 'Authentication Required' });
    const noGrant = await emu.callResolver(
      'admin-resolver',
      { functionKey: 'jira', payload: { as: 'user', issueKey: 'SUP-1' } },
      { accountId: 'user-without-token' },
    );
    expect(noGrant).toMatchObject({ error: 'NEEDS_AUTHENTICATION_ERR' });
    expect(jira.seen.length).toBe(before);
  });

  it('counts a non-GET product request as a write', async () => {
    const result = await emu.invokeResolver('admin-resolver', {
      functionKey: 'jira',
      payload: { as: 'app', issueKey: 'SUP-3', method: 'PUT' },
    });
    expect(result.writes).toBe(1);
    expect(jira.seen.at(-1)?.method).toBe('PUT');
  });
});

describe('egress', () => {
  it('routes an allowed host to its simulator with x-forwarded-host (api.fetch and global fetch)', async () => {
    const viaApi = (await callFetch({ url: 'https://acme.zendesk.com/api/v2/tickets.json?page=2' })) as {
      status: number;
      text: string;
    };
    expect(viaApi.status).toBe(200);
    expect(JSON.parse(viaApi.text)).toEqual({
      host: 'acme.zendesk.com',
      proto: 'https',
      path: '/api/v2/tickets.json?page=2',
      method: 'GET',
      body: '',
    });
    const viaGlobal = (await callFetch({
      url: 'https://acme.zendesk.com/api/v2/x',
      method: 'POST',
      body: '{"a":1}',
      viaGlobal: true,
    })) as { text: string };
    expect(JSON.parse(viaGlobal.text)).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(emu.counters.egress).toBe(2);
    expect(emu.calls.map((c) => [c.method, c.target, c.write])).toEqual([
      ['GET', 'https://acme.zendesk.com/api/v2/tickets.json?page=2', false],
      ['POST', 'https://acme.zendesk.com/api/v2/x', true],
    ]);
  });

  it('refuses a host outside the allow-list with Forge’s 403 before any connection', async () => {
    const out = (await callFetch({ url: 'https://evil.example.com/exfiltrate' })) as {
      status: number;
      text: string;
    };
    expect(out.status).toBe(403);
    expect(out.text).toBe(
      'URL not included in the external fetch backend permissions: https://evil.example.com/exfiltrate. Visit go.atlassian.com/forge-egress for more information.',
    );
    // The apex of a wildcard entry is not covered either.
    expect(((await callFetch({ url: 'https://zendesk.com/' })) as { status: number }).status).toBe(403);
    expect(emu.calls.every((c) => c.refused === 'egress not allowed by manifest')).toBe(true);
  });

  it('refuses plain http and loopback addresses; the loopback server never sees a request', async () => {
    const loop = (await callFetch({ url: `${bystander.url}/admin` })) as { status: number; text: string };
    expect(loop.status).toBe(403);
    expect(loop.text).toContain(`${bystander.url}/admin`);
    const viaGlobal = (await callFetch({ url: `${bystander.url}/x`, viaGlobal: true })) as { status: number };
    expect(viaGlobal.status).toBe(403);
    expect(
      ((await callFetch({ url: 'http://acme.zendesk.com/api/v2/x' })) as { status: number }).status,
    ).toBe(403);
    expect(
      ((await callFetch({ url: 'https://acme.zendesk.com:8443/api' })) as { status: number }).status,
    ).toBe(403);
    expect(bystander.seen).toHaveLength(0);
  });

  it('fails loudly for an allowed host that no route covers, instead of using the network', async () => {
    const result = await emu.invokeResolver('admin-resolver', {
      functionKey: 'fetch',
      payload: { url: 'https://other.zendesk.com/api' },
    });
    expect(result.status).toBe('error');
    expect(result.status === 'error' && result.error).toBeInstanceOf(EmulatorConfigError);
  });

  it('checks every redirect hop against the allow-list', async () => {
    const followed = (await callFetch({ url: 'https://acme.zendesk.com/redirect-to-files' })) as {
      status: number;
      text: string;
    };
    expect(JSON.parse(followed.text)).toEqual({ host: 'acme.zdusercontent.com', path: '/attachments/1' });
    const away = (await callFetch({ url: 'https://acme.zendesk.com/redirect-away' })) as {
      status: number;
      text: string;
    };
    expect(away.status).toBe(403);
    expect(away.text).toContain('https://evil.example.com/steal');
  });

  it('does not leak the invocation context into the simulator handling the request', async () => {
    const sim = await runtimeSeenBySimulator;
    emu.configure({
      egressRoutes: [
        { host: 'acme.zendesk.com', target: zendesk.url },
        { host: '*.zdusercontent.com', target: files.url },
        { host: 'ctx.zendesk.com', target: sim.url },
      ],
    });
    const out = (await callFetch({ url: 'https://ctx.zendesk.com/' })) as { text: string };
    expect(JSON.parse(out.text)).toEqual({ invocationId: 'outside-invocation' });
  });

  it('leaves fetch untouched outside invocations', async () => {
    const res = await fetch(`${bystander.url}/direct`);
    expect(res.status).toBe(200);
    expect(bystander.seen.map((s) => s.url)).toEqual(['/direct']);
    bystander.seen.length = 0;
  });
});
