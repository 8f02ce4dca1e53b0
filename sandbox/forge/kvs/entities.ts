/**
 * Custom entities as the manifest declares them (`app.storage.entities`) and the value rules the
 * Custom Entity Store enforces on them. Shapes follow @forge/manifest 13.7.0's JSON schema; type
 * rules follow https://developer.atlassian.com/platform/forge/storage-reference/storage-api-custom-entities
 * ("The Custom Entity Store strictly enforces attribute types").
 */
import { z } from 'zod';
import { checkKey, failures, type KvsFailure } from './limits';

export const ATTRIBUTE_TYPES = ['string', 'boolean', 'float', 'integer', 'any'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface EntityIndex {
  readonly name: string;
  readonly partition: readonly string[];
  readonly range: readonly string[];
}

export interface EntityDef {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, AttributeType>;
  readonly indexes: readonly EntityIndex[];
}

/** Declared entities by name. */
export type EntityCatalog = ReadonlyMap<string, EntityDef>;

// Patterns copied from @forge/manifest 13.7.0 out/schema/manifest-schema.json.
const ENTITY_NAME = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;
const ATTRIBUTE_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

export const entitiesSchema = z
  .array(
    z.strictObject({
      name: z.string().min(3).max(60).regex(ENTITY_NAME),
      attributes: z.record(
        z.string().regex(ATTRIBUTE_NAME).max(30),
        z.strictObject({ type: z.enum(ATTRIBUTE_TYPES) }),
      ),
      indexes: z
        .array(
          z.union([
            z.string(),
            z.strictObject({
              name: z.string(),
              range: z.array(z.string()).min(1),
              partition: z.array(z.string()).min(1).optional(),
            }),
          ]),
        )
        .min(1)
        .optional(),
    }),
  )
  .min(1);

/** Builds the catalog; returns a problem description instead when the declarations contradict themselves. */
export function buildCatalog(raw: z.infer<typeof entitiesSchema> | undefined): EntityCatalog | string {
  const catalog = new Map<string, EntityDef>();
  for (const e of raw ?? []) {
    if (catalog.has(e.name)) return `duplicate entity '${e.name}'`;
    const attributes = new Map(Object.entries(e.attributes).map(([k, v]) => [k, v.type] as const));
    const indexes: EntityIndex[] = (e.indexes ?? []).map((i) =>
      typeof i === 'string'
        ? { name: i, partition: [], range: [i] }
        : { name: i.name, partition: i.partition ?? [], range: i.range },
    );
    for (const i of indexes) {
      const unknown = [...i.partition, ...i.range].find((a) => !attributes.has(a));
      if (unknown !== undefined)
        return `entity '${e.name}' index '${i.name}' names undeclared attribute '${unknown}'`;
    }
    catalog.set(e.name, { name: e.name, attributes, indexes });
  }
  return catalog;
}

export function lookupEntity(catalog: EntityCatalog, name: unknown): EntityDef | KvsFailure {
  if (typeof name !== 'string') return failures.badRequest('entityName must be a string');
  return catalog.get(name) ?? failures.badRequest(`entity '${name}' is not declared in the app's manifest`);
}

export function isFailure(x: EntityDef | KvsFailure): x is KvsFailure {
  return 'status' in x;
}

/** Resolves the entity and checks the key: the first half of every keyed entity request. */
export function entityTarget(
  entities: EntityCatalog,
  entityName: unknown,
  key: unknown,
): { def: EntityDef; key: string } | KvsFailure {
  const def = lookupEntity(entities, entityName);
  if (isFailure(def)) return def;
  return checkKey(key) ?? { def, key: key as string };
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const FLOAT_MIN_ABS = 1e-130;
// The documented maximum is 9.9999999999999999999999999999999999999E+125 (38 digits); a double
// cannot hold that, and 1e126 is the nearest double above it, so "below 1e126" is the same test.
const FLOAT_MAX_EXCLUSIVE = 1e126;

/** Why `v` cannot be stored in an attribute of type `t`, or undefined when it can. */
export function attributeTypeError(t: AttributeType, v: unknown): string | undefined {
  switch (t) {
    case 'any':
      return v === null ? 'null is not a value' : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'expected a boolean';
    case 'string':
      return typeof v === 'string' && v.trim().length > 0
        ? undefined
        : 'expected a string with at least one non-whitespace character';
    case 'integer':
      return Number.isInteger(v) && (v as number) >= INT32_MIN && (v as number) <= INT32_MAX
        ? undefined
        : 'expected a 32-bit signed integer';
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'expected a number';
      const abs = Math.abs(v);
      return v === 0 || (abs >= FLOAT_MIN_ABS && abs < FLOAT_MAX_EXCLUSIVE)
        ? undefined
        : 'float out of range';
    }
  }
}

/** An entity value must be an object whose attributes are all declared and of the declared type. */
export function checkEntityValue(def: EntityDef, value: unknown): KvsFailure | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return failures.badRequest(`a value of entity '${def.name}' must be an object`);
  for (const [attr, v] of Object.entries(value as Record<string, unknown>)) {
    const type = def.attributes.get(attr);
    if (!type) return failures.badRequest(`entity '${def.name}' has no attribute '${attr}'`);
    const err = attributeTypeError(type, v);
    if (err) return failures.badRequest(`attribute '${attr}' of entity '${def.name}': ${err}`);
  }
  return undefined;
}
