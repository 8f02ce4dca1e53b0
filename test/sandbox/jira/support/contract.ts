/**
 * Checks recorded exchanges against the committed OpenAPI subset
 * (sandbox/jira/openapi/jira-subset.json, extracted from Atlassian's swagger-v3):
 * - the operation exists; the status is declared for it (or is one of the
 *   platform-level statuses listed below, with the reason);
 * - JSON bodies validate against the declared response schema; error bodies
 *   without a declared schema validate as `ErrorCollection`;
 * - for accepted (2xx) requests: the request body validates against the
 *   operation's requestBody schema and every query parameter is declared.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Exchange } from './client.js';

// ajv-formats is CommonJS; under ESM its function sits on `.default`.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
interface Subset {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

export const SUBSET_PATH = new URL('../../../../sandbox/jira/openapi/jira-subset.json', import.meta.url);

/**
 * Statuses Jira answers on any operation although the spec does not list them there.
 * Their JSON bodies must still be ErrorCollections.
 */
const PLATFORM_STATUSES: Record<number, string> = {
  401: 'authentication filter, before any resource (not every operation declares it)',
  415: "Jira's REST layer refuses non-JSON bodies on JSON resources",
  429: 'rate limiting (docs/contracts/jira-api.md § Rate limiting), not part of any operation',
  500: 'fault injection',
  502: 'fault injection',
  503: 'fault injection (Jira also sends 503 with Retry-After)',
  504: 'fault injection',
};

/** Operation-specific statuses outside the spec, each with its reason. */
const OPERATION_STATUSES: Record<string, Record<number, string>> = {
  searchForIssuesUsingJql: { 410: 'endpoint removed upstream (CHANGE-2046)' },
  searchForIssuesUsingJqlPost: { 410: 'endpoint removed upstream (CHANGE-2046)' },
};

type Json = Record<string, unknown>;

/** The JSON schema of an operation's request body or of one of its responses. */
function jsonSchemaAt(subset: Subset, path: string, method: string, at: 'requestBody' | string): Json {
  const operation = subset.paths[path]?.[method] as Json | undefined;
  const holder = (
    at === 'requestBody' ? operation?.requestBody : (operation?.responses as Json | undefined)?.[at]
  ) as { content: Record<string, Json> } | undefined;
  const media = holder?.content['application/json'];
  if (media === undefined) throw new Error(`no JSON schema at ${method} ${path} ${at}`);
  return media;
}

/**
 * Where the spec disagrees with Jira's own answers or with its own operation descriptions:
 * - ChangeDetails types from/to as plain strings, yet its own getChangeLogs example (and real
 *   Jira) send `null` for empty values.
 * - assignIssue's description says `accountId: null` unassigns; its body schema (User) types
 *   accountId as a string.
 * - getRemoteIssueLinks answers a list without `globalId` (the operation's own example is an
 *   array); the schema names a single RemoteIssueLink.
 */
function applyOverlay(subset: Subset): void {
  const user = structuredClone(subset.components.schemas.User) as Json & { properties: Record<string, Json> };
  user.properties.accountId = { ...user.properties.accountId, nullable: true };
  jsonSchemaAt(subset, '/rest/api/3/issue/{issueIdOrKey}/assignee', 'put', 'requestBody').schema = user;
  jsonSchemaAt(subset, '/rest/api/3/issue/{issueIdOrKey}/remotelink', 'get', '200').schema = {
    oneOf: [
      { type: 'array', items: { $ref: '#/components/schemas/RemoteIssueLink' } },
      { $ref: '#/components/schemas/RemoteIssueLink' },
    ],
  };
  const changeDetails = subset.components.schemas.ChangeDetails as {
    properties: Record<string, Record<string, unknown>>;
  };
  for (const key of ['from', 'fromString', 'to', 'toString']) {
    const property = changeDetails.properties[key];
    if (property !== undefined) property.nullable = true;
  }
}

function rewriteRefs(schema: unknown): unknown {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/schemas/', '"jira#/components/schemas/'),
  );
}

