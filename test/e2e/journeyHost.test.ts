/**
 * The sandbox web host's HTTP surface without a browser: what it serves, what it forwards
 * and what it refuses, against the real stack on loopback.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHost, type SandboxHost } from './support/host';
import { describeValue } from '../../sandbox/web/server/syncRunner';
import { injectBridge } from '../../sandbox/web/server/webHost';
import { hostUsers } from '../../sandbox/web/server/stack';

let sandbox: SandboxHost;

beforeAll(async () => {
  sandbox = await startSandboxHost({ host: { sync: { deliverEveryMs: false } } });
});

afterAll(async () => {
  await sandbox?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw loopback request, so tests can send the Host header and content type they want. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(path, sandbox.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('web host', () => {
  it('serves the shell for client-side routes and the admin page with the bridge and a Forge-like CSP', async () => {
    for (const path of ['/', '/issues', '/browse/SUP-1', '/zendesk/tickets/1']) {
      const page = await send(path);
      expect(page.status, path).toBe(200);
      expect(page.body).toContain('<div id="root">');
    }
    const admin = await send('/admin-ui/');
    expect(admin.status).toBe(200);
    expect(admin.headers['content-security-policy']).toContain("script-src 'self'");
    const bridgeAt = admin.body.indexOf('<script type="module" src="/admin-bridge.js">');
    const appAt = admin.body.indexOf('./assets/index-');
    expect(bridgeAt).toBeGreaterThan(0);
    expect(bridgeAt).toBeLessThan(appAt);
    expect((await send('/admin-bridge.js')).status).toBe(200);
    expect((await send('/panel-runtime.html')).headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
  });

  it('never serves files outside its build directories', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/admin-ui/..%2f..%2f..%2fpackage.json',
      '/assets/..%2f..%2f..%2f..%2fmanifest.yml',
    ]) {
      const answer = await send(path);
      expect(answer.body, path).not.toContain('"dependencies"');
      expect(answer.body, path).not.toContain('modules:');
    }
  });

  it('answers only requests addressed to its own loopback host', async () => {
    const rebound = await send('/api/session', { headers: { host: 'evil.example:80' } });
    expect(rebound.status).toBe(421);
  });

  it('takes writes only as JSON, parses them and names what is wrong', async () => {
    const form = await send('/api/sync/run', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const unknownUser = await send('/api/session', { ...json({ user: 'mallory' }), method: 'PUT' });
    expect(unknownUser.status).toBe(400);
    expect(unknownUser.body).toContain('mallory');
    const badLicense = await send('/api/session', { ...json({ license: 'free' }), method: 'PUT' });
    expect(badLicense.status).toBe(400);
    const mismatch = await send(
      '/api/invoke',
      json({
        module: 'admin',
        functionKey: 'getAdminState',
        payload: {},
        extension: {
          type: 'jira:issuePanel',
          issue: { id: '1', key: 'SUP-1', type: 'Bug' },
          project: { id: '1', key: 'SUP', type: 'software' },
        },
      }),
    );
    expect(mismatch.status).toBe(400);
  });

  it('runs resolvers as the selected user with the selected license', async () => {
    const call = {
      module: 'admin',
      functionKey: 'getAdminState',
      payload: {},
      extension: { type: 'jira:adminPage' },
    };
    const asAdmin = JSON.parse((await send('/api/invoke', json(call))).body) as {
      ok: boolean;
      result: { ok: boolean };
    };
    expect(asAdmin).toMatchObject({ ok: true, result: { ok: true } });

    await send('/api/session', { ...json({ user: 'agent' }), method: 'PUT' });
    const asAgent = JSON.parse((await send('/api/invoke', json(call))).body) as {
      result: { ok: boolean; error?: { code: string } };
    };
    expect(asAgent.result).toMatchObject({ ok: false, error: { code: 'NOT_ADMIN' } });

    await send('/api/session', { ...json({ user: 'admin', license: 'inactive' }), method: 'PUT' });
    const inactive = JSON.parse((await send('/api/invoke', json(call))).body) as {
      result: { ok: boolean; error?: { code: string } };
    };
    expect(inactive.result).toMatchObject({ ok: false, error: { code: 'LICENSE_INACTIVE' } });
    await send('/api/session', { ...json({ license: 'active' }), method: 'PUT' });
  });

  it('forwards Jira calls as the selected user and Zendesk calls only to the reads and control routes it allows', async () => {
    await send('/api/session', { ...json({ user: 'none' }), method: 'PUT' });
    const hidden = await send('/proxy/jira/rest/api/3/issue/SUP-1');
    expect(hidden.status).toBe(404);
    await send('/api/session', { ...json({ user: 'browse' }), method: 'PUT' });
    const visible = await send('/proxy/jira/rest/api/3/issue/SUP-1');
    expect(visible.status).toBe(200);
    expect(JSON.parse(visible.body)).toMatchObject({ key: 'SUP-1' });
    await send('/api/session', { ...json({ user: 'admin' }), method: 'PUT' });

    expect((await send('/proxy/zendesk/api/v2/ticket_fields.json')).status).toBe(200);
    expect((await send('/proxy/zendesk/__sim/tickets/1')).status).toBe(200);
    // Writes to Zendesk's REST API and the simulator's reset/clock controls are not proxied.
    expect(
      (await send('/proxy/zendesk/api/v2/tickets/1.json', { ...json({ ticket: {} }), method: 'PUT' })).status,
    ).toBe(404);
    expect((await send('/proxy/zendesk/__sim/reset', json({}))).status).toBe(404);
    // The browser never sees a simulator credential.
    const session = await send('/api/session');
    expect(session.body).not.toContain(sandbox.stack.zendesk.credentials.agent.email);
  });

  it('moves the Zendesk clock and runs the scheduled trigger on demand', async () => {
    const before = sandbox.stack.zendesk.clock.now();
    const moved = await send('/api/clock/advance', json({ seconds: 120 }));
    expect(moved.status).toBe(200);
    expect(sandbox.stack.zendesk.clock.now() - before).toBeGreaterThanOrEqual(120_000);
    const run = JSON.parse((await send('/api/sync/run', json({}))).body) as { ok: boolean; message?: string };
    expect(run.ok).toBe(true);
    const activity = JSON.parse((await send('/api/activity')).body) as { hostRuns: { kind: string }[] };
    expect(activity.hostRuns[0]?.kind).toBe('manual');
  });
});

describe('web host helpers', () => {
  it('puts the bridge before the first script, or at the end of head', () => {
    expect(injectBridge('<head><script src="a.js"></script></head>')).toMatch(
      /admin-bridge\.js"><\/script>\s*<script src="a\.js">/,
    );
    expect(injectBridge('<head><title>x</title></head>')).toMatch(/admin-bridge\.js"><\/script>\n<\/head>/);
    expect(() => injectBridge('<p>no head</p>')).toThrow();
  });

  it('lists the Jira simulator users in role order, from an array or a map', () => {
    const user = (role: string) => ({
      accountId: `id-${role}`,
      email: `${role}@x`,
      displayName: role,
      apiToken: 't',
      role,
    });
    const fromArray = hostUsers([user('none'), user('admin'), user('browse'), user('agent')]);
    expect(fromArray.map((u) => u.key)).toEqual(['admin', 'agent', 'browse', 'none']);
    expect(fromArray[2]?.role).toBe('Browse only');
    expect(hostUsers({ admin: user('admin') })[0]?.key).toBe('admin');
    expect(() => hostUsers([{ accountId: 'x' }])).toThrow();
  });

  it('summarises what the scheduled handler returned', () => {
    expect(describeValue({ status: 'done', processed: 2, caughtUp: true, nested: { a: 1 } })).toBe(
      'status done, processed 2, caughtUp true',
    );
    expect(describeValue(undefined)).toBeUndefined();
    expect(describeValue([1, 2])).toBeUndefined();
  });
});
