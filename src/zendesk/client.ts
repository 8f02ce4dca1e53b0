/**
 * Zendesk Support REST client for the Forge backend.
 *
 * - Requests only ever go to `https://{subdomain}.zendesk.com/api/...`; the subdomain is
 *   validated before anything is sent (docs/contracts/connector-rules.md § Security), ids in paths must be
 *   plain digits.
 * - Auth is a strategy (ZendeskAuth): Basic `{email}/token:{token}` for API tokens, or an OAuth
 *   Bearer token that is refreshed before expiry and once after a 401 (src/zendesk/oauthCredential.ts).
 *   A 401 means Zendesk did not run the request, so repeating it with a new token is safe even
 *   for writes. Credentials are never logged and are redacted from every error message.
 * - 429: waits Retry-After when it fits the wait budget, else throws ZendeskRateLimitedError.
 *   5xx / network errors are retried with backoff only for idempotent requests (GET, or a
 *   write that carries an Idempotency-Key or is marked idempotent by its method).
 * - Attachment downloads go only to the manifest's egress hosts, over https, and never
 *   carry Zendesk credentials to a host outside zendesk.com (docs/contracts/zendesk-api.md § Attachments).
 */
import { fetch as forgeFetch } from '@forge/api';
import type { z } from 'zod';
import { AppError, describeError } from '../util/errors';
import { redactSecrets, truncate } from '../util/redact';
import { WaitBudget, realSleep, sendWithRetry, type RetryPolicy } from '../util/retry';
import { readBoundedBytes } from '../util/boundedBody';
import { summarizeIssues } from '../util/zodIssues';
import { ZendeskApiError, ZendeskRateLimitedError, zendeskErrorFromBody } from './errors';
import { gaugeFor, ZendeskPacedError, type Bucket } from './pacing';
import {
  commentsPageSchema,
  recentCommentsPageSchema,
  exportPageSchema,
  ticketEventsPageSchema,
  jiraLinkResponseSchema,
  jiraLinksPageSchema,
  meSchema,
  organizationFieldsPageSchema,
  organizationResponseSchema,
  organizationSchema,
  organizationsResponseSchema,
  searchResponseSchema,
  ticketFieldsPageSchema,
  ticketResponseSchema,
  ticketSchema,
  ticketsResponseSchema,
  updateTicketResponseSchema,
  uploadResponseSchema,
  userFieldsPageSchema,
  userResponseSchema,
  userSchema,
  usersResponseSchema,
  type ZendeskComment,
  type ZendeskJiraLink,
  type ZendeskMe,
  type ZendeskObjectField,
  type ZendeskOrganization,
  type ZendeskTicket,
  type ZendeskTicketEvent,
  type ZendeskTicketField,
  type ZendeskUpload,
  type ZendeskUser,
} from './schemas';

// ---------- transport types ----------

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

export interface ApiTokenCredentials {
  subdomain: string;
  email: string;
  token: string;
}

/** How requests authenticate; the client asks for the header on every request. */
export interface ZendeskAuth {
  header(): Promise<string>;
  /** After a 401 answered to `used`: the header to retry with once, or null to give up. */
  renew(used: string): Promise<string | null>;
  /** Values to redact from error messages (the live token among them). */
  secrets(): readonly string[];
}

export interface OAuthCredentials {
  subdomain: string;
  auth: ZendeskAuth;
}

export type ZendeskCredentials = ApiTokenCredentials | OAuthCredentials;

/** Basic auth with an API token (https://developer.zendesk.com/api-reference/introduction/security-and-auth/). */
export function apiTokenAuth(email: string, token: string): ZendeskAuth {
  const header = `Basic ${Buffer.from(`${email}/token:${token}`, 'utf8').toString('base64')}`;
  const secrets = [token, header.slice('Basic '.length)];
  return {
    header: () => Promise.resolve(header),
    renew: () => Promise.resolve(null),
    secrets: () => secrets,
  };
}

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

// ---------- subdomain and URL rules ----------

/**
 * One lower-case DNS label: letters, digits, hyphens, 1–63 chars, no leading hyphen
 * (docs/contracts/zendesk-api.md § Account host).
 */
export const SUBDOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isValidSubdomain(value: unknown): value is string {
  return typeof value === 'string' && SUBDOMAIN_PATTERN.test(value);
}

