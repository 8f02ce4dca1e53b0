import { connectDirect as connectShared } from '../support/connection';
/**
 * Shared set-up for the security suite: the real stack (Forge emulator + Zendesk and Jira
 * simulators), resolver calls that insist the invocation itself never failed, and the
 * "nothing changed" probes (storage, egress, simulator writes) every refusal is checked with.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack, type Stack, type StackOptions } from '../../sandbox/stack';
import type { InvocationResult, PlatformCall, ResolverInvokeOptions } from '../../sandbox/forge';
import type { LinkOutcome, PanelCard, Result, RpcError } from '../../src/domain/rpc';
import { linkConfirmed } from '../support/panelLink';
import type { FieldMapping, SmartItem, SyncFeatures } from '../../src/domain/types';

export { startStack, type Stack, type StackOptions };

export const SUP = { id: '10000', key: 'SUP' } as const;
export const ENG = { id: '10001', key: 'ENG' } as const;
export const TASK = '10001';
export const BUG = '10002';

export const NO_FEATURES: SyncFeatures = {
  autoCreate: false,
  statusSync: false,
  commentSync: false,
  attachmentSync: false,
};
export const ALL_FEATURES: SyncFeatures = {
  autoCreate: true,
  statusSync: true,
  commentSync: true,
  attachmentSync: true,
};

export type ResolverModule = 'admin' | 'panel';
const FUNCTION: Record<ResolverModule, string> = { admin: 'admin-resolver', panel: 'panel-resolver' };

export interface Answer<T = unknown> {
  result: Result<T>;
  invocation: InvocationResult;
}

/**
 * One resolver call. A resolver must answer every request with a Result, so an invocation
 * that errors, times out or crashes fails the test here.
 */
export async function invoke<T = unknown>(
  stack: Stack,
  module: ResolverModule,
  functionKey: string,
  payload: unknown,
  options: ResolverInvokeOptions,
): Promise<Answer<T>> {
  const invocation = await stack.emulator.invokeResolver(FUNCTION[module], { functionKey, payload }, options);
  if (invocation.status !== 'ok') {
    throw new Error(
      `${FUNCTION[module]} ${functionKey} ended with ${invocation.status}: ${String(invocation.error)}`,
    );
  }
  return { result: invocation.value as Result<T>, invocation };
}

/** The panel's Link as the dialog makes it (a synchronized item's preview confirmed): the card. */
export async function panelLink(
  stack: Stack,
  itemId: string,
  recordId: string,
  options: ResolverInvokeOptions,
): Promise<Result<PanelCard>> {
  return linkConfirmed(
    async (payload) => (await invoke<LinkOutcome>(stack, 'panel', 'link', payload, options)).result,
    itemId,
    recordId,
  );
}

