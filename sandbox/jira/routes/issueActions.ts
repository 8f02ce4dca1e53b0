/**
 * Issue operations beside create/get/edit: editmeta, assignee, comment edit and delete, issue
 * property delete (rules in issueActions.ts), and the REST v2 forms of create issue and add
 * comment, whose rich-text values are plain strings (wiki markup) instead of documents
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v2/intro/: "v2 and v3 offer the same
 * collection of operations; v3 supports ADF"). The simulator stores a v2 string as a document
 * of its paragraphs and answers v2 with the document's text; wiki markup is not rendered.
 */
import { z } from 'zod';
import { adfToText, textToAdf } from '../adfValidate.js';
import { JiraError } from '../errors.js';
import { assignIssue, deleteComment, deleteIssueProperty, editComment } from '../issueActions.js';
import { addComment, createIssue } from '../mutations.js';
import { editMeta, renderComment } from '../renderIssue.js';
import type { RequestContext, RouteDef } from '../router.js';
import { CommentBody, toVisibility } from './comments.js';
import { expandQuery, json, noContent, param, refuseOverridesUnlessAdmin, visibleIssue } from './common.js';
import { IssueUpdateBody, issueInput } from './issues.js';

// assignIssue takes a User; only accountId matters on Cloud (name/key are GDPR-removed).
const AssigneeBody = z.looseObject({ accountId: z.string().nullable().optional() });

/** A v2 value of a rich-text field: a string becomes a document, anything else is refused by v3 rules. */
function v2Rich(value: unknown): unknown {
  return typeof value === 'string' ? textToAdf(value) : value;
}

function v2Fields(
  ctx: RequestContext,
  fields: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (fields === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([id, value]) => [
      id,
      ctx.sim.state.field(id)?.kind === 'adf' ? v2Rich(value) : value,
    ]),
  );
}

function v2Comment(
  ctx: RequestContext,
  comment: Parameters<typeof renderComment>[1],
): Record<string, unknown> {
  const bean = renderComment(ctx.sim.state, comment);
  return {
    ...bean,
    self: String(bean.self).replace('/rest/api/3/', '/rest/api/2/'),
    body: adfToText(comment.body),
  };
}

export const issueActionRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/editmeta',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      refuseOverridesUnlessAdmin(ctx);
      return json(200, editMeta(ctx.sim.state, issue, ctx.account.accountId));
    },
  },
  {
    method: 'PUT',
    template: '/rest/api/3/issue/{issueIdOrKey}/assignee',
    handler: async (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const body = await ctx.json(AssigneeBody);
      // The spec's 400 when the account is missing: `{"accountId": null}` unassigns, `{}` is refused.
      if (body.accountId === undefined) throw JiraError.badRequest('accountId must be provided'); // [unverified wording]
      assignIssue(ctx.sim, ctx.account.accountId, issue, body.accountId);
      return noContent();
    },
  },
  {
    method: 'PUT',
    template: '/rest/api/3/issue/{issueIdOrKey}/comment/{id}',
    handler: async (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const body = await ctx.json(CommentBody);
      const comment = editComment(ctx.sim, ctx.account.accountId, issue, param(ctx, 'id'), {
        body: body.body,
        ...(body.visibility === undefined ? {} : { visibility: toVisibility(body.visibility) }),
        ...(body.properties === undefined ? {} : { properties: body.properties }),
      });
      return json(200, renderComment(ctx.sim.state, comment, expandQuery(ctx).has('renderedBody')));
    },
  },
  {
    method: 'DELETE',
    template: '/rest/api/3/issue/{issueIdOrKey}/comment/{id}',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      deleteComment(ctx.sim, ctx.account.accountId, issue, param(ctx, 'id'));
      return noContent();
    },
  },
  {
    method: 'DELETE',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      deleteIssueProperty(ctx.sim, ctx.account.accountId, issue, param(ctx, 'propertyKey'));
      return noContent();
    },
  },
  {
    method: 'POST',
    template: '/rest/api/2/issue',
    handler: async (ctx) => {
      const body = await ctx.json(IssueUpdateBody);
      const fields = v2Fields(ctx, body.fields);
      const issue = createIssue(
        ctx.sim,
        ctx.account.accountId,
        issueInput({ ...body, ...(fields ? { fields } : {}) }),
      );
      return json(201, {
        id: issue.id,
        key: issue.key,
        self: `${ctx.sim.state.baseUrl}/rest/api/2/issue/${issue.id}`,
      });
    },
  },
  {
    method: 'POST',
    template: '/rest/api/2/issue/{issueIdOrKey}/comment',
    handler: async (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const body = await ctx.json(CommentBody);
      if (body.body !== undefined && typeof body.body !== 'string')
        throw JiraError.fields({ comment: 'Comment body must be a string.' }); // [unverified wording]
      const comment = addComment(ctx.sim, ctx.account.accountId, issue, {
        body: typeof body.body === 'string' && body.body.trim() !== '' ? v2Rich(body.body) : undefined,
        visibility: body.visibility === undefined ? null : toVisibility(body.visibility),
        ...(body.properties === undefined ? {} : { properties: body.properties }),
      });
      return json(201, v2Comment(ctx, comment));
    },
  },
];
