/**
 * POST /rest/api/3/issue/bulkfetch (spec bulkFetchIssues): up to 100 issues by id or key in one
 * read. Keys resolve case-insensitively and through moves; issues that do not exist or that the
 * caller cannot browse are left out silently (not listed in `issueErrors`, which is for retriable
 * failures); the answer lists issues in ascending id order; `fields` defaults to `*navigable`
 * (unlike GET issue's `*all`); no ids or more than 100 → 400.
 */
import { z } from 'zod';
import { JiraError } from '../errors.js';
import { renderIssue, selectFields } from '../renderIssue.js';
import type { RouteDef } from '../router.js';
import type { IssueRecord } from '../types.js';
import { json } from './common.js';

export const BULK_FETCH_MAX = 100;
/** "A maximum of 5 issue property keys can be specified" [spec BulkFetchIssueRequestBean.properties]. */
export const BULK_FETCH_MAX_PROPERTIES = 5;

// BulkFetchIssueRequestBean [spec]: additionalProperties false.
const BulkFetchBody = z.strictObject({
  issueIdsOrKeys: z.array(z.string()),
  fields: z.array(z.string()).optional(),
  expand: z.array(z.string()).optional(),
  properties: z.array(z.string()).optional(),
  fieldsByKeys: z.boolean().optional(),
});

export const bulkRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: '/rest/api/3/issue/bulkfetch',
    handler: async (ctx) => {
      const body = await ctx.json(BulkFetchBody);
      const { state } = ctx.sim;
      const wanted = body.issueIdsOrKeys;
      // The spec's 400: "no issue IDs/keys were present, or more than 100 issue IDs/keys were requested".
      // [unverified wording]
      if (wanted.length === 0) throw JiraError.badRequest('At least one issue ID or key must be provided.');
      if (wanted.length > BULK_FETCH_MAX)
        throw JiraError.badRequest(`Cannot fetch more than ${BULK_FETCH_MAX} issues at a time.`);
      const propertyKeys = body.properties ?? [];
      if (propertyKeys.length > BULK_FETCH_MAX_PROPERTIES) {
        throw JiraError.badRequest(
          `A maximum of ${BULK_FETCH_MAX_PROPERTIES} issue property keys can be specified.`,
        ); // [unverified wording]
      }
      const found = new Map<string, IssueRecord>();
      for (const idOrKey of wanted) {
        const issue = state.issue(idOrKey.trim());
        if (issue !== undefined && state.canBrowse(ctx.account.accountId, state.projectOf(issue)))
          found.set(issue.id, issue);
      }
      const selection = selectFields(body.fields?.length ? body.fields : ['*navigable'], '*all');
      const issues = [...found.values()]
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map((issue) => {
          const bean = renderIssue(state, issue, {
            fields: selection,
            expand: new Set(body.expand ?? []),
            viewerId: ctx.account.accountId,
          });
          const properties = propertyKeys.filter((k) => issue.properties.has(k));
          if (properties.length > 0)
            bean.properties = Object.fromEntries(properties.map((k) => [k, issue.properties.get(k)]));
          return bean;
        });
      return json(200, { issues, issueErrors: [] });
    },
  },
];
