/**
 * The Zendesk connection going away while a run or an event handler is working
 * (docs/sync-model.md § Lifecycle): the admin revoked it (the token secret is deleted), or the
 * token was deleted in Zendesk, and Zendesk answers 401 from then on
 * (https://developer.zendesk.com/api-reference/introduction/security-and-auth/).
 *
 * A 401 is not a problem of the ticket or the link: recording it on each link, or counting
 * it as a failed ticket attempt, would park good tickets and flood the activity view. So the
 * scheduled pass stops at once (ConnectionLost goes past the per-ticket bookkeeping and the
 * cursor stays before the page being processed), and an event handler asks Forge to deliver
 * the event again later instead of recording a refusal.
 */
import { ZendeskApiError } from '../../zendesk/errors';
import { errorText } from '../core/problems';

export class ConnectionLost extends Error {
  constructor(cause: unknown) {
    super(
      `The Zendesk connection stopped working (${errorText(cause)}): it was revoked or its token was deleted. Nothing more was synchronized; the work resumes where it stopped once Zendesk is connected again`,
    );
    this.name = 'ConnectionLost';
  }
}

/** Zendesk refused the credentials themselves. */
export function isConnectionLost(error: unknown): boolean {
  return error instanceof ConnectionLost || (error instanceof ZendeskApiError && error.status === 401);
}

/** For the per-ticket path: a lost connection is rethrown as ConnectionLost, anything else as is. */
export function asConnectionLost(error: unknown): unknown {
  return error instanceof ZendeskApiError && error.status === 401 ? new ConnectionLost(error) : error;
}
