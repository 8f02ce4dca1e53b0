/**
 * The `zendesk-oauth-callback` web trigger: the Redirect URL of the admin's Zendesk OAuth client.
 * Zendesk sends the browser here with `code` and `state` (or `error`) after the consent page
 * (https://support.zendesk.com/hc/en-us/articles/203663836). The answer is a small HTML page in
 * plain words; the admin page, which polls the attempt, shows the same outcome.
 *
 * Request and response shapes: https://developer.atlassian.com/platform/forge/events-reference/web-trigger/
 * (headers and query values are arrays of strings; `response.type: dynamic` in manifest.yml lets
 * the function choose status, headers and body).
 */
import { z } from 'zod';
import { defaultZendeskFetch, type ZendeskFetch } from '../zendesk/client';
import { finishConsent, type ConsentAnswer } from '../admin/oauthConnect';
import { logUnexpected } from '../util/errors';

const requestSchema = z.object({
  method: z.string(),
  queryParameters: z.record(z.string(), z.array(z.string())).optional(),
});

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(statusCode: number, title: string, message: string): WebTriggerResponse {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1 style="font-size: 1.4rem">${escape(title)}</h1><p data-testid="oauth-callback-message">${escape(message)}</p>
<p>You can close this tab and return to the Zendesk Connector admin page in Jira.</p></body></html>`;
  return {
    statusCode,
    headers: {
      'Content-Type': ['text/html; charset=utf-8'],
      'Cache-Control': ['no-store'],
      // No script, no frame, no referrer: the URL carried a one-time code.
      'Content-Security-Policy': ["default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"],
      'Referrer-Policy': ['no-referrer'],
    },
    body,
  };
}

export async function handleOAuthCallback(
  request: unknown,
  deps: { fetch?: ZendeskFetch; now?: () => Date } = {},
): Promise<WebTriggerResponse> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success || parsed.data.method.toUpperCase() !== 'GET')
    return page(405, 'Not available', 'This address only receives Zendesk’s consent answer.');
  const q = parsed.data.queryParameters ?? {};
  const one = (name: string): string | undefined => {
    const values = q[name];
    // A repeated parameter is not something Zendesk sends: refuse rather than pick one.
    return values && values.length === 1 ? values[0] : undefined;
  };
  const answer: ConsentAnswer = {};
  const fields = [
    ['state', 'state'],
    ['code', 'code'],
    ['error', 'error'],
    ['error_description', 'errorDescription'],
  ] as const;
  for (const [param, field] of fields) {
    const value = one(param);
    if (value !== undefined) answer[field] = value;
  }
  try {
    const outcome = await finishConsent(answer, {
      fetch: deps.fetch ?? defaultZendeskFetch,
      now: deps.now ?? (() => new Date()),
    });
    if (outcome.ok)
      return page(
        200,
        'Zendesk is connected',
        `The connector now uses ${outcome.record.subdomain}.zendesk.com as ${outcome.record.agent.name || outcome.record.agent.email}.`,
      );
    return page(outcome.status, 'Zendesk was not connected', outcome.message);
  } catch (error) {
    logUnexpected('webtrigger.oauthCallback', error);
    return page(
      500,
      'Zendesk was not connected',
      'Something went wrong while connecting. Start again from the admin page.',
    );
  }
}

export const oauthCallback = (request: unknown): Promise<WebTriggerResponse> => handleOAuthCallback(request);
