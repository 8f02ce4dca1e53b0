/**
 * An in-memory AdminApi for UI tests, reached from the page through a fake Forge host:
 * the page's `globalThis.__bridge.callBridge` forwards to this object via
 * `page.exposeFunction`. It follows the resolver contract (src/domain/rpc.ts): payloads
 * are parsed strictly (so a UI that sends the wrong shape fails its test), every answer is
 * a Result, and Zendesk refusals carry `upstream` like the real resolver's.
 */
import type { Page } from 'playwright-core';
import { normalizeConditions } from '../../../src/domain/autoCreateRules';
import { coverageWarnings, overlapWarnings } from '../../../src/admin/itemRules';
import { mappingProblems, valueWarnings, type CreateTargets } from '../../../src/admin/createTargets';
import { z } from 'zod';
import type {
  ActivityView,
  AdminAction,
  AdminApi,
  ConnectionSummary,
  LicenseState,
  Result,
  RpcError,
} from '../../../src/domain/rpc';
import type { ConnectionRecord, SmartItem } from '../../../src/domain/types';
import { adminPayloadSchemas } from '../../../src/resolvers/adminPayloads';
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
import { emptyRun } from '../../support/runSummary';

export { emptyRun };

type Call = keyof AdminApi;

type Handlers = { [K in Call]: (payload: Parameters<AdminApi[K]>[0]) => ReturnType<AdminApi[K]> };

const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** The exact payload each call accepts: the real resolver's schemas (src/resolvers/adminPayloads.ts). */
const payloadSchemas: Record<Call, z.ZodType> = adminPayloadSchemas;

/** The token a test "creates in Zendesk" to replace the stored one. */
export const ROTATED_TOKEN = 'zd-token-rotated';

export interface FakeAdminOptions {
  license?: LicenseState;
  /** Every call answers NOT_ADMIN, as for a user without Jira admin permission. */
  notAdmin?: boolean;
  connected?: boolean;
  items?: SmartItem[];
  activity?: ActivityView;
  /** A sync run holds the run lease: "Sync now" answers busy. */
  running?: boolean;
  /** Milliseconds a call takes, to observe loading states. */
  delayMs?: Partial<Record<Call, number>>;
}

export interface RecordedCall {
  name: string;
  payload: unknown;
}

