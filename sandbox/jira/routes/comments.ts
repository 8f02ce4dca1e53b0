/** Comments: list (paged, ordered), add, get one. */
import { z } from 'zod';
import { JiraError } from '../errors.js';
import { addComment } from '../mutations.js';
import { renderComment } from '../renderIssue.js';
import type { RouteDef } from '../router.js';
import type { CommentRecord } from '../types.js';
import { expandQuery, json, offsetPaging, param, visibleIssue } from './common.js';

export const CommentBody = z
  .object({
    body: z.unknown().optional(),
    visibility: z
      .object({
        type: z.enum(['group', 'role']),
        value: z.string().optional(),
        identifier: z.string().nullable().optional(),
      })
      .passthrough()
      .optional(),
    properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
  })
  .passthrough();

export function toVisibility(
  raw: z.infer<typeof CommentBody>['visibility'] & object,
): CommentRecord['visibility'] {
  const visibility: NonNullable<CommentRecord['visibility']> = { type: raw.type };
  if (raw.value !== undefined) visibility.value = raw.value;
  if (raw.identifier !== undefined) visibility.identifier = raw.identifier;
  return visibility;
}

export const commentRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/comment',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      // Default 100 [spec getComments]; larger pages are cut to 100 [3p measured, see offsetPaging].
      const { startAt, maxResults } = offsetPaging(ctx, 100, 100);
      const orderBy = ctx.query.get('orderBy');
      // Only created, +created and -created are accepted [spec getComments 400].
      if (orderBy !== null && !['created', '+created', '-created'].includes(orderBy)) {
        throw JiraError.badRequest(
          `Ordering by '${orderBy}' is not supported. Supported values are 'created', '+created' and '-created'.`,
        );
      }
      const comments = issue.commentIds
        .map((id) => state.comments.get(id))
        .filter((c): c is CommentRecord => c !== undefined)
        .sort((a, b) => a.created.getTime() - b.created.getTime() || Number(a.id) - Number(b.id));
      if (orderBy === '-created') comments.reverse();
      const rendered = expandQuery(ctx).has('renderedBody');
      return json(200, {
        startAt,
        maxResults,
        total: comments.length,
        comments: comments.slice(startAt, startAt + maxResults).map((c) => renderComment(state, c, rendered)),
      });
    },
  },
  {
    method: 'POST',
    template: '/rest/api/3/issue/{issueIdOrKey}/comment',
    handler: async (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const body = await ctx.json(CommentBody);
      const visibility = body.visibility === undefined ? null : toVisibility(body.visibility);
      const comment = addComment(ctx.sim, ctx.account.accountId, issue, {
        body: body.body,
        visibility,
        ...(body.properties === undefined ? {} : { properties: body.properties }),
      });
      return json(201, renderComment(ctx.sim.state, comment, expandQuery(ctx).has('renderedBody')));
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/comment/{id}',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const id = param(ctx, 'id');
      const comment = ctx.sim.state.comments.get(id);
      if (comment === undefined || comment.issueId !== issue.id) {
        throw new JiraError(404, [`Can not find a comment for the id: ${id}.`]);
      }
      return json(200, renderComment(ctx.sim.state, comment, expandQuery(ctx).has('renderedBody')));
    },
  },
];
