/**
 * Entity properties: issue property keys, get and set (Issue properties group) and comment
 * property keys and get (Issue comment properties group).
 *
 * Rights [spec]: reading an issue's properties needs Browse projects (an issue the caller
 * cannot see is a 404, like every issue resource); setting one also needs Edit issues (403).
 * Comment properties declare 403 for a caller without the necessary permission and 404 for a
 * missing comment or property.
 */
import { z } from 'zod';
import {
  PROPERTY_MESSAGES,
  PROPERTY_VALUE_MAX_BYTES,
  checkPropertyKey,
  setIssueProperty,
} from '../entityProperties.js';
import { JiraError } from '../errors.js';
import type { RequestContext, RouteDef } from '../router.js';
import type { CommentRecord } from '../types.js';
import { json, param, visibleIssue } from './common.js';

function propertyKeys(keys: Iterable<string>, selfBase: string): { keys: { self: string; key: string }[] } {
  return { keys: [...keys].map((key) => ({ self: `${selfBase}/${encodeURIComponent(key)}`, key })) };
}

function propertyAnswer(properties: ReadonlyMap<string, unknown>, key: string) {
  if (!properties.has(key)) throw new JiraError(404, [PROPERTY_MESSAGES.notFound(key)]);
  return json(200, { key, value: properties.get(key) });
}

/** The comment if its issue is visible to the caller: 404 when missing, 403 when hidden [spec]. */
function visibleComment(ctx: RequestContext): CommentRecord {
  const { state } = ctx.sim;
  const id = param(ctx, 'commentId');
  const comment = state.comments.get(id);
  const issue = comment === undefined ? undefined : state.issues.get(comment.issueId);
  if (comment === undefined || issue === undefined) {
    throw new JiraError(404, [`Can not find a comment for the id: ${id}.`]);
  }
  // [unverified] wording; the spec declares 403 for a caller without the necessary permission.
  if (!state.canBrowse(ctx.account.accountId, state.projectOf(issue))) {
    throw new JiraError(403, ['You do not have the permission to see the specified comment.']);
  }
  return comment;
}

export const propertyRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      // The spec's example links each key through the issue key.
      const base = `${ctx.sim.state.baseUrl}/rest/api/3/issue/${issue.key}/properties`;
      return json(200, propertyKeys(issue.properties.keys(), base));
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      return propertyAnswer(issue.properties, param(ctx, 'propertyKey'));
    },
  },
  {
    method: 'PUT',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    handler: async (ctx) => {
      const { state } = ctx.sim;
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      // [unverified] wording; the spec answers 403 when the user may not edit the issue.
      if (!state.can(ctx.account.accountId, state.projectOf(issue), 'EDIT_ISSUES')) {
        throw new JiraError(403, ['You do not have permission to edit this issue.']);
      }
      const key = param(ctx, 'propertyKey');
      checkPropertyKey(key);
      // Jira reads the raw body with the byte limit before it looks at the JSON.
      if ((await ctx.body()).length > PROPERTY_VALUE_MAX_BYTES) {
        throw JiraError.badRequest(PROPERTY_MESSAGES.valueTooLong);
      }
      const value = await ctx.json(z.unknown());
      if (value === undefined) throw JiraError.badRequest(PROPERTY_MESSAGES.emptyValue);
      const outcome = setIssueProperty(ctx.sim, ctx.account.accountId, issue, key, value);
      // 201 when the property is new, 200 when it replaced a value; no body either way [spec].
      return { status: outcome === 'created' ? 201 : 200 };
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/comment/{commentId}/properties',
    handler: (ctx) => {
      const comment = visibleComment(ctx);
      const base = `${ctx.sim.state.baseUrl}/rest/api/3/comment/${comment.id}/properties`;
      return json(200, propertyKeys(comment.properties.keys(), base));
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/comment/{commentId}/properties/{propertyKey}',
    handler: (ctx) => propertyAnswer(visibleComment(ctx).properties, param(ctx, 'propertyKey')),
  },
];
