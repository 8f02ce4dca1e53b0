/**
 * The Custom Entity Store half of the wire protocol: `/api/v1/entity/{get,set,delete,query}` as
 * @forge/kvs 1.6.5 sends them (out/storage-api.js, out/entity-query.js). Entities must be declared
 * in the manifest and values must match the declared attribute types (./entities.ts).
 * https://developer.atlassian.com/platform/forge/rest/v1/api-group-custom-entity-store/
 */
import { z } from 'zod';
import type { KvsOpKind } from '../callLog';
import { parseClause, parseFilters, RANGE_CONDITIONS, holds, satisfies } from './conditions';
import { checkEntityValue, entityTarget, isFailure, lookupEntity, type EntityCatalog } from './entities';
import { DEFAULT_QUERY_LIMIT, checkQueryLimit, checkValue, failures, type KvsFailure } from './limits';
import { entityNamespace, type KvsStore } from './store';
import * as common from './wireCommon';
import type { KvsOutcome } from './wireCommon';

export const ENTITY_OPS: Record<string, KvsOpKind> = {
  '/api/v1/entity/get': 'entityGet',
  '/api/v1/entity/set': 'entitySet',
  '/api/v1/entity/delete': 'entityDelete',
  '/api/v1/entity/query': 'entityQuery',
};

const keyed = z.object({ entityName: z.unknown(), key: z.unknown() });
const getRequest = keyed.extend({ options: common.getOptions });
const setRequest = keyed.extend({ value: z.unknown(), options: common.setOptions });
const queryRequest = z.object({
  entityName: z.unknown(),
  indexName: z.string(),
  partition: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  range: z.unknown().optional(),
  filters: z.unknown().optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  cursor: z.string().optional(),
  limit: z.number().optional(),
  options: common.getOptions,
});

type EntityOp = 'entityGet' | 'entitySet' | 'entityDelete' | 'entityQuery';

export function handleEntity(
  store: KvsStore,
  entities: EntityCatalog,
  op: EntityOp,
  json: unknown,
): KvsOutcome {
  const fail = common.failedOutcome(op);
  if (op === 'entityQuery') return query(store, entities, json, fail);
  const schema = op === 'entityGet' ? getRequest : op === 'entitySet' ? setRequest : keyed;
  const req = schema.safeParse(json);
  if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
  const target = entityTarget(entities, req.data.entityName, req.data.key);
  if ('status' in target) return fail(target);
  const { def, key } = target;
  const ns = entityNamespace(def.name);
  const keys = [`${def.name}/${key}`];
  if (op === 'entityGet') {
    const fields = (req.data as z.infer<typeof getRequest>).options?.metadataFields;
    return { op, ...common.getAnswer(store, ns, key, fields), keys, wrote: false };
  }
  if (op === 'entityDelete') {
    if (!store.remove(ns, key)) return fail(failures.keyNotFound(), keys);
    store.commit();
    return { op, status: 204, body: undefined, keys, wrote: true };
  }
  const { value, options } = req.data as z.infer<typeof setRequest>;
  const err = checkValue(value) ?? checkEntityValue(def, value);
  if (err) return fail(err, keys);
  const out = common.applySet(store, ns, key, value, options);
  if ('failure' in out) return fail(out.failure, keys);
  store.commit();
  return { op, ...out, keys, wrote: true };
}

function query(
  store: KvsStore,
  entities: EntityCatalog,
  json: unknown,
  fail: (f: KvsFailure, keys?: readonly string[]) => KvsOutcome,
): KvsOutcome {
  const req = queryRequest.safeParse(json);
  if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
  const def = lookupEntity(entities, req.data.entityName);
  if (isFailure(def)) return fail(def);
  const index = def.indexes.find((i) => i.name === req.data.indexName);
  if (!index) return fail(failures.badRequest(`entity '${def.name}' has no index '${req.data.indexName}'`));
  const limitErr = checkQueryLimit(req.data.limit);
  if (limitErr) return fail(limitErr);
  const partition = req.data.partition ?? [];
  if (partition.length !== index.partition.length)
    return fail(
      failures.badRequest(`index '${index.name}' needs ${index.partition.length} partition value(s)`),
    );
  const range = req.data.range === undefined ? undefined : parseClause(req.data.range);
  if (range && 'status' in range) return fail(range);
  if (range && !RANGE_CONDITIONS.has(range.condition))
    return fail(failures.badRequest(`${range.condition} cannot be an index range condition`));
  const filters = req.data.filters === undefined ? undefined : parseFilters(def, req.data.filters);
  if (filters && 'status' in filters) return fail(filters);
  let after: Position | undefined;
  if (req.data.cursor !== undefined) {
    after = decodePosition(req.data.cursor);
    if (after === undefined) return fail(failures.badRequest('cursor is not one this store issued'));
  }

  const ns = entityNamespace(def.name);
  const rangeAttr = index.range[0] ?? '';
  const indexed = [...index.partition, ...index.range];
  const rows = store.listKeys(ns).flatMap((key) => {
    const entry = store.get(ns, key);
    const v = (entry?.value ?? {}) as Record<string, unknown>;
    // Like any secondary index, an item without every index attribute is not in the index.
    if (!entry || indexed.some((a) => v[a] === undefined)) return [];
    if (index.partition.some((a, i) => v[a] !== partition[i])) return [];
    if (range && !holds(range, v[rangeAttr])) return [];
    if (filters && !satisfies(filters, v)) return [];
    return [{ key, entry, sortBy: v[rangeAttr] as string | number }];
  });
  const dir = req.data.sort === 'DESC' ? -1 : 1;
  const order = (a: Position, b: Position): number =>
    dir * (compare(a.sortBy, b.sortBy) || compare(a.key, b.key));
  rows.sort(order);
  // Resume after the last row served, even if that row has since been deleted.
  const start = after === undefined ? 0 : rows.filter((r) => order(r, after) <= 0).length;
  const limit = req.data.limit ?? DEFAULT_QUERY_LIMIT;
  const page = rows.slice(start, start + limit);
  const fields = req.data.options?.metadataFields;
  const data = page.map((r) => common.withMetadata(r.key, r.entry, fields));
  const last = page[page.length - 1];
  const more = start + limit < rows.length;
  const body =
    more && last ? { data, cursor: common.encodeCursor(JSON.stringify([last.sortBy, last.key])) } : { data };
  return { op: 'entityQuery', status: 200, body, keys: [`${def.name}/${index.name}`], wrote: false };
}

interface Position {
  readonly sortBy: string | number;
  readonly key: string;
}

const positionSchema = z.tuple([z.union([z.string(), z.number()]), z.string()]);

function decodePosition(cursor: string): Position | undefined {
  const text = common.decodeCursor(cursor);
  if (text === undefined) return undefined;
  try {
    const parsed = positionSchema.safeParse(JSON.parse(text));
    return parsed.success ? { sortBy: parsed.data[0], key: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // Numbers before strings when an `any` attribute mixes them.
  return typeof a === 'number' ? -1 : 1;
}