export function dataOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** The error of a refusal, checked to be the documented shape with a readable message. */
export function refusal(result: Result<unknown>): RpcError {
  if (result === null || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    throw new Error(`not a Result: ${JSON.stringify(result)}`);
  }
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.data).slice(0, 300)}`);
  const { error } = result;
  if (typeof error.code !== 'string' || !/^[A-Z_]+$/.test(error.code)) {
    throw new Error(`error code is not a stable code: ${JSON.stringify(error)}`);
  }
  if (typeof error.message !== 'string' || error.message.trim().length < 10) {
    throw new Error(`error message is empty or unreadable: ${JSON.stringify(error)}`);
  }
  return error;
}

/** Everything the app stored, values and secrets: equal before and after means nothing changed. */
export function storageSnapshot(stack: Stack): string {
  return JSON.stringify({
    kvs: stack.emulator.storage.dump(),
    secrets: stack.emulator.storage.dumpSecrets(),
  });
}

/** Platform calls one invocation made (from the emulator's call log). */
export function callsOf(stack: Stack, invocation: InvocationResult): PlatformCall[] {
  return stack.emulator.calls.filter((c) => c.invocationId === invocation.invocationId);
}

/** Writes anywhere the app could write: KVS, Jira, Zendesk, the queue. */
export interface WriteCounters {
  zendeskWrites: number;
  zendeskRequests: number;
  jiraWrites: number;
  egress: number;
  queuePushes: number;
  kvsWrites: number;
}

export function writeCounters(stack: Stack): WriteCounters {
  const zendesk = stack.zendesk.log.entries();
  const jira = stack.jira.log.entries();
  return {
    zendeskRequests: zendesk.length,
    zendeskWrites: zendesk.filter((e) => e.method !== 'GET').length,
    jiraWrites: jira.filter((e) => e.method !== 'GET').length,
    egress: stack.emulator.counters.egress,
    queuePushes: stack.emulator.counters.queuePushes,
    kvsWrites: stack.emulator.counters.writes,
  };
}

/** Stores a connection the way the admin page would, without going through the resolver. */
export function connectDirect(stack: Stack, kind: 'admin' | 'agent' = 'admin', connectedAt?: string): void {
  connectShared(stack, {
    as: kind,
    connectedAt: connectedAt ?? new Date(stack.zendesk.clock.now() - 3_600_000).toISOString(),
  });
}

export function ticketItem(id: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return {
    id,
    name: id,
    syncMode: 'none',
    projectId: SUP.id,
    projectKey: SUP.key,
    projectName: 'Support',
    zendeskObject: 'ticket',
    fields: [],
    features: NO_FEATURES,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const previewField = (zendeskFieldId: string, zendeskFieldLabel: string): FieldMapping => ({
  zendeskFieldId,
  zendeskFieldLabel,
  preview: true,
});

export function saveItems(stack: Stack, ...items: SmartItem[]): void {
  for (const i of items) stack.emulator.storage.set(`item:${i.id}`, i);
}

export interface IssueCtx {
  id: string;
  key: string;
  project: { id: string; key: string };
  typeId: string;
}

export function newIssue(
  stack: Stack,
  project: { id: string; key: string },
  typeId: string,
  summary: string,
): IssueCtx {
  // Support bugs require Customer impact (customfield_10041) in the simulator's seed.
  const required = project.key === SUP.key && typeId === BUG ? { customfield_10041: { value: 'High' } } : {};
  const created = stack.jira.control.createIssue('admin', {
    project: { key: project.key },
    issuetype: { id: typeId },
    summary,
    ...required,
  });
  return { id: created.id, key: created.key, project: { ...project }, typeId };
}

/** The context Forge gives an issue panel resolver: the issue comes from here, never the payload. */
export function issueOptions(
  issue: Pick<IssueCtx, 'id' | 'key' | 'project'> & { typeId?: string },
  accountId: string | undefined,
  extra: Partial<ResolverInvokeOptions> = {},
): ResolverInvokeOptions {
  return {
    ...(accountId !== undefined ? { accountId } : {}),
    extension: {
      type: 'jira:issuePanel',
      issue: { id: issue.id, key: issue.key, ...(issue.typeId ? { typeId: issue.typeId } : {}) },
      project: { ...issue.project, type: 'software' },
    },
    ...extra,
  };
}

export function newTicket(stack: Stack, subject: string, extra: Record<string, unknown> = {}): string {
  const created = stack.zendesk.control.createTicket({
    subject,
    body: 'Hello from the customer',
    ...extra,
  }) as {
    id: number;
  };
  return String(created.id);
}

export function ticketFieldId(stack: Stack, title: string, nth = 0): string {
  const found = stack.zendesk.state.ticketFields.filter((f) => f.title === title)[nth];
  if (!found) throw new Error(`no ticket field ${title}`);
  return String(found.id);
}

/** Names Object.prototype and friends carry now; compared after hostile input to detect pollution. */
export function prototypeFingerprint(): string {
  const protos: [string, object][] = [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
    ['String', String.prototype],
  ];
  return JSON.stringify(protos.map(([name, proto]) => [name, Object.getOwnPropertyNames(proto).sort()]));
}

/** True when a fresh object picks up a property it should not have. */
export function polluted(): string[] {
  const probe: Record<string, unknown> = {};
  const names = ['polluted', 'isAdmin', 'admin', 'ok', 'x', 'accountId', 'license', 'isActive'];
  return names.filter((n) => probe[n] !== undefined || n in probe);
}
