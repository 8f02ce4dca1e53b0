/**
 * Jira Cloud REST v3 client over Forge's `requestJira`, as the app (`asApp`) or as the
 * invoking user (`asUser`). Every path is a `route` template, which escapes parameters and
 * refuses path manipulation (docs/contracts/forge-platform.md § Product requests); ids are also checked here
 * first.
 *
 * Errors: non-2xx answers become JiraApiError {status, messages} from the ErrorCollection
 * body (docs/contracts/jira-api.md § Errors); 429 waits Retry-After within a wait budget, else throws
 * JiraRateLimitedError; 5xx / transport failures are retried only for reads.
 */
import api, {
  NeedsAuthenticationError,
  route,
  type APIResponse,
  type RequestInit,
  type Route,
} from '@forge/api';
import type { z } from 'zod';
import { AppError, describeError } from '../util/errors';
import { truncate } from '../util/redact';
import { WaitBudget, realSleep, sendWithRetry, type RetryPolicy } from '../util/retry';
import { readBoundedBytes } from '../util/boundedBody';
import {
  attachmentsSchema,
  commentSchema,
  commentsPageSchema,
  createMetaFieldsPageSchema,
  createMetaIssueTypesPageSchema,
  createdIssueSchema,
  entityPropertySchema,
  fieldsSchema,
  issueSchema,
  bulkIssuesSchema,
  myPermissionsSchema,
  myselfSchema,
  prioritiesSchema,
  projectSchema,
  projectSearchPageSchema,
  projectStatusesSchema,
  searchJqlPageSchema,
  statusesSchema,
  transitionsSchema,
  type JiraAttachment,
  type JiraComment,
  type JiraCreatedIssue,
  type JiraField,
  type JiraFieldCreateMetadata,
  type JiraIssue,
  type JiraIssueType,
  type JiraMyself,
  type JiraPriority,
  type JiraProject,
  type JiraStatus,
  type JiraTransition,
} from './schemas';
import type { AdfDoc } from './adf';
import { JiraApiError, jiraAnswer, jiraErrorFromBody, JiraRateLimitedError } from './errors';

export type JiraRequester = (path: Route, init?: RequestInit) => Promise<APIResponse>;

export interface JiraClientOptions {
  /** Defaults to `api.asApp().requestJira` / `api.asUser().requestJira`. */
  requester?: JiraRequester;
  sleep?: (ms: number) => Promise<void>;
  /** Total milliseconds this client may spend waiting between retries (default 8 s). */
  waitBudgetMs?: number;
  maxAttempts?: number;
}

/** EntityProperty as IssueUpdateDetails `properties` carries it: set together with the write. */
export interface EntityPropertyWrite {
  key: string;
  value: unknown;
}

/** A comment's `visibility`: restricted to a project role or a group (POST .../comment, Jira REST v3). */
export interface CommentVisibilityWrite {
  type: 'role' | 'group';
  value: string;
}

export interface IssueWrite {
  fields?: Record<string, unknown>;
  update?: Record<string, unknown>;
  properties?: EntityPropertyWrite[];
}

export interface JqlPage {
  issues: JiraIssue[];
  nextPageToken: string | null;
}

export interface JiraClient {
  readonly as: 'app' | 'user';
  myself(): Promise<JiraMyself>;
  hasPermissions(
    keys: readonly string[],
    context?: { projectId?: string; issueId?: string },
  ): Promise<Record<string, boolean>>;
  isJiraAdmin(): Promise<boolean>;
  searchProjects(options?: { query?: string }): Promise<JiraProject[]>;
  getProject(projectIdOrKey: string): Promise<JiraProject>;
  issueTypesForProject(projectIdOrKey: string): Promise<JiraIssueType[]>;
  createMeta(projectIdOrKey: string, issueTypeId: string): Promise<JiraFieldCreateMetadata[]>;
  fields(): Promise<JiraField[]>;
  /** The priority catalog, highest first (the order Jira lists it in). */
  priorities(): Promise<JiraPriority[]>;
  statuses(): Promise<JiraStatus[]>;
  projectStatuses(projectIdOrKey: string): Promise<{ issueTypeId: string; statuses: JiraStatus[] }[]>;
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
  comments(issueIdOrKey: string): Promise<JiraComment[]>;
  addComment(
    issueIdOrKey: string,
    body: AdfDoc,
    properties?: EntityPropertyWrite[],
    visibility?: CommentVisibilityWrite,
  ): Promise<JiraComment>;
  addAttachment(
    issueIdOrKey: string,
    filename: string,
    bytes: Uint8Array,
    contentType?: string,
  ): Promise<JiraAttachment[]>;
  getAttachmentContent(attachmentId: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
  searchJql(
    jql: string,
    options?: { fields?: readonly string[]; maxResults?: number; nextPageToken?: string },
  ): Promise<JqlPage>;
}

/** Issue/project/attachment ids and keys: letters, digits, `_` and `-` only. */
function idParam(value: string, what: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(value)) {
    throw new AppError('BAD_ID', `Invalid Jira ${what}: ${truncate(value, 40)}`);
  }
  return value;
}

