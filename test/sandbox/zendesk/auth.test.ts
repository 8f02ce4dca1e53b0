import { describe, expect, it } from 'vitest';
import { basic, call, obj, useSim } from './support/simHttp';

const sim = useSim();

describe('authentication', () => {
  it('answers a wrong API token with 401 and Zendesk’s body, on users/me too', async () => {
    const wrong = { email: sim.credentials.admin.email, token: 'not-the-token' };
    for (const path of ['/api/v2/tickets/1.json', '/api/v2/users/me.json']) {
      const res = await call(sim, path, { as: wrong });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: "Couldn't authenticate you" });
    }
  });

  it('answers an unknown email with a valid token with 401', async () => {
    const res = await call(sim, '/api/v2/tickets/1', {
      as: { email: 'nobody@example.com', token: sim.credentials.admin.token },
    });
    expect(res.status).toBe(401);
  });

  it('gives the anonymous user on users/me without credentials, and 401 elsewhere', async () => {
    const me = await call(sim, '/api/v2/users/me.json', { as: 'none' });
    expect(me.status).toBe(200);
    const user = obj(obj(me.json).user);
    expect(user.id).toBeNull();
    expect(user.role).toBe('end-user');
    expect(user.name).toBe('Anonymous user');
    const ticket = await call(sim, '/api/v2/tickets/1.json', { as: 'none' });
    expect(ticket.status).toBe(401);
    expect(ticket.json).toEqual({ error: "Couldn't authenticate you" });
  });

  it('treats a wrong password (not token auth) on users/me as anonymous', async () => {
    const raw = `Basic ${Buffer.from(`${sim.credentials.admin.email}:wrong-password`).toString('base64')}`;
    const me = await call(sim, '/api/v2/users/me', { as: { raw } });
    expect(me.status).toBe(200);
    expect(obj(obj(me.json).user).id).toBeNull();
    expect((await call(sim, '/api/v2/tickets/1', { as: { raw } })).status).toBe(401);
  });

  it('returns the authenticated user with role and a non-null id', async () => {
    for (const who of ['admin', 'agent', 'endUser'] as const) {
      const res = await call(sim, '/api/v2/users/me', { as: who });
      expect(res.status).toBe(200);
      const user = obj(obj(res.json).user);
      expect(typeof user.id).toBe('number');
      expect(user.email).toBe(sim.credentials[who]?.email);
      expect(user.role).toBe(who === 'endUser' ? 'end-user' : who);
    }
  });

  it('refuses an agent on admin-only endpoints with the object-form 403', async () => {
    const start = Math.floor(sim.clock.now() / 1000) - 3600;
    for (const path of [
      `/api/v2/incremental/tickets/cursor.json?start_time=${start}`,
      '/api/v2/jira/links',
      '/api/services/jira/links',
    ]) {
      const res = await call(sim, path, { as: 'agent' });
      expect(res.status).toBe(403);
      const error = obj(obj(res.json).error);
      expect(error.title).toBe('Forbidden');
      expect(typeof error.message).toBe('string');
    }
  });

  it('refuses an end user on agent endpoints with 403', async () => {
    const res = await call(sim, '/api/v2/tickets/1', { as: 'endUser' });
    expect(res.status).toBe(403);
    expect(obj(obj(res.json).error).title).toBe('Forbidden');
  });

  it('accepts paths with and without .json', async () => {
    const a = await call(sim, '/api/v2/tickets/1.json');
    const b = await call(sim, '/api/v2/tickets/1');
    expect(a.status).toBe(200);
    expect(b.json).toEqual(a.json);
  });

  it('answers a subdomain with no account like Zendesk does', async () => {
    const res = await call(sim, '/api/v2/users/me.json', { host: 'nosuchaccount.zendesk.com' });
    expect(res.status).toBe(404);
    const error = obj(obj(res.json).error);
    expect(error.title).toBe('No help desk at nosuchaccount.zendesk.com');
  });

  it('treats a request without x-forwarded-host as the API host', async () => {
    const res = await fetch(`${sim.url}/api/v2/users/me.json`, {
      headers: { authorization: basic(sim.credentials.admin.email, sim.credentials.admin.token) },
    });
    expect(res.status).toBe(200);
  });

  it('distinguishes unknown endpoints (404 InvalidEndpoint) from real but unsimulated ones (501)', async () => {
    const unknown = await call(sim, '/api/v2/no_such_thing');
    expect(unknown.status).toBe(404);
    expect(obj(unknown.json).error).toBe('InvalidEndpoint');
    const unsimulated = await call(sim, '/api/v2/macros');
    expect(unsimulated.status).toBe(501);
  });

  it('logs each request with its identity', async () => {
    sim.log.clear();
    await call(sim, '/api/v2/users/me', { as: 'agent' });
    await call(sim, '/api/v2/users/me', { as: 'none' });
    const entries = sim.log.entries({ pathPrefix: '/api/v2/users/me' });
    expect(entries.map((e) => e.identity)).toEqual([sim.credentials.agent.email, 'anonymous']);
    expect(sim.log.count({ method: 'GET', pathPrefix: '/api/v2/users' })).toBe(2);
  });
});
