/**
 * The Zendesk connection: `connection` holds the record (no token); the API token lives
 * only in secret storage under `zendesk-api-token` (forge-facts §5, DESIGN §3).
 */
import { kvs } from '@forge/kvs';
import type { ConnectionRecord } from '../domain/types';
import { AppError } from '../util/errors';
import type { ZendeskCredentials } from '../zendesk/client';
import { CONNECTION_KEY, TOKEN_SECRET_KEY } from './keys';
import { connectionRecordSchema, parseStored } from './records';

export async function getConnection(): Promise<ConnectionRecord | null> {
  const raw = await kvs.get<unknown>(CONNECTION_KEY);
  if (raw === undefined) return null;
  return parseStored(connectionRecordSchema, CONNECTION_KEY, raw);
}

export async function getToken(): Promise<string | null> {
  const raw = await kvs.getSecret<unknown>(TOKEN_SECRET_KEY);
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

export async function hasToken(): Promise<boolean> {
  return (await getToken()) !== null;
}

/**
 * Stores a validated connection and its token. The secret is written first; if the record
 * write then fails, the previous secret is put back so the old connection stays usable.
 */
export async function saveConnection(record: ConnectionRecord, token: string): Promise<void> {
  const valid = connectionRecordSchema.parse(record);
  if (token === '') throw new AppError('BAD_PAYLOAD', 'The API token is empty');
  const previousToken = await getToken();
  await kvs.setSecret(TOKEN_SECRET_KEY, token);
  try {
    await kvs.set(CONNECTION_KEY, valid);
  } catch (error) {
    if (previousToken !== null) await kvs.setSecret(TOKEN_SECRET_KEY, previousToken).catch(() => undefined);
    else await kvs.deleteSecret(TOKEN_SECRET_KEY).catch(() => undefined);
    throw error;
  }
}

/** Removes the record first so no reader ever sees a connection without its token. */
export async function deleteConnection(): Promise<void> {
  await kvs.delete(CONNECTION_KEY);
  await kvs.deleteSecret(TOKEN_SECRET_KEY);
}

/** Connection + token as client credentials; null when not (fully) connected. */
export async function loadCredentials(): Promise<{
  connection: ConnectionRecord;
  credentials: ZendeskCredentials;
} | null> {
  const [connection, token] = await Promise.all([getConnection(), getToken()]);
  if (!connection || token === null) return null;
  return { connection, credentials: { subdomain: connection.subdomain, email: connection.email, token } };
}
