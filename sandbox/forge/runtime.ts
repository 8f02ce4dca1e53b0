/**
 * Builds the object behind `globalThis.__forge_runtime__`, shaped like `ForgeRuntime` in
 * @forge/api 8.3.0 (out/api/runtime.d.ts). The SDKs read: `metrics` (every product call),
 * `appContext` + `lambdaContext.getRemainingTimeInMillis` (getAppContext), `aaid` (authorize),
 * `contextAri`/`appId`/`environmentId` (webTrigger), `container.appCodeDir` (i18n) and `kvs`
 * (@forge/kvs — deliberately absent so it uses the `{type:'kvs', provider:'app'}` descriptor).
 */
import { randomBytes } from 'node:crypto';

export interface License {
  readonly isActive?: boolean;
  readonly active?: boolean;
  readonly billingPeriod?: string;
  readonly capabilitySet?: 'capabilityStandard' | 'capabilityAdvanced';
  readonly ccpEntitlementId?: string;
  readonly ccpEntitlementSlug?: string;
  readonly isEvaluation?: boolean;
  readonly subscriptionEndDate?: string;
  readonly supportEntitlementNumber?: string;
  readonly trialEndDate?: string;
  readonly type?: string;
}

export type EnvironmentType = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';

export interface RuntimeFacts {
  readonly appId: string;
  readonly appVersion: string;
  readonly environmentId: string;
  readonly environmentType: EnvironmentType;
  readonly installationId: string;
  readonly cloudId: string;
  readonly runtimeName: string;
  readonly appDir: string;
  readonly scopes: readonly string[];
  readonly egressAddresses: readonly string[];
  readonly featureFlags: Readonly<Record<string, boolean>>;
}

export interface InvocationFacts {
  readonly invocationId: string;
  readonly functionKey: string;
  readonly handler: string;
  readonly moduleType: string;
  readonly moduleKey: string;
  readonly accountId: string | undefined;
  readonly license: License | undefined;
  readonly environmentType: EnvironmentType;
  readonly remainingMs: () => number;
}

const noopTimer = { stop: (): void => undefined };
const noopMetrics = {
  counter: () => ({
    incr: (): void => undefined,
    incrBy: (): void => undefined,
    decr: (): void => undefined,
    decrBy: (): void => undefined,
  }),
  timing: () => ({ measure: () => noopTimer }),
  gauge: () => ({ set: (): void => undefined }),
};

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export function siteAri(cloudId: string): string {
  return `ari:cloud:jira::site/${cloudId}`;
}

export function buildRuntime(app: RuntimeFacts, inv: InvocationFacts): Record<string, unknown> {
  const contextAri = siteAri(app.cloudId);
  return {
    // The emulator serves every platform call in-process; these only need to look plausible.
    proxy: { token: `emulator-${inv.invocationId}`, url: 'http://forge-emulator.invalid' },
    contextAri,
    container: { region: 'local', runtime: app.runtimeName, handler: inv.handler, appCodeDir: app.appDir },
    appContext: {
      appId: app.appId,
      appVersion: app.appVersion,
      environmentId: app.environmentId,
      environmentType: inv.environmentType,
      invocationId: inv.invocationId,
      installationId: app.installationId,
      functionKey: inv.functionKey,
      moduleType: inv.moduleType,
      moduleKey: inv.moduleKey,
      license: inv.license,
      installation: {
        ari: {
          installationId: app.installationId,
          toString: () => `ari:cloud:ecosystem::installation/${app.installationId}`,
        },
        contexts: [{ cloudId: app.cloudId, toString: () => contextAri }],
      },
      permissions: {
        scopes: [...app.scopes],
        external: { fetch: { backend: app.egressAddresses.map((address) => ({ address })) } },
      },
    },
    aaid: inv.accountId,
    lambdaContext: { awsRequestId: inv.invocationId, getRemainingTimeInMillis: inv.remainingMs },
    tracing: { traceId: hex(16), spanId: hex(8) },
    realtime: {},
    metrics: noopMetrics,
    featureFlags: (flag: string): boolean => app.featureFlags[flag] ?? false,
  };
}
