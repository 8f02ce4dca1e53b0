/**
 * Jira reads the event handlers need that the shared client (src/jira/client.ts) has no call
 * for, as the app through `requestJira`:
 *
 * - GET /rest/api/3/priority: the priority catalog in the site's order, the same endpoint as
 *   JiraClient.priorities(), read here once per invocation and without the client's retries.
 * - GET /rest/api/3/issue/{id}/comment/{commentId}: one comment with author name and
 *   visibility (docs/contracts/jira-api.md § Comments), instead of listing every comment of the issue.
 * - GET /rest/api/3/attachment/{id}: attachment metadata (docs/contracts/jira-api.md § Attachments), read
 *   before any download so the 10 MB rule is applied without fetching the bytes.
 * - GET /rest/api/3/user?accountId=…: a user's display name (docs/contracts/jira-api.md § Users),
 *   for comments and files whose event names the author by account id only.
 *
 * The comment and the attachment are read only when the event payload cannot stand in for them
 * (comments.ts, attachmentCreated.ts).
 *
 * Errors follow the client's shapes (JiraApiError / JiraRateLimitedError) so the handlers
 * classify them the same way. No retry loop here: a transient failure makes Forge deliver
 * the event again.
 */
import api, { route, type APIResponse, type Route } from '@forge/api';
import { z } from 'zod';
import { JiraApiError, JiraRateLimitedError, jiraAnswer, jiraErrorFromBody } from '../../jira/errors';
import { attachmentSchema, commentSchema, prioritiesSchema, type JiraPriority } from '../../jira/schemas';
import { AppError, describeError } from '../../util/errors';
import { truncate } from '../../util/redact';
import { parseRetryAfter } from '../../util/retry';
import { JIRA_ACCOUNT_ID_PATTERN, JIRA_ID_PATTERN } from '../../domain/ids';

export const jiraCommentSchema = commentSchema.extend({
  updated: z.string().optional(),
  /**
   * Restricted comments (`visibility`, docs/contracts/jira-api.md § Comments): seen only by a role or group
   * in Jira.
   */
  visibility: z
    .object({ type: z.string(), value: z.string().optional(), identifier: z.string().nullable().optional() })
    .nullable()
    .optional(),
});
export type JiraEventComment = z.infer<typeof jiraCommentSchema>;

export const jiraAttachmentMetaSchema = attachmentSchema;
export type JiraAttachmentMeta = z.infer<typeof jiraAttachmentMetaSchema>;

function idParam(value: string, what: string): string {
  if (!JIRA_ID_PATTERN.test(value))
    throw new AppError('BAD_ID', `Invalid Jira ${what} id: ${truncate(value, 40)}`);
  return value;
}

const userSchema = z.object({ accountId: z.string(), displayName: z.string().optional() });

export type Requester = (path: Route) => Promise<APIResponse>;

const asApp: Requester = (path) => api.asApp().requestJira(path, { headers: { Accept: 'application/json' } });

async function read<S extends z.ZodType>(requester: Requester, path: Route, schema: S): Promise<z.output<S>> {
  const label = `GET ${path.value.split('?')[0] ?? ''}`;
  let res: APIResponse;
  try {
    res = await requester(path);
  } catch (error) {
    throw new JiraApiError(0, [truncate(`Could not reach Jira (${label}): ${describeError(error)}`)]);
  }
  const text = await res.text();
  if (res.status === 429) {
    throw new JiraRateLimitedError(
      parseRetryAfter(res.headers.get('retry-after')) ?? 60,
      jiraErrorFromBody(429, text).messages,
    );
  }
  return jiraAnswer(res.status, text, label, schema);
}

/** Per-invocation reads, each made at most once. */
export class JiraEventReads {
  private catalog: Promise<JiraPriority[]> | null = null;

  constructor(private readonly requester: Requester = asApp) {}

  /** The priority catalog, highest first (the order Jira lists them in). */
  priorities(): Promise<JiraPriority[]> {
    this.catalog ??= read(this.requester, route`/rest/api/3/priority`, prioritiesSchema).catch(
      (error: unknown) => {
        this.catalog = null;
        throw error;
      },
    );
    return this.catalog;
  }

  comment(issueId: string, commentId: string): Promise<JiraEventComment> {
    return read(
      this.requester,
      route`/rest/api/3/issue/${idParam(issueId, 'issue')}/comment/${idParam(commentId, 'comment')}`,
      jiraCommentSchema,
    );
  }

  /** The user's display name; null when Jira does not tell (unknown account, privacy settings). */
  async userName(accountId: string): Promise<string | null> {
    if (!JIRA_ACCOUNT_ID_PATTERN.test(accountId)) return null;
    try {
      const user = await read(this.requester, route`/rest/api/3/user?accountId=${accountId}`, userSchema);
      return user.displayName ?? null;
    } catch (error) {
      if (error instanceof JiraApiError && (error.status === 404 || error.status === 403)) return null;
      throw error;
    }
  }

  attachment(attachmentId: string): Promise<JiraAttachmentMeta> {
    return read(
      this.requester,
      route`/rest/api/3/attachment/${idParam(attachmentId, 'attachment')}`,
      jiraAttachmentMetaSchema,
    );
  }
}
