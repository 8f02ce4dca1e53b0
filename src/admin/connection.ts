/**
 * The admin page's Zendesk connection with an API token (AdminApi in src/domain/rpc.ts): connect,
 * replace the token, test, revoke, and the decision after connecting another Zendesk account
 * while links exist. Every connect checks users/me first (src/admin/zendeskIdentity.ts) and goes
 * through completeConnection, the one place a connection becomes active.
 */
import type { ConnectionCheck, ConnectionSummary } from '../domain/rpc';
import type { ConnectionRecord } from '../domain/types';
import { readBinding } from '../storage/accountBinding';
import { clearLinksForAccount, keepLinksForAccount } from '../storage/accountDecision';
import { completeConnection, deleteConnection, getConnection } from '../storage/connection';
import { AppError } from '../util/errors';
import { assertValidSubdomain } from '../zendesk/client';
import {
  connectionSummary,
  logAction,
  NOT_CONNECTED_MESSAGE,
  storedZendesk,
  ZENDESK_OPTIONS,
  type AdminCaller,
  type AdminDeps,
} from './deps';
import { agentFromMe } from './zendeskIdentity';

/** Resolvers have 25 s: a "clear the links" decision clears for this long, then the page asks again. */
const CLEAR_LINKS_MS = 15_000;

/** users/me with the given credentials, checked to be an active agent or admin. */
async function verifiedAgent(
  credentials: { subdomain: string; email: string; token: string },
  what: string,
  deps: AdminDeps,
): Promise<ConnectionRecord['agent']> {
  const me = await deps.zendesk(credentials, ZENDESK_OPTIONS).me();
  return agentFromMe(me, credentials.email, what);
}

/** Stores an API-token connection: the record without the token, the token in secret storage. */
function storeApiTokenConnection(
  credentials: { subdomain: string; email: string; token: string },
  agent: ConnectionRecord['agent'],
  connectedAt: string,
): Promise<void> {
  const { subdomain, email, token } = credentials;
  return completeConnection(
    { subdomain, email, agent, connectedAt, auth: { kind: 'apiToken' } },
    { kind: 'apiToken', token },
  );
}

export async function connectWithApiToken(
  input: { subdomain: string; email: string; apiToken: string },
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<ConnectionSummary> {
  caller.addSecret(input.apiToken);
  // Refused before any request: the subdomain decides which host receives the token.
  assertValidSubdomain(input.subdomain);
  const credentials = { subdomain: input.subdomain, email: input.email, token: input.apiToken };
  const agent = await verifiedAgent(credentials, 'the agent email and the API token', deps);
  await storeApiTokenConnection(credentials, agent, deps.now().toISOString());
  // What was stored: a connection to another account than the links' comes back suspended.
  return connectionSummary();
}

export async function revokeConnection(): Promise<ConnectionSummary> {
  await deleteConnection();
  return connectionSummary();
}

/** Keep the links (the same account, renamed) or clear them (another account), resumably. */
export async function decideAccountChange(
  input: { keepLinks: boolean },
  deps: AdminDeps,
): Promise<{ summary: ConnectionSummary; done: boolean }> {
  const connection = await getConnection();
  if (!connection?.suspendedFrom)
    throw new AppError('BAD_REQUEST', 'There is no change of Zendesk account to decide on.');
  if (input.keepLinks) {
    await keepLinksForAccount(connection);
    return { summary: await connectionSummary(), done: true };
  }
  const until = deps.now().getTime() + CLEAR_LINKS_MS;
  const cleared = await clearLinksForAccount(connection, () => deps.now().getTime() < until);
  return { summary: await connectionSummary(), done: cleared.done };
}

/** New credentials for the account the links belong to; links and sync position stay. */
export async function rotateApiToken(
  input: { email: string; apiToken: string },
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<ConnectionSummary> {
  caller.addSecret(input.apiToken);
  const current = await getConnection();
  if (!current) throw new AppError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
  if (current.suspendedFrom !== undefined)
    throw new AppError(
      'ACCOUNT_UNDECIDED',
      'Choose first whether the links belong to this Zendesk account (the message above).',
    );
  // Only the account the links were made in: a token of another account is a new connection.
  const binding = await readBinding();
  if (binding !== null && binding.subdomain !== current.subdomain)
    throw new AppError(
      'OTHER_ACCOUNT',
      `The links belong to ${binding.subdomain}.zendesk.com; a token can only be replaced for that account.`,
    );
  const credentials = { subdomain: current.subdomain, email: input.email, token: input.apiToken };
  const agent = await verifiedAgent(credentials, 'the agent email and the new API token', deps);
  await storeApiTokenConnection(credentials, agent, current.connectedAt);
  await logAction(caller, deps, {
    action: 'rotateToken',
    detail: `Replaced the Zendesk credentials with a new API token for ${input.email} (links and sync position kept)`,
  });
  return connectionSummary();
}

export async function testConnection(caller: AdminCaller, deps: AdminDeps): Promise<ConnectionCheck> {
  const connection = await getConnection();
  if (connection?.suspendedFrom !== undefined)
    throw new AppError(
      'ACCOUNT_UNDECIDED',
      'Nothing is sent to Zendesk until you choose whether the links belong to this account.',
    );
  const me = await (await storedZendesk(caller, deps)).me();
  return {
    agent: { name: me.name ?? '', email: me.email ?? '', role: me.role ?? '' },
    checkedAt: deps.now().toISOString(),
  };
}
