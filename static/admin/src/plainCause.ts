/**
 * Plain words for what the sync recorded on a link. The recorded message (with Zendesk's or
 * Jira's own answer) stays available under "Details"; the first thing an admin reads says
 * what happened and what the connector does about it.
 */
import type { ProblemCode } from '../../../src/domain/errors';
import type { PendingChange } from '../../../src/domain/rpc';
import type { SyncProblem } from '../../../src/domain/types';

const BY_CODE: Record<ProblemCode, string> = {
  TO_ZENDESK_PENDING: 'A Jira change has not reached Zendesk yet. It is retried automatically.',
  TO_ZENDESK_FAILED: 'Zendesk refused a Jira change; it was not carried over.',
  TO_ZENDESK_TICKET_CLOSED: 'The Zendesk ticket is closed, so Jira changes can no longer reach it.',
  TO_ZENDESK_TICKET_MISSING: 'The Zendesk ticket is gone or the connector may not read it.',
  TO_ZENDESK_STATUS_LIMIT: 'Zendesk cannot follow this Jira status change.',
  TO_ZENDESK_STATUS_REFUSED: 'Zendesk refused the status from Jira.',
  TO_ZENDESK_FIELD_UNSUPPORTED: 'A mapped field cannot be written to Zendesk.',
  TO_ZENDESK_FIELD_REFUSED: 'Zendesk refused a mapped field’s value.',
  TO_ZENDESK_COMMENT_FAILED: 'A Jira comment could not be copied to Zendesk.',
  TO_ZENDESK_ATTACHMENT_SKIPPED: 'A Jira file was not copied to Zendesk.',
  TO_ZENDESK_ATTACHMENT_FAILED: 'A Jira file could not be copied to Zendesk.',
  ISSUE_NOT_FOUND: 'The Jira issue can no longer be read by the app.',
  FIELD_MISSING: 'A mapped Jira field does not exist any more.',
  FIELD_UNSUPPORTED: 'A mapped Jira field cannot take the Zendesk value.',
  FIELD_NO_OPTION: 'The Zendesk value has no matching option in the Jira field.',
  FIELD_NOT_APPLIED: 'Jira did not accept a mapped field.',
  STATUS_NO_TRANSITION: 'The Jira workflow has no way to the ticket’s status.',
  STATUS_FAILED: 'Jira refused the status change.',
  COMMENT_FAILED: 'A Zendesk comment could not be copied to Jira.',
  ATTACHMENT_FAILED: 'A Zendesk file could not be copied to Jira.',
  ATTACHMENT_SKIPPED: 'A Zendesk file was not copied to Jira.',
  SYNC_FAILED: 'Bringing the ticket’s changes into Jira failed. It is retried automatically.',
  SYNC_GAVE_UP: 'Bringing the ticket’s changes into Jira failed repeatedly.',
  TICKET_DELETED: 'The Zendesk ticket was deleted.',
  TICKET_MERGED: 'The Zendesk ticket was merged into another ticket.',
  ISSUE_MOVED: 'The Jira issue moved to another project or got a new key.',
};

/** Why an upstream answer failed, in words, from its HTTP status. */
export function upstreamReason(upstream: NonNullable<SyncProblem['upstream']>): string {
  const who = upstream.service === 'zendesk' ? 'Zendesk' : 'Jira';
  const s = upstream.status;
  if (s === 0) return `${who} could not be reached`;
  if (s === 401) return `${who} did not accept the connector’s credentials`;
  if (s === 403) return `${who} does not allow the connector to do this`;
  if (s === 404) return `${who} could not find it`;
  if (s === 409 || s === 422 || s === 400) return `${who} refused the value`;
  if (s === 429) return `${who} asked the connector to slow down`;
  if (s >= 500) return `${who} was unavailable`;
  return `${who} refused the request`;
}

export function plainCause(problem: SyncProblem): string {
  const base = BY_CODE[problem.code];
  return problem.upstream ? `${base} (${upstreamReason(problem.upstream)}.)` : base;
}

/** "Jira comment 10003", "Ticket change of 5 Dec 10:02", … */
export function describeChange(change: PendingChange): string {
  const [kind, id = ''] = change.source.split(/-(.*)/s);
  if (kind === 'comment') return `Jira comment ${id}`;
  if (kind === 'attachment') return `Jira file ${id}`;
  if (kind === 'u') return 'Jira issue update';
  if (kind === 'retry') return 'Retry of the ticket’s changes';
  if (kind === 'ticket') {
    const at = Number(id);
    return Number.isFinite(at) ? `Ticket change of ${new Date(at).toLocaleString()}` : 'Ticket change';
  }
  return change.source;
}

export const DIRECTION_LABEL: Record<PendingChange['direction'], string> = {
  toJira: 'Zendesk → Jira',
  toZendesk: 'Jira → Zendesk',
};
