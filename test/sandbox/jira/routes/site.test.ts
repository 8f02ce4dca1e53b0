/**
 * Site reads: serverInfo, myself with groups, user lookup (the target of every user `self`
 * link) and user search, resolutions. Every exchange is checked against the spec subset.
 */
import { describe, expect, it } from 'vitest';
import { useJiraSim, expectErrorCollection } from '../support/setup.js';

const t = useJiraSim();

interface UserJson {
  accountId: string;
  displayName: string;
  self: string;
  groups: { size: number; items: { name: string }[] };
}

describe('site reads', () => {
  it('serverInfo names the site and Cloud', async () => {
    const res = await t.app.get('/rest/api/3/serverInfo');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ baseUrl: t.sim.url, deploymentType: 'Cloud' });
    expect((await t.http.get('/rest/api/3/serverInfo')).status).toBe(401);
  });

  it('myself lists groups only with expand=groups; administrators are in site-admins', async () => {
    const plain = (await t.agent.get('/rest/api/3/myself')).json<UserJson>();
    expect(plain.groups).toEqual({ size: 1, items: [] });
    const admin = (await t.admin.get('/rest/api/3/myself?expand=groups')).json<UserJson>();
    expect(admin.groups.items.map((g) => g.name)).toEqual([
      'site-admins',
      'jira-admins',
      'jira-software-users',
    ]);
    const agent = (await t.agent.get('/rest/api/3/myself?expand=groups')).json<UserJson>();
    expect(agent.groups.items.map((g) => g.name)).toEqual(['jira-software-users']);
    const app = (await t.app.get('/rest/api/3/myself?expand=groups,applicationRoles')).json<UserJson>();
    expect(app.groups).toEqual({ size: 0, items: [] });
  });

  it('every user self link resolves with GET /user?accountId=', async () => {
    const issue = (await t.agent.get('/rest/api/3/issue/SUP-1?fields=reporter,creator')).json<{
      fields: { reporter: UserJson; creator: UserJson };
    }>();
    for (const person of [issue.fields.reporter, issue.fields.creator]) {
      const self = new URL(person.self);
      const res = await t.browse.get(`${self.pathname}${self.search}`);
      expect(res.status).toBe(200);
      expect(res.json<UserJson>().displayName).toBe(person.displayName);
    }
    const unknown = await t.agent.get('/rest/api/3/user?accountId=nobody');
    expectErrorCollection(unknown, 404, expect.any(String));
    expect((await t.agent.get('/rest/api/3/user')).status).toBe(404);
  });

  it('user search matches display-name words and e-mail starts; needs query or accountId, not both', async () => {
    const found = (await t.agent.get('/rest/api/3/user/search?query=ale')).json<UserJson[]>();
    expect(found.map((u) => u.displayName)).toEqual(['Alex Agent']);
    const byMail = (await t.agent.get('/rest/api/3/user/search?query=ada.admin')).json<UserJson[]>();
    expect(byMail.map((u) => u.displayName)).toEqual(['Ada Admin']);
    const admin = t.user('admin');
    const byId = (await t.agent.get(`/rest/api/3/user/search?accountId=${admin.accountId}`)).json<
      UserJson[]
    >();
    expect(byId.map((u) => u.accountId)).toEqual([admin.accountId]);
    expect((await t.agent.get('/rest/api/3/user/search')).status).toBe(400);
    expect((await t.agent.get(`/rest/api/3/user/search?query=a&accountId=${admin.accountId}`)).status).toBe(
      400,
    );
    const paged = (await t.agent.get('/rest/api/3/user/search?query=a&maxResults=1')).json<UserJson[]>();
    expect(paged).toHaveLength(1);
  });

  it('resolutions: list, search (default first), one, unknown 404', async () => {
    const all = (await t.agent.get('/rest/api/3/resolution')).json<{ id: string; name: string }[]>();
    expect(all.map((r) => r.name)).toContain('Done');
    const search = (await t.agent.get('/rest/api/3/resolution/search?onlyDefault=true')).json<{
      values: { name: string; default: boolean }[];
      isLast: boolean;
    }>();
    expect(search.values).toEqual([expect.objectContaining({ name: 'Done', default: true })]);
    expect(search.isLast).toBe(true);
    expect((await t.agent.get(`/rest/api/3/resolution/${all[1]?.id ?? ''}`)).json()).toMatchObject({
      name: all[1]?.name,
    });
    expect((await t.agent.get('/rest/api/3/resolution/99')).status).toBe(404);
    // The resolution an issue gets on Done is one of them.
    const done = await t.agent.get(
      '/rest/api/3/search/jql?jql=project%3DSUP%20AND%20resolution%3DDone&fields=resolution',
    );
    const first = done.json<{ issues: { fields: { resolution: { id: string } } }[] }>().issues[0];
    if (first) expect(all.map((r) => r.id)).toContain(first.fields.resolution.id);
  });
});