const fail = (error: RpcError): { ok: false; error: RpcError } => ({ ok: false, error });
const NOT_CONNECTED: RpcError = { code: 'NOT_CONNECTED', message: 'Zendesk is not connected.' };
/** Zendesk answers a bad email/token pair with 401 {"error":"Couldn't authenticate you"}. */
const credentialsRefused = (message: string) =>
  fail({
    code: 'UPSTREAM',
    message,
    upstream: { service: 'zendesk', status: 401, message: "Couldn't authenticate you" },
  });
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
  running: boolean;
  /** The token Zendesk currently accepts for the connected account. */
  acceptedToken = VALID_CREDENTIALS.apiToken;
  private readonly delayMs: Partial<Record<Call, number>>;
  private readonly failures = new Map<Call, RpcError[]>();
  private nextId = 1;

  constructor(options: FakeAdminOptions = {}) {
    this.license = options.license ?? 'active';
    this.notAdmin = options.notAdmin ?? false;
    this.connection = options.connected ? connectedRecord() : null;
    this.tokenStored = options.connected ?? false;
    this.items = [...(options.items ?? [])];
    this.activity = options.activity ?? emptyActivity();
    this.running = options.running ?? false;
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
    if (!isCall(name)) return fail({ code: 'BAD_REQUEST', message: `No resolver function ${name}` });
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
        return credentialsRefused('Zendesk did not accept the agent email and API token.');
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

    // The OAuth consent itself is exercised against the real backend (test/e2e/oauthConnect.test.ts).
    getOAuthSetup: () =>
      ok({
        redirectUrl: 'https://example.hello.atlassian-dev.net/x1/fake',
        scope: 'read write',
        apiTokenEndsOn: '2027-04-30',
      }),
    beginOAuth: () => fail({ code: 'INTERNAL', message: 'The fake backend has no Zendesk consent.' }),
    getOAuthAttempt: () => fail({ code: 'NOT_FOUND', message: 'Unknown attempt.' }),
    connectClientCredentials: () =>
      fail({ code: 'INTERNAL', message: 'The fake backend has no Zendesk token endpoint.' }),

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

    // The real server checks (src/admin/itemRules.ts, createTargets.ts) over this fake Jira.
    checkItem: (p) => {
      const targets = this.targets(p.projectId, p.issueTypeId);
      const catalog = ZENDESK_FIELDS[p.zendeskObject];
      return ok([
        ...coverageWarnings(targets, p.fields, catalog),
        ...valueWarnings(p.fields, catalog, targets),
        ...overlapWarnings(p, this.items),
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

    setItemPaused: (p) => {
      const item = this.items.find((i) => i.id === p.itemId);
      if (!item) return fail({ code: 'NOT_FOUND', message: 'This Smart Connected Item no longer exists.' });
      const next: SmartItem = { ...item };
      if (p.paused) next.paused = { at: new Date().toISOString(), by: 'Ada Admin' };
      else delete next.paused;
      this.items = this.items.map((i) => (i.id === item.id ? next : i));
      this.act(p.paused ? 'pause' : 'resume', `${p.paused ? 'Paused' : 'Resumed'} "${item.name}"`, {
        itemId: item.id,
      });
      return ok(next);
    },

    retryLink: (p) => {
      const link = this.activity.problems.find((l) => l.itemId === p.itemId && l.issueId === p.issueId);
      if (!link)
        return fail({ code: 'NOT_FOUND', message: 'This link no longer exists. Refresh the console.' });
      link.pending = link.pending.map(({ nextAt: _n, ...change }) => change);
      this.act('retry', `Retry of ${link.pending.length} changes on ${link.issueKey}`, {
        itemId: link.itemId,
        issueKey: link.issueKey,
      });
      return ok({ due: link.pending.length });
    },

    dismissChange: (p) => {
      const link = this.activity.problems.find((l) => l.itemId === p.itemId && l.issueId === p.issueId);
      if (!link)
        return fail({ code: 'NOT_FOUND', message: 'This link no longer exists. Refresh the console.' });
      const t = p.target;
      const before = link.pending.length + link.problems.length;
      if (t.kind === 'pending') {
        link.pending = link.pending.filter((c) => !(c.direction === t.direction && c.source === t.source));
        link.problems = link.problems.filter((x) => x.subject !== t.source);
      } else {
        link.problems = link.problems.filter((x) => !(x.code === t.code && x.subject === t.subject));
      }
      const removed = before - link.pending.length - link.problems.length;
      if (removed === 0) return fail({ code: 'NOT_FOUND', message: 'This change is not waiting any more.' });
      this.activity.problems = this.activity.problems.filter((l) => l.pending.length + l.problems.length > 0);
      this.act('dismiss', `Dismissed ${t.kind === 'pending' ? t.source : t.code} on ${link.issueKey}`, {
        itemId: link.itemId,
        issueKey: link.issueKey,
      });
      return ok({ removedWork: t.kind === 'pending' ? 1 : 0, removedProblems: removed });
    },

    syncNow: () => {
      if (this.running)
        return ok({
          status: 'busy' as const,
          processed: 0,
          queued: 0,
          message: 'A sync run is already working. It continues by itself, so no second run was started.',
        });
      const now = new Date().toISOString();
      this.activity.runs = [
        {
          ...emptyRun(`manual-${this.nextId++}`, 'manual', now),
          ticketsSeen: 3,
          commentsCopied: 2,
          finishedAt: now,
        },
        ...this.activity.runs,
      ];
      this.act('syncNow', 'Sync now: The run finished: 3 tickets synchronized.', {});
      return ok({
        status: 'done' as const,
        processed: 3,
        queued: 0,
        message: 'The run finished: 3 tickets synchronized.',
      });
    },

    rotateApiToken: (p) => {
      if (!this.connection) return fail(NOT_CONNECTED);
      if (p.apiToken !== this.acceptedToken)
        return credentialsRefused('Zendesk did not accept the agent email and the new API token.');
      this.connection = { ...this.connection, email: p.email };
      this.act('rotateToken', `Replaced the Zendesk credentials with a new API token for ${p.email}`, {});
      return ok(this.summary());
    },

    testConnection: () => {
      if (!this.connection) return fail(NOT_CONNECTED);
      if (this.acceptedToken !== VALID_CREDENTIALS.apiToken)
        return credentialsRefused("Zendesk refused the request (HTTP 401): Couldn't authenticate you");
      return ok({
        agent: { name: AGENT.name, email: AGENT.email, role: AGENT.role },
        checkedAt: new Date().toISOString(),
      });
    },
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

  private act(
    action: AdminAction['action'],
    detail: string,
    about: { itemId?: string; issueKey?: string },
  ): void {
    this.activity.actions = [
      {
        at: new Date().toISOString(),
        accountId: 'admin-account',
        who: 'Ada Admin',
        action,
        detail,
        ...about,
      },
      ...this.activity.actions,
    ];
  }

  private summary(): ConnectionSummary {
    return { connection: this.connection, tokenStored: this.tokenStored };
  }
}

export function emptyActivity(): ActivityView {
  return {
    runs: [],
    problems: [],
    cursorLagSeconds: null,
    items: [],
    running: null,
    nextRunAt: null,
    zendeskBaseUrl: null,
    actions: [],
  };
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
 * `globalThis.__bridge.callBridge` at import time (docs/contracts/forge-platform.md § Bridge).
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
