import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { APIResponse, Route } from '@forge/api';
import {
  findForbiddenKey,
  guarded,
  licenseState,
  parsePayload,
  requireLicense,
  LICENSE_REQUIRED_MESSAGE,
} from '../../src/resolvers/guard';
import { fail, ok, toRpcError } from '../../src/resolvers/result';
import { jiraClient } from '../../src/jira/client';
import { JiraApiError, JiraRateLimitedError } from '../../src/jira/errors';
import { ZendeskApiError, ZendeskRateLimitedError } from '../../src/zendesk/errors';
import { AppError } from '../../src/util/errors';

/** A user-scoped Jira client whose mypermissions answer is fixed; counts calls. */
function jiraAnswering(admin: boolean | 'error') {
  let calls = 0;
  const client = jiraClient('user', {
    requester: async (_path: Route) => {
      calls++;
      if (admin === 'error')
        return new Response('{"errorMessages":["Jira down"]}', { status: 500 }) as unknown as APIResponse;
      return new Response(JSON.stringify({ permissions: { ADMINISTER: { havePermission: admin } } }), {
        status: 200,
      }) as unknown as APIResponse;
    },
    maxAttempts: 1,
  });
  return { client, calls: () => calls };
}

describe('license', () => {
  it('treats an absent license as a development install', () => {
    expect(licenseState({})).toBe('development');
    expect(licenseState({ license: null })).toBe('development');
  });

  it('reads isActive (and the older active)', () => {
    expect(licenseState({ license: { isActive: true } })).toBe('active');
    expect(licenseState({ license: { active: true } })).toBe('active');
    expect(licenseState({ license: { isActive: false } })).toBe('inactive');
    expect(licenseState({ license: { isActive: false, active: true } })).toBe('inactive');
    expect(licenseState({ license: {} })).toBe('inactive');
  });

  it('refuses an inactive license with the license-required message', () => {
    expect(() => requireLicense({ license: { isActive: false } })).toThrow(LICENSE_REQUIRED_MESSAGE);
    expect(requireLicense({ license: { isActive: true } })).toBe('active');
  });
});

