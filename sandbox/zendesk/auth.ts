/**
 * API-token authentication: HTTP Basic with username "{email}/token" and the token as password
 * (api-contracts A1, https://developer.zendesk.com/api-reference/introduction/security-and-auth/).
 * Zendesk API tokens belong to the account, not to a user: a valid token with any active user's
 * email acts as that user, which is how the simulator gives admin, agent and end-user credentials.
 */
import type { Identity, SimRequest, SimResponse } from './http';
import { forbidden, unauthorized } from './errors';
import type { Access } from './router';
import type { ZendeskState } from './state';
import type { UserRole } from './types';

export function identify(state: ZendeskState, authorization: string | undefined): Identity {
  if (!authorization) return { kind: 'anonymous' };
  const match = /^Basic\s+(.+)$/i.exec(authorization.trim());
  // Bearer (OAuth) tokens are not simulated: treat them like any credential that fails.
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

const RANK: Record<UserRole, number> = { 'end-user': 0, agent: 1, admin: 2 };
const REQUIRED: Record<Exclude<Access, 'anyone'>, number> = { 'end-user': 0, agent: 1, admin: 2 };

/**
 * Returns the refusal for this request, or null when it may proceed.
 * - A wrong API token is 401 everywhere, users/me included; a wrong *password* on users/me
 *   yields the anonymous user (api-contracts A2 probe table).
 * - No credentials: 401 except on `anyone` routes.
 * - Authenticated but below the route's role: 403 object form (A12).
 */
export function authorize(req: SimRequest, access: Access): SimResponse | null {
  const id = req.identity;
  if (access === 'anyone') {
    if (id.kind === 'invalid' && !id.password) return unauthorized();
    return null;
  }
  if (id.kind !== 'user') return unauthorized();
  if (RANK[id.user.role] < REQUIRED[access]) return forbidden();
  return null;
}
