/**
 * One Zendesk request with the client's rules: auth header, retries, pacing, the 401 renewal
 * and the answer parsed with a zod schema. Every Zendesk call module builds on this.
 *
 * - A 401 means Zendesk did not run the request, so repeating it once with a renewed token is
 *   safe even for writes (src/zendesk/auth.ts).
 * - 429: waits Retry-After when it fits the wait budget, else throws ZendeskRateLimitedError.
 *   5xx / network errors are retried with backoff only for idempotent requests (GET, or a
 *   write that carries an Idempotency-Key or is marked idempotent by its method).
 * - Background clients (`paced`) hold a request back while the account's last answers showed
 *   less than half of a budget left (pacing.ts). The check is made at every attempt sent to the
 *   account's host — retries, the 401 renewal and an attachment's first hop spend the same
 *   budget — and never for the attachment host, which Zendesk does not count.
 */
import { fetch as forgeFetch } from '@forge/api';
import type { z } from 'zod';
import { AppError, describeError } from '../util/errors';
import { redactSecrets, truncate } from '../util/redact';
import { WaitBudget, realSleep, sendWithRetry, type RetryPolicy } from '../util/retry';
import { summarizeIssues } from '../util/zodIssues';
import { authOf, type ZendeskAuth, type ZendeskCredentials } from './auth';
import { ZendeskApiError, ZendeskRateLimitedError, zendeskErrorFromBody } from './errors';
import { gaugeFor, ZendeskPacedError, type Bucket, type RateGauge } from './pacing';
import { assertValidSubdomain } from './urls';

export interface ZendeskRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string | ArrayBuffer;
  redirect?: 'manual' | 'follow';
}

export interface ZendeskFetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The subset of fetch the client uses; defaults to `fetch` from @forge/api (egress-checked). */
export type ZendeskFetch = (url: string, init: ZendeskRequestInit) => Promise<ZendeskFetchResponse>;

export const defaultZendeskFetch: ZendeskFetch = (url, init) => forgeFetch(url, init);

export interface ZendeskClientOptions {
  fetch?: ZendeskFetch;
  sleep?: (ms: number) => Promise<void>;
  /** Total milliseconds this client may spend waiting between retries (default 8 s). */
  waitBudgetMs?: number;
  /** Attempts per request including the first (default 4). */
  maxAttempts?: number;
  /**
   * Background work (runs, queue batches, Jira events): API requests are held back while the
   * account's last answers showed less than half of a budget left (pacing.ts). Off for the panel.
   */
  paced?: boolean;
}

export type QueryValue = string | number | boolean | undefined;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  raw?: { bytes: ArrayBuffer; contentType: string };
  idempotencyKey?: string;
  /** Set by methods whose write is safe to repeat (e.g. setting fields to fixed values). */
  idempotent?: boolean;
}

/** What the call modules (tickets.ts, comments.ts, …) send their requests through. */
export interface ZendeskTransport {
  readonly subdomain: string;
  /** `{subdomain}.zendesk.com`: the one host Zendesk credentials are ever sent to. */
  readonly host: string;
  readonly origin: string;
  readonly auth: ZendeskAuth;
  readonly paced: boolean;
  readonly gauge: RateGauge;
  secrets(): readonly string[];
  /** One logical request with the retry policy; `url` must already be vetted. */
  send(
    url: string,
    init: ZendeskRequestInit,
    retryable: boolean,
    label: string,
  ): Promise<ZendeskFetchResponse>;
  /** An API request answered with JSON parsed by `schema` (null: the answer is not read). */
  request<S extends z.ZodType>(spec: RequestSpec, schema: S | null): Promise<z.output<S>>;
  get<S extends z.ZodType>(path: string, schema: S, query?: Record<string, QueryValue>): Promise<z.output<S>>;
}

/** Requests that spend Update Ticket's own budget as well as the account's. */
const TICKET_UPDATE = /^PUT \/api\/v2\/tickets\/\d+(\.json)?$/;

