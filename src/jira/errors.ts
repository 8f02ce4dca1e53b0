/**
 * Jira's errors as the app sees them, on the base shared with Zendesk's (UpstreamError in
 * src/util/errors.ts): a non-2xx answer becomes a JiraApiError carrying the
 * ErrorCollection body (`errorMessages` plus `errors` by field), a 429 a JiraRateLimitedError
 * with its Retry-After; an answer that is not the JSON the schema expects is an error too.
 */
import type { z } from 'zod';
import { UpstreamError, type RateLimited } from '../util/errors';
import { truncate } from '../util/redact';
import { summarizeIssues } from '../util/zodIssues';
import { errorCollectionSchema } from './schemas';

export class JiraApiError extends UpstreamError {
  /** errorMessages plus `field: message` from errors{}. */
  readonly messages: string[];
  /** errors{} as sent, keyed by field id. */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, messages: string[], fieldErrors: Record<string, string> = {}) {
    super('jira', status, messages.length > 0 ? messages.join('; ') : `Jira answered HTTP ${status}`);
    this.name = 'JiraApiError';
    this.messages = messages;
    this.fieldErrors = fieldErrors;
  }
}

export class JiraRateLimitedError extends JiraApiError implements RateLimited {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, messages: string[]) {
    super(
      429,
      messages.length > 0 ? messages : [`Jira rate limit reached; retry after ${retryAfterSeconds} s`],
    );
    this.name = 'JiraRateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Builds the error for a non-2xx answer from its ErrorCollection body (or plain text). */
export function jiraErrorFromBody(status: number, bodyText: string): JiraApiError {
  let json: unknown;
  try {
    json = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  const parsed = errorCollectionSchema.safeParse(json);
  if (parsed.success) {
    const fieldErrors = parsed.data.errors ?? {};
    const messages = [
      ...(parsed.data.errorMessages ?? []),
      ...Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`),
    ].map((m) => truncate(m));
    if (messages.length > 0) return new JiraApiError(status, messages, fieldErrors);
  }
  const text =
    json === undefined && bodyText.trim() !== '' && !bodyText.trimStart().startsWith('<')
      ? [truncate(bodyText.trim())]
      : [];
  return new JiraApiError(status, text);
}

/**
 * A finished answer read as the client reads it: non-2xx becomes the JiraApiError of its body,
 * else the JSON checked against `schema` (nothing read when null). `label` names the request.
 */
export function jiraAnswer<S extends z.ZodType>(
  status: number,
  text: string,
  label: string,
  schema: S | null,
): z.output<S> {
  if (status < 200 || status >= 300) throw jiraErrorFromBody(status, text);
  if (schema === null) return undefined as z.output<S>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JiraApiError(status, [`Jira returned a non-JSON answer for ${label}`]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new JiraApiError(status, [
      truncate(`Jira returned an unexpected answer for ${label}: ${summarizeIssues(parsed.error)}`),
    ]);
  }
  return parsed.data;
}
