/**
 * The Forge runtime emulator: installs the platform globals under the unmodified @forge/*
 * SDKs and invokes the app's handlers the way Forge does for each module kind.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CallLog, type KvsCounters, type PlatformCall } from './callLog';
import { createClock, type EmulatorClock } from './clock';
import type { EgressRoute } from './egress';
import { EmulatorConfigError } from './errors';
import { Faults } from './faults';
import { loadHandler } from './handlerLoader';
import { Invocation, type InvocationOutcome } from './invocation';
import { checkKey, checkValue, MAX_SECRET_VALUE_BYTES } from './kvs/limits';
import { entityNamespace, KvsStore, type Namespace } from './kvs/store';
import { loadManifest, type ForgeManifest, type FunctionDef, type UiModuleDef } from './manifest';
import { hooks, type InvocationHandle, type PlatformOwner } from './platformHooks';
import { PlatformRouter } from './platformRouter';
import type { JiraWiring } from './productFetch';
import { buildRuntime, siteAri, type EnvironmentType, type License, type RuntimeFacts } from './runtime';
import { WorkQueue, type PendingDelivery } from './workQueue';
import {
  webTriggerAnswer,
  webTriggerId,
  webTriggerPayload,
  type WebTriggerAnswer,
  type WebTriggerRequest,
} from './webtrigger';

export interface ForgeEmulatorOptions {
  /** Directory holding manifest.yml and src/ (handlers resolve under src/). */
  readonly appDir: string;
  /** Defaults to `<appDir>/manifest.yml`. */
  readonly manifestFile?: string;
  readonly jira?: JiraWiring;
  readonly egressRoutes?: readonly EgressRoute[];
  /** Persist KVS data to this JSON file (loaded at start, rewritten after every write). */
  readonly storage?: { readonly file: string };
  readonly environmentType?: EnvironmentType;
  /** License reported to every invocation unless overridden per call; undefined as in DEVELOPMENT. */
  readonly license?: License;
  readonly cloudId?: string;
  readonly siteUrl?: string;
  /** Origin (and path prefix) of web trigger URLs; the sandbox points it at its web host. */
  readonly webTriggerBaseUrl?: string;
  readonly installationId?: string;
  readonly environmentId?: string;
  readonly appVersion?: string;
  readonly featureFlags?: Readonly<Record<string, boolean>>;
  /** Redeliveries of one async event or product event before it is marked failed (default 4). */
  readonly maxRetries?: number;
  /** How many entries `calls` keeps, newest last (default 100 000). */
  readonly callLogLimit?: number;
}

/** Late wiring: simulators often start after the emulator. */
export interface ForgeEmulatorConfig {
  readonly jira?: JiraWiring;
  readonly egressRoutes?: readonly EgressRoute[];
  readonly environmentType?: EnvironmentType;
  readonly license?: License | undefined;
  readonly webTriggerBaseUrl?: string;
}

export interface InvokeOptions {
  /** The invoking user (becomes `aaid` and `principal.accountId`); omit for app-only invocations. */
  readonly accountId?: string;
  /** Overrides the emulator's license for this invocation; pass `undefined` explicitly for "no license". */
  readonly license?: License | undefined;
  readonly environmentType?: EnvironmentType;
  /** Overrides the manifest timeout (tests that must not wait 25 s to see a timeout). */
  readonly timeoutMs?: number;
  readonly moduleKey?: string;
}

export interface ExtensionContext {
  readonly type?: string;
  readonly issue?: { readonly id: string; readonly key: string; readonly type?: string };
  readonly project?: { readonly id: string; readonly key: string; readonly type?: string };
  readonly [extra: string]: unknown;
}

export interface ResolverInvokeOptions extends InvokeOptions {
  readonly extension?: ExtensionContext;
  readonly localId?: string;
}

export interface ResolverCall {
  /** The key passed to `resolver.define(key, …)` and `invoke(key, …)` in the frontend. */
  readonly functionKey: string;
  readonly payload?: unknown;
}

export type InvocationResult = InvocationOutcome & {
  readonly invocationId: string;
  readonly functionKey: string;
  readonly durationMs: number;
  readonly writes: number;
  readonly platformCalls: number;
};

