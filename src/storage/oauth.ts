/**
 * OAuth state in Forge storage.
 * - Secret storage only: the token pair (`zendesk-oauth-tokens`), the client secret
 *   (`zendesk-oauth-client-secret`) and each pending consent (`oauth-pending:{state}`, holding the
 *   PKCE verifier). None of these is ever returned by a resolver or written to a log.
 * - Plain storage: the refresh lock, single-use markers for `state`, consent attempt results
 *   and the "reconnect Zendesk" status, none of which carries a secret.
 */
import { createHash } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { authProblemSchema, type AuthProblem } from '../domain/types';
import type { TokenSet } from '../zendesk/oauth';

import {
  AUTH_STATUS_KEY,
  OAUTH_CLIENT_SECRET_KEY,
  OAUTH_TOKENS_SECRET_KEY,
  oauthAttemptKey,
  oauthPendingKey,
  oauthUsedKey,
  REFRESH_LOCK_KEY,
} from './keys';

/** A consent must come back within this long (Zendesk's code itself lives 120 s). */
export const PENDING_TTL_MS = 10 * 60 * 1000;

const tokenSetSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  expiresAt: z.number().nullable(),
  refreshExpiresAt: z.number().nullable(),
  scope: z.string(),
});

/** The stored pair plus a generation that grows with every rotation (detects concurrent refreshes). */
export const storedTokensSchema = tokenSetSchema.extend({ generation: z.number().int().nonnegative() });
export type StoredTokens = z.infer<typeof storedTokensSchema>;

export async function readTokens(): Promise<StoredTokens | null> {
  const parsed = storedTokensSchema.safeParse(await kvs.getSecret<unknown>(OAUTH_TOKENS_SECRET_KEY));
  return parsed.success ? parsed.data : null;
}

export async function writeTokens(tokens: TokenSet, generation: number): Promise<StoredTokens> {
  const stored: StoredTokens = { ...tokens, generation };
  await kvs.setSecret(OAUTH_TOKENS_SECRET_KEY, stored);
  return stored;
}

export async function readClientSecret(): Promise<string | null> {
  const raw = await kvs.getSecret<unknown>(OAUTH_CLIENT_SECRET_KEY);
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

export async function deleteOAuthSecrets(): Promise<void> {
  await kvs.deleteSecret(OAUTH_TOKENS_SECRET_KEY);
  await kvs.deleteSecret(OAUTH_CLIENT_SECRET_KEY);
}

// ---------- reconnect status ----------

export async function readAuthProblem(): Promise<AuthProblem | null> {
  const parsed = authProblemSchema.safeParse(await kvs.get<unknown>(AUTH_STATUS_KEY));
  return parsed.success ? parsed.data : null;
}

export async function writeAuthProblem(problem: AuthProblem): Promise<void> {
  await kvs.set(AUTH_STATUS_KEY, problem);
}

export async function clearAuthProblem(): Promise<void> {
  await kvs.delete(AUTH_STATUS_KEY);
}

// ---------- refresh lock ----------

/**
 * Takes the refresh lock: an atomic create with a TTL, so a crashed holder blocks others for at
 * most `ttlSeconds`. Returns false when another invocation holds it.
 */
export async function takeRefreshLock(owner: string, ttlSeconds: number): Promise<boolean> {
  try {
    await kvs.set(
      REFRESH_LOCK_KEY,
      { owner },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: ttlSeconds, unit: 'SECONDS' } },
    );
    return true;
  } catch (error) {
    // The platform's code for an existing key is undocumented: a present key means "held".
    if ((await kvs.get<unknown>(REFRESH_LOCK_KEY)) !== undefined) return false;
    throw error;
  }
}

export async function releaseRefreshLock(owner: string): Promise<void> {
  const raw = await kvs.get<{ owner?: unknown }>(REFRESH_LOCK_KEY);
  if (raw?.owner === owner) await kvs.delete(REFRESH_LOCK_KEY);
}

// ---------- pending consents ----------

export const pendingSchema = z.object({
  attemptId: z.string().min(1),
  accountId: z.string().min(1),
  subdomain: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  verifier: z.string().min(43),
  redirectUri: z.string().min(1),
  expiresAt: z.number(),
});
export type PendingConsent = z.infer<typeof pendingSchema>;

/** The state goes into keys hashed: plain storage never holds a live state value. */
function stateDigest(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

export async function savePending(state: string, pending: PendingConsent): Promise<void> {
  await kvs.setSecret(oauthPendingKey(stateDigest(state)), pendingSchema.parse(pending));
}

/**
 * Claims a state exactly once: the first caller creates the `used` marker atomically and gets
 * the pending consent (deleted at once, so the verifier is gone after one use); every later caller,
 * including one replaying the same callback URL, gets null.
 */
export async function claimPending(state: string): Promise<PendingConsent | null> {
  const digest = stateDigest(state);
  try {
    await kvs.set(
      oauthUsedKey(digest),
      { at: Date.now() },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 1, unit: 'DAYS' } },
    );
  } catch {
    return null;
  }
  const key = oauthPendingKey(digest);
  const parsed = pendingSchema.safeParse(await kvs.getSecret<unknown>(key));
  await kvs.deleteSecret(key);
  return parsed.success ? parsed.data : null;
}

// ---------- attempt results (what the admin page polls) ----------

export const attemptSchema = z.object({
  accountId: z.string(),
  status: z.enum(['waiting', 'connected', 'failed']),
  message: z.string(),
  at: z.string(),
});
export type OAuthAttempt = z.infer<typeof attemptSchema>;

export async function writeAttempt(attemptId: string, attempt: OAuthAttempt): Promise<void> {
  await kvs.set(oauthAttemptKey(attemptId), attempt, { ttl: { value: 1, unit: 'HOURS' } });
}

export async function readAttempt(attemptId: string): Promise<OAuthAttempt | null> {
  const parsed = attemptSchema.safeParse(await kvs.get<unknown>(oauthAttemptKey(attemptId)));
  return parsed.success ? parsed.data : null;
}
