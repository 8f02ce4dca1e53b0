/**
 * Reads one issue entity property (GET /rest/api/3/issue/{id}/properties/{key}, Jira REST v3
 * `getIssueProperty`). The shared Jira client has no method for it yet; the auto-create
 * recovery needs exactly this one read, so it lives here until the client grows one.
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import { jiraErrorFromBody } from '../jira/client';

const propertySchema = z.object({ key: z.string(), value: z.unknown() });

/** The property's value, or null when the issue has no such property (404). */
export async function getIssueProperty(issueId: string, key: string): Promise<unknown> {
  const res = await api.asApp().requestJira(route`/rest/api/3/issue/${issueId}/properties/${key}`, {
    method: 'GET',
    headers: { Accept: 'application/json' },
  });
  const text = await res.text();
  if (res.status === 404) return null;
  if (res.status < 200 || res.status >= 300) throw jiraErrorFromBody(res.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = propertySchema.safeParse(json);
  return parsed.success ? parsed.data.value : null;
}
