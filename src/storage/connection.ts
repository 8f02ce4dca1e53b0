/**
 * The Zendesk connection: `connection` holds the record (no secret). An API token lives only in
 * secret storage under `zendesk-api-token`; OAuth tokens and the client secret live in secret
 * storage too (src/storage/oauth.ts). Every successful connect, whatever its kind, goes through
 * `completeConnection` (the single place to hook account checks into).
 */
import { kvs } from '@forge/kvs';
import { type ConnectionRecord, connectionRecordSchema } from '../domain/types';
import { AppError } from '../util/errors';
import { oauthAuth } from '../zendesk/oauthCredential';
import { defaultZendeskFetch, type ZendeskCredentials, type ZendeskFetch } from '../zendesk/client';
import type { TokenSet } from '../zendesk/oauth';
import { bindOrSuspend } from './accountBinding';
import { deleteCursor } from './cursor';
import { CONNECTION_KEY, OAUTH_CLIENT_SECRET_KEY, TOKEN_SECRET_KEY } from './keys';
import { clearAuthProblem, deleteOAuthSecrets, readAuthProblem, readTokens, writeTokens } from './oauth';
import { parseStored } from './records';

export async function getConnection(): Promise<ConnectionRecord | null> {
  const raw = await kvs.get<unknown>(CONNECTION_KEY);
  if (raw === undefined) return null;
  return parseStored(connectionRecordSchema, CONNECTION_KEY, raw);
}

export async function getToken(): Promise<string | null> {
  const raw = await kvs.getSecret<unknown>(TOKEN_SECRET_KEY);
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

/** Whether the secret the connection needs is stored (API token, or an OAuth pair). */
export async function hasToken(connection?: ConnectionRecord | null): Promise<boolean> {
  if (connection?.auth?.kind === 'oauth') return (await readTokens()) !== null;
  return (await getToken()) !== null;
}

/** What a connect stores besides the record. */
export type ConnectionSecret =
  { kind: 'apiToken'; token: string } | { kind: 'oauth'; clientSecret: string; tokens: TokenSet };

async function writeSecret(secret: ConnectionSecret): Promise<void> {
  if (secret.kind === 'apiToken') {
    if (secret.token === '') throw new AppError('BAD_PAYLOAD', 'The API token is empty');
    await kvs.setSecret(TOKEN_SECRET_KEY, secret.token);
    await deleteOAuthSecrets();
  } else {
    const previous = await readTokens();
    await kvs.setSecret(OAUTH_CLIENT_SECRET_KEY, secret.clientSecret);
    await writeTokens(secret.tokens, (previous?.generation ?? 0) + 1);
    await kvs.deleteSecret(TOKEN_SECRET_KEY);
  }
}

/**
 * The one way a connection becomes active. Secrets are written first; if the record write then
 * fails, the connection is left without a record (so no reader uses half of it) and the error
 * propagates. A different Zendesk account resets the export cursor; a fresh connect clears any
 * "reconnect Zendesk" state.
 */
export async function completeConnection(record: ConnectionRecord, secret: ConnectionSecret): Promise<void> {
  // Links made in another Zendesk account stay with it: this connection starts suspended.
  const { suspendedFrom: _ignored, ...fresh } = record;
  const boundTo = await bindOrSuspend(fresh.subdomain);
  const previous = await getConnection().catch(() => null);
  // New credentials for the account already connected (a rotated token or OAuth client) keep
  // the connection's start, from which auto-create counts "new" tickets.
  const rotated =
    previous !== null && previous.suspendedFrom === undefined && previous.subdomain === fresh.subdomain;
  const kept = rotated ? { ...fresh, connectedAt: previous.connectedAt } : fresh;
  const valid = connectionRecordSchema.parse(boundTo === null ? kept : { ...kept, suspendedFrom: boundTo });
  const previousToken = secret.kind === 'apiToken' ? await getToken() : null;
  await writeSecret(secret);
  try {
    await kvs.set(CONNECTION_KEY, valid);
  } catch (error) {
    if (secret.kind === 'apiToken' && previousToken !== null)
      await kvs.setSecret(TOKEN_SECRET_KEY, previousToken).catch(() => undefined);
    throw error;
  }
  await clearAuthProblem();
  // A suspended connection keeps the old account's cursor for the admin's "keep" decision.
  if (previous && previous.subdomain !== valid.subdomain && valid.suspendedFrom === undefined)
    await deleteCursor();
}

/** API-token connect (kept for existing callers and tests). */
export async function saveConnection(record: ConnectionRecord, token: string): Promise<void> {
  if (token === '') throw new AppError('BAD_PAYLOAD', 'The API token is empty');
  await completeConnection(record, { kind: 'apiToken', token });
}

/** Removes the record first so no reader ever sees a connection without its secret. */
export async function deleteConnection(): Promise<void> {
  await kvs.delete(CONNECTION_KEY);
  await kvs.deleteSecret(TOKEN_SECRET_KEY);
  await deleteOAuthSecrets();
  await clearAuthProblem();
}

/** Client credentials for a stored connection; null when its secret is missing. */
export async function credentialsFor(
  connection: ConnectionRecord,
  options: { fetch?: ZendeskFetch } = {},
): Promise<ZendeskCredentials | null> {
  const auth = connection.auth;
  if (auth?.kind === 'oauth') {
    if ((await readTokens()) === null && (await readAuthProblem()) === null) return null;
    return {
      subdomain: connection.subdomain,
      auth: oauthAuth({
        subdomain: connection.subdomain,
        clientId: auth.clientId,
        grant: auth.grant,
        fetch: options.fetch ?? defaultZendeskFetch,
      }),
    };
  }
  const token = await getToken();
  return token === null ? null : { subdomain: connection.subdomain, email: connection.email, token };
}

/** Connection + client credentials; null when not (fully) connected. */
export async function loadCredentials(): Promise<{
  connection: ConnectionRecord;
  credentials: ZendeskCredentials;
} | null> {
  const connection = await getConnection();
  // Suspended (another Zendesk account than the links'): nothing may read or write through it.
  if (!connection || connection.suspendedFrom !== undefined) return null;
  const credentials = await credentialsFor(connection);
  return credentials ? { connection, credentials } : null;
}
