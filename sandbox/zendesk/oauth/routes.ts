/**
 * Zendesk's OAuth endpoints as the simulator serves them:
 * - GET  /oauth/authorizations/new  the consent page (HTML), as Zendesk shows it to a signed-in user
 * - POST /oauth/authorizations      the page's Allow / Deny → 302 to redirect_uri with code or error
 * - POST /oauth/tokens              authorization_code (+PKCE), refresh_token (rotation), client_credentials
 * - DELETE /api/v2/oauth/tokens/current  revokes the token that authenticates the request
 * Sources: https://support.zendesk.com/hc/en-us/articles/203663836 ,
 * https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/ ,
 * https://developer.zendesk.com/documentation/ticketing/working-with-oauth/oauth-pkce/ ,
 * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/ (revoke).
 * Error bodies follow RFC 6749 § 5.2 ({error, error_description}), which Zendesk uses.
 */
import { z } from 'zod';
import type { SimContext } from '../context';
import { BadRequestError, parseJsonBody, type SimRequest, type SimResponse } from '../http';
import type { Router } from '../router';
import { consentPage, errorPage } from './consent';
import {
  ACCESS_TTL_RANGE_S,
  CODE_TTL_MS,
  DEFAULT_ACCESS_TTL_S,
  DEFAULT_REFRESH_TTL_S,
  REFRESH_TTL_RANGE_S,
  s256,
  type OAuthClientRecord,
} from './store';

const oauthError = (status: number, error: string, description: string): SimResponse => ({
  status,
  body: { error, error_description: description },
});

const redirect = (location: string): SimResponse => ({ status: 302, headers: { location }, raw: '' });

const tokenBody = z.object({
  grant_type: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
  expires_in: z.number().int().optional(),
  refresh_token_expires_in: z.number().int().optional(),
});

const VALID_SCOPE =
  /^(read|write|impersonate|(tickets|users|auditlogs|organizations|hc|apps|triggers|automations|targets|webhooks|zis):(read|write))$/;

function parseScopes(scope: string | undefined | null): string[] | null {
  const parts = (scope ?? 'read write').split(/\s+/).filter(Boolean);
  return parts.length > 0 && parts.every((p) => VALID_SCOPE.test(p)) ? parts : null;
}

interface AuthorizeParams {
  client: OAuthClientRecord;
  redirectUri: string;
  state: string | null;
  scopes: string[];
  challenge: string | null;
}

/** Checks the consent request; an unusable client or redirect URI is shown, never redirected to. */
function authorizeParams(ctx: SimContext, get: (name: string) => string | null): AuthorizeParams | string {
  const client = ctx.state.oauth.clients.get(get('client_id') ?? '');
  if (!client) return 'Invalid authorization request: unknown client_id.';
  const redirectUri = get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri))
    return 'Invalid authorization request: redirect_uri is not one of this client’s Redirect URLs.';
  if (get('response_type') !== 'code') return 'Invalid authorization request: response_type must be "code".';
  const scopes = parseScopes(get('scope'));
  if (!scopes) return 'Invalid authorization request: invalid scope.';
  const challenge = get('code_challenge');
  if (challenge !== null && get('code_challenge_method') !== 'S256')
    return 'Invalid authorization request: code_challenge_method must be S256.';
  if (challenge === null && client.kind === 'public')
    return 'Invalid authorization request: a public client must use PKCE.';
  return { client, redirectUri, state: get('state'), scopes, challenge };
}

