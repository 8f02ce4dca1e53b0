/** Issues: create, get, edit, changelog. */
import { z } from 'zod';
import { JiraError } from '../errors.js';
import { createIssue, editIssue, transitionIssue, type IssueInput } from '../mutations.js';
import { renderHistory, renderIssue, selectFields } from '../renderIssue.js';
import type { RequestContext, RouteDef } from '../router.js';
import {
  boolQuery,
  expandQuery,
  json,
  listQuery,
  noContent,
  offsetPaging,
  pageLinks,
  param,
  refuseOverridesUnlessAdmin,
  visibleIssue,
} from './common.js';

// IssueUpdateDetails [spec]: fields/update maps plus optional transition, properties, historyMetadata.
export const IssueUpdateBody = z
  .object({
    fields: z.record(z.string(), z.unknown()).optional(),
    update: z.record(z.string(), z.unknown()).optional(),
    transition: z
      .object({ id: z.union([z.string(), z.number()]).optional() })
      .passthrough()
      .optional(),
    properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
    historyMetadata: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export function issueInput(body: z.infer<typeof IssueUpdateBody>): IssueInput {
  const input: IssueInput = {};
  if (body.fields !== undefined) input.fields = body.fields;
  if (body.update !== undefined) input.update = body.update;
  if (body.properties !== undefined) input.properties = body.properties;
  return input;
}

function getIssue(ctx: RequestContext) {
  const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
  return json(
    200,
    renderIssue(ctx.sim.state, issue, {
      fields: selectFields(listQuery(ctx, 'fields'), '*all'),
      expand: expandQuery(ctx),
      viewerId: ctx.account.accountId,
    }),
  );
}

export const issueRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: '/rest/api/3/issue',
    handler: async (ctx) => {
      const body = await ctx.json(IssueUpdateBody);
      const issue = createIssue(ctx.sim, ctx.account.accountId, issueInput(body));
      const created: Record<string, unknown> = {
        id: issue.id,
        key: issue.key,
        self: `${ctx.sim.state.baseUrl}/rest/api/3/issue/${issue.id}`,
      };
      // A transition requested with the create is reported, not failed, as `CreatedIssue.transition`.
      const transitionId = body.transition?.id;
      if (transitionId !== undefined) {
        try {
          transitionIssue(ctx.sim, ctx.account.accountId, issue, String(transitionId));
          created.transition = { status: 204, errorCollection: { errorMessages: [], errors: {} } };
        } catch (error) {
          if (!(error instanceof JiraError)) throw error;
          created.transition = {
            status: error.status,
            errorCollection: { errorMessages: error.errorMessages, errors: error.errors },
          };
        }
      }
      return json(201, created);
    },
  },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}', handler: getIssue },
  {
    method: 'PUT',
    template: '/rest/api/3/issue/{issueIdOrKey}',
    handler: async (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const { state } = ctx.sim;
      refuseOverridesUnlessAdmin(ctx);
      const raw = await ctx.body();
      if (raw.length === 0) throw JiraError.badRequest('No content to map due to end-of-input');
      const body = await ctx.json(IssueUpdateBody);
      editIssue(ctx.sim, ctx.account.accountId, issue, issueInput(body));
      if (body.transition?.id !== undefined) {
        transitionIssue(ctx.sim, ctx.account.accountId, issue, String(body.transition.id));
      }
      if (boolQuery(ctx, 'returnIssue', false)) {
        return json(
          200,
          renderIssue(state, issue, {
            fields: selectFields([], '*all'),
            expand: expandQuery(ctx),
            viewerId: ctx.account.accountId,
          }),
        );
      }
      return noContent();
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/changelog',
    handler: (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      // Default 100 [spec getChangeLogs]; the cap of 100 is [unverified], the common PageBean cap.
      const { startAt, maxResults } = offsetPaging(ctx, 100, 100);
      const histories = issue.changelog;
      return json(200, {
        ...pageLinks(ctx, startAt, maxResults, histories.length),
        maxResults,
        startAt,
        total: histories.length,
        values: histories.slice(startAt, startAt + maxResults).map((h) => renderHistory(ctx.sim.state, h)),
      });
    },
  },
];
