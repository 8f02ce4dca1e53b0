/**
 * What a Jira user who is not a Jira admin sees of a failure: plain words and "ask your Jira
 * admin", never Zendesk's or Jira's response bodies, HTTP statuses, or field ids (those help
 * the admin who can fix the cause, and only confuse or leak to everyone else). The panel
 * resolver asks Jira, as the caller, whether they are an admin (ADMINISTER) before it shows
 * details; see src/resolvers/panel.ts.
 */
import type { ErrorCode, ProblemCode } from '../domain/errors';
import type { RpcError } from '../domain/rpc';
import type { LinkRecord, SyncProblem } from '../domain/types';

export const ASK_ADMIN = 'ask your Jira admin';

/** Codes whose message the panel wrote in plain words for anyone; kept as they are. */
const PLAIN_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NO_ACCESS',
  'NO_EDIT_PERMISSION',
  'NO_ISSUE',
  'NOT_CONNECTED',
  'LICENSE_INACTIVE',
  'RATE_LIMITED',
  'ZENDESK_NOT_FOUND',
  'ALREADY_LINKED',
  'NOT_LINKED',
  'ITEM_NOT_FOUND',
  'ITEM_NOT_APPLICABLE',
  'AUTO_LINK_READ_ONLY',
]);

const AGENT_ERRORS: Partial<Record<ErrorCode, string>> = {
  ZENDESK_AUTH: `Zendesk no longer accepts the connector's sign-in. Please ${ASK_ADMIN} to reconnect Zendesk.`,
  ZENDESK_FORBIDDEN: `Zendesk did not let the connector read this record. If it should, ${ASK_ADMIN} to check the Zendesk connection.`,
  UPSTREAM: `Zendesk or Jira did not answer as expected. Try again in a moment; if it keeps happening, ${ASK_ADMIN}.`,
  STORAGE: `The connector could not save its data just now. Try again in a moment; if it keeps happening, ${ASK_ADMIN}.`,
  LIMIT: `This would go past a limit of the connector. Please ${ASK_ADMIN}.`,
};
const AGENT_ERROR_FALLBACK = `Something went wrong. Try again; if it keeps happening, ${ASK_ADMIN}.`;

/** An error as a non-admin sees it. */
export function agentError(error: RpcError): RpcError {
  if (PLAIN_CODES.has(error.code)) return { code: error.code, message: error.message };
  return { code: error.code, message: AGENT_ERRORS[error.code] ?? AGENT_ERROR_FALLBACK };
}

/** Does showing this error to a non-admin need rewording (details only an admin should see)? */
export function hasAdminDetails(error: RpcError): boolean {
  return error.upstream !== undefined || !PLAIN_CODES.has(error.code);
}

/** Sync problems (src/sync/core/problems.ts codes) in words for the people working the issue. */
const AGENT_PROBLEMS: Partial<Record<ProblemCode, string>> = {
  ISSUE_NOT_FOUND: 'Zendesk changes cannot reach this issue.',
  FIELD_MISSING: 'Some Zendesk values could not be copied to this issue.',
  FIELD_UNSUPPORTED: 'Some Zendesk values could not be copied to this issue.',
  FIELD_NO_OPTION: 'Some Zendesk values have no matching choice in this issue.',
  FIELD_NOT_APPLIED: 'Some Zendesk values could not be copied to this issue.',
  STATUS_NO_TRANSITION: 'The Zendesk status could not be applied to this issue.',
  STATUS_FAILED: 'The Zendesk status could not be applied to this issue.',
  COMMENT_FAILED: 'A Zendesk comment could not be copied to this issue.',
  ATTACHMENT_FAILED: 'A Zendesk attachment could not be copied to this issue.',
  SYNC_FAILED: 'Synchronization with Zendesk is failing for this issue.',
  SYNC_GAVE_UP: 'Synchronization with Zendesk stopped for this issue.',
};

/** Problems whose message is about the Zendesk content itself (a file's name and size), already plain. */
const PLAIN_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['ATTACHMENT_SKIPPED']);

export function agentProblem(problem: SyncProblem): SyncProblem {
  if (PLAIN_PROBLEMS.has(problem.code)) {
    return { kind: problem.kind, code: problem.code, message: problem.message, at: problem.at };
  }
  const what = AGENT_PROBLEMS[problem.code] ?? 'Synchronization with Zendesk has a problem on this issue.';
  const help =
    problem.kind === 'limitation'
      ? `The rest keeps synchronizing; ${ASK_ADMIN} if you need it.`
      : `Please ${ASK_ADMIN} to look at the Zendesk Connector activity page.`;
  return { kind: problem.kind, code: problem.code, message: `${what} ${help}`, at: problem.at };
}

/** The link as a non-admin sees it: problems in plain words, no upstream details. */
export function agentLink(link: LinkRecord): LinkRecord {
  return link.problems.length === 0 ? link : { ...link, problems: link.problems.map(agentProblem) };
}
