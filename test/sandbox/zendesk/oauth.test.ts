/**
 * The simulator's OAuth endpoints and Bearer auth, over loopback HTTP as the app uses them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type ZendeskSimulator } from '../../../sandbox/zendesk/index';
import { s256 } from '../../../sandbox/zendesk/oauth/store';
import { call } from './support/simHttp';

let sim: ZendeskSimulator;
const REDIRECT = 'https://example.test/callback';
const VERIFIER = 'v'.repeat(43);

beforeAll(async () => {
  sim = await startZendeskSimulator({ seed: false });
});
afterAll(async () => sim?.close());

function adminId(): number {
  const u = [...sim.state.users.values()].find((x) => x.email === sim.credentials.admin.email);
  return u?.id ?? 0;
}

let secret: string;
beforeEach(() => {
  sim.control.reset(false);
  secret = sim.state.oauth.registerClient({
    identifier: 'c1',
    kind: 'confidential',
    redirectUris: [REDIRECT],
    userId: adminId(),
  }).secret;
});

async function code(scope = 'read write'): Promise<string> {
  const form = new URLSearchParams({
    response_type: 'code',
    client_id: 'c1',
    redirect_uri: REDIRECT,
    scope,
    state: 's1',
    code_challenge: s256(VERIFIER),
    code_challenge_method: 'S256',
    decision: 'allow',
    user_id: String(adminId()),
  });
  const res = await call(sim, '/oauth/authorizations', {
    method: 'POST',
    as: 'none',
    rawBody: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  return location.searchParams.get('code') ?? '';
}

async function token(body: Record<string, unknown>) {
  return call(sim, '/oauth/tokens', {
    method: 'POST',
    as: 'none',
    body: { client_id: 'c1', client_secret: secret, ...body },
  });
}

/** Redeems a consent code with the redirect and PKCE verifier it was issued for. */
const redeemCode = (c: string) =>
  token({ grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT, code_verifier: VERIFIER });

const bearer = (t: string) => ({ raw: `Bearer ${t}` });

describe('Zendesk simulator OAuth', () => {
  it('consent page refuses an unregistered redirect_uri instead of redirecting to it', async () => {
    const res = await call(
      sim,
      `/oauth/authorizations/new?response_type=code&client_id=c1&redirect_uri=${encodeURIComponent('https://evil.test/')}`,
      { as: 'none' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('issues a bearer pair for a code + verifier; the code is single use', async () => {
    const c = await code();
    const redeem = () => redeemCode(c);
    const first = await redeem();
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      token_type: 'bearer',
      scope: 'read write',
      expires_in: 1800,
      refresh_token_expires_in: 2_592_000,
    });
    const again = await redeem();
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_grant' });
  });

  it('a wrong client secret is 401 invalid_client', async () => {
    const res = await call(sim, '/oauth/tokens', {
      method: 'POST',
      as: 'none',
      body: { grant_type: 'client_credentials', client_id: 'c1', client_secret: 'nope' },
    });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_client' });
  });

  it('refresh rotates: the old access and refresh tokens stop working', async () => {
    const pair = (await redeemCode(await code())).json as { access_token: string; refresh_token: string };
    const next = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(next.status).toBe(200);
    expect((await call(sim, '/api/v2/users/me', { as: bearer(pair.access_token) })).status).toBe(401);
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).json,
    ).toMatchObject({ error: 'invalid_grant' });
    const fresh = next.json as { access_token: string };
    expect((await call(sim, '/api/v2/users/me', { as: bearer(fresh.access_token) })).status).toBe(200);
  });

  it('an expired access token is 401 invalid_token; a missing scope is 403', async () => {
    const pair = (await redeemCode(await code('read'))).json as { access_token: string };
    expect((await call(sim, '/api/v2/ticket_fields', { as: bearer(pair.access_token) })).status).toBe(200);
    const write = await call(sim, '/api/v2/uploads?filename=a.txt', {
      method: 'POST',
      as: bearer(pair.access_token),
      rawBody: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(write.status).toBe(403);
    sim.control.advanceClock(31 * 60_000);
    const expired = await call(sim, '/api/v2/ticket_fields', { as: bearer(pair.access_token) });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ error: 'invalid_token' });
  });

  it('DELETE /api/v2/oauth/tokens/current revokes the calling token', async () => {
    const cc = (await token({ grant_type: 'client_credentials', scope: 'read write' })).json as {
      access_token: string;
      refresh_token?: string;
    };
    expect(cc.refresh_token).toBeUndefined();
    expect(
      (await call(sim, '/api/v2/oauth/tokens/current', { method: 'DELETE', as: bearer(cc.access_token) }))
        .status,
    ).toBe(204);
    expect((await call(sim, '/api/v2/users/me', { as: bearer(cc.access_token) })).status).toBe(401);
  });
});
