/**
 * Jira issues: read (fields, expands, an entity property), create, edit, transition, and the
 * JQL search. Writes carry their entity properties in the same request, so a marker and the
 * change it marks land together.
 */
import { route } from '@forge/api';
import { AppError } from '../util/errors';
import {
  bulkIssuesSchema,
  createdIssueSchema,
  entityPropertySchema,
  issueSchema,
  searchJqlPageSchema,
  transitionsSchema,
  type JiraCreatedIssue,
  type JiraIssue,
  type JiraTransition,
} from './schemas';
import { idParam, isNotFound, propertyKeyParam, type JiraTransport } from './transport';

/** EntityProperty as IssueUpdateDetails `properties` carries it: set together with the write. */
export interface EntityPropertyWrite {
  key: string;
  value: unknown;
}

export interface IssueWrite {
  fields?: Record<string, unknown>;
  update?: Record<string, unknown>;
  properties?: EntityPropertyWrite[];
}

/** Issues POST /issue/bulkfetch takes in one request (docs/contracts/jira-api.md § Bulk fetch). */
export const BULK_FETCH_MAX = 100;

export interface JqlPage {
  issues: JiraIssue[];
  nextPageToken: string | null;
}

export interface JiraIssueCalls {
  getIssue(issueIdOrKey: string, fields: readonly string[], expand?: readonly string[]): Promise<JiraIssue>;
  /** Up to BULK_FETCH_MAX issues in one read; those missing or hidden are left out (no error). */
  bulkFetchIssues(
    issueIdsOrKeys: readonly string[],
    fields: readonly string[],
    expand?: readonly string[],
  ): Promise<JiraIssue[]>;
  /** An issue entity property's value; null when the issue has no such property (404). */
  getIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<unknown>;
  createIssue(issue: IssueWrite): Promise<JiraCreatedIssue>;
  editIssue(issueIdOrKey: string, edit: IssueWrite): Promise<void>;
  transitions(issueIdOrKey: string): Promise<JiraTransition[]>;
  transition(issueIdOrKey: string, transitionId: string, fields?: Record<string, unknown>): Promise<void>;
  searchJql(
    jql: string,
    options?: { fields?: readonly string[]; maxResults?: number; nextPageToken?: string },
  ): Promise<JqlPage>;
}

export function issueCalls(t: JiraTransport): JiraIssueCalls {
  return {
    async getIssue(issueIdOrKey, fields, expand = []) {
      const params = new URLSearchParams({ fields: fields.length > 0 ? fields.join(',') : '*all' });
      if (expand.length > 0) params.set('expand', expand.join(','));
      return t.get(route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}?${params}`, issueSchema);
    },

    async bulkFetchIssues(issueIdsOrKeys, fields, expand = []) {
      if (issueIdsOrKeys.length === 0) return [];
      if (issueIdsOrKeys.length > BULK_FETCH_MAX)
        throw new AppError('BAD_ID', `At most ${BULK_FETCH_MAX} issues can be fetched at once`);
      const body = {
        issueIdsOrKeys: issueIdsOrKeys.map((id) => idParam(id, 'issue')),
        fields: [...fields],
        ...(expand.length > 0 ? { expand: [...expand] } : {}),
      };
      const spec = { method: 'POST', json: body, read: true } as const;
      return (await t.call(route`/rest/api/3/issue/bulkfetch`, spec, bulkIssuesSchema)).issues;
    },

    async getIssueProperty(issueIdOrKey, propertyKey) {
      const issue = idParam(issueIdOrKey, 'issue');
      const key = propertyKeyParam(propertyKey);
      try {
        const property = await t.get(
          route`/rest/api/3/issue/${issue}/properties/${key}`,
          entityPropertySchema,
        );
        return property.value === undefined ? null : property.value;
      } catch (error) {
        // 404: the issue has no such property, or is gone or hidden [spec getIssueProperty].
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async createIssue(issue) {
      return t.call(route`/rest/api/3/issue`, { method: 'POST', json: issue }, createdIssueSchema);
    },

    async editIssue(issueIdOrKey, edit) {
      const path = route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}`;
      await t.call(path, { method: 'PUT', json: edit }, null);
    },

    async transitions(issueIdOrKey) {
      const path = route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/transitions`;
      return (await t.get(path, transitionsSchema)).transitions;
    },

    async transition(issueIdOrKey, transitionId, fields) {
      const body: Record<string, unknown> = { transition: { id: idParam(transitionId, 'transition') } };
      if (fields !== undefined) body.fields = fields;
      const path = route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/transitions`;
      await t.call(path, { method: 'POST', json: body }, null);
    },

    async searchJql(jql, opts = {}) {
      const body: Record<string, unknown> = {
        jql,
        fields: [...(opts.fields ?? ['id', 'key'])],
        maxResults: opts.maxResults ?? 50,
      };
      if (opts.nextPageToken !== undefined) body.nextPageToken = opts.nextPageToken;
      const spec = { method: 'POST', json: body } as const;
      const res = await t.call(route`/rest/api/3/search/jql`, spec, searchJqlPageSchema);
      return { issues: res.issues, nextPageToken: res.nextPageToken ?? null };
    },
  };
}
