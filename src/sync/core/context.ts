/**
 * What one sync invocation (scheduled run, queue batch, panel Refresh) carries through the
 * per-ticket code path: the clients, the time budget, the run summary and per-run caches,
 * so catalogs (Jira fields, Zendesk ticket fields, create metadata, user names) are read at
 * most once per invocation.
 */
import type { SyncRunSummary } from '../../domain/rpc';
import type { ConnectionRecord, SmartItem } from '../../domain/types';
import { isNumericFieldId } from '../../domain/ids';
import { jiraClient, type JiraClient } from '../../jira/client';
import type { JiraField, JiraFieldCreateMetadata } from '../../jira/schemas';
import { loadCredentials } from '../../storage/connection';
import { listItems } from '../../storage/items';
import { newId } from '../../util/ids';
import { createZendeskClient, type ZendeskClient, type ZendeskCredentials } from '../../zendesk/client';
import { gaugeFor } from '../../zendesk/pacing';
import type { ZendeskTicketField, ZendeskUser } from '../../zendesk/schemas';
import { createBudget, type Budget, type BudgetShape, type RemainingTime } from './budget';
import {
  loadCatalogCache,
  storeCatalogCache,
  type CatalogCache,
  type CatalogName,
} from '../../storage/catalogCache';
import { cachedFields, isFresh, jiraFieldsToKeep, ticketFieldsToKeep, withUserName } from './catalogCache';
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

type FieldCatalog = 'jiraFields' | 'ticketFields';

/** Lazily filled, per-invocation lookups. */
export class RunCaches {
  private items: Promise<SmartItem[]> | null = null;
  private jiraFields: Promise<Map<string, JiraField>> | null = null;
  private ticketFields: Promise<Map<string, ZendeskTicketField>> | null = null;
  private readonly createMeta = new Map<string, Promise<Map<string, JiraFieldCreateMetadata>>>();
  readonly users = new Map<number, ZendeskUser>();
  private appAccount: Promise<string> | null = null;
  private priorityNames: Promise<string[]> | null = null;
  private readonly userNames = new Map<string, Promise<string | null>>();
  /** Catalogs this invocation took from the stored cache (so a missing field may be its staleness). */
  private readonly fromStore = new Set<FieldCatalog>();
  /** Catalogs to read upstream whatever the cache holds (a missing field proved it stale). */
  private readonly bypass = new Set<FieldCatalog>();

  private catalogs: Promise<CatalogCache> | null;
  /** The invocation read the stored catalogs with its first batch (scheduled run, queue batch). */
  private readonly batchRead: boolean;

  constructor(
    private readonly zendesk: ZendeskClient,
    private readonly jira: JiraClient,
    /** The stored catalogs (catalogCache.ts) when the invocation read them; null: read on first need. */
    catalogs: CatalogCache | null = null,
  ) {
    this.catalogs = catalogs ? Promise.resolve(catalogs) : null;
    this.batchRead = catalogs !== null;
  }

  /** The stored catalogs, read from storage the first time one is needed if the invocation did not. */
  private stored(): Promise<CatalogCache> {
    this.catalogs ??= loadCatalogCache();
    return this.catalogs;
  }

  private async keep(next: CatalogCache): Promise<void> {
    this.catalogs = Promise.resolve(next);
    await storeCatalogCache(next);
  }

  /** Items that synchronize tickets (one-way or two-way); display-only items are not the scheduler's. */
  syncItems(): Promise<SmartItem[]> {
    this.items ??= listItems().then(({ items }) =>
      items.filter((i) => i.zendeskObject === 'ticket' && i.syncMode !== 'none'),
    );
    return this.items;
  }

