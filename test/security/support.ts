/**
 * Shared set-up for the security suite: the real stack (Forge emulator + Zendesk and Jira
 * simulators), resolver calls that insist the invocation itself never failed, and the
 * "nothing changed" probes (storage, egress, simulator writes) every refusal is checked with.
 * Fixtures shared with the other suites (items, issues, resolver answers) come from test/support/.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack, type Stack, type StackOptions } from '../../sandbox/stack';
import type { InvocationResult, PlatformCall, ResolverInvokeOptions } from '../../sandbox/forge';
import type { LinkOutcome, PanelCard, Result, RpcError } from '../../src/domain/rpc';
import type { SmartItem } from '../../src/domain/types';
import { connectDirect as connectShared } from '../support/connection';
import { linkConfirmed } from '../support/panelLink';
import { answerOf, type Answer, type ResolverModule } from '../support/resolvers';
import { itemKey } from '../../src/storage/keys';

export { startStack, type Stack, type StackOptions };
export { useStack } from '../support/stack';

/**
 * One resolver call. A resolver must answer every request with a Result, so an invocation
 * that errors, times out or crashes fails the test here.
 */
export function invoke<T = unknown>(
  stack: Stack,
  module: ResolverModule,
  functionKey: string,
  payload: unknown,
  options: ResolverInvokeOptions,
): Promise<Answer<T>> {
  return answerOf<T>(stack, { module, functionKey, payload, options });
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

/** Adds items to those stored (the suites' items accumulate over a file). */
export function saveItems(stack: Stack, ...items: SmartItem[]): void {
  for (const i of items) stack.emulator.storage.set(itemKey(i.id), i);
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
