/**
 * API-token authentication: HTTP Basic with username "{email}/token" and the token as password
 * (https://developer.zendesk.com/api-reference/introduction/security-and-auth/), and OAuth
 * `Authorization: Bearer {access_token}` with scope enforcement (sandbox/zendesk/oauth/).
 * Zendesk API tokens belong to the account, not to a user: a valid token with any active user's
 * email acts as that user, which is how the simulator gives admin, agent and end-user credentials.
 */
import type { Identity, SimRequest, SimResponse } from './http';
import { forbidden, unauthorized } from './errors';
import type { Access } from './router';
import type { ZendeskState } from './state';
import type { UserRole } from './types';

export function identify(state: ZendeskState, authorization: string | undefined, now: number): Identity {
  if (!authorization) return { kind: 'anonymous' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (bearer?.[1]) return identifyBearer(state, bearer[1], now);
  const match = /^Basic\s+(.+)$/i.exec(authorization.trim());
  if (!match?.[1]) return { kind: 'invalid', password: false };
  let decoded: string;
  try {
    decoded = Buffer.from(match[1], 'base64').toString('utf8');
  } catch {
    return { kind: 'invalid', password: false };
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'invalid', password: false };
  const username = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (!username.endsWith('/token')) return { kind: 'invalid', password: true };
  const email = username.slice(0, -'/token'.length);
  const user = state.userByEmail(email);
  if (!user || !user.active || user.suspended || !state.apiTokens.has(secret)) {
    return { kind: 'invalid', password: false };
  }
  return { kind: 'user', user };
}

/** An unknown, revoked or expired access token authenticates nobody. */
function identifyBearer(state: ZendeskState, token: string, now: number): Identity {
  state.oauth.tick(now);
  const record = state.oauth.access.get(token);
  const user = record ? state.users.get(record.userId) : undefined;
  if (
    !record ||
    (record.expiresAt !== null && record.expiresAt <= now) ||
    !user ||
    !user.active ||
    user.suspended
  )
    return { kind: 'invalid', password: false, bearer: true };
  return { kind: 'user', user, scopes: record.scopes };
}

/**
 * Scopes: `read` covers GET, `write` POST/PUT/DELETE, and `{resource}:read|write` one resource
 * (tickets, users, organizations, …). Paths outside those resources (uploads, search, Jira links,
 * field definitions of other objects) need the global scope. Source: "Using OAuth authentication
 * with your application" (https://support.zendesk.com/hc/en-us/articles/203663836), scope section.
 */
const RESOURCE_OF: [RegExp, string][] = [
  [/^\/api\/v2\/(tickets|ticket_fields|incremental\/tickets)(\/|$)/, 'tickets'],
  [/^\/api\/v2\/(users|user_fields)(\/|$)/, 'users'],
  [/^\/api\/v2\/(organizations|organization_fields)(\/|$)/, 'organizations'],
];

export function scopeAllows(scopes: readonly string[], method: string, path: string): boolean {
  const access = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  if (scopes.includes(access)) return true;
  const resource = RESOURCE_OF.find(([re]) => re.test(path))?.[1];
  return resource !== undefined && scopes.includes(`${resource}:${access}`);
}

/** The body Zendesk sends for a Bearer token it does not accept (RFC 6750 § 3.1 error code). [unverified wording] */
export function invalidToken(): SimResponse {
  return {
    status: 401,
    headers: { 'www-authenticate': 'Bearer realm="Zendesk", error="invalid_token"' },
    body: {
      error: 'invalid_token',
      error_description:
        'The access token provided is expired, revoked, malformed or invalid for other reasons.',
    },
  };
}

const RANK: Record<UserRole, number> = { 'end-user': 0, agent: 1, admin: 2 };
const REQUIRED: Record<Exclude<Access, 'anyone'>, number> = { 'end-user': 0, agent: 1, admin: 2 };

/**
 * Returns the refusal for this request, or null when it may proceed.
 * - A wrong API token is 401 everywhere, users/me included; a wrong *password* on users/me
 *   yields the anonymous user (docs/contracts/zendesk-api.md § Current user).
 * - No credentials: 401 except on `anyone` routes.
 * - Authenticated but below the route's role: 403 object form (docs/contracts/zendesk-api.md § Error bodies).
 */
export function authorize(req: SimRequest, access: Access): SimResponse | null {
  const id = req.identity;
  if (id.kind === 'invalid' && id.bearer === true) return invalidToken();
  if (access === 'anyone') {
    if (id.kind === 'invalid' && !id.password) return unauthorized();
    return null;
  }
  if (id.kind !== 'user') return unauthorized();
  if (RANK[id.user.role] < REQUIRED[access]) return forbidden();
  if (id.scopes !== undefined && !scopeAllows(id.scopes, req.method, req.path)) return forbidden();
  return null;
}