export interface ProductEvent {
  readonly eventType: string;
  /** The account that caused the event; equal to the app's account for the app's own writes. */
  readonly atlassianId?: string;
  readonly [field: string]: unknown;
}

export interface ProductEventDelivery {
  readonly deliveredTo: readonly string[];
  readonly skipped: readonly { readonly triggerKey: string; readonly reason: 'ignoreSelf' }[];
}

export interface DrainOptions {
  /** Jump the emulator clock to the next delayed delivery instead of stopping (default true). */
  readonly advanceClock?: boolean;
  /** Safety bound against handlers that keep producing work (default 1000). */
  readonly maxDeliveries?: number;
}

export interface DrainedDelivery {
  readonly delivery: PendingDelivery;
  readonly result: InvocationResult;
  readonly disposition: 'success' | 'retry' | 'failed';
}

export interface DrainReport {
  readonly deliveries: readonly DrainedDelivery[];
  /** Deliveries still waiting (only when `advanceClock: false` left future work behind). */
  readonly pending: number;
  /** Events pushed to queues without a consumer; they never run. */
  readonly orphaned: number;
}

export interface StorageInspector {
  readonly file: string | undefined;
  /** Non-secret keys and values (expired TTL entries excluded). */
  dump(): Record<string, unknown>;
  dumpSecrets(): Record<string, unknown>;
  /** Live items of one custom entity, by key. */
  dumpEntity(entityName: string): Record<string, unknown>;
  /** One custom entity item (undefined when absent or expired). */
  getEntity(entityName: string, key: string): unknown;
  /** Seeds a custom entity item directly (no counters, no faults). */
  setEntity(entityName: string, key: string, value: unknown): void;
  deleteEntity(entityName: string, key: string): void;
  keys(prefix?: string): string[];
  secretKeys(prefix?: string): string[];
  get(key: string): unknown;
  getSecret(key: string): unknown;
  /** Seeds data directly (same key/value limits, no counters, no faults). */
  set(key: string, value: unknown): void;
  setSecret(key: string, value: unknown): void;
  delete(key: string): void;
  clear(): void;
}

export type { WebTriggerAnswer, WebTriggerRequest } from './webtrigger';

export class InvocationFailed extends Error {
  override readonly name = 'InvocationFailed';
  constructor(readonly result: InvocationResult) {
    super(
      `Invocation ${result.invocationId} of '${result.functionKey}' ended with ${result.status}` +
        (result.status === 'ok'
          ? ''
          : `: ${result.error instanceof Error ? result.error.message : String(result.error)}`),
      result.status === 'ok' ? undefined : { cause: result.error },
    );
  }
}

const DEFAULT_CLOUD_ID = '8f9ab7a2-4c1d-4e3f-9a6b-0c2d1e3f4a5b';
const OUTSIDE_INVOCATION_REMAINING_MS = 900_000;
const productEventSchema = z.looseObject({
  eventType: z.string().min(1),
  atlassianId: z.string().optional(),
});
const retryRequestSchema = z.object({
  _retry: z.literal(true),
  retryOptions: z
    .object({
      retryAfter: z.number().optional(),
      retryReason: z.string().optional(),
      retryData: z.unknown().optional(),
    })
    .optional(),
});

export class ForgeEmulator implements PlatformOwner {
  readonly manifest: ForgeManifest;
  readonly clock: EmulatorClock = createClock();
  readonly faults = new Faults();
  readonly storage: StorageInspector;
  readonly appDir: string;

  private readonly log: CallLog;
  private readonly work = new WorkQueue();
  private readonly store: KvsStore;
  private readonly router: PlatformRouter;
  private readonly facts: RuntimeFacts;
  private readonly siteUrl: string;
  private webTriggerBase: string;
  private readonly maxRetries: number;
  private jiraWiring: JiraWiring | undefined;
  private routes: readonly EgressRoute[];
  private environmentType: EnvironmentType;
  private license: License | undefined;
  private closed = false;
  private defaultRuntime: Record<string, unknown> | undefined;

