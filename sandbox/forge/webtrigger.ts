/**
 * Web triggers as Forge runs them (https://developer.atlassian.com/platform/forge/events-reference/web-trigger/):
 * - `webTrigger.getUrl(key)` in @forge/api asks the platform's GraphQL (`createWebTriggerUrl`,
 *   through `__requestAtlassianAsApp('/graphql')`); the emulator answers with a stable URL per
 *   module key, `{base}/x1/{id}` like Forge's.
 * - An HTTP request to that URL invokes the function with `{method, headers, body, path,
 *   queryParameters}` (header and query values are arrays of strings) and no user.
 * - A `dynamic` trigger's return value is the answer; anything not of the documented shape is a
 *   500, as Forge does. A `static` trigger answers 204 whatever the function returns.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { WebTriggerDef } from './manifest';

export interface WebTriggerRequest {
  method: string;
  /** Path after the host, starting with /x1/{id}. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

export interface WebTriggerAnswer {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const responseSchema = z.object({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.array(z.string())).optional(),
  body: z.string().optional(),
  statusText: z.string().optional(),
});

export function webTriggerId(installationId: string, key: string): string {
  return createHash('sha256').update(`${installationId}:${key}`).digest('base64url').slice(0, 27);
}

export function webTriggerPayload(req: WebTriggerRequest): Record<string, unknown> {
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of req.query) (queryParameters[name] ??= []).push(value);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, [v]]));
  return { method: req.method, headers, body: req.body, path: req.path, queryParameters };
}

export function webTriggerAnswer(
  def: WebTriggerDef,
  outcome: { status: string; value?: unknown },
): WebTriggerAnswer {
  if (def.responseType === 'static')
    return { statusCode: outcome.status === 'ok' ? 204 : 500, headers: {}, body: '' };
  const parsed = responseSchema.safeParse(outcome.value);
  if (outcome.status !== 'ok' || !parsed.success)
    return { statusCode: 500, headers: { 'content-type': ['text/plain'] }, body: 'Web trigger failed' };
  return {
    statusCode: parsed.data.statusCode,
    headers: parsed.data.headers ?? {},
    body: parsed.data.body ?? '',
  };
}

const graphqlSchema = z.object({
  query: z.string(),
  variables: z
    .object({ input: z.object({ triggerKey: z.string() }).passthrough() })
    .passthrough()
    .optional(),
});

/** Answers the `createWebTriggerUrl` mutation; null for any other GraphQL operation. */
export function answerWebTriggerGraphql(
  body: string,
  urlFor: (key: string) => string | null,
): { status: number; body: unknown } | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = graphqlSchema.safeParse(json);
  if (!parsed.success || !parsed.data.query.includes('createWebTriggerUrl')) return null;
  const key = parsed.data.variables?.input.triggerKey ?? '';
  const url = urlFor(key);
  if (url === null)
    return { status: 200, body: { data: null, errors: [{ message: `No webtrigger module '${key}'` }] } };
  return { status: 200, body: { data: { createWebTriggerUrl: { url } } } };
}
