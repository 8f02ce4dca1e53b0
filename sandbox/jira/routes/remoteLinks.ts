/**
 * Remote issue links (spec group "Issue remote links"): list (optionally by `globalId`), get,
 * create-or-update, update, delete by id or by `globalId`.
 *
 * - Reading needs Browse projects (404 otherwise); writing also needs Link issues (403) [spec].
 * - POST with a `globalId` already on the issue replaces that link and answers 200; otherwise it
 *   creates one and answers 201; both with `{id, self}` (RemoteIssueLinkIdentifies).
 * - `object.url` and `object.title` are required (RemoteObject.required); a missing one → 400
 *   with `errors.{url|title}` [unverified wording].
 * - A link id that is not a number, or that belongs to another issue → 400 [spec]; an unknown id
 *   → 404. No per-issue link limit (the spec's 413 names one without a figure).
 */
import { z } from 'zod';
import { JiraError } from '../errors.js';
import type { RequestContext, RouteDef } from '../router.js';
import { json, noContent, param, visibleIssue } from './common.js';
import type { IssueRecord, RemoteLinkRecord } from '../types.js';

// RemoteIssueLinkRequest [spec]: `object` required, additional properties allowed.
const RemoteLinkBody = z.looseObject({
  globalId: z.string().optional(),
  application: z.looseObject({ type: z.string().optional(), name: z.string().optional() }).optional(),
  relationship: z.string().optional(),
  object: z.looseObject({ url: z.string().optional(), title: z.string().optional() }).optional(),
});

let nextLinkId = 10000;

function linksOf(ctx: RequestContext, issue: IssueRecord): RemoteLinkRecord[] {
  const { remoteLinks } = ctx.sim.state;
  let links = remoteLinks.get(issue.id);
  if (links === undefined) {
    links = [];
    remoteLinks.set(issue.id, links);
  }
  return links;
}

function render(ctx: RequestContext, issue: IssueRecord, link: RemoteLinkRecord): Record<string, unknown> {
  return {
    id: link.id,
    self: `${ctx.sim.state.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${link.id}`,
    ...(link.globalId === null ? {} : { globalId: link.globalId }),
    ...(link.application === null ? {} : { application: link.application }),
    ...(link.relationship === null ? {} : { relationship: link.relationship }),
    object: link.object,
  };
}

function writableIssue(ctx: RequestContext): IssueRecord {
  const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
  const { state } = ctx.sim;
  if (!state.can(ctx.account.accountId, state.projectOf(issue), 'LINK_ISSUES'))
    throw new JiraError(403, ['You do not have permission to link issues.']); // [unverified wording]
  return issue;
}

function linkById(ctx: RequestContext, issue: IssueRecord): RemoteLinkRecord {
  const raw = param(ctx, 'linkId');
  if (!/^\d+$/.test(raw)) throw JiraError.badRequest(`Invalid remote link id '${raw}'.`); // [unverified wording]
  const id = Number(raw);
  const link = linksOf(ctx, issue).find((l) => l.id === id);
  if (link !== undefined) return link;
  for (const links of ctx.sim.state.remoteLinks.values())
    if (links.some((l) => l.id === id))
      throw JiraError.badRequest(`Remote link ${id} does not belong to issue ${issue.key}.`); // [unverified wording]
  throw new JiraError(404, [`No remote link with id '${id}' exists.`]); // [unverified wording]
}

function parseLink(body: z.infer<typeof RemoteLinkBody>): Omit<RemoteLinkRecord, 'id'> {
  const errors: Record<string, string> = {};
  if (body.object?.url === undefined || body.object.url === '') errors.url = 'Link URL is required.';
  if (body.object?.title === undefined || body.object.title === '') errors.title = 'Link title is required.';
  if (Object.keys(errors).length > 0 || body.object === undefined) throw JiraError.fields(errors);
  return {
    globalId: body.globalId ?? null,
    application: body.application ?? null,
    relationship: body.relationship ?? null,
    object: body.object,
  };
}

const BASE = '/rest/api/3/issue/{issueIdOrKey}/remotelink';

export const remoteLinkRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: BASE,
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const globalId = ctx.query.get('globalId');
      const links = linksOf(ctx, issue);
      if (globalId === null)
        return json(
          200,
          links.map((l) => render(ctx, issue, l)),
        );
      const link = links.find((l) => l.globalId === globalId);
      if (link === undefined)
        throw new JiraError(404, [`No remote link with globalId '${globalId}' exists.`]); // [unverified]
      return json(200, render(ctx, issue, link));
    },
  },
  {
    method: 'POST',
    template: BASE,
    handler: async (ctx) => {
      const issue = writableIssue(ctx);
      const input = parseLink(await ctx.json(RemoteLinkBody));
      const links = linksOf(ctx, issue);
      const existing = input.globalId === null ? undefined : links.find((l) => l.globalId === input.globalId);
      const link = existing ?? { id: nextLinkId++, ...input };
      if (existing === undefined) links.push(link);
      else Object.assign(existing, input);
      const self = `${ctx.sim.state.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${link.id}`;
      return json(existing === undefined ? 201 : 200, { id: link.id, self });
    },
  },
  {
    method: 'DELETE',
    template: BASE,
    handler: (ctx) => {
      const issue = writableIssue(ctx);
      const globalId = ctx.query.get('globalId');
      if (globalId === null || globalId === '')
        throw JiraError.badRequest('The globalId parameter is required.'); // [unverified]
      const links = linksOf(ctx, issue);
      const index = links.findIndex((l) => l.globalId === globalId);
      if (index < 0) throw new JiraError(404, [`No remote link with globalId '${globalId}' exists.`]); // [unverified]
      links.splice(index, 1);
      return noContent();
    },
  },
  {
    method: 'GET',
    template: `${BASE}/{linkId}`,
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      return json(200, render(ctx, issue, linkById(ctx, issue)));
    },
  },
  {
    method: 'PUT',
    template: `${BASE}/{linkId}`,
    handler: async (ctx) => {
      const issue = writableIssue(ctx);
      const link = linkById(ctx, issue);
      Object.assign(link, parseLink(await ctx.json(RemoteLinkBody)));
      return noContent();
    },
  },
  {
    method: 'DELETE',
    template: `${BASE}/{linkId}`,
    handler: (ctx) => {
      const issue = writableIssue(ctx);
      const link = linkById(ctx, issue);
      const links = linksOf(ctx, issue);
      links.splice(links.indexOf(link), 1);
      return noContent();
    },
  },
];
