/**
 * Reads manifest.yml into the few facts the emulator acts on: functions and their timeouts,
 * which module invokes which function, triggers, consumers and the backend egress allow-list.
 * Field names and limits follow @forge/manifest 13.7.0's JSON schema
 * (docs/contracts/forge-platform.md § Manifest).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseEgressAddress, type EgressRule } from './egress';
import { buildCatalog, entitiesSchema, type EntityCatalog } from './kvs/entities';

/**
 * Defaults from https://developer.atlassian.com/platform/forge/limits-invocation
 * (docs/contracts/forge-platform.md § Invocation limits).
 */
export const RESOLVER_TIMEOUT_SECONDS = 25;
export const ASYNC_DEFAULT_TIMEOUT_SECONDS = 55;

const KEY = z.string().regex(/^[a-zA-Z0-9_-]+$/);

const functionSchema = z.object({
  key: KEY,
  handler: z.string().min(3).max(1024),
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
});

const uiModuleSchema = z.object({
  key: KEY,
  resolver: z.object({ function: z.string() }).optional(),
  render: z.enum(['default', 'native']).optional(),
  title: z.string().optional(),
});

const filterSchema = z.object({
  ignoreSelf: z.boolean().optional(),
  expression: z.string().optional(),
  onError: z.string().optional(),
  appIsLicensed: z.boolean().optional(),
});

const triggerSchema = z.object({
  key: KEY,
  function: z.string(),
  events: z
    .array(z.union([z.string(), z.object({ eventType: z.string(), filter: filterSchema.optional() })]))
    .min(1),
  filter: filterSchema.optional(),
});

const scheduledSchema = z.object({
  key: KEY,
  function: z.string(),
  interval: z.enum(['fiveMinute', 'hour', 'day', 'week']),
  filter: z.object({ appIsLicensed: z.boolean().optional() }).optional(),
});

const webTriggerSchema = z.object({
  key: KEY,
  function: z.string(),
  response: z.object({ type: z.enum(['static', 'dynamic']) }).optional(),
});

const consumerSchema = z.object({
  key: KEY,
  queue: z
    .string()
    .regex(/^[a-zA-Z0-9-_]+$/)
    .max(36),
  function: z.string(),
});

const egressEntrySchema = z.union([
  z.string(),
  z.object({ address: z.string(), category: z.string().optional(), inScopeEUD: z.boolean().optional() }),
  z.object({ remote: z.string() }),
]);

const manifestSchema = z.object({
  app: z.object({
    id: z.string().regex(/^ari:cloud:ecosystem::app\/\S+$/),
    runtime: z.object({ name: z.enum(['nodejs20.x', 'nodejs22.x', 'nodejs24.x']) }),
    licensing: z.object({ enabled: z.boolean() }).optional(),
    storage: z.object({ entities: entitiesSchema.optional() }).optional(),
  }),
  modules: z
    .object({
      'jira:adminPage': z.array(uiModuleSchema).optional(),
      'jira:issuePanel': z.array(uiModuleSchema).optional(),
      scheduledTrigger: z.array(scheduledSchema).optional(),
      trigger: z.array(triggerSchema).optional(),
      consumer: z.array(consumerSchema).optional(),
      webtrigger: z.array(webTriggerSchema).optional(),
      function: z.array(functionSchema).optional(),
    })
    .optional(),
  permissions: z
    .object({
      scopes: z.array(z.string()).optional(),
      external: z
        .object({ fetch: z.object({ backend: z.array(egressEntrySchema).optional() }).optional() })
        .optional(),
    })
    .optional(),
});

export type UiModuleType = 'jira:adminPage' | 'jira:issuePanel';

export interface FunctionDef {
  readonly key: string;
  /** The raw `file.export` string. */
  readonly handler: string;
  /** Module path relative to `src/`, without extension (Forge resolves handlers from src/). */
  readonly file: string;
  readonly exportName: string;
  readonly timeoutSeconds: number;
  /** How the platform invokes it; decides the default timeout and the argument shapes. */
  readonly role: 'resolver' | 'async';
}

export interface UiModuleDef {
  readonly type: UiModuleType;
  readonly key: string;
  readonly resolverFunction: string | undefined;
  readonly render: 'default' | 'native';
}

export interface TriggerDef {
  readonly key: string;
  readonly functionKey: string;
  readonly events: readonly { readonly eventType: string; readonly ignoreSelf: boolean }[];
}

export interface ScheduledTriggerDef {
  readonly key: string;
  readonly functionKey: string;
  readonly interval: 'fiveMinute' | 'hour' | 'day' | 'week';
  readonly appIsLicensed: boolean;
}

export interface ConsumerDef {
  readonly key: string;
  readonly queue: string;
  readonly functionKey: string;
}

export interface WebTriggerDef {
  readonly key: string;
  readonly functionKey: string;
  /** `dynamic`: the function's return value is the HTTP answer. */
  readonly responseType: 'static' | 'dynamic';
}

