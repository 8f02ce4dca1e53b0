/**
 * Serves the KVS wire protocol exactly as @forge/kvs 1.6.5 speaks it (out/storage-api.js): every
 * call is a POST of a JSON body to `/api/v1/<op>`; success is 200 with JSON (or 204 empty for
 * set/delete/transaction), failure is a non-2xx `{code, message}` (see ./limits.ts for sources).
 */
import { z } from 'zod';
import type { KvsOpKind } from '../callLog';
import { entityTarget, type EntityCatalog } from './entities';
import { ENTITY_OPS, handleEntity } from './entityWire';
import {
  DEFAULT_QUERY_LIMIT,
  MAX_BATCH_ITEMS,
  MAX_SECRET_VALUE_BYTES,
  MAX_VALUE_BYTES,
  checkKey,
  checkQueryLimit,
  checkValue,
  failures,
  type KvsFailure,
} from './limits';
import { entityNamespace, type KvsStore, type Namespace } from './store';
import { handleTransaction } from './transaction';
import {
  applySet,
  decodeCursor,
  encodeCursor,
  failedOutcome,
  getAnswer,
  getOptions,
  setOptions,
  ttlMs,
  withMetadata,
  type KvsOutcome,
} from './wireCommon';

export type { KvsOutcome } from './wireCommon';

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
  ...ENTITY_OPS,
};

/** Which KVS operation a path names, or undefined for paths the emulator does not serve. */
export function kvsOpFor(path: string): KvsOpKind | undefined {
  return OPS[path];
}

export function handleKvs(
  store: KvsStore,
  entities: EntityCatalog,
  path: string,
  method: string,
  bodyText: string,
): KvsOutcome {
  const op = kvsOpFor(path);
  if (!op) {
    return {
      op: 'get',
      status: 501,
      body: failures.notEmulated(`KVS path ${path}`).body,
      keys: [],
      wrote: false,
    };
  }
  const fail = failedOutcome(op);
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
      const answer = getAnswer(store, op === 'get' ? 'kvs' : 'secret', key, req.data.options?.metadataFields);
      return { op, ...answer, keys: [key], wrote: false };
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
      const out = applySet(store, ns, key, req.data.value, req.data.options);
      if ('failure' in out) return fail(out.failure, [key]);
      store.commit();
      return { op, ...out, keys: [key], wrote: true };
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
      // Custom entity items are read in a batch like plain keys (batchops-entities, below);
      // deleting or writing them in a batch is not emulated.
      const shapeErr = checkBatchShape(req.data, op === 'batchGet');
      if (shapeErr) return fail(shapeErr);
      const successfulKeys: Record<string, unknown>[] = [];
      const failedKeys: Record<string, unknown>[] = [];
      let wrote = false;
      for (const item of req.data) {
        const key = item.key as string;
        const entityName = item.entityName;
        const named = entityName === undefined ? {} : { entityName };
        let ns: Namespace = 'kvs';
        if (entityName !== undefined) {
          const target = entityTarget(entities, entityName, key);
          if ('status' in target) {
            failedKeys.push({ key, ...named, error: target.body });
            continue;
          }
          ns = entityNamespace(target.def.name);
        } else {
          const keyErr = checkKey(key);
          if (keyErr) {
            failedKeys.push({ key, error: keyErr.body });
            continue;
          }
        }
        const entry = store.get(ns, key);
        if (!entry) {
          failedKeys.push({ key, ...named, error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } });
          continue;
        }
        if (op === 'batchGet') {
          successfulKeys.push({ ...withMetadata(key, entry, item.options?.metadataFields), ...named });
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
        keys: req.data.map((i) =>
          i.entityName === undefined ? String(i.key) : `${i.entityName}/${String(i.key)}`,
        ),
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
    case 'transact':
      return handleTransaction(store, entities, json);
    case 'entityGet':
    case 'entitySet':
    case 'entityDelete':
    case 'entityQuery':
      return handleEntity(store, entities, op, json);
  }
}

/** Whole-request rules for batches: https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities */
function checkBatchShape(
  items: readonly { key: unknown; entityName?: string | undefined }[],
  entityItems = false,
): KvsFailure | undefined {
  if (!entityItems && items.some((i) => i.entityName !== undefined))
    return failures.notEmulated('Custom Entity batch items');
  if (items.length === 0) return failures.badRequest('a batch needs at least one key');
  if (items.length > MAX_BATCH_ITEMS)
    return failures.badRequest(`a batch can contain at most ${MAX_BATCH_ITEMS} keys`);
  const keys = items.map((i) => `${i.entityName ?? ''}/${String(i.key)}`);
  if (new Set(keys).size !== keys.length)
    return failures.badRequest('a batch cannot name the same key twice');
  return undefined;
}
