/**
 * The admin page's resolver (AdminApi in src/domain/rpc.ts), as thin as the panel's: every call
 * is guarded (license → Jira admin, asked as the user → strict zod payload, guard.ts) and hands
 * its input to one use case in src/admin/. Every answer is a Result; nothing is thrown to the page.
 */
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { dismissChange, retryLink, setItemPaused, syncNow } from '../admin/actions';
import { buildActivityView } from '../admin/activityView';
import {
  connectWithApiToken,
  decideAccountChange,
  revokeConnection,
  rotateApiToken,
  testConnection,
} from '../admin/connection';
import { adminDeps, type AdminCaller, type AdminDeps } from '../admin/deps';
import { adminState, checkItemDraft, deleteItem, itemEditorMetadata, saveItemDraft } from '../admin/items';
import { beginOAuth, connectWithClientCredentials, oauthAttempt, oauthSetup } from '../admin/oauth';
import type { AdminApi, Result } from '../domain/rpc';
import { adminPayloadSchemas } from './adminPayloads';
import { guarded, type ResolverRequest } from './guard';

export { adminPayloadSchemas } from './adminPayloads';

type Key = keyof AdminApi;
type DataOf<K extends Key> = ReturnType<AdminApi[K]> extends Result<infer T> ? T : never;
type InputOf<K extends Key> = z.output<(typeof adminPayloadSchemas)[K]>;

/** The same table, typed per key so a generic call can index it. */
const schemas: { [K in Key]: z.ZodType<InputOf<K>> } = adminPayloadSchemas;

/** The handlers by AdminApi key; `overrides` replaces clients (tests only). */
export function adminHandlers(overrides: Partial<AdminDeps> = {}): {
  [K in Key]: (request: ResolverRequest) => Promise<Result<DataOf<K>>>;
} {
  const deps = adminDeps(overrides);
  const options = { admin: true, jira: () => deps.jira('user') };
  const call = <K extends Key>(
    key: K,
    work: (input: InputOf<K>, caller: AdminCaller) => Promise<DataOf<K>>,
  ) => guarded(`admin.${key}`, schemas[key], options, work);

  return {
    getAdminState: call('getAdminState', (_input, caller) => adminState(caller)),
    saveConnection: call('saveConnection', (input, caller) => connectWithApiToken(input, caller, deps)),
    rotateApiToken: call('rotateApiToken', (input, caller) => rotateApiToken(input, caller, deps)),
    testConnection: call('testConnection', (_input, caller) => testConnection(caller, deps)),
    revokeConnection: call('revokeConnection', () => revokeConnection()),
    decideAccountChange: call('decideAccountChange', (input) => decideAccountChange(input, deps)),
    getItemEditorMetadata: call('getItemEditorMetadata', (input, caller) =>
      itemEditorMetadata(input, caller, deps),
    ),
    checkItem: call('checkItem', (input, caller) => checkItemDraft(input, caller, deps)),
    saveItem: call('saveItem', (input, caller) => saveItemDraft(input, caller, deps)),
    deleteItem: call('deleteItem', (input) => deleteItem(input)),
    getActivity: call('getActivity', () => buildActivityView(deps.now().getTime())),
    getOAuthSetup: call('getOAuthSetup', () => oauthSetup(deps)),
    beginOAuth: call('beginOAuth', (input, caller) => beginOAuth(input, caller, deps)),
    getOAuthAttempt: call('getOAuthAttempt', (input, caller) => oauthAttempt(input, caller)),
    connectClientCredentials: call('connectClientCredentials', (input, caller) =>
      connectWithClientCredentials(input, caller, deps),
    ),
    setItemPaused: call('setItemPaused', (input, caller) => setItemPaused(input, caller, deps)),
    retryLink: call('retryLink', (input, caller) => retryLink(input, caller, deps)),
    dismissChange: call('dismissChange', (input, caller) => dismissChange(input, caller, deps)),
    syncNow: call('syncNow', (_input, caller) => syncNow(caller, deps)),
  };
}

const resolver = new Resolver();
const handlers = adminHandlers();
for (const key of Object.keys(handlers) as Key[]) {
  // @forge/resolver types the request loosely; ResolverRequest is the part we rely on.
  resolver.define(key, (request) => handlers[key](request as unknown as ResolverRequest));
}

export const adminHandler = resolver.getDefinitions();
