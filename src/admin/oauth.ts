/**
 * The admin page's OAuth calls (AdminApi in src/domain/rpc.ts): the redirect URL to register in
 * Zendesk, starting a consent, polling its outcome, and the client-credentials connect. The
 * resolver guards them like every admin call (license → Jira admin → strict payload); the client
 * secret is registered for redaction and never returned.
 */
import type { ConnectionSummary, OAuthAttemptView, OAuthSetup } from '../domain/rpc';
import { API_TOKEN_END_DATE } from '../domain/types';
import { readAttempt } from '../storage/oauth';
import { AppError } from '../util/errors';
import { assertValidSubdomain } from '../zendesk/client';
import { OAUTH_SCOPE } from '../zendesk/oauth';
import { adminAccount, connectionSummary, type AdminCaller, type AdminDeps } from './deps';
import { connectClientCredentials, startConsent, type OAuthClientInput } from './oauthConnect';

/** Redacts the secret from any answer and refuses a bad subdomain before anything is sent. */
function vetClient(input: OAuthClientInput, caller: AdminCaller): void {
  caller.addSecret(input.clientSecret);
  assertValidSubdomain(input.subdomain);
}

export async function oauthSetup(deps: AdminDeps): Promise<OAuthSetup> {
  return { redirectUrl: await deps.redirectUrl(), scope: OAUTH_SCOPE, apiTokenEndsOn: API_TOKEN_END_DATE };
}

export async function beginOAuth(
  input: OAuthClientInput,
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<{ attemptId: string; authorizeUrl: string }> {
  vetClient(input, caller);
  const accountId = adminAccount(caller);
  return startConsent({ ...input, accountId, redirectUri: await deps.redirectUrl() }, { now: deps.now });
}

export async function oauthAttempt(
  input: { attemptId: string },
  caller: AdminCaller,
): Promise<OAuthAttemptView> {
  const attempt = await readAttempt(input.attemptId);
  // Another admin's attempt is not this admin's business: answer as if it did not exist.
  if (!attempt || attempt.accountId !== adminAccount(caller))
    throw new AppError('NOT_FOUND', 'This Zendesk connection attempt is unknown or has expired.');
  return { status: attempt.status, message: attempt.message, connection: await connectionSummary() };
}

export async function connectWithClientCredentials(
  input: OAuthClientInput,
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<ConnectionSummary> {
  vetClient(input, caller);
  await connectClientCredentials(input, adminAccount(caller), { fetch: deps.fetch, now: deps.now });
  return connectionSummary();
}
