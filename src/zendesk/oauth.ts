/**
 * Zendesk's OAuth endpoints as the connector uses them: the consent URL (authorization code
 * with PKCE) and the token endpoint (authorization_code, refresh_token, client_credentials).
 *
 * Sources:
 * - https://support.zendesk.com/hc/en-us/articles/203663836 (Using OAuth authentication with your application)
 * - https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/ (POST /oauth/tokens:
 *   JSON body; a code is valid for 120 s; a refresh returns a new pair and deletes the previous one)
 * - https://developer.zendesk.com/documentation/ticketing/working-with-oauth/oauth-pkce/ (S256)
 * - https://support.zendesk.com/hc/en-us/articles/9182123625370 (expires_in / refresh_token_expires_in;
 *   access token 30 min by default, 5 min–48 h; refresh token 30 days, 7–90 days)
 *
 * oauth4webapi generates the PKCE verifier, challenge and state. Its token requests are not used:
 * they send `application/x-www-form-urlencoded` and need an authorization-server metadata object,
 * while Zendesk documents a JSON body and publishes no metadata (docs/architecture.md § Decisions).
 */
import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import { AppError, describeError } from '../util/errors';
import { redactSecrets, truncate } from '../util/redact';
import { assertValidSubdomain, type ZendeskFetch } from './client';

/**
 * The narrowest scopes covering every call the app makes: `read` for all GETs (tickets, users,
 * organizations, fields, search, incremental export, Jira links), `write` for ticket updates,
 * comments, uploads and Jira links. Zendesk's resource scopes (tickets, users, organizations, …)
 * cover neither uploads nor /api/services/jira/links, so `tickets:write` alone would fail there.
 */
export const OAUTH_SCOPE = 'read write';

/** Ask for the documented defaults explicitly so old OAuth clients also get expiring pairs. */
export const ACCESS_TOKEN_TTL_SECONDS = 30 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export async function newPkcePair(): Promise<PkcePair> {
  const verifier = generateRandomCodeVerifier();
  return { verifier, challenge: await calculatePKCECodeChallenge(verifier) };
}

export function newState(): string {
  return generateRandomState();
}

export function authorizeUrl(input: {
  subdomain: string;
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
}): string {
  assertValidSubdomain(input.subdomain);
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: OAUTH_SCOPE,
    state: input.state,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
  });
  return `https://${input.subdomain}.zendesk.com/oauth/authorizations/new?${params.toString()}`;
}

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be bearer'),
  scope: z.string().optional(),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.number().int().positive().nullish(),
  refresh_token_expires_in: z.number().int().positive().nullish(),
});

/** A token pair as stored: absolute expiry times so any invocation can judge it. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms; null when Zendesk sent no expiry. */
  expiresAt: number | null;
  refreshExpiresAt: number | null;
  scope: string;
}

export type TokenGrant =
  | { grant: 'authorization_code'; code: string; verifier: string; redirectUri: string }
  | { grant: 'refresh_token'; refreshToken: string }
  | { grant: 'client_credentials' };

const OAUTH_CODES = {
  invalid_grant: 'OAUTH_INVALID_GRANT',
  invalid_client: 'OAUTH_INVALID_CLIENT',
  access_denied: 'OAUTH_ACCESS_DENIED',
} as const satisfies Record<string, ErrorCode>;

/**
 * The token endpoint refused the grant. `kind` decides what the connector does next:
 * - `invalid_grant`: the code or refresh token is used, expired or revoked → reconnect.
 * - `invalid_client`: wrong client id/secret or the client was deleted → reconnect.
 * - `other`: anything else Zendesk answered with an OAuth error.
 */
export class OAuthGrantError extends AppError {
  constructor(
    readonly kind: 'invalid_grant' | 'invalid_client' | 'access_denied' | 'other',
    readonly status: number,
    message: string,
  ) {
    super(kind === 'other' ? 'OAUTH_ERROR' : OAUTH_CODES[kind], message);
  }
}

