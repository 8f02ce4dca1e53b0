/**
 * The admin page's OAuth calls (AdminApi in src/domain/rpc.ts): the redirect URL to register in
 * Zendesk, starting a consent, polling its outcome, and the client-credentials connect. They run
 * behind the same guard as every admin call (license → Jira admin → strict payload); the client
 * secret is registered for redaction and never returned.
 */
import { webTrigger } from '@forge/api';
import { z } from 'zod';
import type { ConnectionSummary, OAuthAttemptView, OAuthSetup, Result } from '../domain/rpc';
import { API_TOKEN_END_DATE } from '../domain/types';
import { readAttempt } from '../storage/oauth';
import { AppError } from '../util/errors';
import { assertValidSubdomain, defaultZendeskFetch, type ZendeskFetch } from '../zendesk/client';
import { OAUTH_SCOPE } from '../zendesk/oauth';
import { guarded, type GuardContext, type ResolverRequest } from './guard';
import { connectClientCredentials, startConsent } from './oauthConnect';

/** The manifest's webtrigger module key (manifest.yml). */
export const OAUTH_CALLBACK_TRIGGER = 'zendesk-oauth-callback';

const clientInput = z.strictObject({
  subdomain: z.string().max(100),
  // Zendesk's "Identifier" of an OAuth client: letters, digits, '_', '-' and '.'.
  clientId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be the OAuth client’s Identifier exactly as Zendesk shows it'),
  clientSecret: z
    .string()
    .min(1, 'is required')
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be the client secret exactly as Zendesk shows it (no spaces)'),
});

export const oauthPayloadSchemas = {
  getOAuthSetup: z.strictObject({}),
  beginOAuth: clientInput,
  getOAuthAttempt: z.strictObject({
    attemptId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an attempt id'),
  }),
  connectClientCredentials: clientInput,
} as const;

export interface OAuthDeps {
  fetch?: ZendeskFetch;
  now?: () => Date;
  redirectUrl?: () => Promise<string>;
  summary: () => Promise<ConnectionSummary>;
}

type Handler<T> = (request: ResolverRequest) => Promise<Result<T>>;

/** Redacts the secret from any answer and refuses a bad subdomain before anything is sent. */
function vetClient(input: { subdomain: string; clientSecret: string }, ctx: GuardContext): void {
  ctx.addSecret(input.clientSecret);
  assertValidSubdomain(input.subdomain);
}

function adminAccount(ctx: GuardContext): string {
  if (ctx.accountId === undefined) throw new AppError('NOT_ADMIN', 'No Jira user invoked this call.');
  return ctx.accountId;
}

export function oauthHandlers(
  deps: OAuthDeps,
  options: Parameters<typeof guarded>[2],
): {
  getOAuthSetup: Handler<OAuthSetup>;
  beginOAuth: Handler<{ attemptId: string; authorizeUrl: string }>;
  getOAuthAttempt: Handler<OAuthAttemptView>;
  connectClientCredentials: Handler<ConnectionSummary>;
} {
  const fetch = deps.fetch ?? defaultZendeskFetch;
  const now = deps.now ?? (() => new Date());
  const redirectUrl = deps.redirectUrl ?? (() => webTrigger.getUrl(OAUTH_CALLBACK_TRIGGER));

  return {
    getOAuthSetup: guarded('admin.getOAuthSetup', oauthPayloadSchemas.getOAuthSetup, options, async () => ({
      redirectUrl: await redirectUrl(),
      scope: OAUTH_SCOPE,
      apiTokenEndsOn: API_TOKEN_END_DATE,
    })),

    beginOAuth: guarded('admin.beginOAuth', oauthPayloadSchemas.beginOAuth, options, async (input, ctx) => {
      vetClient(input, ctx);
      const accountId = adminAccount(ctx);
      return startConsent({ ...input, accountId, redirectUri: await redirectUrl() }, { now });
    }),

    getOAuthAttempt: guarded(
      'admin.getOAuthAttempt',
      oauthPayloadSchemas.getOAuthAttempt,
      options,
      async (input, ctx) => {
        const attempt = await readAttempt(input.attemptId);
        // Another admin's attempt is not this admin's business: answer as if it did not exist.
        if (!attempt || attempt.accountId !== adminAccount(ctx))
          throw new AppError('NOT_FOUND', 'This Zendesk connection attempt is unknown or has expired.');
        return { status: attempt.status, message: attempt.message, connection: await deps.summary() };
      },
    ),

    connectClientCredentials: guarded(
      'admin.connectClientCredentials',
      oauthPayloadSchemas.connectClientCredentials,
      options,
      async (input, ctx) => {
        vetClient(input, ctx);
        await connectClientCredentials(input, adminAccount(ctx), { fetch, now });
        return deps.summary();
      },
    ),
  };
}
