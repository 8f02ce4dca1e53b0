/**
 * Key and value rules of the Forge Key-Value Store, with the error codes and texts the platform
 * documents:
 *  - codes and descriptions: https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs
 *    (KEY_TOO_SHORT, KEY_TOO_LONG, INVALID_KEY, MAX_SIZE, MAX_DEPTH, LIST_QUERY_LIMIT_EXCEEDED;
 *    every such response is a 400 with body `{code, message}`);
 *  - numbers: https://developer.atlassian.com/platform/forge/limits-kvs-ce (key ≤ 500 chars, key
 *    regex below, value ≤ 240 KiB, object depth 31);
 *  - secrets: https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-secret
 *    still states 128 KiB for `setSecret`, so the emulator applies the stricter figure there;
 *  - KEY_NOT_FOUND 404 `{code, message: 'Provided key does not exist'}` is the body @forge/kvs 1.6.5's
 *    own tests feed it (out/__test__/index.test.js), and the SDK turns it into `undefined`.
 */

export interface KvsErrorBody {
  readonly code: string;
  readonly message: string;
}

export interface KvsFailure {
  readonly status: number;
  readonly body: KvsErrorBody;
}

export const MAX_KEY_LENGTH = 500;
export const MAX_VALUE_BYTES = 240 * 1024;
export const MAX_SECRET_VALUE_BYTES = 128 * 1024;
export const MAX_OBJECT_DEPTH = 31;
/** https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-query/: 10 by default, at most 20. */
export const DEFAULT_QUERY_LIMIT = 10;
export const MAX_QUERY_LIMIT = 20;
/** https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities and …/transactions */
export const MAX_BATCH_ITEMS = 25;
export const MAX_TRANSACTION_OPERATIONS = 25;

// Exactly the documented pattern. Inside the class `\s-#` is not a range: the escape makes the
// hyphen literal (Annex B), so the allowed characters are letters, digits, `:._`, whitespace, `-` and `#`.
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;

export const failures = {
  keyNotFound: (): KvsFailure => ({
    status: 404,
    body: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' },
  }),
  badRequest: (detail?: string): KvsFailure => ({
    status: 400,
    body: {
      code: 'BAD_REQUEST',
      message: detail ? `Provided request body is invalid: ${detail}` : 'Provided request body is invalid',
    },
  }),
  // A storage outage, for fault injection only (Faults.failKvs): the status and `{code, message}`
  // shape of the documented errors; the code is the emulator's, not a documented one.
  internal: (): KvsFailure => ({
    status: 500,
    body: { code: 'INTERNAL_SERVER_ERROR', message: 'Injected storage failure' },
  }),
  notEmulated: (what: string): KvsFailure => ({
    status: 501,
    body: {
      code: 'NOT_IMPLEMENTED_IN_EMULATOR',
      message: `${what} is not emulated by the local Forge emulator`,
    },
  }),
  // Not on an Atlassian page: 409 KEY_CONFLICT is what a third-party measurement of the live
  // service reports, https://hashnode.com/posts/forge-kvs-locking-failifexists-vs-ttl-leases/6aad018918f3424d9a9ae29b
  keyExists: (): KvsFailure => ({
    status: 409,
    body: { code: 'KEY_CONFLICT', message: 'The provided key already exists' },
  }),
  // [unverified]: no public source shows the answer to a failed transaction condition or check;
  // a conflict status like FAIL_IF_EXISTS's is the closest documented analogue.
  conditionFailed: (key: string): KvsFailure => ({
    status: 409,
    body: { code: 'CONDITION_FAILED', message: `The conditions for key '${key}' were not met` },
  }),
};

export function checkKey(key: unknown): KvsFailure | undefined {
  if (typeof key !== 'string') return failures.badRequest('key must be a string');
  if (key.length === 0) {
    return {
      status: 400,
      body: { code: 'KEY_TOO_SHORT', message: 'The provided key needs to be more than one character.' },
    };
  }
  if (key.length > MAX_KEY_LENGTH) {
    return {
      status: 400,
      body: { code: 'KEY_TOO_LONG', message: 'The provided key has exceeded the maximum 500 characters.' },
    };
  }
  if (!KEY_PATTERN.test(key)) {
    return {
      status: 400,
      body: {
        code: 'INVALID_KEY',
        message: 'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/',
      },
    };
  }
  return undefined;
}

/** Nesting depth of containers: a scalar is 0, `{}` or `[]` is 1, `{a:{}}` is 2. */
export function objectDepth(value: unknown, limit = MAX_OBJECT_DEPTH + 1): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const child of children) {
    const d = objectDepth(child, limit - 1);
    if (d > deepest) deepest = d;
    // Stop walking once the answer is already "too deep".
    if (deepest + 1 > limit) break;
  }
  return deepest + 1;
}

export function checkValue(value: unknown, maxBytes: number = MAX_VALUE_BYTES): KvsFailure | undefined {
  if (value === undefined) return failures.badRequest('value is required');
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > maxBytes) {
    return {
      status: 400,
      body: { code: 'MAX_SIZE', message: 'The provided value has exceeded the maximum size limit.' },
    };
  }
  if (objectDepth(value) > MAX_OBJECT_DEPTH) {
    return {
      status: 400,
      body: {
        code: 'MAX_DEPTH',
        message: `The provided value has exceeded the maximum object depth (${MAX_OBJECT_DEPTH}) limit.`,
      },
    };
  }
  return undefined;
}

export function checkQueryLimit(limit: number | undefined): KvsFailure | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    return {
      status: 400,
      body: {
        code: 'LIST_QUERY_LIMIT_EXCEEDED',
        message: `Limit for list query should be between 1 and ${MAX_QUERY_LIMIT}.`,
      },
    };
  }
  return undefined;
}
