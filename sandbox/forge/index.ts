/**
 * Forge runtime emulator: the platform underneath the real @forge/api, @forge/kvs,
 * @forge/events and @forge/resolver, in-process. Importing this module installs the guarded
 * global `fetch` (and, outside vitest, the bundler's default-import interop for @forge/*), so
 * import it before anything that loads @forge/api.
 */
import { installBundlerInterop } from './bundlerInterop';

installBundlerInterop();

export {
  createForgeEmulator,
  ForgeEmulator,
  InvocationFailed,
  type DrainedDelivery,
  type DrainOptions,
  type DrainReport,
  type ExtensionContext,
  type ForgeEmulatorConfig,
  type ForgeEmulatorOptions,
  type InvocationResult,
  type InvokeOptions,
  type ProductEvent,
  type ProductEventDelivery,
  type ResolverCall,
  type ResolverInvokeOptions,
  type StorageInspector,
} from './emulator';
export {
  EmulatorConfigError,
  InvocationAlreadyFinished,
  InvocationTimedOut,
  SimulatedCrash,
  StorageFileCorrupt,
} from './errors';
export type { CrashFaultOptions, Faults } from './faults';
export type { EmulatorClock } from './clock';
export type { KvsCounters, KvsOpKind, PlatformCall, PlatformCallKind } from './callLog';
export { egressAllows, parseEgressAddress, type EgressRoute, type EgressRule } from './egress';
export type { JiraWiring } from './productFetch';
export type { EnvironmentType, License } from './runtime';
export {
  loadManifest,
  parseManifest,
  ManifestError,
  type ConsumerDef,
  type ForgeManifest,
  type FunctionDef,
  type ScheduledTriggerDef,
  type TriggerDef,
  type UiModuleDef,
} from './manifest';
export type { PendingDelivery } from './workQueue';
export type { WebTriggerAnswer, WebTriggerRequest } from './webtrigger';
