/**
 * The admin page's resolver (AdminApi in src/domain/rpc.ts). Every call: license → Jira
 * admin (asUser mypermissions ADMINISTER) → strict zod payload → work, and every answer is
 * a Result (guard.ts). Jira metadata is read as the app, because the app is what creates and
 * edits issues; the Zendesk token never appears in an answer or an error text.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import type {
  ActivityView,
  AdminApi,
  AdminState,
  ConnectionCheck,
  ConnectionSummary,
  ItemEditorMetadata,
  Result,
} from '../domain/rpc';
import { SYNC_MODES, ZENDESK_OBJECTS, type ConnectionRecord } from '../domain/types';
import { jiraClient, type JiraClient } from '../jira/client';
import {
  completeConnection,
  deleteConnection,
  getConnection,
  hasToken,
  loadCredentials,
} from '../storage/connection';
import { clearLinksForAccount, keepLinksForAccount } from '../storage/accountDecision';
import { readAuthProblem } from '../storage/oauth';
import { getItem, listItems, saveItem } from '../storage/items';
import { itemHasLinks } from '../storage/links';
import { cleanUpDeletedItemNow, startItemDeletion } from '../sync/lifecycle/itemDeletion';
import { compareItems } from '../domain/itemNames';
import { AppError } from '../util/errors';
import { newId } from '../util/ids';
import {
  assertValidSubdomain,
  createZendeskClient,
  type ZendeskClient,
  type ZendeskClientOptions,
  type ZendeskCredentials,
} from '../zendesk/client';
import { sortJiraFields, zendeskFieldCatalog } from './adminCatalog';
import { buildItem, checkItem, checkUniqueName, findProject } from './adminItems';
import { createTargets } from './adminTargets';
import { guarded, type GuardContext, type ResolverRequest } from './guard';
import { logUnexpected } from './result';
import { agentFromMe } from './zendeskIdentity';
import { oauthHandlers, oauthPayloadSchemas, type OAuthDeps } from './adminOAuth';
import { actionHandlers, actionPayloadSchemas, logAction } from './adminActions';
import { buildActivityView } from './adminConsole';
import { readBinding } from '../storage/accountBinding';

// ---------- payloads ----------

const id = (what: string) => z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, `must be a ${what}`);
const jiraId = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, `must be a Jira ${what}`);
const zendeskFieldId = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a Zendesk field id');
const agentEmail = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be the agent’s full email address');
// Zendesk API tokens are printable ASCII; anything else could only break the auth header.
const apiToken = z
  .string()
  .min(1, 'is required')
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be the API token exactly as Zendesk shows it (no spaces)');

const valueMap = z
  .record(z.string().min(1).max(200), z.string().max(255))
  .refine((m) => Object.keys(m).length <= 500, 'has too many entries');
const conditionValues = z.array(z.string().trim().min(1).max(200)).max(100).optional();

/** A draft or saved Smart Connected Item (saveItem and checkItem take the same payload). */
const itemPayload = z.strictObject({
  id: id('Smart Connected Item id').optional(),
  name: z.string().trim().min(1, 'is required').max(120),
  syncMode: z.enum(SYNC_MODES),
  projectId: jiraId('project id'),
  issueTypeId: jiraId('issue type id').optional(),
  zendeskObject: z.enum(ZENDESK_OBJECTS),
  fields: z
    .array(
      z.strictObject({
        zendeskFieldId,
        jiraFieldId: jiraId('field id').optional(),
        preview: z.boolean(),
        valueMap: valueMap.optional(),
      }),
    )
    .max(100),
  features: z.strictObject({
    autoCreate: z.boolean(),
    statusSync: z.boolean(),
    commentSync: z.boolean(),
    attachmentSync: z.boolean(),
  }),
  autoCreateConditions: z
    .strictObject({
      groupIds: conditionValues,
      brandIds: conditionValues,
      formIds: conditionValues,
      tags: conditionValues,
      priorities: conditionValues,
      channels: conditionValues,
    })
    .optional(),
  commentVisibility: z
    .strictObject({
      jiraToZendesk: z.enum(['public', 'internal']),
      internalNotes: z
        .strictObject({ type: z.enum(['role', 'group']), value: z.string().trim().min(1).max(255) })
        .optional(),
    })
    .optional(),
});

export const adminPayloadSchemas = {
  getAdminState: z.strictObject({}),
  saveConnection: z.strictObject({ subdomain: z.string().max(100), email: agentEmail, apiToken }),
  rotateApiToken: z.strictObject({ email: agentEmail, apiToken }),
  testConnection: z.strictObject({}),
  revokeConnection: z.strictObject({}),
  decideAccountChange: z.strictObject({ keepLinks: z.boolean() }),
  getItemEditorMetadata: z.strictObject({
    zendeskObject: z.enum(ZENDESK_OBJECTS),
    projectId: jiraId('project id').optional(),
    issueTypeId: jiraId('issue type id').optional(),
  }),
  checkItem: itemPayload,
  saveItem: itemPayload,
  deleteItem: z.strictObject({ id: id('Smart Connected Item id') }),
  getActivity: z.strictObject({}),
  ...oauthPayloadSchemas,
  ...actionPayloadSchemas,
} as const;

