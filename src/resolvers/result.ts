/**
 * Errors as values at the resolver boundary (docs/architecture.md § Errors): every failure
 * becomes `{ok:false, error:{code, message, upstream?}}` with a message safe to show. The one
 * place an upstream failure is put into words for a resolver answer.
 */
import type { ErrorCode } from '../domain/errors';
import type { Result, RpcError } from '../domain/rpc';
import { isStorageFailure } from '../storage/atomic';
import { AppError, isRateLimited, UpstreamError } from '../util/errors';
import { redactSecrets, truncate } from '../util/redact';

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(
  code: ErrorCode,
  message: string,
  upstream?: RpcError['upstream'],
): Result<T> {
  return { ok: false, error: upstream ? { code, message, upstream } : { code, message } };
}

const SERVICE_NAMES = { zendesk: 'Zendesk', jira: 'Jira' } as const;

/** Turns any thrown value into an RpcError; `secrets` are redacted from every text. */
export function toRpcError(error: unknown, secrets: readonly string[] = []): RpcError {
  const safe = (s: string): string => truncate(redactSecrets(s, secrets));

  if (error instanceof UpstreamError) {
    const who = SERVICE_NAMES[error.service];
    const upstreamMessage = safe(error.message);
    const message = isRateLimited(error)
      ? `${who} is rate limiting requests; try again in ${error.retryAfterSeconds} seconds.`
      : error.status === 0
        ? `${who} could not be reached: ${upstreamMessage}`
        : `${who} refused the request (HTTP ${error.status}): ${upstreamMessage}`;
    return {
      code: 'UPSTREAM',
      message,
      upstream: { service: error.service, status: error.status, message: upstreamMessage },
    };
  }
  if (error instanceof AppError) {
    const rpc: RpcError = { code: error.code, message: safe(error.message) };
    if (error.upstream) rpc.upstream = { ...error.upstream, message: safe(error.upstream.message) };
    return rpc;
  }
  if (isStorageFailure(error)) {
    return { code: 'STORAGE', message: safe(`Forge storage failed: ${error.message}`) };
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong on the server. Try again; if it keeps failing, check the app logs.',
  };
}
