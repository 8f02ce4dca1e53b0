/**
 * Generators of payloads that are wrong by construction for one resolver key: each starts
 * from a valid payload (so the breakage is the only thing wrong) and applies one mutation:
 * a non-object root, an unknown key, a prototype key, a missing field, a wrong type, a huge
 * string, a string with characters the field never allows, or deeply nested garbage.
 * The app's own schemas are never consulted, so the oracle is independent of the code under test.
 */
import fc from 'fast-check';

export type FieldKind =
  /** Strict id: only [A-Za-z0-9._-] (or fewer) characters, bounded length. */
  | { kind: 'id'; max: number }
  /** Zendesk record id: digits only. */
  | { kind: 'digits' }
  /** Free text: anything up to `max` code units; `nonBlank` when whitespace alone is refused. */
  | { kind: 'text'; max: number; nonBlank: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'subdomain' }
  | { kind: 'email' }
  | { kind: 'token' }
  | { kind: 'idArray'; max: number }
  | { kind: 'object'; fields: readonly FieldSpec[] }
  | { kind: 'objectArray'; max: number; element: readonly FieldSpec[]; sample: Record<string, unknown> };

export interface FieldSpec {
  name: string;
  required: boolean;
  type: FieldKind;
}

export interface KeySpec {
  key: string;
  /** A payload the resolver accepts. */
  valid: Record<string, unknown>;
  fields: readonly FieldSpec[];
}

export type MutationKind =
  | 'root is not an object'
  | 'extra key'
  | 'prototype key'
  | 'missing field'
  | 'wrong type'
  | 'bad string'
  | 'huge string'
  | 'nested garbage'
  | 'bad nested field';

export interface BadCase {
  kind: MutationKind;
  /** What exactly was broken, for a failure message. */
  mutation: string;
  payload: unknown;
  /** Codes a correct refusal may carry. */
  codes: readonly string[];
}

const BAD_PAYLOAD = ['BAD_PAYLOAD'] as const;
export const HUGE = 100_000;

/** Characters outside every id alphabet: unicode look-alikes, controls, URL and path syntax, markup. */
export const HOSTILE_CHARS = [
  '\u0430', // Cyrillic a
  '\u0435', // Cyrillic e
  '\uff41', // full-width a
  '\u200b', // zero-width space
  '\u202e', // right-to-left override
  '\u0301', // combining acute
  '\ud800', // lone surrogate
  '😀',
  'é',
  '\u0000',
  '\n',
  '\t',
  ' ',
  '/',
  '\\',
  '%',
  '#',
  '?',
  '@',
  ':',
  '<',
  '>',
  '"',
  "'",
  '`',
  '$',
  '{',
  '*',
  '&',
  '=',
  ',',
  ';',
  '!',
  '+',
  '|',
] as const;

const hostileChar = fc.constantFrom(...HOSTILE_CHARS);
const idChars = fc.string({ unit: fc.constantFrom(...'abcXYZ019._-'.split('')), maxLength: 12 });

/** A string the id alphabet never allows, built around a valid-looking core. */
const hostileId = fc
  .tuple(idChars, hostileChar, idChars, fc.constantFrom('', '..', '../', '%2e%2e', '<script>', '${x}'))
  .map(([a, c, b, extra]) => `${a}${c}${b}${extra}`);

const hugeString = fc
  .tuple(
    fc.constantFrom('x', 'é', '𝕏', '<', '\u0000', '9', ' '),
    fc.integer({ min: HUGE, max: HUGE + 2_000 }),
  )
  .map(([c, n]) => c.repeat(n));

/** JSON values that are not strings (the wrong type for every string field). */
const notString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const notBool = fc.oneof(
  fc.constantFrom('true', 'false', '', 'yes', '1'),
  fc.integer(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);
const notObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
);
const notArray = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** A chain of objects and arrays nested past any sane depth. */
const deepNest = fc
  .tuple(fc.integer({ min: 22, max: 400 }), fc.boolean(), fc.jsonValue({ maxDepth: 1 }))
  .map(([depth, arrays, leaf]) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
    return value;
  });

