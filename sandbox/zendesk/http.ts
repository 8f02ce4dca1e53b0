/**
 * Request/response values passed between the server loop and the route handlers. Handlers return
 * a SimResponse instead of writing to the socket so the fault injector can still decide to drop the
 * connection after the handler has applied its write (a lost response).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { UserRecord } from './types';

export type Identity =
  | { kind: 'anonymous' }
  /** Credentials were sent but did not authenticate; `password` is true for email:password Basic auth. */
  | { kind: 'invalid'; password: boolean; bearer?: boolean }
  /** `scopes` is set for OAuth Bearer tokens only (API tokens are unscoped). */
  | { kind: 'user'; user: UserRecord; scopes?: readonly string[] };

export interface SimRequest {
  method: string;
  /** Path without a trailing ".json" or "/", e.g. /api/v2/tickets/1. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
  identity: Identity;
}

export interface SimResponse {
  status: number;
  /** Serialized as JSON unless `raw` or `stream` is set. */
  body?: unknown;
  raw?: string | Buffer;
  stream?: () => Readable;
  headers?: Record<string, string>;
}

export class BadRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** Parses the JSON body against a schema; malformed or wrongly shaped bodies become a 400. */
export function parseJsonBody<S extends z.ZodType>(req: SimRequest, schema: S): z.infer<S> {
  let parsed: unknown;
  try {
    parsed = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new BadRequestError('The request body is not valid JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new BadRequestError(
      `Invalid request body${where ? ` at ${where}` : ''}: ${first?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

export function currentUser(req: SimRequest): UserRecord | undefined {
  return req.identity.kind === 'user' ? req.identity.user : undefined;
}

/** Parses a positive integer path or query value; undefined when absent or malformed. */
export function positiveInt(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Comma-separated id list as used by show_many (`ids=1,2,3`). */
export function idList(value: string | null): number[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => positiveInt(s.trim()))
    .filter((n): n is number => n !== undefined);
}