export function assertValidSubdomain(value: unknown): asserts value is string {
  if (!isValidSubdomain(value)) {
    throw new AppError(
      'INVALID_SUBDOMAIN',
      'The Zendesk subdomain must be the part before .zendesk.com: lower-case letters, digits and hyphens only (for example "your-team").',
    );
  }
}

/**
 * Hosts attachments may be downloaded from: the manifest's egress list
 * (docs/contracts/connector-rules.md § Egress hosts).
 */
const ATTACHMENT_HOST_SUFFIXES = ['.zdusercontent.com', '.amazonaws.com', '.cloudfront.net'] as const;

export function isAllowedAttachmentUrl(url: URL, subdomain: string): boolean {
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '' || url.port !== '') return false;
  const host = url.hostname;
  if (host === `${subdomain}.zendesk.com`) return true;
  return ATTACHMENT_HOST_SUFFIXES.some(
    (suffix) => host.endsWith(suffix) && /^[a-z0-9]/.test(host.slice(0, -suffix.length)),
  );
}

/** A numeric Zendesk id for a path segment; anything else could reshape the URL. */
function idSegment(id: number | string, what: string): string {
  const s = String(id);
  if (!/^[1-9]\d{0,18}$/.test(s))
    throw new AppError('BAD_ID', `Invalid Zendesk ${what} id: ${truncate(s, 40)}`);
  return s;
}

export type AgentUrlKind = 'ticket' | 'user' | 'organization';

// ---------- request helpers ----------

type QueryValue = string | number | boolean | undefined;

interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  raw?: { bytes: ArrayBuffer; contentType: string };
  idempotencyKey?: string;
  /** Set by methods whose write is safe to repeat (e.g. setting fields to fixed values). */
  idempotent?: boolean;
}

export interface RecentComments {
  /** Newest first. */
  comments: ZendeskComment[];
  /** The comments' authors (side-loaded). */
  users: ZendeskUser[];
  /** True when the listing reached the ticket's first comment. */
  complete: boolean;
}

export interface ExportPage {
  tickets: ZendeskTicket[];
  afterCursor: string | null;
  endOfStream: boolean;
}

export interface TicketEventsPage {
  events: ZendeskTicketEvent[];
  /** The page's `end_time` (unix s): the next page's `start_time`; null when Zendesk sent none. */
  endTime: number | null;
  endOfStream: boolean;
}

/** What this client's ticket exports have returned so far (export provenance). */
export interface ExportProgress {
  /** Export answers received. */
  answers: number;
  /** The newest `updated_at` (unix s) among their tickets, a Zendesk time already passed. */
  newestSeconds: number | null;
}

export interface SearchPage<T> {
  results: T[];
  count: number | null;
  hasMore: boolean;
}

export type SearchType = 'ticket' | 'user' | 'organization';
type SearchResultOf<T extends SearchType> = T extends 'ticket'
  ? ZendeskTicket
  : T extends 'user'
    ? ZendeskUser
    : ZendeskOrganization;

export interface ZendeskTicketUpdate {
  subject?: string;
  status?: string;
  priority?: string | null;
  type?: string | null;
  assignee_id?: number | null;
  group_id?: number | null;
  due_at?: string | null;
  tags?: string[];
  custom_fields?: { id: number; value: unknown }[];
  external_id?: string | null;
  safe_update?: boolean;
  updated_stamp?: string;
  comment?: { body?: string; html_body?: string; public?: boolean; uploads?: string[]; author_id?: number };
}

export interface DownloadedAttachment {
  bytes: Uint8Array;
  contentType: string | null;
  size: number;
}