/** Defines an own, enumerable property even for "__proto__" (plain assignment would set the prototype). */
export function withOwn(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function clone(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function replaced(valid: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  return withOwn(clone(valid), name, value);
}

/** Values of the wrong type (or out of range) for one field kind. */
function wrongValue(type: FieldKind): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case 'id':
    case 'digits':
    case 'text':
    case 'subdomain':
    case 'email':
    case 'token':
      return notString;
    case 'enum':
      return fc.oneof(
        notString,
        fc.string({ maxLength: 20 }).filter((s) => !type.values.includes(s)),
        fc.constantFrom(...type.values.map((v) => v.toUpperCase()), ...type.values.map((v) => ` ${v}`)),
      );
    case 'bool':
      return notBool;
    case 'idArray':
      return fc.oneof(
        notArray,
        fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant({})), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.constant(Array.from({ length: type.max + 1 }, (_, i) => `f${i}`)),
      );
    case 'object':
      return fc.oneof(notObject, fc.constant(Object.values(objectOf(type.fields))));
    case 'objectArray':
      return fc.oneof(
        notArray,
        fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([])), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constant(Array.from({ length: type.max + 1 }, () => ({ ...type.sample }))),
      );
  }
}

/** A string value the field never accepts: bad characters, or too long, or blank when it must not be. */
function badString(type: FieldKind): fc.Arbitrary<string> | null {
  switch (type.kind) {
    case 'id':
    case 'digits':
      return fc.oneof(
        hostileId,
        fc.constant(''),
        fc.constant('a'.repeat(type.kind === 'id' ? type.max + 1 : 20)),
      );
    case 'subdomain':
      return fc.oneof(hostileId, fc.constantFrom('ACME', 'acme.zendesk.com', '-acme', '', 'a'.repeat(64)));
    case 'email':
      return fc.oneof(
        fc.constantFrom('no-at-sign', 'two@@', 'a b@c.d', '@', 'x@', '@y', ' \t '),
        hostileId.map((s) => `${s} @x`),
      );
    case 'token':
      return fc.oneof(
        fc.constantFrom('', 'has space', 'tab\there', 'new\nline', 'ünïcode', 'x'.repeat(201)),
        hostileId.filter((s) => /[^\x21-\x7e]/.test(s)),
      );
    case 'text':
      return fc.oneof(
        fc
          .tuple(fc.constantFrom('x', 'é', '😀', '<'), fc.integer({ min: 1, max: 40 }))
          .map(([c, extra]) => c.repeat(type.max + extra)),
        ...(type.nonBlank ? [fc.constantFrom('', ' ', '\t\n ', '\u00a0\u2003')] : []),
      );
    case 'enum':
      return fc.string({ maxLength: 30 }).filter((s) => !type.values.includes(s));
    default:
      return null;
  }
}

function objectOf(fields: readonly FieldSpec[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, f.type.kind === 'bool' ? true : 'x']));
}

const EXTRA_KEYS = [
  'issueId',
  'issueKey',
  'accountId',
  'isAdmin',
  'admin',
  'license',
  'context',
  'payload',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '',
  ' ',
  'ID',
] as const;
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const PROTO_VALUES = [
  { polluted: true, isAdmin: true },
  { prototype: { polluted: true } },
  'polluted',
  null,
  [{ polluted: true }],
] as const;

