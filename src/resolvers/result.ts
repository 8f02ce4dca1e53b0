/**
 * Errors as values at the resolver boundary (docs/architecture.md § Resolvers): every
 * failure becomes `{ok:false, error:{code, message, upstream?}}` with a message safe to show.
 */
import type { Result, RpcError } from '../domain/rpc';
import { JiraApiError, JiraRateLimitedError } from '../jira/errors';
import { isStorageFailure } from '../storage/atomic';
import { AppError } from '../util/errors';
import { redactSecrets, truncate } from '../util/redact';
import { ZendeskApiError, ZendeskRateLimitedError } from '../zendesk/errors';

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: string, message: string, upstream?: RpcError['upstream']): Result<T> {
  return { ok: false, error: upstream ? { code, message, upstream } : { code, message } };
}

/** Turns any thrown value into an RpcError; `secrets` are redacted from every text. */
export function toRpcError(error: unknown, secrets: readonly string[] = []): RpcError {
  const safe = (s: string): string => truncate(redactSecrets(s, secrets));

  if (error instanceof ZendeskApiError) {
    const upstreamMessage = safe(error.message);
    const message =
      error instanceof ZendeskRateLimitedError
        ? `Zendesk is rate limiting requests; try again in ${error.retryAfterSeconds} seconds.`
        : error.status === 0
          ? `Zendesk could not be reached: ${upstreamMessage}`
          : `Zendesk refused the request (HTTP ${error.status}): ${upstreamMessage}`;
    return {
      code: 'UPSTREAM',
      message,
      upstream: { service: 'zendesk', status: error.status, message: upstreamMessage },
    };
  }
  if (error instanceof JiraApiError) {
    const upstreamMessage = safe(error.message);
    const message =
      error instanceof JiraRateLimitedError
        ? `Jira is rate limiting requests; try again in ${error.retryAfterSeconds} seconds.`
        : error.status === 0
          ? `Jira could not be reached: ${upstreamMessage}`
          : `Jira refused the request (HTTP ${error.status}): ${upstreamMessage}`;
    return {
      code: 'UPSTREAM',
      message,
      upstream: { service: 'jira', status: error.status, message: upstreamMessage },
    };
  }
  if (error instanceof AppError) return { code: error.code, message: safe(error.message) };
  if (isStorageFailure(error)) {
    return { code: 'STORAGE', message: safe(`Forge storage failed: ${error.message}`) };
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong on the server. Try again; if it keeps failing, check the app logs.',
  };
}

/** Logs an unexpected failure for the app's logs without any secret in it. */
export function logUnexpected(where: string, error: unknown, secrets: readonly string[] = []): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[zendesk-connector] ${where}: ${redactSecrets(truncate(text, 2_000), secrets)}`);
}
