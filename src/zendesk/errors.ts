/**
 * Typed Zendesk failures, on the base shared with Jira's (UpstreamError in src/util/errors.ts). The message is always the upstream's own words when
 * it gave any (three body shapes: docs/contracts/zendesk-api.md § Error bodies), redacted and capped.
 */
import { UpstreamError, type RateLimited } from '../util/errors';
import { redactSecrets, truncate } from '../util/redact';
import { listErrorBodySchema, objectErrorBodySchema, stringErrorBodySchema } from './schemas';

export class ZendeskApiError extends UpstreamError {
  /** Zendesk's error code when it sent one (RecordNotFound, RecordInvalid, …), else HTTP_<status>. */
  readonly code: string;
  /** Per-field validation texts from 422 `details` (used e.g. to spot closed tickets). */
  readonly details: string[];

  constructor(status: number, code: string, message: string, details: string[] = []) {
    super('zendesk', status, message);
    this.name = 'ZendeskApiError';
    this.code = code;
    this.details = details;
  }
}

/** 429 whose Retry-After is longer than the caller's wait budget allows. */
export class ZendeskRateLimitedError extends ZendeskApiError implements RateLimited {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message: string, status = 429, code = 'RATE_LIMITED') {
    super(status, code, message);
    this.name = 'ZendeskRateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Zendesk no longer accepts the stored OAuth authorization (refresh token used, expired or revoked,
 * client secret changed) and only an admin can fix it. It extends the rate-limit stop on purpose:
 * every sync pass already stops and defers its work on that error without skipping or repeating
 * anything, which is exactly what a missing authorization needs until the admin reconnects.
 */
export class ZendeskReconnectError extends ZendeskRateLimitedError {
  constructor(message: string) {
    super(300, message, 401, 'ZENDESK_RECONNECT');
    this.name = 'ZendeskReconnectError';
  }
}

function detailTexts(details: Record<string, unknown> | undefined): string[] {
  if (!details) return [];
  const out: string[] = [];
  for (const [field, entries] of Object.entries(details)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (
        entry &&
        typeof entry === 'object' &&
        'description' in entry &&
        typeof entry.description === 'string'
      ) {
        out.push(entry.description);
      } else if (typeof entry === 'string') {
        out.push(`${field}: ${entry}`);
      }
    }
  }
  return out;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Builds the error for a non-2xx answer from its status and raw body text. */
export function zendeskErrorFromBody(
  status: number,
  bodyText: string,
  secrets: readonly string[] = [],
): ZendeskApiError {
  const safe = (s: string): string => truncate(redactSecrets(s, secrets).trim());
  let json: unknown;
  try {
    json = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
  } catch {
    json = undefined;
  }

  const asString = stringErrorBodySchema.safeParse(json);
  if (asString.success) {
    const { error, description, details } = asString.data;
    const texts = detailTexts(details);
    if (description !== undefined) {
      const code = IDENTIFIER.test(error) ? error : `HTTP_${status}`;
      const message = texts.length > 0 ? `${description}: ${texts.join('; ')}` : description;
      return new ZendeskApiError(status, code, safe(message), texts.map(safe));
    }
    // `{"error":"Couldn't authenticate you"}`: the string itself is the message.
    const code = IDENTIFIER.test(error) ? error : `HTTP_${status}`;
    return new ZendeskApiError(
      status,
      code,
      safe(texts.length > 0 ? `${error}: ${texts.join('; ')}` : error),
      texts.map(safe),
    );
  }

  const asObject = objectErrorBodySchema.safeParse(json);
  if (asObject.success) {
    const { title, message } = asObject.data.error;
    const text = [title, message].filter((s): s is string => typeof s === 'string' && s !== '').join(': ');
    const code = title && IDENTIFIER.test(title) ? title : `HTTP_${status}`;
    return new ZendeskApiError(status, code, safe(text || `HTTP ${status}`));
  }

  const asList = listErrorBodySchema.safeParse(json);
  if (asList.success && asList.data.errors.length > 0) {
    const parts = asList.data.errors.map(
      (e) => [e.title, e.detail].filter(Boolean).join(': ') || e.code || '',
    );
    const code = asList.data.errors[0]?.code ?? `HTTP_${status}`;
    return new ZendeskApiError(status, code, safe(parts.filter(Boolean).join('; ') || `HTTP ${status}`));
  }

  // Plain text (429 "Number of allowed API requests per minute exceeded") or HTML.
  const text =
    json === undefined && bodyText.trim() !== '' && !bodyText.trimStart().startsWith('<') ? bodyText : '';
  return new ZendeskApiError(status, `HTTP_${status}`, safe(text || `Zendesk answered HTTP ${status}`));
}

/**
 * A 422 caused by updating a closed ticket, known by its description text
 * (docs/contracts/zendesk-api.md § Closed tickets).
 */
export function isClosedTicketError(error: unknown): boolean {
  if (!(error instanceof ZendeskApiError) || error.status !== 422) return false;
  const needle = 'closed prevents ticket update';
  return (
    error.details.some((d) => d.toLowerCase().includes(needle)) ||
    error.message.toLowerCase().includes(needle)
  );
}
