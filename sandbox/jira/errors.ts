/**
 * Error answers in Jira's shapes. REST resources answer with an ErrorCollection
 * (`{errorMessages, errors}`, spec `components.schemas.ErrorCollection`); the
 * authentication and XSRF filters in front of them answer in plain text.
 */

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as application/json. */
  json?: unknown;
  /** Sent as is (with `headers['content-type']`). */
  body?: Buffer | string;
}

export class JiraError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[],
    readonly errors: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
  }

  static badRequest(message: string): JiraError {
    return new JiraError(400, [message]);
  }

  static fields(errors: Record<string, string>, errorMessages: string[] = []): JiraError {
    return new JiraError(400, errorMessages, errors);
  }

  toResponse(): SimResponse {
    return {
      status: this.status,
      headers: this.headers,
      json: { errorMessages: this.errorMessages, errors: this.errors },
    };
  }
}

/** A plain-text refusal from one of Jira's servlet filters (not a REST resource). */
export class PlainTextError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(text);
  }

  toResponse(): SimResponse {
    return {
      status: this.status,
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...this.headers },
      body: this.text,
    };
  }
}

/** Wording Jira Cloud uses; sources are noted where each is raised. */
export const MESSAGES = {
  // [3p] widely reproduced body of Jira Cloud's 401 for anonymous REST calls.
  unauthenticated: 'You are not authenticated. Authentication required to perform this operation.',
  // [3p] github.com/atlassian/gajira-login/issues/59 (2025) and jira-node/node-jira-client#255:
  // a wrong API token gets a plain-text 401 with this text from the auth filter.
  badCredentials: 'Client must be authenticated to access this resource.',
  // [3p] github.com/MrRefactoring/jira.js/issues/100: 403 "XSRF check failed" without X-Atlassian-Token.
  xsrf: 'XSRF check failed',
  // Spec 404 descriptions: "the issue is not found or the user does not have permission to view it".
  issueNotFound: 'Issue does not exist or you do not have permission to see it.',
  projectNotFound: (idOrKey: string): string =>
    /^\d+$/.test(idOrKey)
      ? `No project could be found with id '${idOrKey}'.`
      : `No project could be found with key '${idOrKey}'.`,
  // [3p] pycontribs/jira#1, go-jira/jira#23: fields outside the screen, or a user without edit rights.
  notOnScreen: (fieldId: string): string =>
    `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`,
  // [3p] many clients quote this for plain-string values of ADF fields on v3.
  notAdf: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
  // [3p] github.com/pchuri/jira-cli/pull/38, lesstif/php-jira-rest-client#412: plain-string comment body on v3.
  commentNotValid: 'Comment body is not valid!',
  // [3p] github.com/nguyenvanduocit/jira-mcp/issues/42: what Jira answers for a malformed document.
  invalidInput: 'INVALID_INPUT',
  // [3p] quoted by public Jira clients (Atlassian.NET SDK integration tests; Go clients that file
  // issues): `errors.description` / `errors.comment` for a value over the multi-line text limit.
  // Jira Cloud fixes that limit at 32,767 characters (jira.text.field.character.limit cannot be
  // raised in Cloud [doc https://support.atlassian.com/jira-cloud-administration/docs/configure-advanced-settings/]).
  textTooLong: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.',
  // [doc] Adobe Workfront Fusion Jira connector notes quoting Jira's 410 for the removed search.
  searchRemoved:
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. ' +
    'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  // [3p] several public clients quote this 400 for `order by …` without a restriction.
  unboundedJql: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
} as const;
