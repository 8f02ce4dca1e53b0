/**
 * What the admin page's use cases share (docs/architecture.md § Admin): the clients they talk
 * through (replaceable in tests), the caller a guarded resolver call hands them, and the reads
 * several of them answer with. Jira metadata is read as the app, because the app is what creates
 * and edits issues; the Zendesk token never appears in an answer or an error text.
 */
import { webTrigger } from '@forge/api';
import type { AdminAction, ConnectionSummary, LicenseState } from '../domain/rpc';
import { jiraClient, type JiraClient } from '../jira/client';
import { recordAdminAction } from '../storage/adminLog';
import { getConnection, hasToken, loadCredentials } from '../storage/connection';
import { readAuthProblem } from '../storage/oauth';
import { AppError } from '../util/errors';
import {
  createZendeskClient,
  defaultZendeskFetch,
  type ZendeskClient,
  type ZendeskClientOptions,
  type ZendeskCredentials,
  type ZendeskFetch,
} from '../zendesk/client';

/** The verified admin a use case acts for (src/resolvers/guard.ts GuardContext). */
export interface AdminCaller {
  context: Record<string, unknown>;
  license: LicenseState;
  accountId: string | undefined;
  /** Registers a secret the use case holds, so no answer or error text carries it. */
  addSecret(secret: string): void;
}

export interface AdminDeps {
  jira: (as: 'app' | 'user') => JiraClient;
  zendesk: (credentials: ZendeskCredentials, options: ZendeskClientOptions) => ZendeskClient;
  /** The transport of the OAuth token endpoint. */
  fetch: ZendeskFetch;
  now: () => Date;
  /** The OAuth redirect URL (the app's web trigger). */
  redirectUrl: () => Promise<string>;
}

/** The manifest's webtrigger module key (manifest.yml). */
export const OAUTH_CALLBACK_TRIGGER = 'zendesk-oauth-callback';

/** Resolvers have 25 s in total; waiting out a long 429 is not an option here. */
export const ZENDESK_OPTIONS: ZendeskClientOptions = { waitBudgetMs: 4_000 };
const JIRA_WAIT_MS = 4_000;

export const NOT_CONNECTED_MESSAGE = 'Zendesk is not connected. Save the Zendesk connection first.';

/** The real clients, with any of them replaced (tests). */
export function adminDeps(overrides: Partial<AdminDeps> = {}): AdminDeps {
  return {
    jira: (as) => jiraClient(as, { waitBudgetMs: JIRA_WAIT_MS }),
    zendesk: (credentials, options) => createZendeskClient(credentials, options),
    fetch: defaultZendeskFetch,
    now: () => new Date(),
    redirectUrl: () => webTrigger.getUrl(OAUTH_CALLBACK_TRIGGER),
    ...overrides,
  };
}

/** The connection as the admin page shows it (most admin calls answer with it). */
export async function connectionSummary(): Promise<ConnectionSummary> {
  const [connection, authProblem] = await Promise.all([getConnection(), readAuthProblem()]);
  const tokenStored = await hasToken(connection);
  return authProblem ? { connection, tokenStored, authProblem } : { connection, tokenStored };
}

/** A Zendesk client with the stored credentials; the token is registered for redaction. */
export async function storedZendesk(caller: AdminCaller, deps: AdminDeps): Promise<ZendeskClient> {
  const loaded = await loadCredentials();
  if (!loaded) throw new AppError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
  if ('token' in loaded.credentials) caller.addSecret(loaded.credentials.token);
  return deps.zendesk(loaded.credentials, ZENDESK_OPTIONS);
}

/** The invoking admin's Atlassian account id (a call without one is refused). */
export function adminAccount(caller: AdminCaller): string {
  if (caller.accountId === undefined) throw new AppError('NOT_ADMIN', 'No Jira user invoked this call.');
  return caller.accountId;
}

/** Records what an admin did, named by Jira's display name (else the account id); returns the name. */
export async function logAction(
  caller: AdminCaller,
  deps: AdminDeps,
  entry: Omit<AdminAction, 'at' | 'accountId' | 'who'>,
): Promise<string> {
  const accountId = caller.accountId ?? 'unknown';
  const who = await deps
    .jira('user')
    .myself()
    .then((me) => me.displayName ?? accountId)
    .catch(() => accountId);
  await recordAdminAction({ ...entry, at: deps.now().toISOString(), accountId, who });
  return who;
}