// ---------- dependencies (replaceable in tests) ----------

export interface AdminDeps extends Partial<Omit<OAuthDeps, 'summary' | 'now'>> {
  jira?: (as: 'app' | 'user') => JiraClient;
  zendesk?: (credentials: ZendeskCredentials, options: ZendeskClientOptions) => ZendeskClient;
  now?: () => Date;
}

/** Resolvers have 25 s in total; waiting out a long 429 is not an option here. */
const ZENDESK_OPTIONS: ZendeskClientOptions = { waitBudgetMs: 4_000 };
const JIRA_WAIT_MS = 4_000;

const NOT_CONNECTED = 'Zendesk is not connected. Save the Zendesk connection first.';

type Key = keyof AdminApi;
type DataOf<K extends Key> = ReturnType<AdminApi[K]> extends Result<infer T> ? T : never;

export function adminHandlers(deps: AdminDeps = {}): {
  [K in Key]: (request: ResolverRequest) => Promise<Result<DataOf<K>>>;
} {
  const jira = deps.jira ?? ((as: 'app' | 'user') => jiraClient(as, { waitBudgetMs: JIRA_WAIT_MS }));
  const zendeskFor =
    deps.zendesk ?? ((c: ZendeskCredentials, o: ZendeskClientOptions) => createZendeskClient(c, o));
  const now = deps.now ?? (() => new Date());
  const options = { admin: true, jira: () => jira('user') };

  const summary = async (): Promise<ConnectionSummary> => {
    const [connection, authProblem] = await Promise.all([getConnection(), readAuthProblem()]);
    const tokenStored = await hasToken(connection);
    return authProblem ? { connection, tokenStored, authProblem } : { connection, tokenStored };
  };

  /** A Zendesk client with the stored credentials; the token is registered for redaction. */
  const storedZendesk = async (ctx: GuardContext): Promise<ZendeskClient> => {
    const loaded = await loadCredentials();
    if (!loaded) throw new AppError('NOT_CONNECTED', NOT_CONNECTED);
    if ('token' in loaded.credentials) ctx.addSecret(loaded.credentials.token);
    return zendeskFor(loaded.credentials, ZENDESK_OPTIONS);
  };

  return {
    ...oauthHandlers({ ...deps, now, summary }, options),
    ...actionHandlers({ jira, now }, options),

    getAdminState: guarded(
      'admin.getAdminState',
      adminPayloadSchemas.getAdminState,
      options,
      async (_input, ctx): Promise<AdminState> => {
        const [connection, items] = await Promise.all([summary(), listItems()]);
        for (const bad of items.corrupt)
          logUnexpected('admin.getAdminState', new Error(`unreadable item ${bad.key}: ${bad.message}`));
        return { license: ctx.license, connection, items: [...items.items].sort(compareItems) };
      },
    ),

    saveConnection: guarded(
      'admin.saveConnection',
      adminPayloadSchemas.saveConnection,
      options,
      async (input, ctx) => {
        ctx.addSecret(input.apiToken);
        // Refused before any request: the subdomain decides which host receives the token.
        assertValidSubdomain(input.subdomain);
        const credentials = { subdomain: input.subdomain, email: input.email, token: input.apiToken };
        const me = await zendeskFor(credentials, ZENDESK_OPTIONS).me();
        const agent = agentFromMe(me, input.email, 'the agent email and the API token');
        const record: ConnectionRecord = {
          subdomain: input.subdomain,
          email: input.email,
          agent,
          connectedAt: now().toISOString(),
          auth: { kind: 'apiToken' },
        };
        await completeConnection(record, { kind: 'apiToken', token: input.apiToken });
        // What was stored: a connection to another account than the links' comes back suspended.
        return summary();
      },
    ),

    revokeConnection: guarded(
      'admin.revokeConnection',
      adminPayloadSchemas.revokeConnection,
      options,
      async () => {
        await deleteConnection();
        return summary();
      },
    ),

    decideAccountChange: guarded(
      'admin.decideAccountChange',
      adminPayloadSchemas.decideAccountChange,
      options,
      async (input) => {
        const connection = await getConnection();
        if (!connection?.suspendedFrom)
          throw new AppError('BAD_REQUEST', 'There is no change of Zendesk account to decide on.');
        if (input.keepLinks) {
          await keepLinksForAccount(connection);
          return { summary: await summary(), done: true };
        }
        // Resolvers have 25 s: clear for up to 15 s, the admin page calls again until done.
        const until = now().getTime() + 15_000;
        const cleared = await clearLinksForAccount(connection, () => now().getTime() < until);
        return { summary: await summary(), done: cleared.done };
      },
    ),

    getItemEditorMetadata: guarded(
      'admin.getItemEditorMetadata',
      adminPayloadSchemas.getItemEditorMetadata,
      options,
      async (input, ctx): Promise<ItemEditorMetadata> => {
        const app = jira('app');
        const zendesk = await storedZendesk(ctx);
        const [projects, project, zendeskFields] = await Promise.all([
          app.searchProjects(),
          input.projectId !== undefined ? findProject(app, input.projectId) : Promise.resolve(null),
          zendeskFieldCatalog(zendesk, input.zendeskObject),
        ]);
        const [issueTypes, targets] = project
          ? await Promise.all([
              app.issueTypesForProject(project.id),
              createTargets(app, project, input.issueTypeId),
            ])
          : [[], null];
        const metadata: ItemEditorMetadata = {
          projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
          issueTypes: issueTypes.map((t) => ({ id: t.id, name: t.name })),
          zendeskFields,
          jiraFields: targets ? sortJiraFields([...targets.fields.values()]) : [],
          priorities: targets ? targets.priorities : (await app.priorities()).map((p) => p.name),
          roles: Object.keys(project?.roles ?? {}).sort((a, b) => a.localeCompare(b)),
        };
        if (targets?.createType) metadata.createIssueType = targets.createType;
        return metadata;
      },
    ),

    checkItem: guarded('admin.checkItem', adminPayloadSchemas.checkItem, options, async (input, ctx) => {
      const zendesk = await storedZendesk(ctx);
      return checkItem(input, {
        jira: jira('app'),
        zendeskFields: () => zendeskFieldCatalog(zendesk, input.zendeskObject),
        items: async () => (await listItems()).items,
      });
    }),

    saveItem: guarded('admin.saveItem', adminPayloadSchemas.saveItem, options, async (input, ctx) => {
      const existing = input.id !== undefined ? await getItem(input.id) : null;
      if (input.id !== undefined && !existing)
        throw new AppError('NOT_FOUND', 'This Smart Connected Item no longer exists.');
      if (existing && existing.zendeskObject !== input.zendeskObject && (await itemHasLinks(existing.id))) {
        throw new AppError(
          'INVALID_ITEM',
          'The Zendesk object of an item with linked records cannot change; create a new item instead.',
        );
      }
      checkUniqueName(input.name, existing?.id, (await listItems()).items);
      const zendesk = await storedZendesk(ctx);
      const item = await buildItem(input, existing, {
        jira: jira('app'),
        zendeskFields: () => zendeskFieldCatalog(zendesk, input.zendeskObject),
        now: now(),
        newId,
      });
      return saveItem(item);
    }),

    deleteItem: guarded('admin.deleteItem', adminPayloadSchemas.deleteItem, options, async (input) => {
      // The item goes at once; its links follow (src/sync/lifecycle/itemDeletion.ts).
      if (await startItemDeletion(input.id)) await cleanUpDeletedItemNow(input.id);
      return { id: input.id };
    }),

    getActivity: guarded(
      'admin.getActivity',
      adminPayloadSchemas.getActivity,
      options,
      async (): Promise<ActivityView> => buildActivityView(now().getTime()),
    ),

    rotateApiToken: guarded(
      'admin.rotateApiToken',
      adminPayloadSchemas.rotateApiToken,
      options,
      async (input, ctx) => {
        ctx.addSecret(input.apiToken);
        const current = await getConnection();
        if (!current) throw new AppError('NOT_CONNECTED', NOT_CONNECTED);
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
        const me = await zendeskFor(credentials, ZENDESK_OPTIONS).me();
        const agent = agentFromMe(me, input.email, 'the agent email and the new API token');
        await completeConnection(
          {
            subdomain: current.subdomain,
            email: input.email,
            agent,
            connectedAt: current.connectedAt,
            auth: { kind: 'apiToken' },
          },
          { kind: 'apiToken', token: input.apiToken },
        );
        await logAction({ jira, now }, ctx, {
          action: 'rotateToken',
          detail: `Replaced the Zendesk credentials with a new API token for ${input.email} (links and sync position kept)`,
        });
        return summary();
      },
    ),

    testConnection: guarded(
      'admin.testConnection',
      adminPayloadSchemas.testConnection,
      options,
      async (_input, ctx): Promise<ConnectionCheck> => {
        const connection = await getConnection();
        if (connection?.suspendedFrom !== undefined)
          throw new AppError(
            'ACCOUNT_UNDECIDED',
            'Nothing is sent to Zendesk until you choose whether the links belong to this account.',
          );
        const me = await (await storedZendesk(ctx)).me();
        return {
          agent: { name: me.name ?? '', email: me.email ?? '', role: me.role ?? '' },
          checkedAt: now().toISOString(),
        };
      },
    ),
  };
}

const resolver = new Resolver();
const handlers = adminHandlers();
for (const key of Object.keys(handlers) as Key[]) {
  // @forge/resolver types the request loosely; ResolverRequest is the part we rely on.
  resolver.define(key, (request) => handlers[key](request as unknown as ResolverRequest));
}

export const adminHandler = resolver.getDefinitions();