/** Network failure or 5xx: Zendesk may or may not have acted on the request. */
export class OAuthUnreachableError extends AppError {
  constructor(message: string) {
    super('OAUTH_UNREACHABLE', message);
  }
}

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** Plain words for an OAuth error code, for the admin page and the activity log. */
export function describeOAuthError(code: string, description?: string): string {
  switch (code) {
    case 'access_denied':
      return 'Zendesk access was not granted: the Zendesk user chose Deny on the consent page.';
    case 'invalid_client':
      return 'Zendesk did not accept the OAuth client: check the client identifier and secret in Admin Center (Apps and integrations > APIs > OAuth clients).';
    case 'invalid_grant':
      return 'Zendesk no longer accepts the stored authorization (it was used, expired or revoked). Reconnect Zendesk on the admin page.';
    case 'invalid_scope':
      return 'The OAuth client in Zendesk does not allow the scopes the connector needs ("read write").';
    case 'unauthorized_client':
      return 'This OAuth client may not use this kind of grant. For "client credentials" the client kind must be Confidential.';
    default:
      return `Zendesk refused the authorization (${truncate(code, 60)}${description ? `: ${truncate(description, 200)}` : ''}).`;
  }
}

export interface TokenRequestInput {
  subdomain: string;
  clientId: string;
  clientSecret: string;
  fetch: ZendeskFetch;
  now: number;
}

/** One POST /oauth/tokens. Never retried here: a refresh must not be replayed blindly. */
export async function requestToken(input: TokenRequestInput, grant: TokenGrant): Promise<TokenSet> {
  assertValidSubdomain(input.subdomain);
  const body: Record<string, string | number> = {
    grant_type: grant.grant,
    client_id: input.clientId,
    client_secret: input.clientSecret,
    scope: OAUTH_SCOPE,
  };
  if (grant.grant === 'authorization_code') {
    body.code = grant.code;
    body.code_verifier = grant.verifier;
    body.redirect_uri = grant.redirectUri;
  } else if (grant.grant === 'refresh_token') {
    body.refresh_token = grant.refreshToken;
  }
  if (grant.grant !== 'client_credentials') {
    body.expires_in = ACCESS_TOKEN_TTL_SECONDS;
    body.refresh_token_expires_in = REFRESH_TOKEN_TTL_SECONDS;
  }
  const secrets = [
    input.clientSecret,
    ...Object.values(body)
      .map(String)
      .filter((v) => v.length >= 16),
  ];
  let status: number;
  let text: string;
  try {
    const res = await input.fetch(`https://${input.subdomain}.zendesk.com/oauth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    status = res.status;
    text = await res.text();
  } catch (error) {
    throw new OAuthUnreachableError(
      redactSecrets(`Could not reach Zendesk's token endpoint: ${describeError(error)}`, secrets),
    );
  }
  if (status >= 500 || status === 429)
    throw new OAuthUnreachableError(`Zendesk's token endpoint answered HTTP ${status}`);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // handled below
  }
  if (status < 200 || status >= 300) {
    const parsed = oauthErrorSchema.safeParse(json);
    const code = parsed.success ? parsed.data.error : `http_${status}`;
    const kind =
      code === 'invalid_grant' || code === 'invalid_client' || code === 'access_denied' ? code : 'other';
    const message = describeOAuthError(code, parsed.success ? parsed.data.error_description : undefined);
    throw new OAuthGrantError(kind, status, redactSecrets(message, secrets));
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success)
    throw new OAuthUnreachableError('Zendesk answered the token request with an unexpected body');
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? null,
    expiresAt: t.expires_in ? input.now + t.expires_in * 1000 : null,
    refreshExpiresAt: t.refresh_token_expires_in ? input.now + t.refresh_token_expires_in * 1000 : null,
    scope: t.scope ?? OAUTH_SCOPE,
  };
}
