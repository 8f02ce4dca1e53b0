/**
 * JSON over fetch with zod on every answer. Errors carry the HTTP status and the upstream
 * message (Jira's errorMessages/errors, Zendesk's error/description, the host's error) so
 * the shell can show what the simulator said.
 */
import type { z } from 'zod';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const parts: string[] = [];
    if (Array.isArray(record.errorMessages))
      parts.push(...record.errorMessages.filter((m): m is string => typeof m === 'string'));
    if (typeof record.errors === 'object' && record.errors !== null && !Array.isArray(record.errors)) {
      for (const [field, text] of Object.entries(record.errors))
        if (typeof text === 'string') parts.push(`${field}: ${text}`);
    }
    if (typeof record.error === 'string') parts.push(record.error);
    if (typeof record.error === 'object' && record.error !== null && 'message' in record.error)
      parts.push(String(record.error.message));
    if (typeof record.description === 'string') parts.push(record.description);
    if (typeof record.message === 'string') parts.push(record.message);
    if (parts.length > 0) return `HTTP ${status}: ${parts.join('; ')}`;
  }
  return `HTTP ${status}`;
}

export async function requestJson<T>(schema: z.ZodType<T>, url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (typeof init.body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw new HttpError(response.status, messageOf(body, response.status));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(
      response.status,
      `Unexpected answer from ${url}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
