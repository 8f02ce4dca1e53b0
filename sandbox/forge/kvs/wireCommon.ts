/**
 * Pieces of the KVS wire protocol shared by plain keys, custom entities and transactions: the
 * option schemas @forge/kvs 1.6.5 sends (out/interfaces/types.d.ts), metadata in answers, TTLs on
 * the emulator clock, cursors, and the one "set with options" rule used by `set` and `entity/set`.
 */
import { z } from 'zod';
import type { KvsOpKind } from '../callLog';
import { failures, type KvsErrorBody, type KvsFailure } from './limits';
import type { KvsStore, Namespace, StoredEntry } from './store';

export interface KvsOutcome {
  readonly op: KvsOpKind;
  readonly status: number;
  readonly body: unknown;
  /** Keys the request named, for the call log. */
  readonly keys: readonly string[];
  /** True when the request changed stored data. */
  readonly wrote: boolean;
}

/** A refusal of request `op`: nothing was written. */
export function failedOutcome(op: KvsOpKind): (f: KvsFailure, keys?: readonly string[]) => KvsOutcome {
  return (f, keys = []) => ({ op, status: f.status, body: f.body, keys, wrote: false });
}

export const metadataField = z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']);
export type MetadataField = z.infer<typeof metadataField>;
export const getOptions = z.object({ metadataFields: z.array(metadataField).optional() }).optional();
const ttlSchema = z.object({
  value: z.number().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});
export const setOptions = z
  .object({
    ttl: ttlSchema.optional(),
    keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
    returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
    returnMetadataFields: z.array(metadataField).optional(),
  })
  .optional();
export type SetOptions = z.infer<typeof setOptions>;

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

export function ttlMs(options: SetOptions): number | undefined {
  return options?.ttl ? options.ttl.value * TTL_UNIT_MS[options.ttl.unit] : undefined;
}

export function withMetadata(
  key: string,
  entry: StoredEntry,
  fields: readonly MetadataField[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { key, value: entry.value };
  if (fields?.includes('CREATED_AT')) out.createdAt = entry.createdAt;
  if (fields?.includes('UPDATED_AT')) out.updatedAt = entry.updatedAt;
  if (fields?.includes('EXPIRE_TIME') && entry.expireAt !== undefined)
    out.expireTime = new Date(entry.expireAt).toISOString();
  return out;
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) return undefined;
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** Answer of a get: 404 KEY_NOT_FOUND, or the value with the asked (default: all) metadata. */
export function getAnswer(
  store: KvsStore,
  ns: Namespace,
  key: string,
  fields: readonly MetadataField[] | undefined,
): { status: number; body: Record<string, unknown> | KvsErrorBody } {
  const entry = store.get(ns, key);
  if (!entry) return failures.keyNotFound();
  return {
    status: 200,
    body: withMetadata(key, entry, fields ?? ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']),
  };
}

/**
 * A validated set: FAIL_IF_EXISTS refuses a live key; OVERRIDE + returnValue answers with the
 * previous or latest entry. The caller commits.
 */
export function applySet(
  store: KvsStore,
  ns: Namespace,
  key: string,
  value: unknown,
  options: SetOptions,
): { failure: KvsFailure } | { status: number; body: unknown } {
  const previous = store.get(ns, key);
  if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) return { failure: failures.keyExists() };
  const latest = store.put(ns, key, value, ttlMs(options));
  if (options?.keyPolicy === 'OVERRIDE' && options.returnValue) {
    const chosen = options.returnValue === 'LATEST' ? latest : previous;
    return chosen
      ? { status: 200, body: withMetadata(key, chosen, options.returnMetadataFields) }
      : { status: 204, body: '' };
  }
  return { status: 204, body: undefined };
}
