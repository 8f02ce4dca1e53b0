/**
 * Site-level reads: `myself` (with `expand=groups,applicationRoles`), `serverInfo`, user lookup
 * (`GET /user?accountId=`, the target of every user `self` link) and user search, resolutions.
 *
 * - Users: every licensed account holds "Browse users and groups" here (as `mypermissions` says),
 *   so lookups never answer 403; an unknown account is 404 [spec getUser]. `user/search` needs
 *   `query` or `accountId` (not both) → 400 otherwise [spec findUsers]; `query` matches the start
 *   of a display-name word or the e-mail address; app accounts are found too; startAt/maxResults
 *   default 0/50, at most 1000 [spec].
 * - Groups: administrators are in `site-admins` and `jira-admins`, every human account in
 *   `jira-software-users`; app accounts in none [unverified group names; Jira Cloud's defaults].
 * - Resolutions: Done (10000), Won't Do (10001), Duplicate (10002), Cannot Reproduce (10003);
 *   Done is the default and the one the workflows set.
 */
import { JiraError } from '../errors.js';
import { userBean } from '../render.js';
import type { RequestContext, RouteDef } from '../router.js';
import { RESOLUTION_DONE } from '../siteConfig.js';
import type { SimAccount } from '../types.js';
import { intQuery, json, listQuery, offsetPaging, pageLinks } from './common.js';

const GROUP_IDS: Record<string, string> = {
  'site-admins': '5f1c6a55-5dd2-4c6e-9a1f-0a5f2b7a1001',
  'jira-admins': '5f1c6a55-5dd2-4c6e-9a1f-0a5f2b7a1002',
  'jira-software-users': '5f1c6a55-5dd2-4c6e-9a1f-0a5f2b7a1003',
};

function groupsOf(ctx: RequestContext, account: SimAccount): string[] {
  if (account.accountType === 'app') return [];
  const admin = ctx.sim.state.isAdmin(account.accountId);
  return [...(admin ? ['site-admins', 'jira-admins'] : []), 'jira-software-users'];
}

/** `User` with the `groups` / `applicationRoles` expansions (SimpleListWrapper*) when asked. */
function fullUser(ctx: RequestContext, account: SimAccount): Record<string, unknown> {
  const expand = new Set(listQuery(ctx, 'expand'));
  const base = ctx.sim.state.baseUrl;
  const bean: Record<string, unknown> = {
    ...userBean(ctx.sim.state, account),
    expand: 'groups,applicationRoles',
  };
  const groups = groupsOf(ctx, account).map((name) => ({
    name,
    groupId: GROUP_IDS[name],
    self: `${base}/rest/api/3/group?groupId=${GROUP_IDS[name] ?? ''}`,
  }));
  bean.groups = expand.has('groups')
    ? { size: groups.length, items: groups }
    : { size: groups.length, items: [] };
  const roles = account.accountType === 'app' ? [] : [{ key: 'jira-software', name: 'Jira Software' }];
  bean.applicationRoles = expand.has('applicationRoles')
    ? { size: roles.length, items: roles }
    : { size: roles.length, items: [] };
  return bean;
}

const RESOLUTIONS = [
  { ...RESOLUTION_DONE, description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: 'This issue won\u2019t be actioned.' },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'This issue could not be reproduced.' },
];

function resolution(ctx: RequestContext, r: (typeof RESOLUTIONS)[number]): Record<string, unknown> {
  return {
    self: `${ctx.sim.state.baseUrl}/rest/api/3/resolution/${r.id}`,
    id: r.id,
    name: r.name,
    description: r.description,
  };
}

export const siteRoutes: RouteDef[] = [
  { method: 'GET', template: '/rest/api/3/myself', handler: (ctx) => json(200, fullUser(ctx, ctx.account)) },
  {
    method: 'GET',
    template: '/rest/api/3/serverInfo',
    handler: (ctx) => {
      const now = new Date();
      return json(200, {
        baseUrl: ctx.sim.state.baseUrl,
        displayUrl: ctx.sim.state.baseUrl,
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100_281,
        buildDate: '2026-11-30T00:00:00.000+0000',
        serverTime: now.toISOString().replace('Z', '+0000'),
        scmInfo: 'simulated',
        serverTitle: 'Jira',
        serverTimeZone: 'Etc/UTC',
      });
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/user',
    handler: (ctx) => {
      // No account id, or an unknown one, is the spec's only refusal: 404 [unverified wording].
      const accountId = ctx.query.get('accountId') ?? '';
      const account = ctx.sim.state.account(accountId);
      if (account === undefined)
        throw new JiraError(404, [`Specified user does not exist or you do not have required permissions`]);
      return json(200, fullUser(ctx, account));
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/user/search',
    handler: (ctx) => {
      const query = ctx.query.get('query');
      const accountId = ctx.query.get('accountId');
      if ((query === null || query === '') === (accountId === null || accountId === '')) {
        // [unverified wording] the spec's 400: `accountId` or `query` missing, or both given.
        throw JiraError.badRequest(
          "One of 'query' or 'accountId' parameters must be provided, but not both.",
        );
      }
      const startAt = intQuery(ctx, 'startAt', 0);
      const maxResults = Math.min(intQuery(ctx, 'maxResults', 50), 1000);
      const needle = (query ?? '').toLowerCase();
      const found = [...ctx.sim.state.accounts.values()].filter((a) =>
        accountId !== null && accountId !== ''
          ? a.accountId === accountId
          : a.displayName
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(needle)) || (a.email ?? '').toLowerCase().startsWith(needle),
      );
      return json(
        200,
        found.slice(startAt, startAt + maxResults).map((a) => userBean(ctx.sim.state, a)),
      );
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/resolution',
    handler: (ctx) =>
      json(
        200,
        RESOLUTIONS.map((r) => resolution(ctx, r)),
      ),
  },
  {
    method: 'GET',
    template: '/rest/api/3/resolution/search',
    handler: (ctx) => {
      const ids = new Set(listQuery(ctx, 'id'));
      const onlyDefault = ctx.query.get('onlyDefault') === 'true';
      const matching = RESOLUTIONS.filter(
        (r) => (ids.size === 0 || ids.has(r.id)) && (!onlyDefault || r.id === RESOLUTION_DONE.id),
      );
      const { startAt, maxResults } = offsetPaging(ctx, 50, 50);
      return json(200, {
        ...pageLinks(ctx, startAt, maxResults, matching.length),
        maxResults,
        startAt,
        total: matching.length,
        values: matching
          .slice(startAt, startAt + maxResults)
          .map((r) => ({ ...resolution(ctx, r), default: r.id === RESOLUTION_DONE.id })),
      });
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/resolution/{id}',
    handler: (ctx) => {
      const found = RESOLUTIONS.find((r) => r.id === ctx.params.id);
      if (found === undefined)
        throw new JiraError(404, [`The resolution with ID '${ctx.params.id ?? ''}' does not exist.`]); // [unverified]
      return json(200, resolution(ctx, found));
    },
  },
];