interface CompiledOperation {
  method: string;
  template: string;
  pattern: RegExp;
  literals: number;
  operation: Operation;
}

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly operations: CompiledOperation[] = [];
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    const subset = JSON.parse(readFileSync(SUBSET_PATH, 'utf8')) as Subset;
    applyOverlay(subset);
    // ownProperties: ChangeDetails has a property named `toString`, which without it
    // Ajv would find on Object.prototype for items that lack it.
    this.ajv = new Ajv({ strict: false, allErrors: true, ownProperties: true });
    addFormats(this.ajv);
    this.ajv.addSchema(rewriteRefs({ components: subset.components }) as object, 'jira');
    for (const [template, item] of Object.entries(subset.paths)) {
      const segments = template.split('/').slice(1);
      const pattern = new RegExp(
        `^/${segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.]/g, '\\.'))).join('/')}$`,
      );
      const literals = segments.filter((s) => !s.startsWith('{')).length;
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          literals,
          operation: operation as Operation,
        });
      }
    }
    this.operations.sort((a, b) => b.literals - a.literals);
  }

  /** All operations in the subset, as `operationId`s. */
  operationIds(): string[] {
    return this.operations.map((o) => o.operation.operationId);
  }

  find(method: string, path: string): CompiledOperation | undefined {
    return this.operations.find((o) => o.method === method && o.pattern.test(path));
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let fn = this.cache.get(key);
    if (fn === undefined) {
      fn = this.ajv.compile(rewriteRefs(schema) as object);
      this.cache.set(key, fn);
    }
    return fn;
  }

  private check(key: string, schema: unknown, value: unknown, what: string, problems: string[]): void {
    const fn = this.validator(key, schema);
    if (!fn(value)) {
      const errors = (fn.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      problems.push(`${what}: ${errors.join('; ')}`);
    }
  }

  /** Problems with one exchange; empty when it conforms. */
  validate(exchange: Exchange): string[] {
    const problems: string[] = [];
    const path = exchange.url.pathname;
    if (!path.startsWith('/rest/')) return problems;
    const label = `${exchange.method} ${path}${exchange.url.search} → ${exchange.status}`;
    // REST v2 has v3's operations with plain-string rich text; no v2 document is kept, so a v2
    // exchange is held to its v3 operation's declared statuses only (bodies differ by design).
    if (path.startsWith('/rest/api/2/')) {
      const v3 = this.find(exchange.method, path.replace('/rest/api/2/', '/rest/api/3/'));
      if (v3 === undefined) return [`${label}: no v3 counterpart in the subset`];
      const undeclared = v3.operation.responses[String(exchange.status)] === undefined;
      return undeclared && ![401, 415, 429].includes(exchange.status) && exchange.status < 500
        ? [`${label}: status not declared by ${v3.operation.operationId}`]
        : [];
    }
    const found = this.find(exchange.method, path);
    // 501 is the simulator's answer for a real operation it lacks (see notSimulated.ts); it
    // matches no operation of the subset but must still be an ErrorCollection.
    if (found === undefined || exchange.status === 501) {
      // Unknown resources (404) and wrong methods (405) are answered before any operation.
      if (exchange.status !== 404 && exchange.status !== 405 && exchange.status !== 501)
        return [`${label}: no such operation in the subset`];
      if (exchange.status === 405 && exchange.responseBody.length > 0) return [`${label}: 405 with a body`];
      if (exchange.status === 404 || exchange.status === 501) {
        this.check(
          'ErrorCollection',
          { $ref: '#/components/schemas/ErrorCollection' },
          JSON.parse(exchange.responseBody.toString('utf8')),
          `${label} error body`,
          problems,
        );
      }
      return problems;
    }
    const { operation } = found;
    const status = String(exchange.status);
    const declared = operation.responses[status];
    const allowed =
      PLATFORM_STATUSES[exchange.status] ?? OPERATION_STATUSES[operation.operationId]?.[exchange.status];
    if (declared === undefined && allowed === undefined) {
      problems.push(`${label}: status ${status} is not declared for ${operation.operationId}`);
    }
    const contentType = exchange.responseHeaders.get('content-type') ?? '';
    const isJson = contentType.startsWith('application/json');
    const body = exchange.responseBody;
    let parsed: unknown;
    if (isJson) {
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        problems.push(`${label}: content-type is JSON but the body is not`);
      }
    }
    const declaredJson = declared?.content?.['application/json']?.schema;
    if (declaredJson !== undefined && isJson && parsed !== undefined) {
      this.check(`${operation.operationId}:${status}`, declaredJson, parsed, `${label} response`, problems);
    } else if (declaredJson !== undefined && !isJson && body.length > 0 && exchange.status !== 401) {
      // 401s come from the authentication filter, in plain text, whatever the operation declares.
      problems.push(`${label}: expected a JSON body, got ${contentType}`);
    } else if (exchange.status >= 400 && isJson && parsed !== undefined) {
      this.check(
        'ErrorCollection',
        { $ref: '#/components/schemas/ErrorCollection' },
        parsed,
        `${label} error body`,
        problems,
      );
    }

    if (exchange.status >= 200 && exchange.status < 300) {
      const names = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of new Set(exchange.url.searchParams.keys())) {
        if (!names.has(name))
          problems.push(`${label}: query parameter '${name}' is not declared for ${operation.operationId}`);
      }
      const requestContent = operation.requestBody?.content;
      if (requestContent !== undefined && exchange.requestBody !== null) {
        const requestType = (exchange.requestContentType ?? '').split(';')[0]?.trim() ?? '';
        const media = requestContent[requestType];
        if (media === undefined) {
          problems.push(`${label}: request content-type ${requestType} is not declared`);
        } else if (requestType === 'application/json') {
          this.check(
            `${operation.operationId}:request`,
            media.schema,
            JSON.parse(exchange.requestBody.toString('utf8')),
            `${label} request body`,
            problems,
          );
        }
      }
    }
    return problems;
  }

  validateAll(exchanges: readonly Exchange[]): string[] {
    return exchanges.flatMap((e) => this.validate(e));
  }
}