  constructor(options: ForgeEmulatorOptions) {
    if (hooks.forgeApiLoadedFirst) {
      throw new EmulatorConfigError(
        '@forge/api was loaded before the Forge emulator, so its `fetch` captured the unguarded global fetch and ' +
          'would bypass egress checks. Import sandbox/forge (or sandbox/stack) before any module that imports ' +
          '@forge/api or @forge/events.',
      );
    }
    this.appDir = resolve(options.appDir);
    this.log = new CallLog(options.callLogLimit);
    this.manifest = loadManifest(options.manifestFile ?? join(this.appDir, 'manifest.yml'));
    this.store = new KvsStore(() => this.clock.now(), options.storage?.file);
    this.jiraWiring = options.jira;
    this.routes = options.egressRoutes ?? [];
    this.environmentType = options.environmentType ?? 'DEVELOPMENT';
    this.license = options.license;
    this.siteUrl = options.siteUrl ?? 'https://emulated-site.atlassian.net';
    this.webTriggerBase = options.webTriggerBaseUrl ?? 'https://emulated-webtrigger.hello.atlassian-dev.net';
    this.maxRetries = options.maxRetries ?? 4;
    this.facts = {
      appId: this.manifest.appId,
      appVersion: options.appVersion ?? '1.0.0',
      environmentId: options.environmentId ?? '00000000-0000-4000-8000-00000000e0e0',
      environmentType: this.environmentType,
      installationId: options.installationId ?? '00000000-0000-4000-8000-0000000011a0',
      cloudId: options.cloudId ?? DEFAULT_CLOUD_ID,
      runtimeName: this.manifest.runtime,
      appDir: this.appDir,
      scopes: this.manifest.scopes,
      egressAddresses: this.manifest.egressAddresses,
      featureFlags: options.featureFlags ?? {},
    };
    this.router = new PlatformRouter({
      store: this.store,
      entities: this.manifest.entities,
      faults: this.faults,
      log: this.log,
      work: this.work,
      clock: this.clock,
      consumers: this.manifest.consumers,
      realFetch: hooks.realFetch,
      jira: () => this.jiraWiring,
      egress: () => ({ rules: this.manifest.egress, routes: this.routes, realFetch: hooks.realFetch }),
      webTriggerUrl: (key) => this.webTriggerUrl(key),
    });
    this.storage = this.createInspector();
    hooks.active = this;
  }

  get cloudId(): string {
    return this.facts.cloudId;
  }

  /** Every platform call served so far (KVS, product, queue, egress), oldest first. */
  get calls(): readonly PlatformCall[] {
    return this.log.calls;
  }

  clearCalls(): void {
    this.log.clearCalls();
  }

  get counters(): KvsCounters {
    return this.log.counters;
  }

  configure(config: ForgeEmulatorConfig): void {
    if (config.jira !== undefined) this.jiraWiring = config.jira;
    if (config.egressRoutes !== undefined) this.routes = config.egressRoutes;
    if (config.environmentType !== undefined) this.environmentType = config.environmentType;
    if ('license' in config) this.license = config.license;
    if (config.webTriggerBaseUrl !== undefined) this.webTriggerBase = config.webTriggerBaseUrl;
    this.defaultRuntime = undefined;
  }

  /** Detaches the globals from this emulator (a later emulator may take over). */
  close(): void {
    this.closed = true;
    if (hooks.active === this) hooks.active = undefined;
  }

  // ---------- PlatformOwner (called by the global hooks) ----------

  runtimeFor(handle: InvocationHandle | undefined): unknown {
    if (handle instanceof Invocation) {
      return handle.runtime;
    }
    this.defaultRuntime ??= buildRuntime(
      { ...this.facts, environmentType: this.environmentType },
      {
        invocationId: 'outside-invocation',
        functionKey: '',
        handler: '',
        moduleType: '',
        moduleKey: '',
        accountId: undefined,
        license: this.license,
        environmentType: this.environmentType,
        remainingMs: () => OUTSIDE_INVOCATION_REMAINING_MS,
      },
    );
    return this.defaultRuntime;
  }

  forgeFetch(
    handle: InvocationHandle | undefined,
    descriptor: unknown,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    return this.router.forgeFetch(handle instanceof Invocation ? handle : undefined, descriptor, path, init);
  }

