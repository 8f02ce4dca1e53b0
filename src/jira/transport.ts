/**
 * One Jira request over Forge's `requestJira`, as the app (`asApp`) or as the invoking user
 * (`asUser`), with the client's retry rules; every Jira call module builds on this.
 *
 * Non-2xx answers become JiraApiError {status, messages} from the ErrorCollection body
 * (docs/contracts/jira-api.md § Errors); 429 waits Retry-After within a wait budget, else throws
 * JiraRateLimitedError; 5xx / transport failures are retried only for reads.
 */
import api, { NeedsAuthenticationError, type APIResponse, type RequestInit, type Route } from '@forge/api';
import type { z } from 'zod';
import { JIRA_OBJECT_ID_PATTERN } from '../domain/ids';
import { AppError, describeError } from '../util/errors';
import { truncate } from '../util/redact';
import { WaitBudget, realSleep, sendWithRetry, type RetryPolicy } from '../util/retry';
import { JiraApiError, jiraAnswer, jiraErrorFromBody, JiraRateLimitedError } from './errors';

export type JiraRequester = (path: Route, init?: RequestInit) => Promise<APIResponse>;

export interface JiraClientOptions {
  /** Defaults to `api.asApp().requestJira` / `api.asUser().requestJira`. */
  requester?: JiraRequester;
  sleep?: (ms: number) => Promise<void>;
  /** Total milliseconds this client may spend waiting between retries (default 8 s). */
  waitBudgetMs?: number;
  maxAttempts?: number;
}

export interface CallSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A read sent as POST (bulk fetch) may be repeated like a GET. */
  read?: boolean;
  json?: unknown;
  raw?: { body: ArrayBuffer; contentType: string };
  headers?: Record<string, string>;
}

/** What the call modules (issues.ts, comments.ts, …) send their requests through. */
export interface JiraTransport {
  readonly as: 'app' | 'user';
  /** One request with the retry policy; the answer is the caller's to read. */
  send(path: Route, spec: CallSpec): Promise<APIResponse>;
  /** A request answered with JSON parsed by `schema` (null: the answer is not read). */
  call<S extends z.ZodType>(path: Route, spec: CallSpec, schema: S | null): Promise<z.output<S>>;
  get<S extends z.ZodType>(path: Route, schema: S): Promise<z.output<S>>;
}

/** Pages a paginated read follows at the most before it stops with what it has. */
export const MAX_PAGES = 200;

/** Issue/project/attachment ids and keys for a path: JIRA_OBJECT_ID_PATTERN, or refused. */
export function idParam(value: string, what: string): string {
  if (!JIRA_OBJECT_ID_PATTERN.test(value)) {
    throw new AppError('BAD_ID', `Invalid Jira ${what}: ${truncate(value, 40)}`);
  }
  return value;
}

/** Entity property keys: Jira allows any text up to 255 characters [spec setIssueProperty]; route escapes it. */
export function propertyKeyParam(value: string): string {
  if (value.length === 0 || value.length > 255) {
    throw new AppError('BAD_ID', `Invalid Jira property key: ${truncate(value, 40)}`);
  }
  return value;
}

const labelOf = (path: Route, spec: CallSpec): string => `${spec.method} ${path.value.split('?')[0] ?? ''}`;

export function createJiraTransport(as: 'app' | 'user', options: JiraClientOptions = {}): JiraTransport {
  const requester: JiraRequester =
    options.requester ??
    ((path, init) => (as === 'app' ? api.asApp() : api.asUser()).requestJira(path, init));
  const policy: RetryPolicy = {
    sleep: options.sleep ?? realSleep,
    budget: new WaitBudget(options.waitBudgetMs ?? 8_000),
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
  };

  const send: JiraTransport['send'] = async (path, spec) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    const init: RequestInit = { method: spec.method, headers };
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(spec.json);
    } else if (spec.raw) {
      headers['Content-Type'] = spec.raw.contentType;
      init.body = spec.raw.body;
    }
    const label = labelOf(path, spec);
    return sendWithRetry(policy, {
      attempt: () => requester(path, init),
      retryable: spec.method === 'GET' || spec.read === true,
      // asUser() for a user the app has no consent from: the platform refuses before Jira
      // is asked, so retrying cannot help; report it as the authentication failure it is.
      permanent: (error) =>
        error instanceof NeedsAuthenticationError
          ? new JiraApiError(401, [`Jira needs this user's consent for the app (${label})`])
          : null,
      unreachable: (error) =>
        new JiraApiError(0, [truncate(`Could not reach Jira (${label}): ${describeError(error)}`)]),
      rateLimited: (retryAfter, body) =>
        new JiraRateLimitedError(retryAfter, jiraErrorFromBody(429, body).messages),
    });
  };

  const call = async <S extends z.ZodType>(
    path: Route,
    spec: CallSpec,
    schema: S | null,
  ): Promise<z.output<S>> => {
    const res = await send(path, spec);
    return jiraAnswer(res.status, await res.text(), labelOf(path, spec), schema);
  };

  const get: JiraTransport['get'] = (path, schema) => call(path, { method: 'GET' }, schema);

  return { as, send, call, get };
}

/** True when `error` is Jira's 404 (absent, or hidden from the caller). */
export function isNotFound(error: unknown): boolean {
  return error instanceof JiraApiError && error.status === 404;
}