function withParams(uri: string, params: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

function ttl(requested: number | undefined, fallback: number, range: readonly [number, number]): number {
  if (requested === undefined) return fallback;
  if (requested < range[0] || requested > range[1])
    throw new BadRequestError(`expires_in must be between ${range[0]} and ${range[1]} seconds`);
  return requested;
}

function tokenAnswer(pair: ReturnType<SimContext['state']['oauth']['issue']>, now: number): SimResponse {
  const { access, refresh } = pair;
  return {
    status: 200,
    body: {
      access_token: access.token,
      token_type: 'bearer',
      scope: access.scopes.join(' '),
      ...(refresh
        ? {
            refresh_token: refresh.token,
            refresh_token_expires_in: Math.round((refresh.expiresAt - now) / 1000),
          }
        : {}),
      expires_in: access.expiresAt === null ? null : Math.round((access.expiresAt - now) / 1000),
    },
  };
}

function tokens(ctx: SimContext, req: SimRequest): SimResponse {
  const body = parseJsonBody(req, tokenBody);
  const now = ctx.clock.now();
  const store = ctx.state.oauth;
  const client = store.clients.get(body.client_id ?? '');
  const confidentialOk = client && (client.kind === 'public' || body.client_secret === client.secret);
  if (!client || !confidentialOk) return oauthError(401, 'invalid_client', 'Client authentication failed.');
  const access = ttl(body.expires_in, DEFAULT_ACCESS_TTL_S, ACCESS_TTL_RANGE_S);
  const refreshTtl = ttl(body.refresh_token_expires_in, DEFAULT_REFRESH_TTL_S, REFRESH_TTL_RANGE_S);
  if (access >= refreshTtl)
    throw new BadRequestError('expires_in must be less than refresh_token_expires_in');

  if (body.grant_type === 'authorization_code') {
    const code = store.codes.get(body.code ?? '');
    if (!code || code.used || code.expiresAt <= now || code.clientId !== client.identifier)
      return oauthError(400, 'invalid_grant', 'The authorization code is invalid, expired or already used.');
    code.used = true;
    if (body.redirect_uri !== code.redirectUri)
      return oauthError(400, 'invalid_grant', 'The redirect_uri does not match the authorization request.');
    if (code.challenge !== null && (!body.code_verifier || s256(body.code_verifier) !== code.challenge))
      return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    const user = ctx.state.users.get(code.userId);
    if (!user?.active || user.suspended) return oauthError(400, 'invalid_grant', 'The user is not active.');
    store.issued.authorization_code++;
    return tokenAnswer(
      store.issue(client.identifier, code.userId, code.scopes, now, { access, refresh: refreshTtl }),
      now,
    );
  }
  if (body.grant_type === 'refresh_token') {
    const old = store.refresh.get(body.refresh_token ?? '');
    if (!old || old.expiresAt <= now || old.clientId !== client.identifier)
      return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    // Rotation: the previous access and refresh tokens are deleted.
    store.refresh.delete(old.token);
    store.access.delete(old.accessToken);
    store.issued.refresh_token++;
    return tokenAnswer(
      store.issue(client.identifier, old.userId, old.scopes, now, { access, refresh: refreshTtl }),
      now,
    );
  }
  if (body.grant_type === 'client_credentials') {
    if (client.kind !== 'confidential')
      return oauthError(400, 'unauthorized_client', 'Only confidential clients may use client_credentials.');
    const scopes = parseScopes(body.scope);
    if (!scopes) return oauthError(400, 'invalid_scope', 'The requested scope is invalid.');
    store.issued.client_credentials++;
    return tokenAnswer(
      store.issue(client.identifier, client.userId, scopes, now, { access, refresh: null }),
      now,
    );
  }
  return oauthError(400, 'unsupported_grant_type', 'The grant type is not supported.');
}

export function registerOAuthRoutes(router: Router, ctx: SimContext): void {
  router.add('GET', '/oauth/authorizations/new', 'anyone', (req) => {
    const params = authorizeParams(ctx, (n) => req.query.get(n));
    if (typeof params === 'string') return errorPage(params);
    const users = [...ctx.state.users.values()].filter(
      (u) => u.role !== 'end-user' && u.active && !u.suspended,
    );
    return consentPage(params.client.identifier, req.query, params.scopes, users);
  });

  router.add('POST', '/oauth/authorizations', 'anyone', (req) => {
    const form = new URLSearchParams(req.body.toString('utf8'));
    const params = authorizeParams(ctx, (n) => form.get(n));
    if (typeof params === 'string') return errorPage(params);
    if (form.get('decision') !== 'allow')
      return redirect(
        withParams(params.redirectUri, {
          error: 'access_denied',
          error_description: 'The end-user or authorization server denied the request.',
          state: params.state,
        }),
      );
    const user = ctx.state.users.get(Number(form.get('user_id')));
    if (!user || user.role === 'end-user') return errorPage('Sign in as an agent or admin to grant access.');
    const code = ctx.state.oauth.newCode({
      clientId: params.client.identifier,
      userId: user.id,
      redirectUri: params.redirectUri,
      scopes: params.scopes,
      challenge: params.challenge,
      expiresAt: ctx.clock.now() + CODE_TTL_MS,
      used: false,
    });
    return redirect(withParams(params.redirectUri, { code, state: params.state }));
  });

  router.add('POST', '/oauth/tokens', 'anyone', (req) => tokens(ctx, req));

  router.add('DELETE', '/api/v2/oauth/tokens/current', 'end-user', (req) => {
    const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!bearer || !ctx.state.oauth.revokeAccess(bearer))
      return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    return { status: 204 };
  });
}