  egressFetch(
    handle: InvocationHandle,
    input: RequestInfo | URL,
    init: RequestInit | undefined,
  ): Promise<Response> {
    if (!(handle instanceof Invocation)) return hooks.realFetch(input, init);
    return this.router.egressFetch(handle, input, init);
  }

  // ---------- invoking handlers ----------

  /**
   * Invokes a function directly as `handler(payload, context)`, with the plain-function context
   * Forge passes (https://developer.atlassian.com/platform/forge/function-reference/arguments/).
   */
  invoke(functionKey: string, payload: unknown, options: InvokeOptions = {}): Promise<InvocationResult> {
    const fn = this.requireFunction(functionKey);
    const owner = this.moduleOwning(fn, options.moduleKey);
    return this.run(fn, owner, options, () => [payload, this.backendPayload(options)]);
  }

  /**
   * Invokes a UI resolver as @forge/resolver's `getDefinitions()` expects: the first argument is
   * `{call:{functionKey, payload}, context}` (the bridge's client context), the second the
   * backend runtime payload carrying `principal`, `license` and `installContext`, which are the
   * values @forge/resolver 2.0.1 copies into `context` (out/index.js).
   */
  invokeResolver(
    functionKey: string,
    call: ResolverCall,
    options: ResolverInvokeOptions = {},
  ): Promise<InvocationResult> {
    const fn = this.requireFunction(functionKey);
    const ui = this.uiModuleFor(fn, options.moduleKey);
    const environmentType = options.environmentType ?? this.environmentType;
    const context: Record<string, unknown> = {
      cloudId: this.facts.cloudId,
      localId:
        options.localId ??
        `ari:cloud:ecosystem::extension/${this.facts.appId}/${this.facts.environmentId}/static/${ui.key}`,
      moduleKey: ui.key,
      siteUrl: this.siteUrl,
      environmentType,
      environmentId: this.facts.environmentId,
      locale: 'en-US',
      timezone: 'UTC',
      extension: { type: ui.type, ...options.extension },
      ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    };
    const invokePayload = {
      call: {
        functionKey: call.functionKey,
        ...(call.payload !== undefined ? { payload: call.payload } : {}),
      },
      context,
    };
    return this.run(fn, { key: ui.key, type: ui.type }, options, () => [
      invokePayload,
      this.backendPayload(options),
    ]);
  }

  /** Like `invokeResolver` but returns the resolver's value, throwing `InvocationFailed` otherwise. */
  async callResolver(
    functionKey: string,
    call: ResolverCall,
    options: ResolverInvokeOptions = {},
  ): Promise<unknown> {
    const result = await this.invokeResolver(functionKey, call, options);
    if (result.status !== 'ok') throw new InvocationFailed(result);
    return result.value;
  }

  /** The URL `webTrigger.getUrl(key)` answers; null when the manifest has no such module. */
  webTriggerUrl(key: string): string | null {
    if (!this.manifest.webTriggers.some((w) => w.key === key)) return null;
    return `${this.webTriggerBase.replace(/\/+$/, '')}/x1/${webTriggerId(this.facts.installationId, key)}`;
  }

