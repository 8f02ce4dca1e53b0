/**
 * Zendesk's error bodies (docs/contracts/zendesk-api.md § Error bodies). Zendesk mixes three shapes and
 * clients must cope with all of them: string `error` + `description`, object `error` {title, message}, and
 * `errors[]`.
 */
import type { SimResponse } from './http';

export type ErrorDetails = Record<string, { description: string; error?: string }[]>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, body, headers };
}

/** 401: {"error":"Couldn't authenticate you"} [3p probe notes and fixtures]. */
export function unauthorized(): SimResponse {
  return json(401, { error: "Couldn't authenticate you" });
}

/**
 * 403 object form. The message is the one a real account returned to an agent without rights
 * (3p capture: {"error":{"title":"Forbidden","message":"You do not have access to this page. Please
 * contact the account owner of this help desk for further help."}}).
 */
export function forbidden(): SimResponse {
  return json(403, {
    error: {
      title: 'Forbidden',
      message:
        'You do not have access to this page. Please contact the account owner of this help desk for further help.',
    },
  });
}

/** 404 for a missing record: {"error":"RecordNotFound","description":"Not found"} [3p fixture]. */
export function recordNotFound(): SimResponse {
  return json(404, { error: 'RecordNotFound', description: 'Not found' });
}

/** 404 for a path Zendesk has no endpoint for [3p probe notes: InvalidEndpoint]. */
export function invalidEndpoint(): SimResponse {
  return json(404, { error: 'InvalidEndpoint', description: 'Not found' });
}

/**
 * Request to a subdomain with no account. Real Zendesk answers API calls on an unclaimed
 * subdomain with 404 and an object-form error (3p fixture aaronellington/zendesk-go
 * test_files/responses/support/tickets/show_404_wrong_subdomain.json, and the same text in
 * several other projects' tests).
 */
export function noHelpDesk(host: string): SimResponse {
  return json(404, {
    error: {
      title: `No help desk at ${host}`,
      message:
        'There is no help desk configured at this address. This means that the address is available and that you can claim it at http://www.zendesk.com/signup',
    },
  });
}

/** 422 RecordInvalid envelope [3p fixtures]. */
export function recordInvalid(details: ErrorDetails): SimResponse {
  return json(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
}

/** String-error form used by export and search validation failures. */
export function simpleError(status: number, error: string, description: string): SimResponse {
  return json(status, { error, description });
}

/** Newer endpoints' `errors[]` form (spec components.schemas.Error: code and title required). */
export function errorsArray(status: number, code: string, title: string, detail?: string): SimResponse {
  return json(status, { errors: [{ code, title, ...(detail !== undefined ? { detail } : {}) }] });
}

/**
 * 429: Zendesk documents only the status and Retry-After; the body observed in community reports is
 * plain text (https://support.zendesk.com/hc/en-us/community/posts/4600766234138).
 */
export function tooManyRequests(
  retryAfterSeconds: number,
  extraHeaders: Record<string, string> = {},
): SimResponse {
  return {
    status: 429,
    raw: 'Number of allowed API requests per minute exceeded',
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': String(retryAfterSeconds),
      ...extraHeaders,
    },
  };
}

/** Thrown by domain code; the router turns it into the 422 RecordInvalid body. */
export class RecordInvalidError extends Error {
  constructor(readonly details: ErrorDetails) {
    super(
      Object.values(details)
        .flat()
        .map((d) => d.description)
        .join('; '),
    );
    this.name = 'RecordInvalidError';
  }
}

/** Thrown by domain code for a missing record. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}
