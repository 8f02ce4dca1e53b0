/**
 * What a failed Zendesk or Jira call means for an event handler (docs/sync-model.md
 * § Jira → Zendesk, Errors):
 *
 * - transient (429 beyond the client's wait budget, 5xx, no answer): the handler asks Forge to
 *   deliver the event again by returning an InvocationError. Product event triggers may do
 *   this up to four times, with `retryAfter` capped at 900 s
 *   (https://developer.atlassian.com/platform/forge/events-reference/product_events/
 *   § Retry product events). Every step is idempotent, so a redelivery finishes the work;
 * - refusal (any other 4xx): repeating would fail the same way, so it is recorded on the link
 *   with the upstream's words and the event is done.
 */
import { isConnectionLost } from '../lifecycle/connectionLost';
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { JiraApiError, JiraRateLimitedError } from '../../jira/errors';
import { ZendeskApiError, ZendeskRateLimitedError } from '../../zendesk/errors';

/** Forge retries an event at most four times. */
export const MAX_EVENT_RETRIES = 4;
/** Forge lowers larger `retryAfter` values to this. */
export const MAX_RETRY_AFTER_SECONDS = 900;

export interface RetryAdvice {
  retryAfterSeconds: number;
  reason: InvocationErrorCode;
}

function isUpstream(error: unknown): error is JiraApiError | ZendeskApiError {
  return error instanceof JiraApiError || error instanceof ZendeskApiError;
}

/** 4xx other than 429 from Jira or Zendesk: the request itself was refused. */
export function isRefusal(error: unknown): error is JiraApiError | ZendeskApiError {
  if (isConnectionLost(error)) return false;
  return isUpstream(error) && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/** Seconds before the n-th redelivery of a transient failure: 15, 30, 60, 120. */
export function backoffSeconds(retryCount: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, 15 * 2 ** Math.max(0, retryCount));
}

/** Intent older than this belongs to an invocation that can no longer be running (event functions get 55 s). */
export const PENDING_STALE_MS = 120_000;

/** Null when repeating the event cannot help. */
export function retryAdvice(error: unknown, retryCount: number): RetryAdvice | null {
  if (error instanceof ZendeskRateLimitedError || error instanceof JiraRateLimitedError) {
    return {
      retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, error.retryAfterSeconds)),
      reason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
    };
  }
  // 401: the connection went away mid-run (lifecycle/connectionLost.ts); it may be back by then.
  if (
    isConnectionLost(error) ||
    (isUpstream(error) && (error.status === 0 || error.status >= 500 || error.status === 429))
  ) {
    return {
      retryAfterSeconds: backoffSeconds(retryCount),
      reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    };
  }
  return null;
}

/** The value a trigger returns to be delivered again (serialises to `{_retry: true, retryOptions}`). */
export function retryLater(advice: RetryAdvice, retryData: unknown): InvocationError {
  return new InvocationError({ retryAfter: advice.retryAfterSeconds, retryReason: advice.reason, retryData });
}
