/**
 * Atomic storage primitives for leases and exactly-once claims. Each is one platform request
 * that either takes effect or reports `false` because another writer got there first; the
 * platform decides, so two invocations racing on the same key cannot both win.
 *
 * Only a lost race becomes `false`: the platform answers it with HTTP 409 (`KEY_CONFLICT` for
 * `FAIL_IF_EXISTS` on an existing key, per a measurement of the live service at
 * https://hashnode.com/posts/forge-kvs-locking-failifexists-vs-ttl-leases/6aad018918f3424d9a9ae29b;
 * a failed transaction condition is not documented, see sandbox/forge/README.md). Every other
 * failure (invalid key, undeclared entity, wrong attribute type, rate limit…) is rethrown.
 *
 * Conditions are Custom Entity Store features
 * (https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities), so
 * `replaceIf`/`deleteIf` work on entities declared in manifest.yml (`app.storage.entities`).
 */
import { Filter, FilterConditions, ForgeKvsAPIError, ForgeKvsError, kvs } from '@forge/kvs';

/** Clause builders for guards, re-exported so callers outside src/storage never import @forge/kvs. */
export const Is = FilterConditions;
export type Clause = ReturnType<(typeof FilterConditions)[keyof typeof FilterConditions]>;

/** One clause per attribute: every one must hold (`all`) or at least one (`any`). */
export type GuardClauses<T> = { readonly [K in keyof T & string]?: Clause };
export type Guard<T> = { readonly all: GuardClauses<T> } | { readonly any: GuardClauses<T> };

export interface AtomicOptions {
  /** Whole seconds until the platform deletes the record by itself. */
  readonly ttlSeconds?: number;
}

/** A lost race: the key already exists, or the guard did not hold. */
export function isConflict(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.responseDetails.status === 409;
}

async function unlessConflict(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

function ttl(options: AtomicOptions | undefined): { ttl?: { value: number; unit: 'SECONDS' } } {
  const s = options?.ttlSeconds;
  if (s === undefined) return {};
  if (!Number.isInteger(s) || s < 1) throw new RangeError(`ttlSeconds must be a whole number >= 1, got ${s}`);
  return { ttl: { value: s, unit: 'SECONDS' } };
}

function toFilter<T>(guard: Guard<T>) {
  const clauses = 'all' in guard ? guard.all : guard.any;
  const [first, ...rest] = Object.entries(clauses).filter(
    (e): e is [keyof T & string, Clause] => e[1] !== undefined,
  );
  if (!first) throw new TypeError('a guard needs at least one clause');
  if ('all' in guard) {
    const filter = new Filter<T>().and(...first);
    for (const [attr, clause] of rest) filter.and(attr, clause);
    return filter;
  }
  const filter = new Filter<T>().or(...first);
  for (const [attr, clause] of rest) filter.or(attr, clause);
  return filter;
}

/** Creates plain KVS key `key` unless it exists. `true`: created; `false`: someone else's is there. */
export function createIfAbsent(key: string, value: unknown, options?: AtomicOptions): Promise<boolean> {
  return unlessConflict(() => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...ttl(options) }));
}

/** Creates entity item `key` unless it exists. `true`: created; `false`: an item is already there. */
export function createEntityIfAbsent<T extends object>(
  entityName: string,
  key: string,
  value: T,
  options?: AtomicOptions,
): Promise<boolean> {
  return unlessConflict(() =>
    kvs.entity<T>(entityName).set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...ttl(options) }),
  );
}

/**
 * Writes entity item `key` only if the stored item satisfies `guard` at that instant. An absent
 * item is judged as having no attributes (only negative clauses such as `Is.notExists()` hold);
 * that reading is not documented, so create with `createEntityIfAbsent` rather than relying on
 * it. The write replaces the item and its TTL. `true`: written; `false`: the guard did not hold.
 */
export async function replaceIf<T extends object>(
  entityName: string,
  key: string,
  guard: Guard<T>,
  value: T,
  options?: AtomicOptions,
): Promise<boolean> {
  const conditions = toFilter(guard);
  return unlessConflict(() =>
    kvs.transact().set(key, value, { entityName, conditions }, ttl(options)).execute(),
  );
}

/** Deletes entity item `key` only if it satisfies `guard`. `true`: deleted; `false`: the guard did not hold. */
export async function deleteIf<T extends object>(
  entityName: string,
  key: string,
  guard: Guard<T>,
): Promise<boolean> {
  const conditions = toFilter(guard);
  return unlessConflict(() => kvs.transact().delete(key, { entityName, conditions }).execute());
}

/** The entity item at `key`, or undefined. Callers validate its shape (zod) as for any stored record. */
export function readEntity(entityName: string, key: string): Promise<unknown> {
  return kvs.entity<unknown>(entityName).get(key);
}

/** A failure of Forge storage itself (as opposed to a lost race or our own validation). */
export function isStorageFailure(error: unknown): error is Error {
  return error instanceof ForgeKvsAPIError || error instanceof ForgeKvsError;
}