/** Every bad payload this key can get, as one arbitrary mixing all mutation kinds. */
export function badPayloads(spec: KeySpec): fc.Arbitrary<BadCase> {
  const names = new Set(spec.fields.map((f) => f.name));
  const cases: fc.Arbitrary<BadCase>[] = [];
  const bad = (
    kind: MutationKind,
    mutation: string,
    payload: unknown,
    codes: readonly string[] = BAD_PAYLOAD,
  ): BadCase => ({
    kind,
    mutation,
    payload,
    codes,
  });

  cases.push(
    fc
      .oneof(
        fc.constant(null),
        fc.constant(undefined),
        fc.integer(),
        fc.boolean(),
        fc.string({ maxLength: 50 }),
        hugeString,
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
        fc.constant([spec.valid]),
        fc.constant(Object.entries(spec.valid)),
        deepNest.filter((v) => Array.isArray(v)),
      )
      // @forge/resolver hands the handler `payload || {}`: a falsy payload IS the empty object.
      .filter((payload) => spec.fields.length > 0 || Boolean(payload))
      .map((payload) => bad('root is not an object', 'root', payload)),
  );

  cases.push(
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...EXTRA_KEYS),
          fc
            .string({ minLength: 1, maxLength: 20 })
            .filter((k) => !(PROTO_KEYS as readonly string[]).includes(k)),
        ),
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), hugeString, deepNest),
      )
      .filter(([k]) => !names.has(k))
      .map(([k, v]) =>
        bad('extra key', `extra key ${JSON.stringify(k).slice(0, 30)}`, replaced(spec.valid, k, v)),
      ),
  );

  // Prototype keys built with JSON.parse, the way a JSON request body would carry them.
  const nestedTargets = spec.fields.filter((f) => f.type.kind === 'object' || f.type.kind === 'objectArray');
  cases.push(
    fc
      .tuple(
        fc.constantFrom(...PROTO_KEYS),
        fc.constantFrom(...PROTO_VALUES),
        fc.constantFrom<string | null>(null, ...nestedTargets.map((f) => f.name)),
      )
      .map(([key, value, where]) => {
        const payload = clone(spec.valid);
        if (where === null) withOwn(payload, key, value);
        else {
          const target = payload[where];
          const holder = Array.isArray(target) ? (target[0] as Record<string, unknown> | undefined) : target;
          if (holder && typeof holder === 'object') withOwn(holder as Record<string, unknown>, key, value);
          else withOwn(payload, key, value);
        }
        const text = JSON.stringify(payload);
        if (!text.includes(`"${key}"`))
          throw new Error(`prototype key ${key} was lost while building the payload`);
        return bad('prototype key', `prototype key ${key}${where ? ` in ${where}` : ''}`, JSON.parse(text));
      }),
  );

  const required = spec.fields.filter((f) => f.required);
  if (required.length > 0) {
    cases.push(
      fc.constantFrom(...required).map((f) => {
        const payload = clone(spec.valid);
        delete payload[f.name];
        return bad('missing field', `missing ${f.name}`, payload);
      }),
    );
  }

  for (const field of spec.fields) {
    const subdomainCodes =
      field.type.kind === 'subdomain' ? ['BAD_PAYLOAD', 'INVALID_SUBDOMAIN'] : BAD_PAYLOAD;
    cases.push(
      wrongValue(field.type).map((v) =>
        bad('wrong type', `wrong type for ${field.name}`, replaced(spec.valid, field.name, v)),
      ),
    );
    const badText: fc.Arbitrary<unknown> | null =
      field.type.kind === 'idArray' ? hostileId.map((v) => [v]) : badString(field.type);
    if (badText) {
      cases.push(
        badText.map((v) =>
          bad(
            'bad string',
            `bad string for ${field.name}`,
            replaced(spec.valid, field.name, v),
            subdomainCodes,
          ),
        ),
      );
    }
    if (field.type.kind !== 'bool') {
      cases.push(
        hugeString.map((v) => {
          let value: unknown = v;
          if (field.type.kind === 'idArray') value = [v];
          if (field.type.kind === 'objectArray')
            value = [{ ...field.type.sample, [field.type.element[0]?.name ?? 'x']: v }];
          if (field.type.kind === 'object')
            value = { ...objectOf(field.type.fields), [field.type.fields[0]?.name ?? 'x']: v };
          return bad('huge string', `huge string in ${field.name}`, replaced(spec.valid, field.name, value));
        }),
      );
    }
    cases.push(
      deepNest.map((v) =>
        bad('nested garbage', `nested garbage in ${field.name}`, replaced(spec.valid, field.name, v)),
      ),
    );
    if (field.type.kind === 'objectArray') {
      const { element, sample } = field.type;
      cases.push(
        fc
          .tuple(
            fc.constantFrom(...element),
            fc.oneof(fc.constant('drop'), fc.constant('wrong'), fc.constant('extra')),
          )
          .chain(([inner, how]) =>
            (how === 'wrong' ? wrongValue(inner.type) : fc.jsonValue({ maxDepth: 2 })).map((v) => {
              const el = { ...sample };
              if (how === 'drop') {
                if (!inner.required) el.unexpected = v;
                delete el[inner.name];
              } else if (how === 'wrong') el[inner.name] = v;
              else el.unexpected = v;
              return bad(
                'bad nested field',
                `${how} ${inner.name} in ${field.name}[0]`,
                replaced(spec.valid, field.name, [el]),
              );
            }),
          ),
      );
    }
    if (field.type.kind === 'object') {
      const inner = field.type.fields;
      cases.push(
        fc
          .constantFrom(...inner)
          .chain((f) =>
            wrongValue(f.type).map((v) =>
              bad(
                'bad nested field',
                `wrong ${f.name} in ${field.name}`,
                replaced(spec.valid, field.name, { ...objectOf(inner), [f.name]: v }),
              ),
            ),
          ),
      );
    }
  }
  return fc.oneof(...cases);
}
