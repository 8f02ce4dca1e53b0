/**
 * Serves the KVS wire protocol exactly as @forge/kvs 1.6.5 speaks it (out/storage-api.js): every
 * call is a POST of a JSON body to `/api/v1/<op>`; success is 200 with JSON (or 204 empty for
 * set/delete/transaction), failure is a non-2xx `{code, message}` (see ./limits.ts for sources).
 */
import { z } from 'zod';
import type { KvsOpKind } from '../call-log';
import {
  DEFAULT_QUERY_LIMIT,
  MAX_BATCH_ITEMS,
  MAX_SECRET_VALUE_BYTES,
  MAX_TRANSACTION_OPERATIONS,
  MAX_VALUE_BYTES,
  checkKey,
  checkQueryLimit,
  checkValue,
  failures,
  type KvsFailure,
} from './limits';
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

const metadataField = z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']);
const getOptions = z.object({ metadataFields: z.array(metadataField).optional() }).optional();
const ttlSchema = z.object({
  value: z.number().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});
const setOptions = z
  .object({
    ttl: ttlSchema.optional(),
    keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
    returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
    returnMetadataFields: z.array(metadataField).optional(),
  })
  .optional();

const getRequest = z.object({ key: z.unknown(), options: getOptions });
const setRequest = z.object({ key: z.unknown(), value: z.unknown(), options: setOptions });
const deleteRequest = z.object({ key: z.unknown() });
const queryRequest = z.object({
  limit: z.number().optional(),
  after: z.string().optional(),
  where: z
    .array(
      z.object({
        property: z.literal('key'),
        condition: z.literal('BEGINS_WITH'),
        values: z.array(z.unknown()).length(1),
      }),
    )
    .max(1)
    .optional(),
  options: getOptions,
});
const batchItem = z.object({ key: z.unknown(), entityName: z.string().optional(), options: getOptions });
const batchSetItem = z.object({
  key: z.unknown(),
  value: z.unknown(),
  entityName: z.string().optional(),
  options: setOptions,
});
const transactionRequest = z.object({
  set: z
    .array(
      z.object({
        key: z.unknown(),
        value: z.unknown(),
        entityName: z.string().optional(),
        conditions: z.unknown().optional(),
        options: setOptions,
      }),
    )
    .optional(),
  delete: z
    .array(
      z.object({ key: z.unknown(), entityName: z.string().optional(), conditions: z.unknown().optional() }),
    )
    .optional(),
  check: z.array(z.unknown()).optional(),
});

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

type MetadataField = z.infer<typeof metadataField>;

function withMetadata(
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

function ttlMs(options: z.infer<typeof setOptions>): number | undefined {
  return options?.ttl ? options.ttl.value * TTL_UNIT_MS[options.ttl.unit] : undefined;
}

const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) return undefined;
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

const OPS: Record<string, KvsOpKind> = {
  '/api/v1/get': 'get',
  '/api/v1/set': 'set',
  '/api/v1/delete': 'delete',
  '/api/v1/query': 'query',
  '/api/v1/secret/get': 'secretGet',
  '/api/v1/secret/set': 'secretSet',
  '/api/v1/secret/delete': 'secretDelete',
  '/api/v1/batch/get': 'batchGet',
  '/api/v1/batch/set': 'batchSet',
  '/api/v1/batch/delete': 'batchDelete',
  '/api/v1/transaction': 'transact',
};

/** Which KVS operation a path names, or undefined for paths the emulator does not serve. */
export function kvsOpFor(path: string): KvsOpKind | undefined {
  return OPS[path];
}