/** Entity property keys: Jira allows any text up to 255 characters [spec setIssueProperty]; route escapes it. */
function propertyKeyParam(value: string): string {
  if (value.length === 0 || value.length > 255) {
    throw new AppError('BAD_ID', `Invalid Jira property key: ${truncate(value, 40)}`);
  }
  return value;
}

const MAX_PAGES = 200;

/**
 * multipart/form-data body with one part named `file` (docs/contracts/jira-api.md § Attachments), built by
 * hand so it is plain bytes.
 */
export function multipartFile(
  filename: string,
  bytes: Uint8Array,
  contentType: string,
): { body: ArrayBuffer; contentType: string } {
  const boundary = `----forge-zd-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  // Quote escaping as browsers do it (HTML spec multipart/form-data encoding).
  const safeName = filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const safeType = contentType.replace(/[\r\n]/g, '') || 'application/octet-stream';
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${safeType}\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const out = new Uint8Array(head.byteLength + bytes.byteLength + tail.byteLength);
  out.set(head, 0);
  out.set(bytes, head.byteLength);
  out.set(tail, head.byteLength + bytes.byteLength);
  return { body: out.buffer, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Issues POST /issue/bulkfetch takes in one request (docs/contracts/jira-api.md § Bulk fetch). */
export const BULK_FETCH_MAX = 100;

interface CallSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A read sent as POST (bulk fetch) may be repeated like a GET. */
  read?: boolean;
  json?: unknown;
  raw?: { body: ArrayBuffer; contentType: string };
  headers?: Record<string, string>;
}

export function jiraClient(as: 'app' | 'user', options: JiraClientOptions = {}): JiraClient {
  const requester: JiraRequester =
    options.requester ??
    ((path, init) => (as === 'app' ? api.asApp() : api.asUser()).requestJira(path, init));
  const policy: RetryPolicy = {
    sleep: options.sleep ?? realSleep,
    budget: new WaitBudget(options.waitBudgetMs ?? 8_000),
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
  };

  const send = async (path: Route, spec: CallSpec): Promise<APIResponse> => {
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    const init: RequestInit = { method: spec.method, headers };
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(spec.json);
    } else if (spec.raw) {
      headers['Content-Type'] = spec.raw.contentType;
      init.body = spec.raw.body;
    }
    const label = `${spec.method} ${path.value.split('?')[0] ?? ''}`;
    return sendWithRetry(policy, {
      attempt: () => requester(path, init),
      retryable: spec.method === 'GET' || spec.read === true,
      // asUser() for a user the app has no consent from: the platform refuses before Jira
      // is asked, so retrying cannot help; report it as the authentication failure it is.
      permanent: (error) =>
        error instanceof NeedsAuthenticationError
          ? new JiraApiError(401, [`Jira needs this user's consent for the app (${label})`])
          : null,
      unreachable: (error) =>
        new JiraApiError(0, [truncate(`Could not reach Jira (${label}): ${describeError(error)}`)]),
      rateLimited: (retryAfter, body) =>
        new JiraRateLimitedError(retryAfter, jiraErrorFromBody(429, body).messages),
    });
  };

  const call = async <S extends z.ZodType>(
    path: Route,
    spec: CallSpec,
    schema: S | null,
  ): Promise<z.output<S>> => {
    const res = await send(path, spec);
    return jiraAnswer(
      res.status,
      await res.text(),
      `${spec.method} ${path.value.split('?')[0] ?? ''}`,
      schema,
    );
  };

  const get = <S extends z.ZodType>(path: Route, schema: S): Promise<z.output<S>> =>
    call(path, { method: 'GET' }, schema);

  const client: JiraClient = {
    as,

    async myself() {
      return get(route`/rest/api/3/myself`, myselfSchema);
    },

    async hasPermissions(keys, context = {}) {
      if (keys.length === 0) return {};
      const params = new URLSearchParams({ permissions: keys.join(',') });
      if (context.projectId !== undefined) params.set('projectId', idParam(context.projectId, 'project id'));
      if (context.issueId !== undefined) params.set('issueId', idParam(context.issueId, 'issue id'));
      const res = await get(route`/rest/api/3/mypermissions?${params}`, myPermissionsSchema);
      const out: Record<string, boolean> = {};
      for (const key of keys) out[key] = res.permissions[key]?.havePermission === true;
      return out;
    },

    async isJiraAdmin() {
      return (await client.hasPermissions(['ADMINISTER'])).ADMINISTER === true;
    },

    async searchProjects(opts = {}) {
      const all: JiraProject[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ startAt: String(all.length), maxResults: '50', orderBy: 'key' });
        if (opts.query) params.set('query', opts.query);
        let res: z.output<typeof projectSearchPageSchema>;
        try {
          res = await get(route`/rest/api/3/project/search?${params}`, projectSearchPageSchema);
        } catch (error) {
          // 404 means "nothing matches the criteria", not a failure
          // (docs/contracts/jira-api.md § Projects and priorities).
          if (error instanceof JiraApiError && error.status === 404) return all;
          throw error;
        }
        all.push(...res.values);
        const done = res.isLast ?? (res.total !== undefined ? all.length >= res.total : true);
        if (done || res.values.length === 0) return all;
      }
      return all;
    },

    async getProject(projectIdOrKey) {
      return get(route`/rest/api/3/project/${idParam(projectIdOrKey, 'project')}`, projectSchema);
    },

    async issueTypesForProject(projectIdOrKey) {
      const project = idParam(projectIdOrKey, 'project');
      const all: JiraIssueType[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ startAt: String(all.length), maxResults: '200' });
        const res = await get(
          route`/rest/api/3/issue/createmeta/${project}/issuetypes?${params}`,
          createMetaIssueTypesPageSchema,
        );
        all.push(...res.issueTypes);
        if (res.issueTypes.length === 0 || res.total === undefined || all.length >= res.total) return all;
      }
      return all;
    },

    async createMeta(projectIdOrKey, issueTypeId) {
      const project = idParam(projectIdOrKey, 'project');
      const type = idParam(issueTypeId, 'issue type');
      const all: JiraFieldCreateMetadata[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ startAt: String(all.length), maxResults: '200' });
        const res = await get(
          route`/rest/api/3/issue/createmeta/${project}/issuetypes/${type}?${params}`,
          createMetaFieldsPageSchema,
        );
        const fields = res.fields ?? res.results ?? [];
        all.push(...fields);
        if (fields.length === 0 || res.total === undefined || all.length >= res.total) return all;
      }
      return all;
    },

    async fields() {
      return get(route`/rest/api/3/field`, fieldsSchema);
    },

    async priorities() {
      // GET /priority is the catalog readable with read:jira-work; priority/search has no
      // OAuth scope an app can hold (Jira platform OpenAPI), so Forge apps cannot call it.
      return get(route`/rest/api/3/priority`, prioritiesSchema);
    },

    async statuses() {
      return get(route`/rest/api/3/status`, statusesSchema);
    },

    async projectStatuses(projectIdOrKey) {
      const res = await get(
        route`/rest/api/3/project/${idParam(projectIdOrKey, 'project')}/statuses`,
        projectStatusesSchema,
      );
      return res.map((t) => ({ issueTypeId: t.id, statuses: t.statuses }));
    },

    async getIssue(issueIdOrKey, fields, expand = []) {
      const params = new URLSearchParams({ fields: fields.length > 0 ? fields.join(',') : '*all' });
      if (expand.length > 0) params.set('expand', expand.join(','));
      return get(route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}?${params}`, issueSchema);
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
      const res = await call(
        route`/rest/api/3/issue/bulkfetch`,
        { method: 'POST', json: body, read: true },
        bulkIssuesSchema,
      );
      return res.issues;
    },

    async getIssueProperty(issueIdOrKey, propertyKey) {
      const issue = idParam(issueIdOrKey, 'issue');
      const key = propertyKeyParam(propertyKey);
      try {
        const property = await get(route`/rest/api/3/issue/${issue}/properties/${key}`, entityPropertySchema);
        return property.value === undefined ? null : property.value;
      } catch (error) {
        // 404: the issue has no such property, or is gone or hidden [spec getIssueProperty].
        if (error instanceof JiraApiError && error.status === 404) return null;
        throw error;
      }
    },

    async createIssue(issue) {
      return call(route`/rest/api/3/issue`, { method: 'POST', json: issue }, createdIssueSchema);
    },

    async editIssue(issueIdOrKey, edit) {
      await call(
        route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}`,
        { method: 'PUT', json: edit },
        null,
      );
    },

    async transitions(issueIdOrKey) {
      return (
        await get(route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/transitions`, transitionsSchema)
      ).transitions;
    },

    async transition(issueIdOrKey, transitionId, fields) {
      const body: Record<string, unknown> = { transition: { id: idParam(transitionId, 'transition') } };
      if (fields !== undefined) body.fields = fields;
      await call(
        route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/transitions`,
        { method: 'POST', json: body },
        null,
      );
    },

    async comments(issueIdOrKey) {
      const issue = idParam(issueIdOrKey, 'issue');
      const all: JiraComment[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({
          startAt: String(all.length),
          maxResults: '100',
          orderBy: 'created',
        });
        const res = await get(route`/rest/api/3/issue/${issue}/comment?${params}`, commentsPageSchema);
        all.push(...res.comments);
        if (res.comments.length === 0 || all.length >= res.total) return all;
      }
      return all;
    },

    async addComment(issueIdOrKey, body, properties, visibility) {
      const payload: Record<string, unknown> = { body };
      if (properties !== undefined) payload.properties = properties;
      if (visibility !== undefined) payload.visibility = visibility;
      return call(
        route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/comment`,
        { method: 'POST', json: payload },
        commentSchema,
      );
    },

    async addAttachment(issueIdOrKey, filename, bytes, contentType = 'application/octet-stream') {
      const form = multipartFile(filename, bytes, contentType);
      // @forge/api's requestJira does not add this header itself (only @forge/bridge does);
      // without it Jira blocks the upload as XSRF (docs/contracts/jira-api.md § Attachments).
      return call(
        route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/attachments`,
        {
          method: 'POST',
          raw: { body: form.body, contentType: form.contentType },
          headers: { 'X-Atlassian-Token': 'no-check' },
        },
        attachmentsSchema,
      );
    },

    async getAttachmentContent(attachmentId, opts = {}) {
      // redirect=false answers 200 with the bytes instead of a 303 to a download URL.
      const res = await send(
        route`/rest/api/3/attachment/content/${idParam(attachmentId, 'attachment')}?redirect=false`,
        {
          method: 'GET',
          headers: { Accept: '*/*' },
        },
      );
      if (res.status < 200 || res.status >= 300)
        throw jiraErrorFromBody(res.status, await res.text().catch(() => ''));
      return readBoundedBytes(res, opts.maxBytes);
    },

    async searchJql(jql, opts = {}) {
      const body: Record<string, unknown> = {
        jql,
        fields: [...(opts.fields ?? ['id', 'key'])],
        maxResults: opts.maxResults ?? 50,
      };
      if (opts.nextPageToken !== undefined) body.nextPageToken = opts.nextPageToken;
      const res = await call(
        route`/rest/api/3/search/jql`,
        { method: 'POST', json: body },
        searchJqlPageSchema,
      );
      return { issues: res.issues, nextPageToken: res.nextPageToken ?? null };
    },
  };
  return client;
}