export interface ZendeskClient {
  readonly subdomain: string;
  agentUrl(kind: AgentUrlKind, id: number | string): string;
  me(): Promise<ZendeskMe>;
  getTicket(id: number | string): Promise<ZendeskTicket>;
  getTickets(ids: readonly (number | string)[]): Promise<ZendeskTicket[]>;
  updateTicket(
    id: number | string,
    ticket: ZendeskTicketUpdate,
    options?: { idempotencyKey?: string },
  ): Promise<ZendeskTicket>;
  listComments(ticketId: number | string): Promise<ZendeskComment[]>;
  /**
   * For a paced client: seconds until a ticket update may be sent (pacing.ts), null when it may
   * go now. Nothing is spent; a work unit checks before it starts.
   */
  updateHold(): number | null;
  /**
   * The ticket's comments newest first with their authors side-loaded (`include=users`),
   * page by page until `enough(page)` says the rest is known (or the listing ends).
   */
  listRecentComments(
    ticketId: number | string,
    enough: (page: readonly ZendeskComment[]) => boolean,
  ): Promise<RecentComments>;
  exportTickets(
    from: { startTime: number } | { cursor: string },
    options?: { perPage?: number },
  ): Promise<ExportPage>;
  /**
   * One page of the Incremental Ticket Event Export from `startTime` (unix s) with the
   * `comment_events` side-load (docs/contracts/zendesk-api.md § Ticket event export).
   */
  exportTicketEvents(startTime: number, options?: { perPage?: number }): Promise<TicketEventsPage>;
  /** Which export answer of this client (1, 2, …) returned this very ticket object; undefined for other reads. */
  exportedIn(ticket: ZendeskTicket): number | undefined;
  exportProgress(): ExportProgress;
  /** A user an export side-loaded (the tickets' people), when this client has seen one. */
  sideloadedUser(id: number): ZendeskUser | undefined;
  search<T extends SearchType>(
    type: T,
    query: string,
    options?: { page?: number; perPage?: number },
  ): Promise<SearchPage<SearchResultOf<T>>>;
  getUser(id: number | string): Promise<ZendeskUser>;
  getUsers(ids: readonly (number | string)[]): Promise<ZendeskUser[]>;
  getOrganization(id: number | string): Promise<ZendeskOrganization>;
  getOrganizations(ids: readonly (number | string)[]): Promise<ZendeskOrganization[]>;
  ticketFields(): Promise<ZendeskTicketField[]>;
  userFields(): Promise<ZendeskObjectField[]>;
  organizationFields(): Promise<ZendeskObjectField[]>;
  upload(
    filename: string,
    bytes: Uint8Array,
    contentType: string,
    options?: { idempotencyKey?: string; token?: string },
  ): Promise<ZendeskUpload>;
  downloadAttachment(contentUrl: string, options?: { maxBytes?: number }): Promise<DownloadedAttachment>;
  createJiraLink(link: {
    ticketId: number | string;
    issueId: string;
    issueKey: string;
  }): Promise<ZendeskJiraLink>;
  deleteJiraLink(linkId: number | string): Promise<void>;
  listJiraLinks(filter?: { ticketId?: number | string; issueId?: string }): Promise<ZendeskJiraLink[]>;
}

export const defaultZendeskFetch: ZendeskFetch = (url, init) => forgeFetch(url, init);

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const MAX_PAGES = 1_000;
/** Requests that spend Update Ticket's own budget as well as the account's. */
const TICKET_UPDATE = /^PUT \/api\/v2\/tickets\/\d+(\.json)?$/;
/**
 * Ticket reads ask for the `comment_count` sideload (no extra request): with updated_at it
 * tells a ticket the app itself last wrote from one that also got a comment in the same second.
 */
const COMMENT_COUNT = 'comment_count';
const MAX_REDIRECTS = 5;

