/**
 * Typed access to the admin resolver (AdminApi in src/domain/rpc.ts) over the Forge
 * bridge. Every call resolves to a `Result`, never throws: bridge failures and answers
 * that do not match the contract become errors the page can show.
 */
import { invoke } from '@forge/bridge';
import { z } from 'zod';
import type { ErrorCode } from '../../../src/domain/errors';
import type { AdminApi, Result, RpcError } from '../../../src/domain/rpc';
import { responseSchemas, rpcErrorSchema } from './schemas';

export type AdminCall = keyof AdminApi;
export type AdminPayload<K extends AdminCall> = Parameters<AdminApi[K]>[0];
export type AdminData<K extends AdminCall> = ReturnType<AdminApi[K]> extends Result<infer T> ? T : never;

/** Codes after which the page shows nothing but the matching gate message. */
export type GateCode = Extract<ErrorCode, 'LICENSE_INACTIVE' | 'NOT_ADMIN'>;

export function isGateCode(code: ErrorCode): code is GateCode {
  return code === 'LICENSE_INACTIVE' || code === 'NOT_ADMIN';
}

/**
 * @forge/bridge 7 answers `invoke` with either the resolver's value or, when response
 * metadata was asked for, `{body, metadata}`. A Result always has `ok`, so an object
 * with `body` and no `ok` is the wrapped form.
 */
export function unwrapInvokeResponse(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && !('ok' in raw) && 'body' in raw) {
    return (raw as { body: unknown }).body;
  }
  return raw;
}

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: rpcErrorSchema }),
]);

export function parseResult<K extends AdminCall>(call: K, raw: unknown): Result<AdminData<K>> {
  const envelope = envelopeSchema.safeParse(unwrapInvokeResponse(raw));
  if (!envelope.success) return badResponse(call);
  if (!envelope.data.ok) return { ok: false, error: envelope.data.error };
  // The schema table is keyed by call; TypeScript cannot narrow the indexed schema's
  // output to AdminData<K> for a generic K, hence the cast after a successful parse.
  const data = (responseSchemas[call] as z.ZodType).safeParse(envelope.data.data);
  if (!data.success) return badResponse(call);
  return { ok: true, data: data.data as AdminData<K> };
}

function badResponse(call: AdminCall): { ok: false; error: RpcError } {
  return {
    ok: false,
    error: { code: 'BAD_RESPONSE', message: `The app backend sent an unexpected answer to ${call}.` },
  };
}

export type GateListener = (code: GateCode) => void;

export interface AdminClient {
  call<K extends AdminCall>(call: K, payload: AdminPayload<K>): Promise<Result<AdminData<K>>>;
  /** Called whenever any call answers LICENSE_INACTIVE or NOT_ADMIN. */
  onGate(listener: GateListener): () => void;
}

export function createAdminClient(): AdminClient {
  const listeners = new Set<GateListener>();
  return {
    async call(call, payload) {
      let result: Result<AdminData<typeof call>>;
      try {
        result = parseResult(call, await invoke<AdminPayload<typeof call>, unknown>(call, payload));
      } catch (err) {
        result = {
          ok: false,
          error: {
            code: 'BRIDGE',
            message: `Could not reach the app backend: ${err instanceof Error ? err.message : String(err)}`,
          },
        };
      }
      if (!result.ok && isGateCode(result.error.code)) {
        const code = result.error.code;
        listeners.forEach((listener) => listener(code));
      }
      return result;
    },
    onGate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
