/**
 * Entity conditions as @forge/kvs 1.6.5 sends them (out/conditions.js, out/entity-query.js):
 * `{and: [...]}` or `{or: [...]}` of `{property, condition, values}`. Parses them strictly (only the
 * conditions the SDK can produce, with the arity it gives them) and evaluates them against one
 * stored entity value. Semantics for missing attributes and mixed types are DynamoDB-style and
 * `[unverified]` (see sandbox/forge/README.md).
 */
import { z } from 'zod';
import type { EntityDef } from './entities';
import { failures, type KvsFailure } from './limits';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const stringOrNumber = z.union([z.string(), z.number()]);

const clauseSchema = z.discriminatedUnion('condition', [
  z.strictObject({ condition: z.literal('BETWEEN'), values: z.tuple([stringOrNumber, stringOrNumber]) }),
  z.strictObject({ condition: z.literal('BEGINS_WITH'), values: z.tuple([stringOrNumber]) }),
  z.strictObject({ condition: z.literal('EXISTS'), values: z.tuple([z.literal(true)]) }),
  z.strictObject({ condition: z.literal('NOT_EXISTS'), values: z.tuple([z.literal(true)]) }),
  z.strictObject({ condition: z.literal('GREATER_THAN'), values: z.tuple([stringOrNumber]) }),
  z.strictObject({ condition: z.literal('GREATER_THAN_EQUAL_TO'), values: z.tuple([stringOrNumber]) }),
  z.strictObject({ condition: z.literal('LESS_THAN'), values: z.tuple([stringOrNumber]) }),
  z.strictObject({ condition: z.literal('LESS_THAN_EQUAL_TO'), values: z.tuple([stringOrNumber]) }),
  z.strictObject({ condition: z.literal('CONTAINS'), values: z.tuple([z.string()]) }),
  z.strictObject({ condition: z.literal('NOT_CONTAINS'), values: z.tuple([z.string()]) }),
  z.strictObject({ condition: z.literal('EQUAL_TO'), values: z.tuple([scalar]) }),
  z.strictObject({ condition: z.literal('NOT_EQUAL_TO'), values: z.tuple([scalar]) }),
]);
export type Clause = z.infer<typeof clauseSchema>;

/** The conditions an index range (`where`) accepts: out/interfaces/entity-query.d.ts EntityWhereClauses. */
export const RANGE_CONDITIONS: ReadonlySet<Clause['condition']> = new Set([
  'BETWEEN',
  'BEGINS_WITH',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);

export type FilterItem = Clause & { readonly property: string };

export interface ConditionSet {
  readonly op: 'and' | 'or';
  readonly items: readonly FilterItem[];
}

export function parseClause(raw: unknown): Clause | KvsFailure {
  const r = clauseSchema.safeParse(raw);
  return r.success ? r.data : failures.badRequest(`unsupported condition: ${z.prettifyError(r.error)}`);
}

function parseItems(def: EntityDef, raw: unknown): FilterItem[] | KvsFailure {
  if (!Array.isArray(raw) || raw.length === 0) return failures.badRequest('conditions must not be empty');
  const items: FilterItem[] = [];
  for (const entry of raw) {
    if (entry === null || typeof entry !== 'object')
      return failures.badRequest('a condition must be an object');
    const { property, ...rest } = entry as Record<string, unknown>;
    if (typeof property !== 'string' || !def.attributes.has(property))
      return failures.badRequest(`condition on undeclared attribute '${String(property)}' of '${def.name}'`);
    const clause = parseClause(rest);
    if ('status' in clause) return clause;
    items.push({ ...clause, property });
  }
  return items;
}

/** Parses `{and: [...]}` / `{or: [...]}` (exactly one of them). */
export function parseConditions(def: EntityDef, raw: unknown): ConditionSet | KvsFailure {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return failures.badRequest('conditions must be {and: [...]} or {or: [...]}');
  const keys = Object.keys(raw);
  const op = keys[0];
  if (keys.length !== 1 || (op !== 'and' && op !== 'or'))
    return failures.badRequest('conditions must be {and: [...]} or {or: [...]}');
  const items = parseItems(def, (raw as Record<string, unknown>)[op]);
  return Array.isArray(items) ? { op, items } : items;
}

/** Filters of an entity query arrive in the same shape. */
export const parseFilters = parseConditions;

type Ordered = string | number;

function sameKind(a: unknown, b: Ordered): a is Ordered {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

function contains(a: unknown, needle: string): boolean {
  if (typeof a === 'string') return a.includes(needle);
  if (Array.isArray(a)) return a.includes(needle);
  return false;
}

/** Whether one clause holds for attribute value `a` (`undefined` when the attribute is missing). */
export function holds(c: Clause, a: unknown): boolean {
  switch (c.condition) {
    case 'EXISTS':
      return a !== undefined;
    case 'NOT_EXISTS':
      return a === undefined;
    case 'EQUAL_TO':
      return a === c.values[0];
    case 'NOT_EQUAL_TO':
      return a !== c.values[0];
    case 'CONTAINS':
      return contains(a, c.values[0]);
    case 'NOT_CONTAINS':
      return !contains(a, c.values[0]);
    case 'BEGINS_WITH':
      return typeof a === 'string' && a.startsWith(String(c.values[0]));
    case 'BETWEEN': {
      const [lo, hi] = c.values;
      return sameKind(a, lo) && sameKind(a, hi) && a >= lo && a <= hi;
    }
    case 'GREATER_THAN':
      return sameKind(a, c.values[0]) && a > c.values[0];
    case 'GREATER_THAN_EQUAL_TO':
      return sameKind(a, c.values[0]) && a >= c.values[0];
    case 'LESS_THAN':
      return sameKind(a, c.values[0]) && a < c.values[0];
    case 'LESS_THAN_EQUAL_TO':
      return sameKind(a, c.values[0]) && a <= c.values[0];
  }
}

/** Evaluates a condition set against a stored value; an absent item is an empty object. */
export function satisfies(set: ConditionSet, value: unknown): boolean {
  const item = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const results = set.items.map((i) =>
    holds(i, Object.hasOwn(item, i.property) ? item[i.property] : undefined),
  );
  return set.op === 'and' ? results.every(Boolean) : results.some(Boolean);
}
