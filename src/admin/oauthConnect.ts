/**
 * Connecting Zendesk with OAuth (docs/admin-guide.md § Connect with OAuth):
 * - `startConsent` (admin resolver): stores state → {verifier, client, admin accountId} in secret
 *   storage for 10 minutes and returns Zendesk's consent URL (PKCE S256).
 * - `finishConsent` (web trigger): claims the state exactly once, exchanges the code with the
 *   verifier, checks users/me and connects. The web trigger has no Atlassian user, so the state
 *   is what binds the answer to the admin who started it.
 * - `connectClientCredentials` (admin resolver): no consent, a token for the client's own user.
 * All three end in `completeConnection`, the one place a connection becomes active.
 */
import type { ConnectionRecord } from '../domain/types';
import { completeConnection } from '../storage/connection';
import {
  PENDING_TTL_MS,
  claimPending,
  savePending,
  writeAttempt,
  type PendingConsent,
} from '../storage/oauth';
import { AppError, describeError } from '../util/errors';
import { newId } from '../util/ids';
import { createZendeskClient, type ZendeskAuth, type ZendeskFetch } from '../zendesk/client';
import {
  authorizeUrl,
  describeOAuthError,
  newPkcePair,
  newState,
  requestToken,
  type TokenSet,
} from '../zendesk/oauth';
import { agentFromMe } from './zendeskIdentity';

export interface OAuthClientInput {
  subdomain: string;
  clientId: string;
  clientSecret: string;
}

export interface ConnectDeps {
  fetch: ZendeskFetch;
  now: () => Date;
}

/** A fixed Bearer token for the identity check right after the grant. */
function fixedBearer(token: string): ZendeskAuth {
  const header = `Bearer ${token}`;
  return {
    header: () => Promise.resolve(header),
    renew: () => Promise.resolve(null),
    secrets: () => [token],
  };
}

async function connectWithTokens(
  input: OAuthClientInput,
  grant: 'authorization_code' | 'client_credentials',
  tokens: TokenSet,
  accountId: string,
  deps: ConnectDeps,
): Promise<ConnectionRecord> {
  const zendesk = createZendeskClient(
    { subdomain: input.subdomain, auth: fixedBearer(tokens.accessToken) },
    { fetch: deps.fetch, waitBudgetMs: 4_000 },
  );
  const me = await zendesk.me();
  const agent = agentFromMe(me, '', 'the OAuth client and the Zendesk user who gave consent');
  const record: ConnectionRecord = {
    subdomain: input.subdomain,
    email: agent.email,
    agent,
    connectedAt: deps.now().toISOString(),
    auth: { kind: 'oauth', grant, clientId: input.clientId, scope: tokens.scope, connectedBy: accountId },
  };
  await completeConnection(record, { kind: 'oauth', clientSecret: input.clientSecret, tokens });
  return record;
}

export async function startConsent(
  input: OAuthClientInput & { accountId: string; redirectUri: string },
  deps: Pick<ConnectDeps, 'now'>,
): Promise<{ attemptId: string; authorizeUrl: string }> {
  const pkce = await newPkcePair();
  const state = newState();
  const attemptId = newId();
  const pending: PendingConsent = {
    attemptId,
    accountId: input.accountId,
    subdomain: input.subdomain,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    verifier: pkce.verifier,
    redirectUri: input.redirectUri,
    expiresAt: deps.now().getTime() + PENDING_TTL_MS,
  };
  await savePending(state, pending);
  await writeAttempt(attemptId, {
    accountId: input.accountId,
    status: 'waiting',
    message: 'Waiting for consent in Zendesk.',
    at: deps.now().toISOString(),
  });
  const url = authorizeUrl({
    subdomain: input.subdomain,
    clientId: input.clientId,
    redirectUri: input.redirectUri,
    state,
    challenge: pkce.challenge,
  });
  return { attemptId, authorizeUrl: url };
}

export interface ConsentAnswer {
  state?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

export type ConsentOutcome =
  { ok: true; record: ConnectionRecord } | { ok: false; status: number; message: string };

/** Handles Zendesk's redirect. Every failure is recorded on the attempt the admin page polls. */
export async function finishConsent(answer: ConsentAnswer, deps: ConnectDeps): Promise<ConsentOutcome> {
  if (!answer.state)
    return { ok: false, status: 400, message: 'This page expects an answer from Zendesk’s consent page.' };
  const pending = await claimPending(answer.state);
  if (!pending)
    return {
      ok: false,
      status: 400,
      message:
        'This authorization link is unknown, was already used or has expired. Start again with “Connect with Zendesk” on the admin page.',
    };
  const fail = async (message: string): Promise<ConsentOutcome> => {
    await writeAttempt(pending.attemptId, {
      accountId: pending.accountId,
      status: 'failed',
      message,
      at: deps.now().toISOString(),
    });
    return { ok: false, status: 400, message };
  };
  if (pending.expiresAt < deps.now().getTime())
    return fail('The Zendesk consent took longer than 10 minutes. Start again from the admin page.');
  if (answer.error) return fail(describeOAuthError(answer.error, answer.errorDescription));
  if (!answer.code) return fail('Zendesk sent no authorization code. Start again from the admin page.');
  try {
    const tokens = await requestToken(
      { ...pending, fetch: deps.fetch, now: deps.now().getTime() },
      {
        grant: 'authorization_code',
        code: answer.code,
        verifier: pending.verifier,
        redirectUri: pending.redirectUri,
      },
    );
    const record = await connectWithTokens(pending, 'authorization_code', tokens, pending.accountId, deps);
    await writeAttempt(pending.attemptId, {
      accountId: pending.accountId,
      status: 'connected',
      message: `Connected to ${record.subdomain}.zendesk.com as ${record.agent.name || record.agent.email}.`,
      at: deps.now().toISOString(),
    });
    return { ok: true, record };
  } catch (error) {
    return fail(error instanceof AppError ? error.message : `Connecting failed: ${describeError(error)}`);
  }
}

export async function connectClientCredentials(
  input: OAuthClientInput,
  accountId: string,
  deps: ConnectDeps,
): Promise<ConnectionRecord> {
  const tokens = await requestToken(
    { ...input, fetch: deps.fetch, now: deps.now().getTime() },
    { grant: 'client_credentials' },
  );
  return connectWithTokens(input, 'client_credentials', tokens, accountId, deps);
}
