/**
 * The official Atlassian Document Format JSON schema, compiled once with ajv.
 * Jira Cloud validates every rich-text value (description, environment, textarea
 * custom fields, comment bodies) against this schema and refuses what it rejects
 * [doc https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/ — "the JSON
 * schema … is available at https://unpkg.com/@atlaskit/adf-schema/dist/json-schema/v1/full.json"].
 * The schema is read from the pinned `@atlaskit/adf-schema` dependency rather than copied.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

let compiled: ValidateFunction | undefined;

/**
 * Compiles the schema (about half a second, more on a busy machine). The simulator calls
 * this at start-up so that no request, and no Forge invocation timer, pays for it.
 */
export function validator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const require = createRequire(import.meta.url);
  const path = require.resolve('@atlaskit/adf-schema/dist/json-schema/v1/full.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // The file declares draft-04; ajv 8 speaks draft-07, which reads every keyword this
  // schema uses (no boolean exclusiveMinimum/Maximum, no `id` keyword) the same way.
  delete schema.$schema;
  compiled = new Ajv({ strict: false, allErrors: false }).compile(schema);
  return compiled;
}

/** The most specific complaint (deepest instance path), for logs and test messages. */
function describe(errors: ErrorObject[] | null | undefined): string {
  const list = errors ?? [];
  const deepest = list.reduce<ErrorObject | undefined>(
    (best, e) => (best === undefined || e.instancePath.length > best.instancePath.length ? e : best),
    undefined,
  );
  return deepest === undefined
    ? 'invalid document'
    : `${deepest.instancePath || '/'} ${deepest.message ?? ''}`;
}

/** null when the value is a schema-valid ADF document; otherwise why not. */
export function adfSchemaProblem(value: unknown): string | null {
  const validate = validator();
  return validate(value) ? null : describe(validate.errors);
}
