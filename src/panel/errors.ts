/**
 * Refusals the issue panel answers with, each with a stable code and a message written for
 * the Jira user looking at the card. Zendesk failures keep Zendesk's status and words in
 * `upstream` so the card can say what Zendesk answered.
 */
import type { RpcError } from '../domain/rpc';
import { ZENDESK_OBJECT_LABELS, type ZendeskObject } from '../domain/types';
import { JiraApiError, JiraRateLimitedError } from '../jira/errors';
import { truncate } from '../util/redact';
import { ZendeskApiError, ZendeskRateLimitedError } from '../zendesk/errors';

export class PanelError extends Error {
  readonly code: string;
  readonly upstream: RpcError['upstream'];

  constructor(code: string, message: string, upstream?: RpcError['upstream']) {
    super(message);
    this.name = 'PanelError';
    this.code = code;
    this.upstream = upstream;
  }

  toRpc(): RpcError {
    return this.upstream
      ? { code: this.code, message: this.message, upstream: this.upstream }
      : { code: this.code, message: this.message };
  }
}

export const NO_ACCESS_MESSAGE = 'You do not have permission to view this issue.';
export const NO_EDIT_MESSAGE = 'You need permission to edit this issue to link or unlink Zendesk records.';
export const NOT_CONNECTED_MESSAGE =
  'Zendesk is not connected. Ask your Jira admin to connect Zendesk Support on the Zendesk Connector admin page.';
export const AUTO_LINK_MESSAGE =
  'This ticket was linked automatically by the scheduler. Auto-managed links stay read-only in the issue panel and cannot be unlinked here.';

export function noun(object: ZendeskObject): string {
  return object === 'user' ? 'customer' : ZENDESK_OBJECT_LABELS[object].toLowerCase();
}

function upstreamOf(error: ZendeskApiError): NonNullable<RpcError['upstream']> {
  return { service: 'zendesk', status: error.status, message: truncate(error.message, 300) };
}

/** A readable refusal for a failed read of one Zendesk record. */
export function zendeskRecordError(error: unknown, object: ZendeskObject, recordId: string): unknown {
  if (!(error instanceof ZendeskApiError)) return error;
  const what = `Zendesk ${noun(object)} ${recordId}`;
  const upstream = upstreamOf(error);
  if (error instanceof ZendeskRateLimitedError || error.status === 429) {
    const wait =
      error instanceof ZendeskRateLimitedError ? ` in ${error.retryAfterSeconds} seconds` : ' in a minute';
    return new PanelError('RATE_LIMITED', `Zendesk is rate limiting requests; try again${wait}.`, upstream);
  }
  if (error.status === 404) {
    return new PanelError(
      'ZENDESK_NOT_FOUND',
      `${what} was not found. It may have been deleted or merged.`,
      upstream,
    );
  }
  if (error.status === 403) {
    return new PanelError(
      'ZENDESK_FORBIDDEN',
      `The connected Zendesk agent is not allowed to read ${what}.`,
      upstream,
    );
  }
  if (error.status === 401) {
    return new PanelError(
      'ZENDESK_AUTH',
      'Zendesk rejected the stored credentials. Ask your Jira admin to reconnect Zendesk.',
      upstream,
    );
  }
  if (error.status === 0)
    return new PanelError('UPSTREAM', `Zendesk could not be reached while reading ${what}.`, upstream);
  return new PanelError('UPSTREAM', `Zendesk could not return ${what}.`, upstream);
}

/** A readable refusal for a failed search. */
export function zendeskSearchError(error: unknown): unknown {
  if (!(error instanceof ZendeskApiError)) return error;
  const upstream = upstreamOf(error);
  if (error instanceof ZendeskRateLimitedError || error.status === 429) {
    const wait =
      error instanceof ZendeskRateLimitedError ? ` in ${error.retryAfterSeconds} seconds` : ' in a minute';
    return new PanelError('RATE_LIMITED', `Zendesk is rate limiting requests; try again${wait}.`, upstream);
  }
  if (error.status === 401) {
    return new PanelError(
      'ZENDESK_AUTH',
      'Zendesk rejected the stored credentials. Ask your Jira admin to reconnect Zendesk.',
      upstream,
    );
  }
  return new PanelError('UPSTREAM', 'Zendesk search failed.', upstream);
}

/** Jira said the caller cannot see the issue (404) or refused the check. */
export function jiraAccessError(error: unknown): unknown {
  if (error instanceof JiraRateLimitedError) return error;
  if (
    error instanceof JiraApiError &&
    (error.status === 404 || error.status === 403 || error.status === 401)
  ) {
    return new PanelError('NO_ACCESS', NO_ACCESS_MESSAGE);
  }
  return error;
}