  /**
   * The Jira field catalog. `fresh`: a mapped field is missing from the one this invocation
   * took from the stored cache, which may be stale (a field restored from the trash): the
   * catalog is read upstream again, once per invocation, and kept.
   */
  jiraFieldMap(options: { fresh?: boolean } = {}): Promise<Map<string, JiraField>> {
    if (options.fresh === true && this.refresh('jiraFields')) this.jiraFields = null;
    this.jiraFields ??= this.catalog(
      'jiraFields',
      (items) => items.flatMap((i) => i.fields.flatMap((f) => (f.jiraFieldId ? [f.jiraFieldId] : []))),
      () => this.jira.fields(),
      jiraFieldsToKeep,
    ).then((fields) => new Map(fields.map((f) => [f.id, f])));
    return this.jiraFields;
  }

  /** The Zendesk ticket-field catalog; `fresh` as for jiraFieldMap. */
  zendeskTicketFields(options: { fresh?: boolean } = {}): Promise<Map<string, ZendeskTicketField>> {
    if (options.fresh === true && this.refresh('ticketFields')) this.ticketFields = null;
    this.ticketFields ??= this.catalog(
      'ticketFields',
      (items) => items.flatMap((i) => i.fields.map((f) => f.zendeskFieldId).filter(isNumericFieldId)),
      () => this.zendesk.ticketFields(),
      ticketFieldsToKeep,
    ).then((fields) => new Map(fields.map((f) => [String(f.id), f])));
    return this.ticketFields;
  }

  /** True when `name` came from the stored cache: it is then read upstream from now on. */
  private refresh(name: FieldCatalog): boolean {
    if (!this.fromStore.delete(name)) return false;
    this.bypass.add(name);
    return true;
  }

  /**
   * A catalog from the stored cache when it is fresh and covers every field the items use now;
   * otherwise from upstream, keeping what the items use for the next invocations.
   */
  private async catalog<T>(
    name: FieldCatalog,
    wantedOf: (items: SmartItem[]) => string[],
    read: () => Promise<T[]>,
    keep: (fields: readonly T[], wanted: readonly string[]) => T[],
  ): Promise<T[]> {
    // The stored ticket fields are only those the items use, while a Jira → Zendesk labels write
    // needs every field that owns tags: invocations that did not batch-read the cache (events,
    // Refresh) read that catalog upstream, as before. The Jira catalogs are complete for them.
    if (name === 'ticketFields' && !this.batchRead) return read();
    const wanted = [...new Set(wantedOf(await this.syncItems()))].sort();
    const catalogs = await this.stored();
    const stored = catalogs[name] as { at: number; wanted: string[]; fields: T[] } | undefined;
    const cached = this.bypass.has(name) ? null : cachedFields(stored, wanted);
    if (cached) {
      this.fromStore.add(name);
      return cached;
    }
    const fields = await read();
    await this.keep({ ...catalogs, [name]: { at: Date.now(), wanted, fields: keep(fields, wanted) } });
    return fields;
  }