export function createTransport(
  credentials: ZendeskCredentials,
  options: ZendeskClientOptions = {},
): ZendeskTransport {
  assertValidSubdomain(credentials.subdomain);
  const { subdomain } = credentials;
  const auth = authOf(credentials);
  const host = `${subdomain}.zendesk.com`;
  const origin = `https://${host}`;
  const gauge = gaugeFor(subdomain);
  const paced = options.paced === true;
  const rawFetch = options.fetch ?? defaultZendeskFetch;
  /** Background work is not sent while its budgets are below their share (pacing.ts). */
  const spendOrHold = (url: string, method: string): readonly Bucket[] => {
    if (!paced) return [];
    const parsed = new URL(url);
    if (parsed.hostname !== host) return [];
    const buckets: Bucket[] = TICKET_UPDATE.test(`${method} ${parsed.pathname}`)
      ? ['account', 'ticketUpdates']
      : ['account'];
    const hold = gauge.holdSeconds(buckets, Date.now());
    if (hold !== null) throw new ZendeskPacedError(hold, buckets[buckets.length - 1] as Bucket);
    return buckets;
  };
  const doFetch: ZendeskFetch = async (url, init) => {
    const spent = spendOrHold(url, init.method);
    let res: ZendeskFetchResponse;
    try {
      res = await rawFetch(url, init);
    } catch (error) {
      gauge.settle(spent);
      throw error;
    }
    gauge.observe(res.headers, Date.now(), spent);
    return res;
  };
  const policy: RetryPolicy = {
    sleep: options.sleep ?? realSleep,
    budget: new WaitBudget(options.waitBudgetMs ?? 8_000),
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
  };
  const secrets = (): readonly string[] => auth.secrets();

  const buildUrl = (path: string, query?: Record<string, QueryValue>): string => {
    if (!path.startsWith('/api/')) throw new AppError('INTERNAL', 'Zendesk paths must start with /api/');
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${origin}${path}${qs ? `?${qs}` : ''}`;
  };

  const send: ZendeskTransport['send'] = (url, init, retryable, label) =>
    sendWithRetry(policy, {
      attempt: () => doFetch(url, init),
      retryable,
      // Held back by pacing: nothing was sent, and waiting here would outlast the budget.
      permanent: (error) => (error instanceof ZendeskPacedError ? error : null),
      unreachable: (error) =>
        new ZendeskApiError(
          0,
          'NETWORK',
          truncate(redactSecrets(`Could not reach Zendesk (${label}): ${describeError(error)}`, secrets())),
        ),
      rateLimited: (retryAfter, body) => {
        const upstream = zendeskErrorFromBody(429, body, secrets()).message;
        return new ZendeskRateLimitedError(
          retryAfter,
          `Zendesk rate limit reached; retry after ${retryAfter} s (${upstream})`,
        );
      },
    });

  const request = async <S extends z.ZodType>(spec: RequestSpec, schema: S | null): Promise<z.output<S>> => {
    const url = buildUrl(spec.path, spec.query);
    const headers: Record<string, string> = {
      Authorization: await auth.header(),
      Accept: 'application/json',
    };
    let body: string | ArrayBuffer | undefined;
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.raw) {
      headers['Content-Type'] = spec.raw.contentType;
      body = spec.raw.bytes;
    }
    if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;
    const retryable = spec.method === 'GET' || spec.idempotencyKey !== undefined || spec.idempotent === true;
    const label = `${spec.method} ${spec.path}`;
    const init: ZendeskRequestInit =
      body === undefined ? { method: spec.method, headers } : { method: spec.method, headers, body };
    let res = await send(url, init, retryable, label);
    let text = await res.text();
    if (res.status === 401) {
      // An expired or rotated OAuth token: Zendesk refused before acting, so one retry is safe.
      const renewed = await auth.renew(headers.Authorization ?? '');
      if (renewed !== null) {
        headers.Authorization = renewed;
        res = await send(url, init, retryable, label);
        text = await res.text();
      }
    }
    if (res.status < 200 || res.status >= 300) throw zendeskErrorFromBody(res.status, text, secrets());
    if (schema === null) return undefined as z.output<S>;
    return parseAnswer(res.status, text, schema, label);
  };

  const get: ZendeskTransport['get'] = (path, schema, query) =>
    request(query ? { method: 'GET', path, query } : { method: 'GET', path }, schema);

  return { subdomain, host, origin, auth, paced, gauge, secrets, send, request, get };
}

/** A 2xx answer's body as `schema` describes it; anything else is INVALID_RESPONSE. */
function parseAnswer<S extends z.ZodType>(
  status: number,
  text: string,
  schema: S,
  label: string,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ZendeskApiError(status, 'INVALID_RESPONSE', `Zendesk returned a non-JSON answer for ${label}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ZendeskApiError(
      status,
      'INVALID_RESPONSE',
      truncate(`Zendesk returned an unexpected answer for ${label}: ${summarizeIssues(parsed.error)}`),
    );
  }
  return parsed.data;
}
