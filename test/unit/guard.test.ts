import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { APIResponse, Route } from '@forge/api';
import {
  findForbiddenKey,
  guarded,
  licenseState,
  parsePayload,
  requireLicense,
  LICENSE_REQUIRED_MESSAGE,
  NOT_ADMIN_MESSAGE,
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
    const e = toRpcError(new AppError('BAD_REQUEST', 'token is tok-ABCDEFGH1234'), ['tok-ABCDEFGH1234']);
    expect(e.message).toBe('token is [redacted]');
  });

  it('builds results', () => {
    expect(ok(1)).toEqual({ ok: true, data: 1 });
    expect(fail('LIMIT', 'y')).toEqual({ ok: false, error: { code: 'LIMIT', message: 'y' } });
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
      throw new AppError('LIMIT', 'failed with tok-SECRET-123456');
    });
    expect(await handler({ payload: { v: 1 }, context: {} })).toEqual({
      ok: false,
      error: { code: 'LIMIT', message: 'failed with [redacted]' },
    });
    expect(await handler(null as never)).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    const crashing = guarded('t', schema, { admin: false }, async () => {
      throw new TypeError('x is undefined');
    });
    const res = await crashing({ payload: { v: 1 }, context: {} });
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('the prototype-key guard and its size limits', () => {
  /** `{d:{d:…{d:1}}}` with `levels` objects. */
  const nested = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = { d: v };
    return v;
  };

  it('walks 21 levels of objects and refuses the 22nd, naming where', () => {
    expect(findForbiddenKey(nested(21))).toBeNull();
    expect(findForbiddenKey(nested(22))).toBe(`${Array(21).fill('d').join('.')}: nested too deeply`);
    // A forbidden key just inside the limit is still found.
    let inside: unknown = JSON.parse('{"__proto__":1}');
    for (let i = 0; i < 20; i++) inside = { d: inside };
    expect(findForbiddenKey(inside)).toBe(`${Array(20).fill('d').join('.')}.__proto__: key not allowed`);
  });

  it('counts every value against a 20,000-node limit and names the value past it', () => {
    // The root array plus 19,999 elements is exactly the limit.
    expect(findForbiddenKey(Array.from({ length: 19_999 }, () => 0))).toBeNull();
    expect(findForbiddenKey(Array.from({ length: 20_000 }, () => 0))).toBe('19999: payload too large');
    const wide: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) wide[`k${i}`] = i;
    expect(findForbiddenKey(wide)).toBe('k19999: payload too large');
  });

  it('a forbidden key past the node limit is still refused (the walk stops, it never passes)', () => {
    const big: unknown[] = Array.from({ length: 30_000 }, () => 0);
    big.push(JSON.parse('{"constructor":{}}'));
    expect(findForbiddenKey(big)).toMatch(/payload too large$/);
    expect(() => parsePayload(z.array(z.unknown()), big)).toThrow(
      new AppError('BAD_PAYLOAD', 'Invalid request: 19999: payload too large'),
    );
  });

  it('a prototype key at the root is refused before the work runs', async () => {
    let ran = false;
    const handler = guarded('t', z.unknown(), { admin: false }, async () => {
      ran = true;
      return 'ran';
    });
    expect(await handler({ payload: JSON.parse('{"__proto__":{}}'), context: {} })).toEqual({
      ok: false,
      error: { code: 'BAD_PAYLOAD', message: 'Invalid request: __proto__: key not allowed' },
    });
    expect(ran).toBe(false);
  });
});

describe('payload problems, word for word', () => {
  it('names each field, "(root)" for the payload itself, and stops at ten', () => {
    const schema = z.strictObject(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, z.string()])),
    );
    try {
      parsePayload(schema, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const message = (e as AppError).message;
      expect(message.startsWith('Invalid request: f0: ')).toBe(true);
      expect(message.split('; ')).toHaveLength(10);
      expect(message).toContain('; f9: ');
      expect(message).not.toContain('f10');
    }
    expect(() => parsePayload(z.strictObject({ v: z.number() }), 'text')).toThrow(
      /^Invalid request: \(root\): /,
    );
  });
});

describe('guarded: who is asking', () => {
  const schema = z.strictObject({ v: z.number() });

  it('an admin key without a user is refused before Jira is asked anything', async () => {
    const jira = jiraAnswering(true);
    const handler = guarded('t', schema, { admin: true, jira: () => jira.client }, async () => 'ran');
    for (const context of [{}, { accountId: '' }, { accountId: 42 }]) {
      expect(await handler({ payload: { v: 1 }, context })).toEqual({
        ok: false,
        error: { code: 'NOT_ADMIN', message: NOT_ADMIN_MESSAGE },
      });
    }
    expect(jira.calls()).toBe(0);
    expect(NOT_ADMIN_MESSAGE).toBe('Only Jira administrators can use the Zendesk Connector admin page.');
    expect(LICENSE_REQUIRED_MESSAGE).toMatch(
      /^Zendesk Connector for Jira needs an active Marketplace license\./,
    );
  });

  it('hands the work the caller’s context, and no account id unless it is a string', async () => {
    const seen: unknown[] = [];
    const handler = guarded('t', schema, { admin: false }, async (_input, ctx) => {
      seen.push({ context: ctx.context, accountId: ctx.accountId });
      return 1;
    });
    await handler({ payload: { v: 1 }, context: { accountId: 'u1', extra: 'x' } });
    await handler({ payload: { v: 1 }, context: { accountId: 7 } });
    await handler({ payload: { v: 1 }, context: null as never });
    await handler({ payload: { v: 1 }, context: 'ctx' as never });
    expect(seen).toEqual([
      { context: { accountId: 'u1', extra: 'x' }, accountId: 'u1' },
      { context: { accountId: 7 }, accountId: undefined },
      { context: {}, accountId: undefined },
      { context: {}, accountId: undefined },
    ]);
  });

  it('a license object that is not an object counts as inactive', () => {
    expect(licenseState({ license: 'active' })).toBe('inactive');
    expect(licenseState({ license: true })).toBe('inactive');
  });
});

describe('guarded: what is logged', () => {
  const schema = z.strictObject({ v: z.number() });

  it('logs unexpected errors only, without secrets; an empty secret redacts nothing', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
    try {
      const expected = guarded('expected', schema, { admin: false }, async () => {
        throw new AppError('NOT_CONNECTED', 'Connect first');
      });
      await expected({ payload: { v: 1 }, context: {} });
      expect(logged).toEqual([]);
      const crashing = guarded('crashing', schema, { admin: false }, async (_input, ctx) => {
        ctx.addSecret('');
        ctx.addSecret('tok-SECRET-9876');
        throw new TypeError('boom with tok-SECRET-9876 in it');
      });
      expect(await crashing({ payload: { v: 1 }, context: {} })).toMatchObject({
        ok: false,
        error: { code: 'INTERNAL' },
      });
      expect(logged).toEqual(['[zendesk-connector] crashing: TypeError: boom with [redacted] in it']);
      const plain = guarded('plain', schema, { admin: false }, async () => {
        throw new AppError('LIMIT', 'nothing secret here');
      });
      expect(await plain({ payload: { v: 1 }, context: {} })).toEqual({
        ok: false,
        error: { code: 'LIMIT', message: 'nothing secret here' },
      });
    } finally {
      spy.mockRestore();
    }
  });
});