describe('payload parsing', () => {
  const schema = z.strictObject({ name: z.string().min(1), n: z.number().int() });

  it('lists every problem in BAD_PAYLOAD', () => {
    try {
      parsePayload(schema, { name: '', n: 1.5, extra: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('BAD_PAYLOAD');
      expect((e as AppError).message).toMatch(/name: /);
      expect((e as AppError).message).toMatch(/n: /);
      expect((e as AppError).message).toMatch(/extra/);
    }
  });

  it('refuses prototype-pollution keys at any depth', () => {
    expect(() => parsePayload(schema, JSON.parse('{"name":"a","n":1,"__proto__":{"x":1}}'))).toThrow(
      /__proto__: key not allowed/,
    );
    expect(findForbiddenKey(JSON.parse('{"a":[{"b":{"constructor":{"prototype":1}}}]}'))).toBe(
      'a.0.b.constructor: key not allowed',
    );
    expect(findForbiddenKey({ a: { prototype: 1 } })).toBe('a.prototype: key not allowed');
    expect(findForbiddenKey({ a: 1, b: [1, 'x', null] })).toBeNull();
  });

  it('refuses absurdly deep payloads', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(findForbiddenKey(deep)).toMatch(/nested too deeply/);
  });
});

describe('toRpcError', () => {
  it('maps Zendesk and Jira refusals to UPSTREAM with their status and message', () => {
    expect(toRpcError(new ZendeskApiError(401, 'HTTP_401', "Couldn't authenticate you"))).toEqual({
      code: 'UPSTREAM',
      message: "Zendesk refused the request (HTTP 401): Couldn't authenticate you",
      upstream: { service: 'zendesk', status: 401, message: "Couldn't authenticate you" },
    });
    expect(toRpcError(new JiraApiError(403, ['No permission']))).toMatchObject({
      code: 'UPSTREAM',
      upstream: { service: 'jira', status: 403, message: 'No permission' },
    });
    expect(toRpcError(new ZendeskRateLimitedError(30, 'x')).message).toContain('30 seconds');
    expect(toRpcError(new JiraRateLimitedError(12, [])).upstream?.status).toBe(429);
    expect(toRpcError(new ZendeskApiError(0, 'NETWORK', 'ECONNREFUSED')).message).toContain(
      'could not be reached',
    );
  });

  it('keeps AppError codes and hides anything else behind INTERNAL', () => {
    expect(toRpcError(new AppError('NOT_CONNECTED', 'Connect first'))).toEqual({
      code: 'NOT_CONNECTED',
      message: 'Connect first',
    });
    const internal = toRpcError(new Error('secret-token-abcdef leaked in /tmp/x'));
    expect(internal.code).toBe('INTERNAL');
    expect(JSON.stringify(internal)).not.toContain('secret-token-abcdef');
  });

  it('redacts registered secrets', () => {
    const e = toRpcError(new AppError('X', 'token is tok-ABCDEFGH1234'), ['tok-ABCDEFGH1234']);
    expect(e.message).toBe('token is [redacted]');
  });

  it('builds results', () => {
    expect(ok(1)).toEqual({ ok: true, data: 1 });
    expect(fail('X', 'y')).toEqual({ ok: false, error: { code: 'X', message: 'y' } });
  });
});

describe('guarded', () => {
  const schema = z.strictObject({ v: z.number() });

  it('checks license, then admin, then payload, then works', async () => {
    const jira = jiraAnswering(true);
    let ran = 0;
    const handler = guarded('t', schema, { admin: true, jira: () => jira.client }, async (input, ctx) => {
      ran++;
      return { doubled: input.v * 2, license: ctx.license, accountId: ctx.accountId };
    });
    expect(await handler({ payload: { v: 2 }, context: { accountId: 'u1' } })).toEqual({
      ok: true,
      data: { doubled: 4, license: 'development', accountId: 'u1' },
    });
    expect(ran).toBe(1);
    expect(jira.calls()).toBe(1);
  });

  it('refuses an inactive license before asking Jira anything', async () => {
    const jira = jiraAnswering(true);
    const handler = guarded('t', schema, { admin: true, jira: () => jira.client }, async () => 'never');
    const res = await handler({
      payload: { v: 1 },
      context: { accountId: 'u1', license: { isActive: false } },
    });
    expect(res).toEqual({
      ok: false,
      error: { code: 'LICENSE_INACTIVE', message: LICENSE_REQUIRED_MESSAGE },
    });
    expect(jira.calls()).toBe(0);
  });

  it('refuses non-admins before parsing or working', async () => {
    const jira = jiraAnswering(false);
    let ran = false;
    const handler = guarded('t', schema, { admin: true, jira: () => jira.client }, async () => {
      ran = true;
      return 1;
    });
    expect(await handler({ payload: { bogus: 1 }, context: { accountId: 'u2' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ADMIN' },
    });
    expect(await handler({ payload: { v: 1 }, context: {} })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ADMIN' },
    });
    expect(ran).toBe(false);
  });

  it('surfaces a failing permission check as UPSTREAM, not as a pass', async () => {
    const jira = jiraAnswering('error');
    const handler = guarded('t', schema, { admin: true, jira: () => jira.client }, async () => 1);
    expect(await handler({ payload: { v: 1 }, context: { accountId: 'u1' } })).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM', upstream: { service: 'jira', status: 500 } },
    });
  });

  it('never throws, whatever it is given or whatever the work throws', async () => {
    const handler = guarded('t', schema, { admin: false }, async (_input, ctx) => {
      ctx.addSecret('tok-SECRET-123456');
      throw new AppError('BOOM', 'failed with tok-SECRET-123456');
    });
    expect(await handler({ payload: { v: 1 }, context: {} })).toEqual({
      ok: false,
      error: { code: 'BOOM', message: 'failed with [redacted]' },
    });
    expect(await handler(null as never)).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    const crashing = guarded('t', schema, { admin: false }, async () => {
      throw new TypeError('x is undefined');
    });
    const res = await crashing({ payload: { v: 1 }, context: {} });
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
