/**
 * What one sync invocation (scheduled run, queue batch, panel Refresh) carries through the
 * per-ticket code path: the clients, the time budget, the run summary and per-run caches,
 * so catalogs (Jira fields, Zendesk ticket fields, create metadata, user names) are read at
 * most once per invocation.
 */
import type { SyncRunSummary } from '../../domain/rpc';
import type { ConnectionRecord, SmartItem } from '../../domain/types';
import { jiraClient, type JiraClient } from '../../jira/client';
import type { JiraField, JiraFieldCreateMetadata } from '../../jira/schemas';
import { loadCredentials } from '../../storage/connection';
import { listItems } from '../../storage/items';
import { newId } from '../../util/ids';
import { createZendeskClient, type ZendeskClient, type ZendeskCredentials } from '../../zendesk/client';
import type { ZendeskTicketField, ZendeskUser } from '../../zendesk/schemas';
import { createBudget, type Budget, type BudgetShape, type RemainingTime } from './budget';
import { RunSummary } from './runSummary';

export interface SyncContext {
  readonly runId: string;
  readonly trigger: SyncRunSummary['trigger'];
  readonly connection: ConnectionRecord;
  readonly zendesk: ZendeskClient;
  readonly jira: JiraClient;
  readonly budget: Budget;
  readonly summary: RunSummary;
  readonly caches: RunCaches;
  /** `https://{subdomain}.zendesk.com`, base for relative links in comment HTML. */
  readonly zendeskBaseUrl: string;
}

/** Lazily filled, per-invocation lookups. */
export class RunCaches {
  private items: Promise<SmartItem[]> | null = null;
  private jiraFields: Promise<Map<string, JiraField>> | null = null;
  private ticketFields: Promise<Map<string, ZendeskTicketField>> | null = null;
  private readonly createMeta = new Map<string, Promise<Map<string, JiraFieldCreateMetadata>>>();
  readonly users = new Map<number, ZendeskUser>();
  private appAccount: Promise<string> | null = null;
  private priorityNames: Promise<string[]> | null = null;

  constructor(
    private readonly zendesk: ZendeskClient,
    private readonly jira: JiraClient,
  ) {}

  /** Items that synchronize tickets (one-way or two-way); display-only items are not the scheduler's. */
  syncItems(): Promise<SmartItem[]> {
    this.items ??= listItems().then(({ items }) =>
      items.filter((i) => i.zendeskObject === 'ticket' && i.syncMode !== 'none'),
    );
    return this.items;
  }

  jiraFieldMap(): Promise<Map<string, JiraField>> {
    this.jiraFields ??= this.jira.fields().then((fields) => new Map(fields.map((f) => [f.id, f])));
    return this.jiraFields;
  }

  zendeskTicketFields(): Promise<Map<string, ZendeskTicketField>> {
    this.ticketFields ??= this.zendesk
      .ticketFields()
      .then((fields) => new Map(fields.map((f) => [String(f.id), f])));
    return this.ticketFields;
  }

  createMetaFor(projectId: string, issueTypeId: string): Promise<Map<string, JiraFieldCreateMetadata>> {
    const key = `${projectId}/${issueTypeId}`;
    let entry = this.createMeta.get(key);
    if (!entry) {
      entry = this.jira
        .createMeta(projectId, issueTypeId)
        .then((fields) => new Map(fields.map((f) => [f.fieldId, f])));
      this.createMeta.set(key, entry);
    }
    return entry;
  }

  /** The site's priority names, highest first (GET /rest/api/3/priority). */
  priorities(): Promise<string[]> {
    this.priorityNames ??= this.jira.priorities().then((list) => list.map((p) => p.name));
    return this.priorityNames;
  }

  /** The app's own Jira account (its comments and files are the connector's). */
  appAccountId(): Promise<string> {
    this.appAccount ??= this.jira.myself().then((me) => me.accountId);
    return this.appAccount;
  }

  /** Users by id, fetched in one show_many call for the ids not yet known. */
  async usersById(ids: Iterable<number>): Promise<Map<number, ZendeskUser>> {
    const missing = [...new Set(ids)].filter((id) => !this.users.has(id));
    if (missing.length > 0) {
      for (const u of await this.zendesk.getUsers(missing)) this.users.set(u.id, u);
    }
    return this.users;
  }
}

export interface OpenOptions {
  trigger: SyncRunSummary['trigger'];
  runId?: string;
  remaining?: RemainingTime;
  budget?: BudgetShape;
}

export interface LoadedConnection {
  connection: ConnectionRecord;
  credentials: ZendeskCredentials;
}

/** A context for an already loaded connection (the scheduler batch-reads it with its cursor). */
export function createSyncContext(loaded: LoadedConnection, options: OpenOptions): SyncContext {
  const budget = createBudget(options.remaining, options.budget);
  const zendesk = createZendeskClient(loaded.credentials, { waitBudgetMs: budget.waitBudgetMs });
  const jira = jiraClient('app', { waitBudgetMs: budget.waitBudgetMs });
  const runId = options.runId ?? newId();
  return {
    runId,
    trigger: options.trigger,
    connection: loaded.connection,
    zendesk,
    jira,
    budget,
    summary: new RunSummary(runId, options.trigger),
    caches: new RunCaches(zendesk, jira),
    zendeskBaseUrl: `https://${loaded.connection.subdomain}.zendesk.com`,
  };
}

/**
 * A context from the stored connection; null when not connected (no record or no token),
 * in which case a sync has nothing to do.
 */
export async function openSyncContext(options: OpenOptions): Promise<SyncContext | null> {
  const loaded = await loadCredentials();
  return loaded ? createSyncContext(loaded, options) : null;
}
