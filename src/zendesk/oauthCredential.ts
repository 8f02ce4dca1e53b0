/**
 * The OAuth Bearer strategy for the Zendesk client: reads the stored pair, refreshes it shortly
 * before expiry and once after a 401, and ends in the "reconnect Zendesk" state when Zendesk
 * refuses the grant.
 *
 * Rotation is crash-safe and serialised (docs/reliability.md § OAuth rotation):
 * - Zendesk deletes the previous pair when it issues a new one and documents no grace period
 *   (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/), so the new
 *   pair is written to secret storage before any request uses it.
 * - One refresh at a time: a lock taken with an atomic create and a TTL. A waiter re-reads the
 *   pair and uses the newer generation instead of refreshing again with a dead refresh token.
 * - A refresh whose answer is lost is retried once at once: if Zendesk never saw it, the retry
 *   works; if Zendesk had rotated, the old refresh token is dead, the retry gets invalid_grant and
 *   the connection goes to the recorded reconnect state. Never a silent stop.
 * - client_credentials has no refresh token: a new token is simply requested again.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../domain/errors';
import {
  readAuthProblem,
  readClientSecret,
  readTokens,
  releaseRefreshLock,
  takeRefreshLock,
  writeAuthProblem,
  writeTokens,
  type StoredTokens,
} from '../storage/oauth';
import type { ZendeskAuth, ZendeskFetch } from './client';
import { ZendeskApiError, ZendeskReconnectError } from './errors';
import { OAuthGrantError, OAuthUnreachableError, requestToken, type TokenSet } from './oauth';

/** Refresh this long before the stored expiry, so a request never leaves with a dying token. */
export const EXPIRY_SKEW_MS = 60_000;
const LOCK_TTL_SECONDS = 30;
const LOCK_WAIT_STEPS = 20;
const LOCK_WAIT_MS = 250;

export interface OAuthCredentialOptions {
  subdomain: string;
  clientId: string;
  grant: 'authorization_code' | 'client_credentials';
  fetch: ZendeskFetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const bearer = (t: StoredTokens): string => `Bearer ${t.accessToken}`;

export function oauthAuth(options: OAuthCredentialOptions): ZendeskAuth {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let current: StoredTokens | null = null;
  const seen = new Set<string>();

  const remember = (t: StoredTokens): StoredTokens => {
    current = t;
    seen.add(t.accessToken);
    if (t.refreshToken) seen.add(t.refreshToken);
    return t;
  };

  const reconnect = async (code: ErrorCode, message: string): Promise<never> => {
    const text = `Reconnect Zendesk on the admin page: ${message}`;
    // The admin page reads this; the sync run that meets the error records it in the activity log.
    await writeAuthProblem({ code, message: text, at: new Date(now()).toISOString() });
    throw new ZendeskReconnectError(text);
  };

  const exchange = async (base: StoredTokens | null): Promise<TokenSet> => {
    const clientSecret = await readClientSecret();
    if (clientSecret === null) return reconnect('OAUTH_MISSING', 'the OAuth client secret is not stored.');
    if (options.grant === 'authorization_code' && !base?.refreshToken)
      return reconnect('OAUTH_MISSING', 'Zendesk issued no refresh token for this connection.');
    const input = {
      subdomain: options.subdomain,
      clientId: options.clientId,
      clientSecret,
      fetch: options.fetch,
    };
    const grant =
      options.grant === 'client_credentials'
        ? ({ grant: 'client_credentials' } as const)
        : ({ grant: 'refresh_token', refreshToken: base?.refreshToken ?? '' } as const);
    for (let attempt = 1; ; attempt++) {
      try {
        return await requestToken({ ...input, now: now() }, grant);
      } catch (error) {
        if (error instanceof OAuthGrantError) return reconnect(error.code, error.message);
        // Lost answer or outage: one immediate retry tells "never arrived" from "already rotated".
        if (error instanceof OAuthUnreachableError && attempt < 2) continue;
        if (error instanceof OAuthUnreachableError) throw new ZendeskApiError(0, 'NETWORK', error.message);
        throw error;
      }
    }
  };

  /** Refreshes unless another invocation already did since `stale` was read. */
  const refresh = async (stale: StoredTokens | null): Promise<StoredTokens> => {
    const owner = randomUUID();
    for (let step = 0; !(await takeRefreshLock(owner, LOCK_TTL_SECONDS)); step++) {
      if (step >= LOCK_WAIT_STEPS)
        throw new ZendeskApiError(
          0,
          'NETWORK',
          'Another invocation is renewing the Zendesk token; try again.',
        );
      await sleep(LOCK_WAIT_MS);
      const latest = await readTokens();
      if (latest && stale && latest.generation > stale.generation) return remember(latest);
    }
    try {
      const latest = await readTokens();
      if (latest && stale && latest.generation > stale.generation) return remember(latest);
      const base = latest ?? stale;
      const next = await exchange(base);
      // Stored before it is used: a crash after this line loses nothing.
      return remember(await writeTokens(next, (base?.generation ?? 0) + 1));
    } finally {
      await releaseRefreshLock(owner).catch(() => undefined);
    }
  };

  const usable = (t: StoredTokens): boolean => t.expiresAt === null || t.expiresAt - now() > EXPIRY_SKEW_MS;

  return {
    async header() {
      if (current && usable(current)) return bearer(current);
      const problem = await readAuthProblem();
      if (problem) throw new ZendeskReconnectError(problem.message);
      const stored = await readTokens();
      if (stored && usable(stored)) return bearer(remember(stored));
      if (!stored && options.grant === 'authorization_code')
        return reconnect('OAUTH_MISSING', 'no Zendesk OAuth token is stored.');
      return bearer(await refresh(stored));
    },
    async renew(used) {
      const stored = await readTokens();
      // Someone else rotated since this request left: use theirs.
      if (stored && bearer(stored) !== used && usable(stored)) return bearer(remember(stored));
      return bearer(await refresh(stored));
    },
    secrets: () => [...seen],
  };
}
