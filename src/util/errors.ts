/**
 * The app's two kinds of thrown errors (docs/architecture.md § Errors):
 *
 * - AppError: a refusal the app raises on purpose, with a code from the typed list
 *   (src/domain/errors.ts). Resolvers answer it as `{ok:false, error:{code, message, upstream?}}`
 *   as is, so its message must be safe to show.
 * - UpstreamError: Zendesk or Jira refused or did not answer. The base of ZendeskApiError
 *   (src/zendesk/errors.ts) and JiraApiError (src/jira/errors.ts), so callers that only need
 *   "which service, which status, what did it say" treat both alike.
 */
import type { ErrorCode, Upstream, UpstreamService } from '../domain/errors';
import { redactSecrets, truncate } from './redact';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Set when the refusal passes on Zendesk's or Jira's answer. */
  readonly upstream: Upstream | undefined;

  constructor(code: ErrorCode, message: string, upstream?: Upstream) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.upstream = upstream;
  }
}

/** Words of an upstream answer kept for a UI or a stored problem. */
const UPSTREAM_MESSAGE_MAX = 300;

export class UpstreamError extends Error {
  readonly service: UpstreamService;
  /** HTTP status; 0 when the request never got an answer (network failure). */
  readonly status: number;

  constructor(service: UpstreamService, status: number, message: string) {
    super(message);
    this.name = 'UpstreamError';
    this.service = service;
    this.status = status;
  }

  /** What a UI or a stored problem shows of it. */
  toUpstream(): Upstream {
    return {
      service: this.service,
      status: this.status,
      message: truncate(this.message, UPSTREAM_MESSAGE_MAX),
    };
  }
}

/** A 429 (or the app's own pacing) longer than the caller may wait: try again after this. */
export interface RateLimited {
  readonly retryAfterSeconds: number;
}

export function isRateLimited(error: unknown): error is UpstreamError & RateLimited {
  return (
    error instanceof UpstreamError && typeof (error as Partial<RateLimited>).retryAfterSeconds === 'number'
  );
}

/** The upstream part of any thrown value: set for Zendesk's and Jira's failures only. */
export function upstreamOf(error: unknown): Upstream | undefined {
  return error instanceof UpstreamError ? error.toUpstream() : undefined;
}

/** Logs an unexpected failure for the app's logs without any secret in it. */
export function logUnexpected(where: string, error: unknown, secrets: readonly string[] = []): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[zendesk-connector] ${where}: ${redactSecrets(truncate(text, 2_000), secrets)}`);
}

/** Best-effort readable text for any thrown value (never used for upstream bodies). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Unknown error';
}
