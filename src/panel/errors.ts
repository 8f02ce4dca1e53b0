/**
 * Refusals the issue panel answers with (AppError, src/util/errors.ts), each with a code from
 * the typed list and a message written for the Jira user looking at the card. Zendesk failures
 * keep Zendesk's status and words in `upstream` so the card can say what Zendesk answered.
 */
import { ZENDESK_OBJECT_LABELS, type ZendeskObject } from '../domain/types';
import { JiraApiError, JiraRateLimitedError } from '../jira/errors';
import { AppError } from '../util/errors';
import { ZendeskApiError, ZendeskRateLimitedError } from '../zendesk/errors';

export const NO_ACCESS_MESSAGE = 'You do not have permission to view this issue.';
export const NO_EDIT_MESSAGE = 'You need permission to edit this issue to link or unlink Zendesk records.';
export const NOT_CONNECTED_MESSAGE =
  'Zendesk is not connected. Ask your Jira admin to connect Zendesk Support on the Zendesk Connector admin page.';
export const AUTO_LINK_MESSAGE =
  'This ticket was linked automatically by the scheduler. Auto-managed links stay read-only in the issue panel and cannot be unlinked here.';

export function noun(object: ZendeskObject): string {
  return object === 'user' ? 'customer' : ZENDESK_OBJECT_LABELS[object].toLowerCase();
}

/** A readable refusal for a failed read of one Zendesk record. */
export function zendeskRecordError(error: unknown, object: ZendeskObject, recordId: string): unknown {
  if (!(error instanceof ZendeskApiError)) return error;
  const what = `Zendesk ${noun(object)} ${recordId}`;
  const upstream = error.toUpstream();
  if (error instanceof ZendeskRateLimitedError || error.status === 429) {
    const wait =
      error instanceof ZendeskRateLimitedError ? ` in ${error.retryAfterSeconds} seconds` : ' in a minute';
    return new AppError('RATE_LIMITED', `Zendesk is rate limiting requests; try again${wait}.`, upstream);
  }
  if (error.status === 404) {
    return new AppError(
      'ZENDESK_NOT_FOUND',
      `${what} was not found. It may have been deleted or merged.`,
      upstream,
    );
  }
  if (error.status === 403) {
    return new AppError(
      'ZENDESK_FORBIDDEN',
      `The connected Zendesk agent is not allowed to read ${what}.`,
      upstream,
    );
  }
  if (error.status === 401) {
    return new AppError(
      'ZENDESK_AUTH',
      'Zendesk rejected the stored credentials. Ask your Jira admin to reconnect Zendesk.',
      upstream,
    );
  }
  if (error.status === 0)
    return new AppError('UPSTREAM', `Zendesk could not be reached while reading ${what}.`, upstream);
  return new AppError('UPSTREAM', `Zendesk could not return ${what}.`, upstream);
}

/** A readable refusal for a failed search. */
export function zendeskSearchError(error: unknown): unknown {
  if (!(error instanceof ZendeskApiError)) return error;
  const upstream = error.toUpstream();
  if (error instanceof ZendeskRateLimitedError || error.status === 429) {
    const wait =
      error instanceof ZendeskRateLimitedError ? ` in ${error.retryAfterSeconds} seconds` : ' in a minute';
    return new AppError('RATE_LIMITED', `Zendesk is rate limiting requests; try again${wait}.`, upstream);
  }
  if (error.status === 401) {
    return new AppError(
      'ZENDESK_AUTH',
      'Zendesk rejected the stored credentials. Ask your Jira admin to reconnect Zendesk.',
      upstream,
    );
  }
  return new AppError('UPSTREAM', 'Zendesk search failed.', upstream);
}

/** Jira said the caller cannot see the issue (404) or refused the check. */
export function jiraAccessError(error: unknown): unknown {
  if (error instanceof JiraRateLimitedError) return error;
  if (
    error instanceof JiraApiError &&
    (error.status === 404 || error.status === 403 || error.status === 401)
  ) {
    return new AppError('NO_ACCESS', NO_ACCESS_MESSAGE);
  }
  return error;
}