export function handleKvs(store: KvsStore, path: string, method: string, bodyText: string): KvsOutcome {
  const op = kvsOpFor(path);
  if (!op) {
    const what = path.startsWith('/api/v1/entity/') ? 'The Custom Entity Store' : `KVS path ${path}`;
    return { op: 'get', status: 501, body: failures.notEmulated(what).body, keys: [], wrote: false };
  }
  const fail = (f: KvsFailure, keys: readonly string[] = []): KvsOutcome => ({
    op,
    status: f.status,
    body: f.body,
    keys,
    wrote: false,
  });
  if (method.toUpperCase() !== 'POST') return fail(failures.badRequest(`expected POST, got ${method}`));
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return fail(failures.badRequest('body is not JSON'));
  }

  switch (op) {
    case 'get':
    case 'secretGet': {
      const req = getRequest.safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const keyErr = checkKey(req.data.key);
      if (keyErr) return fail(keyErr);
      const key = req.data.key as string;
      const entry = store.get(op === 'get' ? 'kvs' : 'secret', key);
      if (!entry) return fail(failures.keyNotFound(), [key]);
      return {
        op,
        status: 200,
        body: withMetadata(
          key,
          entry,
          req.data.options?.metadataFields ?? ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'],
        ),
        keys: [key],
        wrote: false,
      };
    }
    case 'set':
    case 'secretSet': {
      const req = setRequest.safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const ns: Namespace = op === 'set' ? 'kvs' : 'secret';
      const err =
        checkKey(req.data.key) ??
        checkValue(req.data.value, ns === 'kvs' ? MAX_VALUE_BYTES : MAX_SECRET_VALUE_BYTES);
      if (err) return fail(err);
      const key = req.data.key as string;
      const options = req.data.options;
      const previous = store.get(ns, key);
      if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) return fail(failures.keyExists(), [key]);
      const latest = store.put(ns, key, req.data.value, ttlMs(options));
      store.commit();
      if (options?.keyPolicy === 'OVERRIDE' && options.returnValue) {
        const chosen = options.returnValue === 'LATEST' ? latest : previous;
        const body = chosen ? withMetadata(key, chosen, options.returnMetadataFields) : '';
        return { op, status: chosen ? 200 : 204, body, keys: [key], wrote: true };
      }
      return { op, status: 204, body: undefined, keys: [key], wrote: true };
    }
    case 'delete':
    case 'secretDelete': {
      const req = deleteRequest.safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const keyErr = checkKey(req.data.key);
      if (keyErr) return fail(keyErr);
      const key = req.data.key as string;
      const existed = store.remove(op === 'delete' ? 'kvs' : 'secret', key);
      if (!existed) return fail(failures.keyNotFound(), [key]);
      store.commit();
      return { op, status: 204, body: undefined, keys: [key], wrote: true };
    }
    case 'query': {
      const req = queryRequest.safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const limitErr = checkQueryLimit(req.data.limit);
      if (limitErr) return fail(limitErr);
      const prefixValue = req.data.where?.[0]?.values[0];
      if (prefixValue !== undefined && typeof prefixValue !== 'string' && typeof prefixValue !== 'number') {
        return fail(failures.badRequest('BEGINS_WITH needs a string'));
      }
      const prefix = prefixValue === undefined ? '' : String(prefixValue);
      let after: string | undefined;
      if (req.data.after !== undefined) {
        after = decodeCursor(req.data.after);
        if (after === undefined) return fail(failures.badRequest('cursor is not one this store issued'));
      }
      const { keys, more } = store.scan(prefix, after, req.data.limit ?? DEFAULT_QUERY_LIMIT);
      const fields = req.data.options?.metadataFields;
      const data = keys.flatMap((k) => {
        const e = store.get('kvs', k);
        return e ? [withMetadata(k, e, fields)] : [];
      });
      const last = keys[keys.length - 1];
      const body = more && last !== undefined ? { data, cursor: encodeCursor(last) } : { data };
      return { op, status: 200, body, keys: prefix ? [`${prefix}*`] : ['*'], wrote: false };
    }
    case 'batchGet':
    case 'batchDelete': {
      const req = z.array(batchItem).safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const shapeErr = checkBatchShape(req.data);
      if (shapeErr) return fail(shapeErr);
      const successfulKeys: Record<string, unknown>[] = [];
      const failedKeys: Record<string, unknown>[] = [];
      let wrote = false;
      for (const item of req.data) {
        const key = item.key as string;
        const keyErr = checkKey(key);
        if (keyErr) {
          failedKeys.push({ key, error: keyErr.body });
          continue;
        }
        const entry = store.get('kvs', key);
        if (!entry) {
          failedKeys.push({ key, error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } });
          continue;
        }
        if (op === 'batchGet') {
          successfulKeys.push(withMetadata(key, entry, item.options?.metadataFields));
        } else {
          store.remove('kvs', key);
          wrote = true;
          successfulKeys.push({ key });
        }
      }
      if (wrote) store.commit();
      return {
        op,
        status: 200,
        body: { successfulKeys, failedKeys },
        keys: req.data.map((i) => String(i.key)),
        wrote,
      };
    }
    case 'batchSet': {
      const req = z.array(batchSetItem).safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const shapeErr = checkBatchShape(req.data);
      if (shapeErr) return fail(shapeErr);
      const successfulKeys: Record<string, unknown>[] = [];
      const failedKeys: Record<string, unknown>[] = [];
      for (const item of req.data) {
        const key = item.key as string;
        const err = checkKey(key) ?? checkValue(item.value);
        if (err) {
          failedKeys.push({ key, error: err.body });
          continue;
        }
        store.put('kvs', key, item.value, ttlMs(item.options));
        successfulKeys.push({ key });
      }
      if (successfulKeys.length > 0) store.commit();
      return {
        op,
        status: 200,
        body: { successfulKeys, failedKeys },
        keys: req.data.map((i) => String(i.key)),
        wrote: successfulKeys.length > 0,
      };
    }
    case 'transact': {
      const req = transactionRequest.safeParse(json);
      if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
      const sets = req.data.set ?? [];
      const deletes = req.data.delete ?? [];
      if (
        (req.data.check ?? []).length > 0 ||
        [...sets, ...deletes].some((o) => o.entityName !== undefined || o.conditions !== undefined)
      ) {
        return fail(failures.notEmulated('Transaction checks and Custom Entity conditions'));
      }
      const keys = [...sets.map((s) => s.key), ...deletes.map((d) => d.key)].map(String);
      if (keys.length === 0) return fail(failures.badRequest('a transaction needs at least one operation'));
      if (keys.length > MAX_TRANSACTION_OPERATIONS) {
        return fail(
          failures.badRequest(`a transaction can contain at most ${MAX_TRANSACTION_OPERATIONS} operations`),
          keys,
        );
      }
      if (new Set(keys).size !== keys.length)
        return fail(failures.badRequest('each key can only be used once in a transaction'), keys);
      // Validate everything first: a transaction applies all operations or none.
      for (const s of sets) {
        const err = checkKey(s.key) ?? checkValue(s.value);
        if (err) return fail(err, keys);
      }
      for (const d of deletes) {
        const err = checkKey(d.key);
        if (err) return fail(err, keys);
      }
      for (const s of sets) store.put('kvs', s.key as string, s.value, ttlMs(s.options));
      for (const d of deletes) store.remove('kvs', d.key as string);
      store.commit();
      return { op, status: 204, body: undefined, keys, wrote: true };
    }
  }
}

/** Whole-request rules for batches: https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities */
function checkBatchShape(
  items: readonly { key: unknown; entityName?: string | undefined }[],
): KvsFailure | undefined {
  if (items.some((i) => i.entityName !== undefined)) return failures.notEmulated('Custom Entity batch items');
  if (items.length === 0) return failures.badRequest('a batch needs at least one key');
  if (items.length > MAX_BATCH_ITEMS)
    return failures.badRequest(`a batch can contain at most ${MAX_BATCH_ITEMS} keys`);
  const keys = items.map((i) => String(i.key));
  if (new Set(keys).size !== keys.length)
    return failures.badRequest('a batch cannot name the same key twice');
  return undefined;
}