  /** A field named in a refusal: the stored catalog may be out of date; the next invocation reads it again. */
  async invalidate(name: CatalogName): Promise<void> {
    const catalogs = await this.stored();
    if (!catalogs[name]) return;
    const { [name]: _dropped, ...rest } = catalogs;
    await this.keep(rest);
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

  /**
   * The site's priority names, highest first (GET /rest/api/3/priority), from the stored
   * catalogs while fresh; a priority Jira refuses invalidates them.
   */
  priorities(): Promise<string[]> {
    this.priorityNames ??= this.stored().then(async (catalogs) => {
      if (catalogs.priorities && isFresh(catalogs.priorities.at)) return catalogs.priorities.names;
      const names = (await this.jira.priorities()).map((p) => p.name);
      await this.keep({ ...(await this.stored()), priorities: { at: Date.now(), names } });
      return names;
    });
    return this.priorityNames;
  }

  /** The app's own Jira account (its comments and files are the connector's); kept between invocations. */
  appAccountId(): Promise<string> {
    this.appAccount ??= this.learned(
      (stored) => stored.appAccount,
      async () => (await this.jira.myself()).accountId,
      (value) => ({ appAccount: { at: Date.now(), value } }),
    ).catch((error: unknown) => {
      this.appAccount = null;
      throw error;
    });
    return this.appAccount;
  }

  /**
   * A Jira user's display name, kept between invocations; `read` asks Jira (null: Jira would
   * not tell, which is not kept).
   */
  jiraUserName(accountId: string, read: () => Promise<string | null>): Promise<string | null> {
    let name = this.userNames.get(accountId);
    if (!name) {
      name = this.learned(
        (stored) => stored.userNames?.[accountId],
        read,
        (value, stored) => ({ userNames: withUserName(stored.userNames, accountId, value) }),
      ).catch((error: unknown) => {
        this.userNames.delete(accountId);
        throw error;
      });
      this.userNames.set(accountId, name);
    }
    return name;
  }

  /** A value from the stored record while fresh; else read, and kept when there is one. */
  private async learned<T, R extends T | null>(
    find: (stored: CatalogCache) => { at: number; value: T } | undefined,
    read: () => Promise<R>,
    patch: (value: T, stored: CatalogCache) => Partial<CatalogCache>,
  ): Promise<T | R> {
    const stored = await this.stored();
    const hit = find(stored);
    if (hit && isFresh(hit.at)) return hit.value;
    const value = await read();
    if (value !== null) {
      const now = await this.stored();
      await this.keep({ ...now, ...patch(value, now) });
    }
    return value;
  }

  /** Users by id: known to the run, side-loaded by an export, else one show_many call for the rest. */
  async usersById(ids: Iterable<number>): Promise<Map<number, ZendeskUser>> {
    const wanted = [...new Set(ids)];
    for (const id of wanted) {
      const sideloaded = this.users.has(id) ? undefined : this.zendesk.sideloadedUser(id);
      if (sideloaded) this.users.set(id, sideloaded);
    }
    const missing = wanted.filter((id) => !this.users.has(id));
    if (missing.length > 0) {
      for (const u of await this.zendesk.getUsers(missing)) this.users.set(u.id, u);
    }
    return this.users;
  }
}

export interface OpenOptions {
  trigger: SyncRunSummary['trigger'];
  /** The stored catalogs, read with the run's first batch (catalogCache.ts). */
  catalogs?: CatalogCache;
  runId?: string;
  remaining?: RemainingTime;
  budget?: BudgetShape;
  /**
   * The invocation starts after the platform waited out a rate limit or a pacing hold (a
   * delayed queue batch, a redelivery asked for with a Retry-After).
   */
  afterWait?: boolean;
  /** With `afterWait`: the app's time when that wait was asked for (what was seen before is over). */
  waitFrom?: number;
  /**
   * False: requests are not paced (zendesk/pacing.ts) although the trigger is background work —
   * for the few requests that keep links right after an issue moved or was deleted.
   */
  paced?: boolean;
}

export interface LoadedConnection {
  connection: ConnectionRecord;
  credentials: ZendeskCredentials;
}

/** A context for an already loaded connection (the scheduler batch-reads it with its cursor). */
export function createSyncContext(loaded: LoadedConnection, options: OpenOptions): SyncContext {
  const budget = createBudget(options.remaining, options.budget);
  // Scheduled runs come minutes apart: what was seen before the previous one began is over
  // (RateGauge.scheduledRunBegins). An invocation after a wait (a delayed queue batch, a
  // redelivery) forgets what was seen before its wait began, measured on the platform's clock,
  // which the app's own clock may not follow in the sandbox. A queue batch delivered without a
  // wait keeps what the last one saw: forgetting it let each waiting batch spend one request
  // blind in a window already used up.
  if (options.trigger === 'scheduled') gaugeFor(loaded.connection.subdomain).scheduledRunBegins(Date.now());
  else if (options.afterWait) gaugeFor(loaded.connection.subdomain).forget(options.waitFrom);
  // The panel's Refresh answers a person; everything else is background work and is paced.
  const zendesk = createZendeskClient(loaded.credentials, {
    waitBudgetMs: budget.waitBudgetMs,
    paced: options.trigger !== 'refresh' && options.paced !== false,
  });
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
    caches: new RunCaches(zendesk, jira, options.catalogs ?? null),
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
