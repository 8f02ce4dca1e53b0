/**
 * What every resolver does before its work (docs/contracts/connector-rules.md § Security): license check,
 * Jira-admin check (server-side, as the invoking user), zod parsing of the payload. `answering()` is
 * the one wrapper every resolver call goes through (the admin page's `guarded()` and the panel's
 * calls), so each always answers a Result and never throws to the client.
 */
import type { z } from 'zod';
import type { LicenseState, Result, RpcError } from '../domain/rpc';
import { jiraClient, type JiraClient } from '../jira/client';
import { AppError } from '../util/errors';
import { logUnexpected } from '../util/errors';
import { ok, toRpcError } from './result';

export const LICENSE_REQUIRED_MESSAGE =
  'Zendesk Connector for Jira needs an active Marketplace license. To buy or renew it, open Jira settings → Apps → Manage apps and choose Zendesk Connector for Jira.';
export const NOT_ADMIN_MESSAGE = 'Only Jira administrators can use the Zendesk Connector admin page.';

/** The request @forge/resolver passes to a definition (docs/contracts/forge-platform.md § Resolvers). */
export interface ResolverRequest {
  payload: unknown;
  context: Record<string, unknown>;
}

/**
 * context.license comes from the backend runtime payload, not the client. It is undefined
 * for development/staging installs and free apps (docs/contracts/forge-platform.md § License), which stay
 * usable.
 */
export function licenseState(context: Record<string, unknown>): LicenseState {
  const license = context.license;
  if (license === undefined || license === null) return 'development';
  if (typeof license === 'object') {
    const l = license as { isActive?: unknown; active?: unknown };
    // @forge/api's License type carries both spellings.
    if (l.isActive === true || (l.isActive === undefined && l.active === true)) return 'active';
  }
  return 'inactive';
}

export function requireLicense(context: Record<string, unknown>): LicenseState {
  const state = licenseState(context);
  if (state === 'inactive') throw new AppError('LICENSE_INACTIVE', LICENSE_REQUIRED_MESSAGE);
  return state;
}

/** Jira global ADMINISTER for the invoking user, asked of Jira as that user. */
export async function requireJiraAdmin(
  context: Record<string, unknown>,
  jira: JiraClient = jiraClient('user'),
): Promise<void> {
  if (typeof context.accountId !== 'string' || context.accountId === '')
    throw new AppError('NOT_ADMIN', NOT_ADMIN_MESSAGE);
  if (!(await jira.isJiraAdmin())) throw new AppError('NOT_ADMIN', NOT_ADMIN_MESSAGE);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 20;
const MAX_NODES = 20_000;

/** The path of the first prototype-pollution key, or a reason the payload is too big. */
export function findForbiddenKey(value: unknown): string | null {
  let nodes = 0;
  const walk = (v: unknown, path: string, depth: number): string | null => {
    if (++nodes > MAX_NODES) return `${path || '(root)'}: payload too large`;
    if (v === null || typeof v !== 'object') return null;
    if (depth > MAX_DEPTH) return `${path || '(root)'}: nested too deeply`;
    for (const key of Object.keys(v)) {
      const here = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return `${here}: key not allowed`;
      const found = walk((v as Record<string, unknown>)[key], here, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(value, '', 0);
}

/** Parses a payload or throws BAD_PAYLOAD listing every problem; nothing runs before this passes. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const forbidden = findForbiddenKey(payload);
  if (forbidden) throw new AppError('BAD_PAYLOAD', `Invalid request: ${forbidden}`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
    throw new AppError('BAD_PAYLOAD', `Invalid request: ${issues.join('; ')}`);
  }
  return parsed.data;
}

export interface GuardContext {
  context: Record<string, unknown>;
  license: LicenseState;
  accountId: string | undefined;
  /** Registers a secret (e.g. an API token the handler holds) to redact from any error text. */
  addSecret(secret: string): void;
}

export interface GuardOptions {
  /** Require Jira global admin (every admin-page resolver). */
  admin: boolean;
  /** Builds the user-scoped Jira client for the admin check (tests, custom wiring). */
  jira?: () => JiraClient;
}

/** What every call has once the license passed: the invocation context and the raw payload. */
export interface LicensedCall {
  context: Record<string, unknown>;
  license: LicenseState;
  payload: unknown;
  /** Registers a secret (e.g. an API token the handler holds) to redact from any error text. */
  addSecret(secret: string): void;
}

/** How a surface rewords its answers for the caller it opened (the panel: plain words for non-admins). */
export interface Presenter<Caller, T> {
  data(data: T, caller: Caller): Promise<T>;
  error(error: RpcError, caller: Caller): Promise<RpcError>;
}

function contextOf(request: ResolverRequest | undefined): Record<string, unknown> {
  return request && typeof request.context === 'object' && request.context !== null ? request.context : {};
}

/**
 * The one resolver wrapper both surfaces use (admin page and issue panel): license → `open` (the
 * surface's own checks and the payload parse, which yield the caller) → `work` → Result. Any throw
 * becomes an error Result, never an exception to the UI; an unexpected one is logged without
 * secrets and answered as INTERNAL. A refusal before `open` finished is not presented: there is
 * no verified caller yet, and those refusals are plain words already.
 */
export function answering<Caller, T>(
  name: string,
  steps: {
    open: (call: LicensedCall) => Promise<Caller>;
    work: (caller: Caller) => Promise<T>;
    present?: Presenter<Caller, T>;
  },
): (request: ResolverRequest) => Promise<Result<T>> {
  return async (request) => {
    const secrets: string[] = [];
    const addSecret = (secret: string): void => {
      if (secret !== '') secrets.push(secret);
    };
    let opened: { caller: Caller } | null = null;
    try {
      const context = contextOf(request);
      const license = requireLicense(context);
      opened = { caller: await steps.open({ context, license, payload: request?.payload, addSecret }) };
      const data = await steps.work(opened.caller);
      return ok(steps.present ? await steps.present.data(data, opened.caller) : data);
    } catch (error) {
      const rpc = toRpcError(error, secrets);
      if (rpc.code === 'INTERNAL') logUnexpected(name, error, secrets);
      return {
        ok: false,
        error: opened && steps.present ? await steps.present.error(rpc, opened.caller) : rpc,
      };
    }
  };
}

/**
 * An admin-page call: license → Jira admin (when `options.admin`) → zod parse → work.
 */
export function guarded<S extends z.ZodType, T>(
  name: string,
  schema: S,
  options: GuardOptions,
  work: (input: z.output<S>, ctx: GuardContext) => Promise<T>,
): (request: ResolverRequest) => Promise<Result<T>> {
  return answering(name, {
    open: async ({ context, license, payload, addSecret }) => {
      if (options.admin) await requireJiraAdmin(context, options.jira ? options.jira() : jiraClient('user'));
      const input = parsePayload(schema, payload);
      const accountId = typeof context.accountId === 'string' ? context.accountId : undefined;
      return { input, ctx: { context, license, accountId, addSecret } };
    },
    work: ({ input, ctx }) => work(input, ctx),
  });
}
