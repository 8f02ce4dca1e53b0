import { describe, expect, it } from 'vitest';
import { useJiraSim, expectErrorCollection } from './support/setup.js';

const t = useJiraSim();

describe('authentication', () => {
  it('accepts Basic email:apiToken as Jira Cloud does for API clients', async () => {
    const agent = t.user('agent');
    const res = await t.http.get('/rest/api/3/myself', { as: { basic: [agent.email, agent.apiToken] } });
    expect(res.status).toBe(200);
    const me = res.json<{
      accountId: string;
      accountType: string;
      emailAddress: string;
      displayName: string;
    }>();
    expect(me).toMatchObject({
      accountId: agent.accountId,
      accountType: 'atlassian',
      emailAddress: agent.email,
    });
    expect(res.headers.get('x-aaccountid')).toBe(agent.accountId);
  });

  it('matches the e-mail case-insensitively but the token exactly', async () => {
    const agent = t.user('agent');
    const ok = await t.http.get('/rest/api/3/myself', {
      as: { basic: [agent.email.toUpperCase(), agent.apiToken] },
    });
    expect(ok.status).toBe(200);
    const bad = await t.http.get('/rest/api/3/myself', {
      as: { basic: [agent.email, agent.apiToken.toUpperCase()] },
    });
    expect(bad.status).toBe(401);
  });

  it('accepts Bearer access tokens for users and the app account', async () => {
    const me = (await t.admin.get('/rest/api/3/myself')).json<{ accountId: string }>();
    expect(me.accountId).toBe(t.user('admin').accountId);
    const app = await t.app.get('/rest/api/3/myself');
    expect(app.status).toBe(200);
    expect(app.json()).toMatchObject({ accountId: t.sim.appAccount.accountId, accountType: 'app' });
    expect(app.json<Record<string, unknown>>().emailAddress).toBeUndefined();
  });

  it('answers an anonymous request with a 401 ErrorCollection', async () => {
    const res = await t.http.get('/rest/api/3/issue/SUP-1');
    expectErrorCollection(
      res,
      401,
      'You are not authenticated. Authentication required to perform this operation.',
    );
  });

  it('answers wrong credentials with the auth filter’s plain-text 401', async () => {
    for (const as of [
      { accessToken: 'not-a-token' },
      { basic: ['ada.admin@example.com', 'wrong'] as [string, string] },
      { header: 'Basic !!!not-base64' },
      { header: 'Digest abc' },
    ]) {
      const res = await t.http.get('/rest/api/3/myself', { as });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.text).toBe('Client must be authenticated to access this resource.');
    }
  });

  it('does not let the app account use Basic auth (it has no e-mail or API token)', async () => {
    const res = await t.http.get('/rest/api/3/myself', { as: { basic: ['', t.sim.appAccount.accessToken] } });
    expect(res.status).toBe(401);
  });

  it('logs every request with method, route, status and account', async () => {
    const before = t.sim.log.count({ route: 'GET /rest/api/3/myself', status: 401 });
    await t.http.get('/rest/api/3/myself');
    expect(t.sim.log.count({ route: 'GET /rest/api/3/myself', status: 401 })).toBe(before + 1);
    await t.agent.get('/rest/api/3/myself');
    expect(
      t.sim.log.count({ route: 'GET /rest/api/3/myself', accountId: t.user('agent').accountId }),
    ).toBeGreaterThan(0);
  });
});
