/**
 * An in-memory AdminApi for UI tests, reached from the page through a fake Forge host:
 * the page's `globalThis.__bridge.callBridge` forwards to this object via
 * `page.exposeFunction`. It follows the resolver contract (src/domain/rpc.ts): payloads
 * are parsed strictly (so a UI that sends the wrong shape fails its test), every answer is
 * a Result, and Zendesk refusals carry `upstream` like the real resolver's.
 */
import type { Page } from 'playwright-core';
import { normalizeConditions } from '../../../src/domain/autoCreateRules';
import { coverageWarnings, overlapWarnings } from '../../../src/resolvers/adminItems';
import { mappingProblems, valueWarnings, type CreateTargets } from '../../../src/resolvers/adminTargets';
import { z } from 'zod';
import type {
  ActivityView,
  AdminApi,
  ConnectionSummary,
  LicenseState,
  Result,
  RpcError,
} from '../../../src/domain/rpc';
import {
  type ConnectionRecord,
  type SmartItem,
  SYNC_MODES,
  ZENDESK_OBJECTS,
} from '../../../src/domain/types';
import {
  AGENT,
  ISSUE_TYPES,
  JIRA_FIELDS,
  PRIORITIES,
  PROJECTS,
  ROLES,
  REQUIRED_CREATE_FIELDS,
  VALID_CREDENTIALS,
  ZENDESK_FIELDS,
} from './fakeAdminData';

type Call = keyof AdminApi;

type Handlers = { [K in Call]: (payload: Parameters<AdminApi[K]>[0]) => ReturnType<AdminApi[K]> };

const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const empty = z.object({}).strict();
const features = z
  .object({
    autoCreate: z.boolean(),
    statusSync: z.boolean(),
    commentSync: z.boolean(),
    attachmentSync: z.boolean(),
  })
  .strict();

