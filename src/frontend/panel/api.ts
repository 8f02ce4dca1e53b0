/**
 * Typed calls to the panel resolver (contract: src/domain/rpc.ts PanelApi).
 *
 * Never throws: bridge failures and responses that do not match the contract come back as
 * `{ok:false}` like any refusal from the backend, so each card can show its own error.
 */
import { invoke } from '@forge/bridge';
import { z } from 'zod';
import type { ErrorCode } from '../../domain/errors';
import type { PanelApi, Result, RpcError } from '../../domain/rpc';
import {
  linkOutcomeSchema,
  panelCardSchema,
  panelStateSchema,
  rpcErrorSchema,
  searchResultsSchema,
} from './schemas';

export type PanelCall = keyof PanelApi;
export type PayloadOf<K extends PanelCall> = Parameters<PanelApi[K]>[0];
export type DataOf<K extends PanelCall> = ReturnType<PanelApi[K]> extends Result<infer T> ? T : never;

const dataSchemas: { [K in PanelCall]: z.ZodType<DataOf<K>> } = {
  getPanel: panelStateSchema,
  search: searchResultsSchema,
  link: linkOutcomeSchema,
  unlink: panelCardSchema,
  refresh: panelCardSchema,
};

/** Codes the panel itself produces when the call never produced a usable answer. */
export const CLIENT_ERROR_CODES = { bridge: 'BRIDGE', badResponse: 'BAD_RESPONSE' } as const;

function resultSchema<T>(data: z.ZodType<T>): z.ZodType<Result<T>> {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: rpcErrorSchema }),
  ]);
}

/**
 * @forge/bridge 7 documents `invoke` as answering `T | {body: T, metadata}`; the wrapped form
 * is used when the call asked for metadata (see out/invoke/invoke.js). Our Result always has
 * `ok`, so an object with `body` and no `ok` can only be the wrapper.
 */
function unwrapInvokeResponse(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && !('ok' in raw) && 'body' in raw) {
    return (raw as { body: unknown }).body;
  }
  return raw;
}

function failure(code: ErrorCode, message: string): { ok: false; error: RpcError } {
  return { ok: false, error: { code, message } };
}

export async function callPanel<K extends PanelCall>(
  key: K,
  payload: PayloadOf<K>,
): Promise<Result<DataOf<K>>> {
  let raw: unknown;
  try {
    raw = await invoke<unknown>(key, payload);
  } catch (err) {
    const detail = err instanceof Error ? err.message.trim() : String(err);
    return failure(
      CLIENT_ERROR_CODES.bridge,
      `Could not reach the Zendesk Connector. Reload the issue and try again.${detail ? ` (${detail})` : ''}`,
    );
  }
  const parsed = resultSchema(dataSchemas[key]).safeParse(unwrapInvokeResponse(raw));
  if (!parsed.success) {
    return failure(
      CLIENT_ERROR_CODES.badResponse,
      `The Zendesk Connector sent an answer this panel does not understand (${key}). Reload the issue and try again.`,
    );
  }
  return parsed.data;
}
