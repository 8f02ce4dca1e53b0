/**
 * `POST /api/v1/transaction`: sets, deletes and checks on plain keys and custom entities, applied
 * all together or not at all. Limits: ≤ 25 operations, each key once
 * (https://developer.atlassian.com/platform/forge/storage-reference/transactions); conditions and
 * checks on entities (https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities).
 * Everything is validated and every condition evaluated before the first write, and nothing
 * awaits in between, so concurrent requests cannot interleave inside one transaction.
 */
import { z } from 'zod';
import { parseConditions, satisfies, type ConditionSet } from './conditions';
import { checkEntityValue, entityTarget, type EntityCatalog } from './entities';
import { MAX_TRANSACTION_OPERATIONS, checkKey, checkValue, failures, type KvsFailure } from './limits';
import { entityNamespace, type KvsStore, type Namespace } from './store';
import { failedOutcome, setOptions, ttlMs, type KvsOutcome, type SetOptions } from './wireCommon';

const opSchema = z.object({
  key: z.unknown(),
  entityName: z.string().optional(),
  conditions: z.unknown().optional(),
});
const transactionRequest = z.strictObject({
  set: z.array(opSchema.extend({ value: z.unknown(), options: setOptions })).optional(),
  delete: z.array(opSchema).optional(),
  check: z.array(opSchema.extend({ entityName: z.string(), conditions: z.unknown() })).optional(),
});

interface Planned {
  readonly kind: 'set' | 'delete' | 'check';
  readonly ns: Namespace;
  readonly key: string;
  readonly value?: unknown;
  readonly options?: SetOptions;
  readonly conditions?: ConditionSet;
}

type RawOp = z.infer<typeof opSchema> & { value?: unknown; options?: SetOptions };

/** Validates one operation into a plan, or names why the whole transaction is refused. */
function plan(entities: EntityCatalog, kind: Planned['kind'], op: RawOp): Planned | KvsFailure {
  if (op.entityName === undefined) {
    if (op.conditions !== undefined) return failures.badRequest('conditions apply to custom entities only');
    const err = checkKey(op.key) ?? (kind === 'set' ? checkValue(op.value) : undefined);
    return err ?? { kind, ns: 'kvs', key: op.key as string, value: op.value, options: op.options };
  }
  if (kind === 'check' && op.conditions === undefined) return failures.badRequest('a check needs conditions');
  const target = entityTarget(entities, op.entityName, op.key);
  if ('status' in target) return target;
  const err = kind === 'set' ? (checkValue(op.value) ?? checkEntityValue(target.def, op.value)) : undefined;
  if (err) return err;
  let conditions: ConditionSet | undefined;
  if (op.conditions !== undefined) {
    const parsed = parseConditions(target.def, op.conditions);
    if ('status' in parsed) return parsed;
    conditions = parsed;
  }
  const ns = entityNamespace(target.def.name);
  return {
    kind,
    ns,
    key: target.key,
    value: op.value,
    options: op.options,
    ...(conditions ? { conditions } : {}),
  };
}

/** Why a planned operation cannot run against the current data, if it cannot. */
function conflict(store: KvsStore, p: Planned): KvsFailure | undefined {
  const current = store.get(p.ns, p.key);
  // The docs describe check as "check if key exists and meets conditions".
  if (p.kind === 'check' && !current) return failures.conditionFailed(p.key);
  if (p.conditions && !satisfies(p.conditions, current?.value)) return failures.conditionFailed(p.key);
  if (p.kind === 'set' && p.options?.keyPolicy === 'FAIL_IF_EXISTS' && current) return failures.keyExists();
  return undefined;
}

export function handleTransaction(store: KvsStore, entities: EntityCatalog, json: unknown): KvsOutcome {
  const fail = failedOutcome('transact');
  const req = transactionRequest.safeParse(json);
  if (!req.success) return fail(failures.badRequest(z.prettifyError(req.error)));
  const raw: [Planned['kind'], RawOp][] = [
    ...(req.data.set ?? []).map((o) => ['set', o] as [Planned['kind'], RawOp]),
    ...(req.data.delete ?? []).map((o) => ['delete', o] as [Planned['kind'], RawOp]),
    ...(req.data.check ?? []).map((o) => ['check', o] as [Planned['kind'], RawOp]),
  ];
  const keys = raw.map(([, o]) => String(o.key));
  if (keys.length === 0) return fail(failures.badRequest('a transaction needs at least one operation'));
  if (keys.length > MAX_TRANSACTION_OPERATIONS)
    return fail(
      failures.badRequest(`a transaction can contain at most ${MAX_TRANSACTION_OPERATIONS} operations`),
      keys,
    );
  if (new Set(keys).size !== keys.length)
    return fail(failures.badRequest('each key can only be used once in a transaction'), keys);

  const plans: Planned[] = [];
  for (const [kind, op] of raw) {
    const p = plan(entities, kind, op);
    if ('status' in p) return fail(p, keys);
    plans.push(p);
  }
  for (const p of plans) {
    const f = conflict(store, p);
    if (f) return fail(f, keys);
  }
  for (const p of plans) {
    if (p.kind === 'set') store.put(p.ns, p.key, p.value, ttlMs(p.options));
    else if (p.kind === 'delete') store.remove(p.ns, p.key);
  }
  store.commit();
  return { op: 'transact', status: 204, body: undefined, keys, wrote: true };
}
