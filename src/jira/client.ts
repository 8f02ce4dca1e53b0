/**
 * Jira Cloud REST v3 client over Forge's `requestJira`, as the app (`asApp`) or as the
 * invoking user (`asUser`): one object composed of the call modules over one transport.
 * Every path is a `route` template, which escapes parameters and refuses path manipulation
 * (docs/contracts/forge-platform.md § Product requests); ids are also checked first.
 *
 * - transport.ts: retries, 429, errors from the ErrorCollection body, id rules.
 * - permissions.ts, catalogs.ts (projects, fields, priorities, statuses), issues.ts (read,
 *   write, transition, JQL), comments.ts, attachments.ts: one area of the API each.
 *
 * Callers import the client and its types from here; the modules stay free to move.
 */
import { attachmentCalls, type JiraAttachmentCalls } from './attachments';
import { catalogCalls, type JiraCatalogCalls } from './catalogs';
import { commentCalls, type JiraCommentCalls } from './comments';
import { issueCalls, type JiraIssueCalls } from './issues';
import { permissionCalls, type JiraPermissionCalls } from './permissions';
import { createJiraTransport, type JiraClientOptions } from './transport';

export { multipartFile } from './attachments';
export type { CommentVisibilityWrite } from './comments';
export { BULK_FETCH_MAX, type EntityPropertyWrite, type IssueWrite, type JqlPage } from './issues';
export type { JiraClientOptions, JiraRequester } from './transport';

export interface JiraClient
  extends JiraPermissionCalls, JiraCatalogCalls, JiraIssueCalls, JiraCommentCalls, JiraAttachmentCalls {
  readonly as: 'app' | 'user';
}

export function jiraClient(as: 'app' | 'user', options: JiraClientOptions = {}): JiraClient {
  const t = createJiraTransport(as, options);
  return {
    as,
    ...permissionCalls(t),
    ...catalogCalls(t),
    ...issueCalls(t),
    ...commentCalls(t),
    ...attachmentCalls(t),
  };
}
