/**
 * Calling the app's resolvers the way its UIs do, through the emulator: every call must end in
 * a Result (an invocation that errors, times out or crashes fails the test here), and the
 * Result is then read as the data it should carry or the refusal it should be.
 */
import type { InvocationResult, ResolverInvokeOptions } from '../../sandbox/forge';
import type { Stack } from '../../sandbox/stack';
import type { Result, RpcError } from '../../src/domain/rpc';

export type ResolverModule = 'admin' | 'panel';
const FUNCTION: Record<ResolverModule, string> = { admin: 'admin-resolver', panel: 'panel-resolver' };

export interface ResolverCall {
  module: ResolverModule;
  functionKey: string;
  payload: unknown;
  options: ResolverInvokeOptions;
}

/** A resolver's Result with the invocation that answered it (its id, its platform calls). */
export interface Answer<T = unknown> {
  result: Result<T>;
  invocation: InvocationResult;
}

/** One resolver call, answered. */
export async function answerOf<T>(stack: Stack, call: ResolverCall): Promise<Answer<T>> {
  const { module, functionKey, payload, options } = call;
  const invocation = await stack.emulator.invokeResolver(FUNCTION[module], { functionKey, payload }, options);
  if (invocation.status !== 'ok') {
    throw new Error(
      `${FUNCTION[module]} ${functionKey} ended with ${invocation.status}: ${String(invocation.error)}`,
    );
  }
  return { result: invocation.value as Result<T>, invocation };
}

/** One resolver call; its Result. */
export async function callResolver<T>(stack: Stack, call: ResolverCall): Promise<Result<T>> {
  return (await answerOf<T>(stack, call)).result;
}

/** An admin resolver call as the Jira account of `role` (the admin by default). */
export function adminResolver<T>(
  stack: Stack,
  functionKey: string,
  payload: unknown,
  role: 'admin' | 'agent' = 'admin',
): Promise<Result<T>> {
  const options = { accountId: stack.user(role).accountId };
  return callResolver<T>(stack, { module: 'admin', functionKey, payload, options });
}

export function dataOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

export function errorOf(result: Result<unknown>): RpcError {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return result.error;
}

/** Everything the app stored, values and secrets: equal before and after means nothing changed. */
export function storageSnapshot(stack: Stack): string {
  return JSON.stringify({
    kvs: stack.emulator.storage.dump(),
    secrets: stack.emulator.storage.dumpSecrets(),
  });
}

/** The context Forge gives an issue panel resolver: the issue comes from here, never the payload. */
export function issueOptions(
  issue: { id: string; key: string; project: { id: string; key: string }; typeId?: string },
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