/** The exact payload each call accepts, as the contract types describe it. */
const payloadSchemas: Record<Call, z.ZodType> = {
  getAdminState: empty,
  saveConnection: z.object({ subdomain: z.string(), email: z.string(), apiToken: z.string() }).strict(),
  revokeConnection: empty,
  decideAccountChange: z.object({ keepLinks: z.boolean() }).strict(),
  getOAuthSetup: empty,
  beginOAuth: z.object({ subdomain: z.string(), clientId: z.string(), clientSecret: z.string() }).strict(),
  getOAuthAttempt: z.object({ attemptId: z.string() }).strict(),
  connectClientCredentials: z
    .object({ subdomain: z.string(), clientId: z.string(), clientSecret: z.string() })
    .strict(),
  getItemEditorMetadata: z
    .object({
      zendeskObject: z.enum(ZENDESK_OBJECTS),
      projectId: z.string().min(1).optional(),
      issueTypeId: z.string().min(1).optional(),
    })
    .strict(),
  saveItem: z
    .object({
      id: z.string().optional(),
      name: z.string(),
      syncMode: z.enum(SYNC_MODES),
      projectId: z.string(),
      issueTypeId: z.string().min(1).optional(),
      zendeskObject: z.enum(ZENDESK_OBJECTS),
      fields: z.array(
        z
          .object({
            zendeskFieldId: z.string(),
            jiraFieldId: z.string().min(1).optional(),
            preview: z.boolean(),
            valueMap: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      ),
      features,
      autoCreateConditions: z.record(z.string(), z.array(z.string())).optional(),
      commentVisibility: z
        .object({
          jiraToZendesk: z.enum(['public', 'internal']),
          internalNotes: z
            .object({ type: z.enum(['role', 'group']), value: z.string() })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  checkItem: z
    .object({
      id: z.string().optional(),
      name: z.string(),
      syncMode: z.enum(SYNC_MODES),
      projectId: z.string(),
      issueTypeId: z.string().min(1).optional(),
      zendeskObject: z.enum(ZENDESK_OBJECTS),
      fields: z.array(
        z
          .object({
            zendeskFieldId: z.string(),
            jiraFieldId: z.string().min(1).optional(),
            preview: z.boolean(),
            valueMap: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      ),
      features,
      autoCreateConditions: z.record(z.string(), z.array(z.string())).optional(),
      commentVisibility: z
        .object({
          jiraToZendesk: z.enum(['public', 'internal']),
          internalNotes: z
            .object({ type: z.enum(['role', 'group']), value: z.string() })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  deleteItem: z.object({ id: z.string() }).strict(),
  getActivity: empty,
};

export interface FakeAdminOptions {
  license?: LicenseState;
  /** Every call answers NOT_ADMIN, as for a user without Jira admin permission. */
  notAdmin?: boolean;
  connected?: boolean;
  items?: SmartItem[];
  activity?: ActivityView;
  /** Milliseconds a call takes, to observe loading states. */
  delayMs?: Partial<Record<Call, number>>;
}

export interface RecordedCall {
  name: string;
  payload: unknown;
}

const fail = (error: RpcError): { ok: false; error: RpcError } => ({ ok: false, error });
const ok = <T>(data: T): { ok: true; data: T } => ({ ok: true, data });

export class FakeAdminBackend {
  readonly calls: RecordedCall[] = [];
  /** Bridge calls other than invoke (getContext, enableTheming, …). */
  readonly bridgeCalls: string[] = [];
  license: LicenseState;
  notAdmin: boolean;
  connection: ConnectionRecord | null;
  tokenStored: boolean;
  items: SmartItem[];
  activity: ActivityView;
  private readonly delayMs: Partial<Record<Call, number>>;
  private readonly failures = new Map<Call, RpcError[]>();
  private nextId = 1;

  constructor(options: FakeAdminOptions = {}) {
    this.license = options.license ?? 'active';
    this.notAdmin = options.notAdmin ?? false;
    this.connection = options.connected ? connectedRecord() : null;
    this.tokenStored = options.connected ?? false;
    this.items = [...(options.items ?? [])];
    this.activity = options.activity ?? { runs: [], problems: [], cursorLagSeconds: null };
    this.delayMs = options.delayMs ?? {};
  }

  /** The next call of this kind answers with `error` instead of doing its work. */
  failNext(call: Call, error: RpcError): void {
    this.failures.set(call, [...(this.failures.get(call) ?? []), error]);
  }

  callsTo(name: Call): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.payload);
  }

  async invoke(name: string, payload: unknown): Promise<Result<unknown>> {
    this.calls.push({ name, payload });
    if (!isCall(name)) return fail({ code: 'UNKNOWN_FUNCTION', message: `No resolver function ${name}` });
    const delay = this.delayMs[name];
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const parsed = payloadSchemas[name].safeParse(payload ?? {});
    if (!parsed.success)
      return fail({ code: 'BAD_PAYLOAD', message: `Bad ${name} payload: ${parsed.error.message}` });
    if (this.notAdmin) return fail({ code: 'NOT_ADMIN', message: 'Only Jira administrators can do this.' });
    if (this.license === 'inactive' && name !== 'getAdminState') {
      return fail({ code: 'LICENSE_INACTIVE', message: 'The app license is not active.' });
    }
    const queued = this.failures.get(name);
    const failure = queued?.shift();
    if (failure) return fail(failure);
    // The payload matched the call's schema just above.
    return (this.handlers[name] as (p: unknown) => Result<unknown>)(parsed.data);
  }

  private readonly handlers: Handlers = {
    getAdminState: () => ok({ license: this.license, connection: this.summary(), items: this.items }),

    saveConnection: (p) => {
      if (!SUBDOMAIN.test(p.subdomain)) {
        return fail({
          code: 'BAD_PAYLOAD',
          message: 'The subdomain may contain only lowercase letters, digits and hyphens.',
        });
      }
      const good =
        p.subdomain === VALID_CREDENTIALS.subdomain &&
        p.email === VALID_CREDENTIALS.email &&
        p.apiToken === VALID_CREDENTIALS.apiToken;
      if (!good) {
        // Zendesk answers a bad email/token pair with 401 {"error":"Couldn't authenticate you"}.
        return fail({
          code: 'UPSTREAM',
          message: 'Zendesk did not accept the agent email and API token.',
          upstream: { service: 'zendesk', status: 401, message: "Couldn't authenticate you" },
        });
      }
      this.connection = connectedRecord();
      this.tokenStored = true;
      return ok(this.summary());
    },

    revokeConnection: () => {
      this.connection = null;
      this.tokenStored = false;
      return ok(this.summary());
    },

    decideAccountChange: () => {
      if (this.connection) {
        const { suspendedFrom: _from, ...rest } = this.connection;
        this.connection = rest;
      }
      return ok({ summary: this.summary(), done: true });
    },

    // The OAuth consent itself is exercised against the real backend (test/e2e/oauth-connect.test.ts).
    getOAuthSetup: () =>
      ok({
        redirectUrl: 'https://example.hello.atlassian-dev.net/x1/fake',
        scope: 'read write',
        apiTokenEndsOn: '2027-04-30',
      }),
    beginOAuth: () => fail({ code: 'NOT_SIMULATED', message: 'The fake backend has no Zendesk consent.' }),
    getOAuthAttempt: () => fail({ code: 'NOT_FOUND', message: 'Unknown attempt.' }),
    connectClientCredentials: () =>
      fail({ code: 'NOT_SIMULATED', message: 'The fake backend has no Zendesk token endpoint.' }),

    getItemEditorMetadata: (p) => {
      if (!this.connection) return fail({ code: 'NOT_CONNECTED', message: 'Connect Zendesk first.' });
      const project = p.projectId ? PROJECTS.find((x) => x.id === p.projectId) : undefined;
      return ok({
        projects: PROJECTS,
        issueTypes: project ? (ISSUE_TYPES[project.id] ?? []) : [],
        zendeskFields: ZENDESK_FIELDS[p.zendeskObject],
        jiraFields: project ? JIRA_FIELDS : [],
        priorities: PRIORITIES,
        roles: project ? ROLES : [],
        ...(project ? { createIssueType: this.createType(project.id, p.issueTypeId) } : {}),
      });
    },

    // The real server checks (src/resolvers/adminItems.ts, adminTargets.ts) over this fake Jira.
    checkItem: (p) => {
      const targets = this.targets(p.projectId, p.issueTypeId);
      const catalog = ZENDESK_FIELDS[p.zendeskObject];
      return ok([
        ...coverageWarnings(targets, p.fields, catalog),
        ...valueWarnings(p.fields, catalog, targets),
        ...overlapWarnings({ ...p, id: p.id }, this.items),
      ]);
    },

    saveItem: (p) => {
      const project = PROJECTS.find((x) => x.id === p.projectId);
      if (!project) return fail({ code: 'BAD_PAYLOAD', message: 'Choose a Jira project.' });
      if (p.name.trim() === '') return fail({ code: 'BAD_PAYLOAD', message: 'The item needs a name.' });
      const syncing = p.syncMode !== 'none';
      if (syncing && p.zendeskObject !== 'ticket') {
        return fail({ code: 'BAD_PAYLOAD', message: 'Only ticket items can sync.' });
      }
      if (!syncing && Object.values(p.features).some(Boolean)) {
        return fail({ code: 'BAD_PAYLOAD', message: 'Sync features need a sync mode.' });
      }
      const issueType = p.issueTypeId
        ? (ISSUE_TYPES[project.id] ?? []).find((t) => t.id === p.issueTypeId)
        : undefined;
      if (p.issueTypeId && !issueType) return fail({ code: 'BAD_PAYLOAD', message: 'Unknown issue type.' });
      const catalogue = ZENDESK_FIELDS[p.zendeskObject];
      const fields: SmartItem['fields'] = [];
      for (const f of p.fields) {
        const zd = catalogue.find((c) => c.id === f.zendeskFieldId);
        if (!zd) return fail({ code: 'BAD_PAYLOAD', message: `Unknown Zendesk field ${f.zendeskFieldId}.` });
        const jira = f.jiraFieldId ? JIRA_FIELDS.find((j) => j.id === f.jiraFieldId) : undefined;
        const refused = mappingProblems(zd, f, this.targets(project.id, p.issueTypeId));
        if (refused !== null) return fail({ code: 'INVALID_ITEM', message: refused });
        fields.push({
          zendeskFieldId: zd.id,
          zendeskFieldLabel: zd.label,
          ...(zd.key ? { zendeskFieldKey: zd.key } : {}),
          ...(jira ? { jiraFieldId: jira.id, jiraFieldName: jira.name } : {}),
          ...(jira && f.valueMap ? { valueMap: f.valueMap } : {}),
          preview: f.preview,
        });
      }
      const now = new Date().toISOString();
      const existing = p.id ? this.items.find((i) => i.id === p.id) : undefined;
      if (p.id && !existing) return fail({ code: 'NOT_FOUND', message: 'That item no longer exists.' });
      const item: SmartItem = {
        id: existing?.id ?? `item-${this.nextId++}`,
        name: p.name.trim(),
        syncMode: p.syncMode,
        projectId: project.id,
        projectKey: project.key,
        projectName: project.name,
        ...(issueType ? { issueTypeId: issueType.id, issueTypeName: issueType.name } : {}),
        zendeskObject: p.zendeskObject,
        fields,
        features: p.features,
        ...(p.features.autoCreate && p.autoCreateConditions
          ? { autoCreateConditions: normalizeConditions(p.autoCreateConditions) ?? {} }
          : {}),
        ...(p.commentVisibility ? { commentVisibility: p.commentVisibility } : {}),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      this.items = existing ? this.items.map((i) => (i.id === item.id ? item : i)) : [...this.items, item];
      return ok(item);
    },

    deleteItem: (p) => {
      if (!this.items.some((i) => i.id === p.id))
        return fail({ code: 'NOT_FOUND', message: 'That item no longer exists.' });
      this.items = this.items.filter((i) => i.id !== p.id);
      return ok({ id: p.id });
    },

    getActivity: () => ok(this.activity),
  };

  /** The issue type auto-create uses: the chosen one, or the project's first type. */
  private createType(
    projectId: string,
    issueTypeId: string | undefined,
  ): { id: string; name: string; chosen: boolean } {
    const types = ISSUE_TYPES[projectId] ?? [];
    const chosen = issueTypeId ? types.find((t) => t.id === issueTypeId) : undefined;
    const type = chosen ?? types[0] ?? { id: '0', name: 'Task' };
    return { id: type.id, name: type.name, chosen: chosen !== undefined };
  }

  /** This fake Jira as the server's CreateTargets: every listed field is on every create screen. */
  private targets(projectId: string, issueTypeId: string | undefined): CreateTargets {
    const createType = this.createType(projectId, issueTypeId);
    const required = new Set(REQUIRED_CREATE_FIELDS[createType.id] ?? []);
    return {
      fields: new Map(
        JIRA_FIELDS.map((f) => [f.id, { ...f, ...(required.has(f.id) ? { required: true } : {}) }]),
      ),
      allFields: new Map([['created', { id: 'created', name: 'Created', custom: false }]]),
      createType,
      createMeta: JIRA_FIELDS.map((f) => ({ fieldId: f.id, name: f.name, required: required.has(f.id) })),
      priorities: PRIORITIES,
      scope: `${createType.name} issues`,
    };
  }

  private summary(): ConnectionSummary {
    return { connection: this.connection, tokenStored: this.tokenStored };
  }
}

function connectedRecord(): ConnectionRecord {
  return {
    subdomain: VALID_CREDENTIALS.subdomain,
    email: VALID_CREDENTIALS.email,
    agent: AGENT,
    connectedAt: '2025-01-15T09:30:00.000Z',
  };
}

function isCall(name: string): name is Call {
  return name in payloadSchemas;
}

export interface FakeHostOptions {
  /** Answer invoke as `{body, metadata}`, the form @forge/bridge 7 returns when metadata is involved. */
  wrapResponses?: boolean;
}

/**
 * Installs the fake Forge host before any page script runs: @forge/bridge reads
 * `globalThis.__bridge.callBridge` at import time (forge-facts § 3.1).
 */
export async function installFakeBridge(
  page: Page,
  backend: FakeAdminBackend,
  options: FakeHostOptions = {},
): Promise<void> {
  await page.exposeFunction('__fakeForgeHost', async (name: string, payload: unknown) => {
    if (name === 'invoke') {
      const p = z.object({ functionKey: z.string(), payload: z.unknown() }).parse(payload);
      const result = await backend.invoke(p.functionKey, p.payload);
      return options.wrapResponses ? { body: result, metadata: {} } : result;
    }
    backend.bridgeCalls.push(name);
    if (name === 'enableTheming') return undefined;
    if (name === 'getContext') {
      return {
        moduleKey: 'zendesk-connector-admin',
        cloudId: 'fake-cloud',
        siteUrl: 'http://127.0.0.1',
        accountId: 'admin-account',
        extension: { type: 'jira:adminPage' },
      };
    }
    throw new Error(`fake host: bridge call ${name} is not supported`);
  });
  // A string, not a function: transpilers may decorate function source (e.g. esbuild's
  // keepNames `__name(...)`), which would not exist inside the page. The binding is looked
  // up per call because the host attaches it, not this script.
  await page.addInitScript({
    content: `globalThis.__bridge = {
      callBridge: (name, payload) => globalThis.__fakeForgeHost(name, payload === undefined ? null : payload),
    };`,
  });
}
