/** `GET` and `POST /rest/api/3/issue/{issueIdOrKey}/transitions`. */
import { z } from 'zod';
import { JiraError } from '../errors.js';
import { availableTransitions, transitionIssue } from '../mutations.js';
import { renderTransition } from '../renderIssue.js';
import type { RouteDef } from '../router.js';
import { expandQuery, json, noContent, param, visibleIssue } from './common.js';
import { IssueUpdateBody } from './issues.js';

export const transitionRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/transitions',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      // Without Transition Issues the list is empty, not an error [spec getTransitions].
      const allowed = state.can(ctx.account.accountId, state.projectOf(issue), 'TRANSITION_ISSUES');
      const only = ctx.query.get('transitionId');
      const withFields = expandQuery(ctx).has('transitions.fields');
      const transitions = (allowed ? availableTransitions(state, issue) : [])
        .filter((t) => only === null || t.id === only)
        .map((t) => ({ ...renderTransition(state, t), ...(withFields ? { fields: {} } : {}) }));
      return json(200, { expand: 'transitions', transitions });
    },
  },
  {
    method: 'POST',
    template: '/rest/api/3/issue/{issueIdOrKey}/transitions',
    handler: async (ctx) => {
      const issue = visibleIssue(ctx, param(ctx, 'issueIdOrKey'));
      const body = await ctx.json(IssueUpdateBody);
      const id = z.union([z.string(), z.number()]).safeParse(body.transition?.id);
      if (!id.success) throw JiraError.badRequest("Missing 'transition' identifier");
      const input: { fields?: Record<string, unknown>; update?: Record<string, unknown> } = {};
      if (body.fields !== undefined) input.fields = body.fields;
      if (body.update !== undefined) input.update = body.update;
      transitionIssue(ctx.sim, ctx.account.accountId, issue, String(id.data), input);
      return noContent();
    },
  },
];