export function createZendeskClient(
  credentials: ZendeskCredentials,
  options: ZendeskClientOptions = {},
): ZendeskClient {
  assertValidSubdomain(credentials.subdomain);
  const { subdomain } = credentials;
  const auth = 'auth' in credentials ? credentials.auth : apiTokenAuth(credentials.email, credentials.token);
  const host = `${subdomain}.zendesk.com`;
  const origin = `https://${host}`;
  const gauge = gaugeFor(subdomain);
  const rawFetch = options.fetch ?? defaultZendeskFetch;
  const doFetch: ZendeskFetch = async (url, init) => {
    const res = await rawFetch(url, init);
    gauge.observe(res.headers, Date.now());
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

  /**
   * One logical request with the retry policy. `url` must already be vetted; `withAuth`
   * is false for hosts outside zendesk.com.
   */
  const send = async (
    url: string,
    init: ZendeskRequestInit,
    retryable: boolean,
    label: string,
  ): Promise<ZendeskFetchResponse> => {
    return sendWithRetry(policy, {
      attempt: () => doFetch(url, init),
      retryable,
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
  };

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
    if (options.paced) {
      const buckets: Bucket[] = TICKET_UPDATE.test(`${spec.method} ${spec.path}`)
        ? ['account', 'ticketUpdates']
        : ['account'];
      const hold = gauge.holdSeconds(buckets, Date.now());
      if (hold !== null) throw new ZendeskPacedError(hold, buckets[buckets.length - 1] as Bucket);
    }
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
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ZendeskApiError(
        res.status,
        'INVALID_RESPONSE',
        `Zendesk returned a non-JSON answer for ${label}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ZendeskApiError(
        res.status,
        'INVALID_RESPONSE',
        truncate(`Zendesk returned an unexpected answer for ${label}: ${summarizeIssues(parsed.error)}`),
      );
    }
    return parsed.data;
  };

  const get = <S extends z.ZodType>(
    path: string,
    schema: S,
    query?: Record<string, QueryValue>,
  ): Promise<z.output<S>> =>
    request(query ? { method: 'GET', path, query } : { method: 'GET', path }, schema);

  /**
   * Follows cursor pagination (docs/contracts/zendesk-api.md § Pagination) to the end; tolerates endpoints
   * that answer without `meta`.
   */
  const listAll = async <
    S extends z.ZodType<{
      meta?: { has_more: boolean; after_cursor?: string | null | undefined } | undefined;
    }>,
    T,
  >(
    path: string,
    schema: S,
    pick: (page: z.output<S>) => T[],
    query: Record<string, QueryValue> = {},
  ): Promise<T[]> => {
    const all: T[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await get(path, schema, { ...query, 'page[size]': 100, 'page[after]': after });
      all.push(...pick(page));
      const meta = page.meta;
      if (!meta || !meta.has_more || !meta.after_cursor) return all;
      if (meta.after_cursor === after) {
        throw new ZendeskApiError(
          200,
          'INVALID_RESPONSE',
          `Zendesk pagination did not advance for GET ${path}`,
        );
      }
      after = meta.after_cursor;
    }
    throw new ZendeskApiError(
      200,
      'INVALID_RESPONSE',
      `Zendesk pagination exceeded ${MAX_PAGES} pages for GET ${path}`,
    );
  };

  const showMany = async <T>(
    path: string,
    ids: readonly (number | string)[],
    what: string,
    fetchBatch: (path: string, idsParam: string) => Promise<T[]>,
  ): Promise<T[]> => {
    const unique = [...new Set(ids.map((id) => idSegment(id, what)))];
    const out: T[] = [];
    for (const batch of chunk(unique, 100)) out.push(...(await fetchBatch(path, batch.join(','))));
    return out;
  };

  // Export provenance: a ticket an export returned changed at least a minute before that answer
  // (docs/contracts/zendesk-api.md § Incremental export), which the comment feed builds on.
  const exported = new WeakMap<ZendeskTicket, number>();
  const progress: ExportProgress = { answers: 0, newestSeconds: null };
  const sideloaded = new Map<number, ZendeskUser>();

  const client: ZendeskClient = {
    subdomain,

    agentUrl(kind, id) {
      const segment = idSegment(id, kind);
      const section = kind === 'ticket' ? 'tickets' : kind === 'user' ? 'users' : 'organizations';
      return `${origin}/agent/${section}/${segment}`;
    },

    async me() {
      return (await get('/api/v2/users/me.json', meSchema)).user;
    },

    async getTicket(id) {
      return (
        await get(`/api/v2/tickets/${idSegment(id, 'ticket')}.json`, ticketResponseSchema, {
          include: COMMENT_COUNT,
        })
      ).ticket;
    },

    async getTickets(ids) {
      return showMany('/api/v2/tickets/show_many.json', ids, 'ticket', async (path, idsParam) => {
        return (await get(path, ticketsResponseSchema, { ids: idsParam, include: COMMENT_COUNT })).tickets;
      });
    },

    async updateTicket(id, ticket, opts = {}) {
      const spec: RequestSpec = {
        method: 'PUT',
        path: `/api/v2/tickets/${idSegment(id, 'ticket')}.json`,
        json: { ticket },
        // Setting fields to given values can be repeated safely; adding a comment cannot.
        idempotent: ticket.comment === undefined,
      };
      if (opts.idempotencyKey !== undefined) spec.idempotencyKey = opts.idempotencyKey;
      return (await request(spec, updateTicketResponseSchema)).ticket;
    },

    updateHold() {
      return options.paced ? gauge.holdSeconds(['account', 'ticketUpdates'], Date.now(), false) : null;
    },

    async listComments(ticketId) {
      return listAll(
        `/api/v2/tickets/${idSegment(ticketId, 'ticket')}/comments.json`,
        commentsPageSchema,
        (p) => p.comments,
      );
    },

    async listRecentComments(ticketId, enough) {
      // Cursor pagination sorts with `sort=-created_at` (newest first) and side-loads the
      // authors with `include=users` (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments).
      const path = `/api/v2/tickets/${idSegment(ticketId, 'ticket')}/comments.json`;
      const out: RecentComments = { comments: [], users: [], complete: false };
      let after: string | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const page = await get(path, recentCommentsPageSchema, {
          sort: '-created_at',
          include: 'users',
          'page[size]': 100,
          'page[after]': after,
        });
        out.comments.push(...page.comments);
        out.users.push(...(page.users ?? []));
        const meta = page.meta;
        if (!meta || !meta.has_more || !meta.after_cursor) {
          out.complete = true;
          return out;
        }
        if (enough(page.comments)) return out;
        if (meta.after_cursor === after) {
          throw new ZendeskApiError(
            200,
            'INVALID_RESPONSE',
            `Zendesk pagination did not advance for GET ${path}`,
          );
        }
        after = meta.after_cursor;
      }
      throw new ZendeskApiError(
        200,
        'INVALID_RESPONSE',
        `Zendesk pagination exceeded ${MAX_PAGES} pages for GET ${path}`,
      );
    },

    async exportTickets(from, opts = {}) {
      const query: Record<string, QueryValue> =
        'cursor' in from ? { cursor: from.cursor } : { start_time: Math.floor(from.startTime) };
      // The tickets' people come along (no extra request): comment authors are mostly among them.
      query.include = `${COMMENT_COUNT},users`;
      if (opts.perPage !== undefined) query.per_page = opts.perPage;
      const page = await get('/api/v2/incremental/tickets/cursor.json', exportPageSchema, query);
      for (const u of page.users ?? []) sideloaded.set(u.id, u);
      progress.answers += 1;
      for (const t of page.tickets) {
        exported.set(t, progress.answers);
        const seconds = Math.floor(Date.parse(t.updated_at) / 1000);
        if (Number.isFinite(seconds))
          progress.newestSeconds = Math.max(progress.newestSeconds ?? seconds, seconds);
      }
      return {
        tickets: page.tickets,
        afterCursor: page.after_cursor ?? null,
        endOfStream: page.end_of_stream,
      };
    },

    async exportTicketEvents(startTime, opts = {}) {
      const page = await get('/api/v2/incremental/ticket_events.json', ticketEventsPageSchema, {
        start_time: Math.floor(startTime),
        include: 'comment_events',
        per_page: opts.perPage,
      });
      return { events: page.ticket_events, endTime: page.end_time ?? null, endOfStream: page.end_of_stream };
    },

    exportedIn(ticket) {
      return exported.get(ticket);
    },

    exportProgress() {
      return { ...progress };
    },

    sideloadedUser(id) {
      return sideloaded.get(id);
    },

    async search(type, query, opts = {}) {
      const perPage = Math.min(100, Math.max(1, opts.perPage ?? 25));
      const page = await get('/api/v2/search.json', searchResponseSchema, {
        query: `type:${type} ${query}`.trim(),
        page: opts.page,
        per_page: perPage,
      });
      const schema = type === 'ticket' ? ticketSchema : type === 'user' ? userSchema : organizationSchema;
      const results: SearchResultOf<typeof type>[] = [];
      for (const raw of page.results) {
        // The query text is user input and could widen the type filter; keep only our type.
        if (raw.result_type !== type) continue;
        const parsed = schema.safeParse(raw);
        if (parsed.success) results.push(parsed.data as SearchResultOf<typeof type>);
      }
      return { results, count: page.count ?? null, hasMore: Boolean(page.next_page) } as SearchPage<
        SearchResultOf<typeof type>
      >;
    },

    async getUser(id) {
      return (await get(`/api/v2/users/${idSegment(id, 'user')}.json`, userResponseSchema)).user;
    },

    async getUsers(ids) {
      return showMany('/api/v2/users/show_many.json', ids, 'user', async (path, idsParam) => {
        return (await get(path, usersResponseSchema, { ids: idsParam })).users;
      });
    },

    async getOrganization(id) {
      return (
        await get(`/api/v2/organizations/${idSegment(id, 'organization')}.json`, organizationResponseSchema)
      ).organization;
    },

    async getOrganizations(ids) {
      return showMany('/api/v2/organizations/show_many.json', ids, 'organization', async (path, idsParam) => {
        return (await get(path, organizationsResponseSchema, { ids: idsParam })).organizations;
      });
    },

    async ticketFields() {
      return listAll('/api/v2/ticket_fields.json', ticketFieldsPageSchema, (p) => p.ticket_fields);
    },

    async userFields() {
      return listAll('/api/v2/user_fields.json', userFieldsPageSchema, (p) => p.user_fields);
    },

    async organizationFields() {
      return listAll(
        '/api/v2/organization_fields.json',
        organizationFieldsPageSchema,
        (p) => p.organization_fields,
      );
    },

    async upload(filename, bytes, contentType, opts = {}) {
      if (filename.trim() === '') throw new AppError('BAD_PAYLOAD', 'An upload needs a file name');
      const spec: RequestSpec = {
        method: 'POST',
        path: '/api/v2/uploads.json',
        query: { filename, token: opts.token },
        raw: { bytes: toArrayBuffer(bytes), contentType: contentType || 'application/octet-stream' },
      };
      if (opts.idempotencyKey !== undefined) spec.idempotencyKey = opts.idempotencyKey;
      return (await request(spec, uploadResponseSchema)).upload;
    },

    async downloadAttachment(contentUrl, opts = {}) {
      let url: URL;
      try {
        url = new URL(contentUrl);
      } catch {
        throw new AppError('ATTACHMENT_URL_REFUSED', 'The attachment URL is not a valid URL');
      }
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (!isAllowedAttachmentUrl(url, subdomain)) {
          throw new AppError(
            'ATTACHMENT_URL_REFUSED',
            `Refusing to download an attachment from ${url.protocol}//${url.host}`,
          );
        }
        // Credentials go only to the account's own zendesk.com host
        // (docs/contracts/zendesk-api.md § Attachments).
        const headers: Record<string, string> =
          url.hostname === host ? { Authorization: await auth.header() } : {};
        const res = await send(
          url.toString(),
          { method: 'GET', headers, redirect: 'manual' },
          true,
          'attachment download',
        );
        if (res.status >= 300 && res.status < 400) {
          const location = res.headers.get('location');
          await res.text().catch(() => '');
          if (!location)
            throw new ZendeskApiError(
              res.status,
              'INVALID_RESPONSE',
              'Attachment redirect without a Location',
            );
          url = new URL(location, url);
          continue;
        }
        if (res.status < 200 || res.status >= 300)
          throw zendeskErrorFromBody(res.status, await res.text().catch(() => ''), secrets());
        const bytes = await readBoundedBytes(res, opts.maxBytes);
        return { bytes, contentType: res.headers.get('content-type'), size: bytes.byteLength };
      }
      throw new AppError('ATTACHMENT_URL_REFUSED', 'Too many redirects while downloading an attachment');
    },

    async createJiraLink(link) {
      // Path and body as Zendesk documents them (docs/contracts/zendesk-api.md § Jira links).
      const spec: RequestSpec = {
        method: 'POST',
        path: '/api/services/jira/links',
        json: {
          link: {
            ticket_id: idSegment(link.ticketId, 'ticket'),
            issue_id: link.issueId,
            issue_key: link.issueKey,
          },
        },
      };
      return (await request(spec, jiraLinkResponseSchema)).link;
    },

    async deleteJiraLink(linkId) {
      // Deleting twice ends in 404, never in a second side effect, so it may be retried.
      await request(
        { method: 'DELETE', path: `/api/services/jira/links/${idSegment(linkId, 'link')}`, idempotent: true },
        null,
      );
    },

    async listJiraLinks(filter = {}) {
      const query: Record<string, QueryValue> = {};
      if (filter.ticketId !== undefined) query['filter[ticket_id]'] = idSegment(filter.ticketId, 'ticket');
      if (filter.issueId !== undefined) query['filter[issue_id]'] = idSegment(filter.issueId, 'issue');
      const all: ZendeskJiraLink[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const page = await get('/api/v2/jira/links', jiraLinksPageSchema, {
          ...query,
          'page[size]': 100,
          'page[after]': after,
        });
        all.push(...page.links);
        const last = page.links[page.links.length - 1];
        if (!page.meta?.has_more || !last) return all;
        // page[after] is a link id, the documented after_cursor a URL: use the last id
        // (docs/contracts/zendesk-api.md § Jira links).
        const next = String(last.id);
        if (next === after) return all;
        after = next;
      }
      return all;
    },
  };
  return client;
}