  /**
   * Serves an HTTP request to a web trigger URL path (`/x1/{id}…`): invokes its function without
   * a user and turns the result into the HTTP answer (sandbox/forge/webtrigger.ts). Null when no
   * webtrigger module has that id.
   */
  async invokeWebTrigger(request: WebTriggerRequest): Promise<WebTriggerAnswer | null> {
    const id = /^\/x1\/([^/?#]+)/.exec(request.path)?.[1];
    const def = this.manifest.webTriggers.find((w) => webTriggerId(this.facts.installationId, w.key) === id);
    if (!def) return null;
    const fn = this.requireFunction(def.functionKey);
    const outcome = await this.run(fn, { key: def.key, type: 'webtrigger' }, {}, () => [
      webTriggerPayload(request),
      this.backendPayload({}),
    ]);
    return webTriggerAnswer(def, outcome);
  }

  /**
   * Runs a scheduled trigger once with the payload Forge sends: `{context:{cloudId, moduleKey}, contextToken}`
   * (https://developer.atlassian.com/platform/forge/function-reference/scheduled-trigger). No user.
   */
  runScheduledTrigger(
    triggerKey: string,
    options: Omit<InvokeOptions, 'accountId' | 'moduleKey'> = {},
  ): Promise<InvocationResult> {
    const def = this.manifest.scheduledTriggers.find((s) => s.key === triggerKey);
    if (!def) throw new EmulatorConfigError(`manifest.yml has no scheduledTrigger '${triggerKey}'`);
    const fn = this.requireFunction(def.functionKey);
    const payload = {
      context: { cloudId: this.facts.cloudId, moduleKey: def.key },
      contextToken: randomUUID(),
    };
    return this.run(fn, { key: def.key, type: 'scheduledTrigger' }, options, () => [
      payload,
      this.backendPayload(options),
    ]);
  }

  /**
   * Queues a product event (e.g. from the Jira simulator) for every trigger subscribed to its
   * `eventType`; a trigger with `filter.ignoreSelf` does not receive events the app caused itself.
   * Deliveries run on `drain()`.
   */
  deliverProductEvent(event: ProductEvent): ProductEventDelivery {
    const parsed = productEventSchema.safeParse(event);
    if (!parsed.success)
      throw new EmulatorConfigError(`Invalid product event: ${z.prettifyError(parsed.error)}`);
    const ev = parsed.data;
    const appAccountId = this.jiraWiring?.appAccountId;
    const deliveredTo: string[] = [];
    const skipped: { triggerKey: string; reason: 'ignoreSelf' }[] = [];
    for (const trigger of this.manifest.triggers) {
      const sub = trigger.events.find((e) => e.eventType === ev.eventType);
      if (!sub) continue;
      if (sub.ignoreSelf && ev.atlassianId !== undefined && ev.atlassianId === appAccountId) {
        skipped.push({ triggerKey: trigger.key, reason: 'ignoreSelf' });
        continue;
      }
      this.work.add({
        kind: 'trigger',
        id: randomUUID(),
        functionKey: trigger.functionKey,
        triggerKey: trigger.key,
        dueAt: this.clock.now(),
        seq: this.work.nextSeq(),
        retry: undefined,
        event: structuredClone(ev) as Record<string, unknown>,
      });
      deliveredTo.push(trigger.key);
    }
    return { deliveredTo, skipped };
  }

  /** Deliveries waiting for `drain()` (queue events and product events), in no particular order. */
  pendingDeliveries(): readonly PendingDelivery[] {
    return this.work.list();
  }

  /**
   * Runs pending product-event deliveries and queue events one at a time, earliest due first,
   * until nothing is left. Delayed events and retry back-offs are honoured on the emulator clock,
   * which is advanced to the next due time rather than waited for in real time.
   */
  async drain(options: DrainOptions = {}): Promise<DrainReport> {
    const max = options.maxDeliveries ?? 1000;
    const deliveries: DrainedDelivery[] = [];
    for (;;) {
      const next = this.work.peek();
      if (!next) break;
      if (next.dueAt > this.clock.now()) {
        if (options.advanceClock === false) break;
        this.clock.advanceTo(next.dueAt);
      }
      if (deliveries.length >= max) {
        throw new EmulatorConfigError(
          `drain() ran ${max} deliveries and work keeps arriving; a handler is producing work forever`,
        );
      }
      this.work.take(next);
      deliveries.push(await this.deliver(next));
    }
    return { deliveries, pending: this.work.size, orphaned: this.work.orphaned.length };
  }

  // ---------- internals ----------

  private async deliver(item: PendingDelivery): Promise<DrainedDelivery> {
    const fn = this.requireFunction(item.functionKey);
    const retryContext = item.retry
      ? {
          retryContext: {
            retryCount: item.retry.retryCount,
            retryReason: item.retry.retryReason,
            retryData: item.retry.retryData,
          },
        }
      : {};
    let result: InvocationResult;
    if (item.kind === 'queue') {
      // AsyncEvent shape from @forge/events 3.0.8 out/types.d.ts.
      const asyncEvent = {
        body: item.body,
        queueName: item.queueName,
        jobId: item.jobId,
        eventId: item.eventId,
        ...(item.delayInSeconds !== undefined ? { delayInSeconds: item.delayInSeconds } : {}),
        ...(item.concurrency !== undefined ? { concurrency: item.concurrency } : {}),
        ...retryContext,
      };
      result = await this.run(fn, { key: item.consumerKey, type: 'consumer' }, {}, () => [
        asyncEvent,
        this.backendPayload({}),
      ]);
    } else {
      const event = {
        ...item.event,
        context: item.event.context ?? { cloudId: this.facts.cloudId, moduleKey: item.triggerKey },
        ...retryContext,
      };
      result = await this.run(fn, { key: item.triggerKey, type: 'trigger' }, {}, () => [
        event,
        this.backendPayload({}),
      ]);
    }

    const retry = this.retryDecision(result);
    let disposition: DrainedDelivery['disposition'];
    if (retry) {
      const retryCount = (item.retry?.retryCount ?? 0) + 1;
      if (retryCount <= this.maxRetries) {
        this.work.add({
          ...item,
          id: randomUUID(),
          seq: this.work.nextSeq(),
          dueAt: this.clock.now() + retry.afterSeconds * 1000,
          retry: { retryCount, retryReason: retry.reason, retryData: retry.data },
        });
        disposition = 'retry';
      } else {
        disposition = 'failed';
      }
    } else {
      disposition = result.status === 'ok' ? 'success' : 'failed';
    }
    if (item.kind === 'queue' && disposition !== 'retry')
      this.work.setState(item.jobId, item.eventId, disposition);
    return { delivery: item, result, disposition };
  }

  /**
   * An InvocationError return (`{_retry:true, retryOptions}`, @forge/events out/invocationError.js)
   * asks for redelivery; a timeout or crash is a platform-side failure and is redelivered with the
   * matching InvocationErrorCode; a thrown error is final.
   */
  private retryDecision(
    result: InvocationResult,
  ): { reason: string; afterSeconds: number; data: unknown } | undefined {
    if (result.status === 'ok') {
      const req = retryRequestSchema.safeParse(result.value);
      if (!req.success) return undefined;
      const o = req.data.retryOptions;
      return {
        reason: o?.retryReason ?? 'FUNCTION_RETRY_REQUEST',
        afterSeconds: Math.max(1, o?.retryAfter ?? 1),
        data: o?.retryData,
      };
    }
    if (result.status === 'timeout') return { reason: 'FUNCTION_TIME_OUT', afterSeconds: 1, data: undefined };
    if (result.status === 'crash')
      return { reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR', afterSeconds: 1, data: undefined };
    return undefined;
  }

  private backendPayload(options: InvokeOptions): Record<string, unknown> {
    const license = 'license' in options ? options.license : this.license;
    return {
      installContext: siteAri(this.facts.cloudId),
      ...(options.accountId !== undefined ? { principal: { accountId: options.accountId } } : {}),
      ...(license !== undefined ? { license } : {}),
      installation: {
        ari: `ari:cloud:ecosystem::installation/${this.facts.installationId}`,
        contexts: [siteAri(this.facts.cloudId)],
      },
    };
  }

  private async run(
    fn: FunctionDef,
    module: { key: string; type: string },
    options: InvokeOptions,
    args: () => unknown[],
  ): Promise<InvocationResult> {
    if (this.closed) throw new EmulatorConfigError('This Forge emulator was closed');
    const handler = await loadHandler(this.appDir, fn);
    const environmentType = options.environmentType ?? this.environmentType;
    const license = 'license' in options ? options.license : this.license;
    const timeoutMs = options.timeoutMs ?? fn.timeoutSeconds * 1000;
    const inv = new Invocation(
      this,
      {
        id: randomUUID(),
        functionKey: fn.key,
        moduleKey: module.key,
        moduleType: module.type,
        accountId: options.accountId,
      },
      timeoutMs,
      this.faults.takeCrash(fn.key),
    );
    inv.runtime = buildRuntime(
      { ...this.facts, environmentType },
      {
        invocationId: inv.id,
        functionKey: fn.key,
        handler: fn.handler,
        moduleType: module.type,
        moduleKey: module.key,
        accountId: options.accountId,
        license,
        environmentType,
        remainingMs: inv.remainingMs,
      },
    );
    const timer = setTimeout(() => inv.timeOut(), timeoutMs);
    hooks.als.run(inv, () => {
      let pending: Promise<unknown>;
      try {
        pending = Promise.resolve(handler(...args()));
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (value) => inv.finish({ status: 'ok', value }),
        (error: unknown) => inv.finish({ status: 'error', error }),
      );
    });
    const outcome = await inv.outcome;
    clearTimeout(timer);
    return {
      ...outcome,
      invocationId: inv.id,
      functionKey: fn.key,
      durationMs: Date.now() - inv.startedAt,
      writes: inv.writes,
      platformCalls: inv.platformCalls,
    };
  }

  private requireFunction(key: string): FunctionDef {
    const fn = this.manifest.functions.get(key);
    if (!fn) throw new EmulatorConfigError(`manifest.yml has no function '${key}'`);
    return fn;
  }

  private uiModuleFor(fn: FunctionDef, moduleKey: string | undefined): UiModuleDef {
    const candidates = this.manifest.uiModules.filter((u) => u.resolverFunction === fn.key);
    const chosen = moduleKey ? candidates.find((u) => u.key === moduleKey) : candidates[0];
    if (!chosen) {
      throw new EmulatorConfigError(
        moduleKey
          ? `UI module '${moduleKey}' does not use function '${fn.key}' as its resolver`
          : `Function '${fn.key}' is not the resolver of any jira:adminPage or jira:issuePanel module`,
      );
    }
    return chosen;
  }

  /** The module Forge would name as the caller of `fn` in `appContext.moduleKey`. */
  private moduleOwning(fn: FunctionDef, moduleKey: string | undefined): { key: string; type: string } {
    const m = this.manifest;
    const all = [
      ...m.uiModules.filter((u) => u.resolverFunction === fn.key).map((u) => ({ key: u.key, type: u.type })),
      ...m.scheduledTriggers
        .filter((s) => s.functionKey === fn.key)
        .map((s) => ({ key: s.key, type: 'scheduledTrigger' })),
      ...m.triggers.filter((t) => t.functionKey === fn.key).map((t) => ({ key: t.key, type: 'trigger' })),
      ...m.consumers.filter((c) => c.functionKey === fn.key).map((c) => ({ key: c.key, type: 'consumer' })),
    ];
    const chosen = moduleKey ? all.find((x) => x.key === moduleKey) : all[0];
    return chosen ?? { key: moduleKey ?? fn.key, type: 'function' };
  }

  private createInspector(): StorageInspector {
    const store = this.store;
    const dump = (ns: Namespace): Record<string, unknown> =>
      Object.fromEntries(store.listKeys(ns).map((k) => [k, structuredClone(store.get(ns, k)?.value)]));
    const seed = (ns: Namespace, key: string, value: unknown): void => {
      const err = checkKey(key) ?? checkValue(value, ns === 'secret' ? MAX_SECRET_VALUE_BYTES : undefined);
      if (err)
        throw new EmulatorConfigError(
          `storage seed of '${key}' refused: ${err.body.code} ${err.body.message}`,
        );
      store.put(ns, key, structuredClone(value), undefined);
      store.commit();
    };
    return {
      file: store.file,
      dump: () => dump('kvs'),
      dumpSecrets: () => dump('secret'),
      dumpEntity: (name) => dump(entityNamespace(name)),
      getEntity: (name, key) => structuredClone(store.get(entityNamespace(name), key)?.value),
      setEntity: (name, key, value) => seed(entityNamespace(name), key, value),
      deleteEntity: (name, key) => {
        if (store.remove(entityNamespace(name), key)) store.commit();
      },
      keys: (prefix = '') => store.listKeys('kvs', prefix),
      secretKeys: (prefix = '') => store.listKeys('secret', prefix),
      get: (key) => structuredClone(store.get('kvs', key)?.value),
      getSecret: (key) => structuredClone(store.get('secret', key)?.value),
      set: (key, value) => seed('kvs', key, value),
      setSecret: (key, value) => seed('secret', key, value),
      delete: (key) => {
        if (store.remove('kvs', key)) store.commit();
      },
      clear: () => store.clear(),
    };
  }
}

export function createForgeEmulator(options: ForgeEmulatorOptions): ForgeEmulator {
  return new ForgeEmulator(options);
}
