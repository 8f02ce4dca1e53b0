/**
 * How the Zendesk → Jira pass classifies failures: a rate limit beyond the run's wait budget
 * stops the run (RunStop); a refusal (4xx other than 429) is a problem of one step; anything
 * else fails the ticket (TicketFailed) and counts towards its retry limit.
 */
import { JiraApiError, JiraRateLimitedError } from '../../jira/errors';
import { AppError } from '../../util/errors';
import { ZendeskApiError, ZendeskRateLimitedError } from '../../zendesk/errors';

/** Thrown when an upstream asks us to wait longer than the run can: the run stops, the ticket is deferred. */
export class RunStop extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'RunStop';
  }
}

/** The ticket's processing failed (after trying every link); counts towards its retry limit. */
export class TicketFailed extends Error {
  constructor(
    readonly ticketId: string,
    message: string,
  ) {
    super(message);
    this.name = 'TicketFailed';
  }
}

export function isRateLimit(error: unknown): error is JiraRateLimitedError | ZendeskRateLimitedError {
  return error instanceof JiraRateLimitedError || error instanceof ZendeskRateLimitedError;
}

/** 4xx other than 429: the request itself was refused; repeating it would fail the same way. */
export function isRefusal(error: unknown): boolean {
  // Zendesk refusing the credentials is the connection going away, not this step's refusal.
  if (error instanceof ZendeskApiError && error.status === 401) return false;
  if (error instanceof JiraApiError || error instanceof ZendeskApiError)
    return error.status >= 400 && error.status < 500 && error.status !== 429;
  return error instanceof AppError;
}

export function asStop(error: JiraRateLimitedError | ZendeskRateLimitedError): RunStop {
  const service = error instanceof JiraRateLimitedError ? 'Jira' : 'Zendesk';
  return new RunStop(
    error.retryAfterSeconds,
    `${service} rate limit: retry after ${error.retryAfterSeconds} s`,
  );
}