export interface ForgeManifest {
  /** The UUID part of app.id, which is what `appContext.appId` carries. */
  readonly appId: string;
  readonly appAri: string;
  readonly runtime: string;
  readonly licensingEnabled: boolean;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  readonly uiModules: readonly UiModuleDef[];
  readonly triggers: readonly TriggerDef[];
  readonly scheduledTriggers: readonly ScheduledTriggerDef[];
  readonly consumers: readonly ConsumerDef[];
  readonly webTriggers: readonly WebTriggerDef[];
  readonly scopes: readonly string[];
  readonly egress: readonly EgressRule[];
  /** Entries as written (for `appContext.permissions`, which @forge/api's `permissions` API reads). */
  readonly egressAddresses: readonly string[];
  /** Custom entities declared under `app.storage.entities`. */
  readonly entities: EntityCatalog;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function loadManifest(file: string): ForgeManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  return parseManifest(text, file);
}

export function parseManifest(text: string, source = 'manifest.yml'): ForgeManifest {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ManifestError(`${source} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ManifestError(`${source} does not match the manifest schema: ${z.prettifyError(parsed.error)}`);
  }
  const m = parsed.data;
  const modules = m.modules ?? {};

  const uiModules: UiModuleDef[] = [
    ...(modules['jira:adminPage'] ?? []).map((d) => toUiModule('jira:adminPage', d)),
    ...(modules['jira:issuePanel'] ?? []).map((d) => toUiModule('jira:issuePanel', d)),
  ];
  const resolverFunctions = new Set(
    uiModules.flatMap((u) => (u.resolverFunction ? [u.resolverFunction] : [])),
  );

  const functions = new Map<string, FunctionDef>();
  for (const f of modules.function ?? []) {
    if (functions.has(f.key)) throw new ManifestError(`${source}: duplicate function key '${f.key}'`);
    const dot = f.handler.lastIndexOf('.');
    if (dot <= 0 || dot === f.handler.length - 1) {
      throw new ManifestError(
        `${source}: function '${f.key}' handler '${f.handler}' is not of the form file.export`,
      );
    }
    const role = resolverFunctions.has(f.key) ? 'resolver' : 'async';
    // UI resolvers are user-invoked and capped at 25 s whatever the manifest asks for.
    const timeoutSeconds =
      role === 'resolver'
        ? Math.min(f.timeoutSeconds ?? RESOLVER_TIMEOUT_SECONDS, RESOLVER_TIMEOUT_SECONDS)
        : (f.timeoutSeconds ?? ASYNC_DEFAULT_TIMEOUT_SECONDS);
    functions.set(f.key, {
      key: f.key,
      handler: f.handler,
      file: f.handler.slice(0, dot),
      exportName: f.handler.slice(dot + 1),
      timeoutSeconds,
      role,
    });
  }

  const requireFunction = (where: string, key: string): string => {
    if (!functions.has(key))
      throw new ManifestError(`${source}: ${where} refers to unknown function '${key}'`);
    return key;
  };
  for (const u of uiModules)
    if (u.resolverFunction) requireFunction(`${u.type} '${u.key}'`, u.resolverFunction);

  const triggers: TriggerDef[] = (modules.trigger ?? []).map((t) => ({
    key: t.key,
    functionKey: requireFunction(`trigger '${t.key}'`, t.function),
    events: t.events.map((e) =>
      typeof e === 'string'
        ? { eventType: e, ignoreSelf: t.filter?.ignoreSelf ?? false }
        : { eventType: e.eventType, ignoreSelf: e.filter?.ignoreSelf ?? t.filter?.ignoreSelf ?? false },
    ),
  }));

  const scheduledTriggers: ScheduledTriggerDef[] = (modules.scheduledTrigger ?? []).map((s) => ({
    key: s.key,
    functionKey: requireFunction(`scheduledTrigger '${s.key}'`, s.function),
    interval: s.interval,
    appIsLicensed: s.filter?.appIsLicensed ?? false,
  }));

  const consumers: ConsumerDef[] = (modules.consumer ?? []).map((c) => ({
    key: c.key,
    queue: c.queue,
    functionKey: requireFunction(`consumer '${c.key}'`, c.function),
  }));

  const webTriggers: WebTriggerDef[] = (modules.webtrigger ?? []).map((w) => ({
    key: w.key,
    functionKey: requireFunction(`webtrigger '${w.key}'`, w.function),
    responseType: w.response?.type ?? 'static',
  }));

  const egressAddresses: string[] = [];
  for (const entry of m.permissions?.external?.fetch?.backend ?? []) {
    if (typeof entry === 'string') egressAddresses.push(entry);
    else if ('address' in entry) egressAddresses.push(entry.address);
    // `{remote}` entries grant egress to a declared remote; remotes are not emulated.
  }

  const entities = buildCatalog(m.app.storage?.entities);
  if (typeof entities === 'string') throw new ManifestError(`${source}: app.storage.entities: ${entities}`);

  const appId = m.app.id.slice('ari:cloud:ecosystem::app/'.length);
  return {
    appId,
    appAri: m.app.id,
    runtime: m.app.runtime.name,
    licensingEnabled: m.app.licensing?.enabled ?? false,
    functions,
    uiModules,
    triggers,
    scheduledTriggers,
    consumers,
    webTriggers,
    scopes: m.permissions?.scopes ?? [],
    egress: egressAddresses.map(parseEgressAddress),
    egressAddresses,
    entities,
  };
}

function toUiModule(type: UiModuleType, d: z.infer<typeof uiModuleSchema>): UiModuleDef {
  return { type, key: d.key, resolverFunction: d.resolver?.function, render: d.render ?? 'default' };
}
