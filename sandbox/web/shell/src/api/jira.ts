/**
 * The Jira REST v3 calls the shell makes, through the host's /jira proxy as the selected
 * sandbox user (so the Jira simulator checks that user's permissions and emits product
 * events with that user as the actor). Response shapes: Jira Cloud platform REST v3.
 */
import { z } from 'zod';
import { requestJson } from './http';

const statusSchema = z.object({
  name: z.string(),
  statusCategory: z.object({ key: z.string(), name: z.string().optional() }).optional(),
});
const userRefSchema = z
  .object({ accountId: z.string().optional(), displayName: z.string().optional() })
  .nullable()
  .optional();
const namedSchema = z.object({ id: z.string().optional(), name: z.string() }).nullable().optional();

export const projectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string().optional(),
});
export type JiraProject = z.infer<typeof projectSchema>;

const projectSearchSchema = z.object({ values: z.array(projectSchema) });

export const issueSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    summary: z.string().optional(),
    status: statusSchema.optional(),
    issuetype: namedSchema,
    priority: namedSchema,
    updated: z.string().optional(),
  }),
});
export type JiraIssueSummary = z.infer<typeof issueSummarySchema>;

const searchSchema = z.object({
  issues: z.array(issueSummarySchema),
  nextPageToken: z.string().nullable().optional(),
});

const commentSchema = z.object({
  id: z.string(),
  author: userRefSchema,
  body: z.unknown(),
  created: z.string().optional(),
});
export type JiraComment = z.infer<typeof commentSchema>;

const attachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  size: z.number().optional(),
  created: z.string().optional(),
  author: userRefSchema,
});
export type JiraAttachment = z.infer<typeof attachmentSchema>;

export const issueSchema = z.object({
  id: z.string(),
  key: z.string(),
  // Custom fields and the fields below; the shell lists the rest by name from `names`.
  fields: z.record(z.string(), z.unknown()),
  names: z.record(z.string(), z.string()).optional(),
});
export type JiraIssue = z.infer<typeof issueSchema>;

export const issueFieldsSchema = z.object({
  summary: z.string().optional(),
  description: z.unknown().optional(),
  status: statusSchema.optional(),
  issuetype: z.object({ id: z.string(), name: z.string() }),
  project: projectSchema,
  priority: namedSchema,
  assignee: userRefSchema,
  reporter: userRefSchema,
  created: z.string().optional(),
  updated: z.string().optional(),
  comment: z.object({ comments: z.array(commentSchema) }).optional(),
  attachment: z.array(attachmentSchema).optional(),
});
export type JiraIssueFields = z.infer<typeof issueFieldsSchema>;

const transitionsSchema = z.object({
  transitions: z.array(
    z.object({ id: z.string(), name: z.string(), to: z.object({ name: z.string() }).optional() }),
  ),
});
export type JiraTransition = z.infer<typeof transitionsSchema>['transitions'][number];

const base = '/proxy/jira/rest/api/3';

export async function listProjects(): Promise<JiraProject[]> {
  return (await requestJson(projectSearchSchema, `${base}/project/search?maxResults=50`)).values;
}

export async function searchIssues(projectKey: string): Promise<JiraIssueSummary[]> {
  const body = {
    jql: `project = "${projectKey.replace(/"/g, '')}" ORDER BY created DESC`,
    fields: ['summary', 'status', 'issuetype', 'priority', 'updated'],
    maxResults: 100,
  };
  return (
    await requestJson(searchSchema, `${base}/search/jql`, { method: 'POST', body: JSON.stringify(body) })
  ).issues;
}

export async function getIssue(key: string): Promise<{ issue: JiraIssue; fields: JiraIssueFields }> {
  const issue = await requestJson(issueSchema, `${base}/issue/${encodeURIComponent(key)}?expand=names`);
  return { issue, fields: issueFieldsSchema.parse(issue.fields) };
}

/** Jira REST v3 comments are ADF documents. */
export function textToAdf(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text
      .split(/\n{2,}/)
      .filter((paragraph) => paragraph.trim() !== '')
      .map((paragraph) => ({
        type: 'paragraph',
        content: paragraph
          .split('\n')
          .flatMap((line, index) => [
            ...(index > 0 ? [{ type: 'hardBreak' }] : []),
            ...(line ? [{ type: 'text', text: line }] : []),
          ]),
      })),
  };
}

export async function addComment(key: string, text: string): Promise<void> {
  await requestJson(z.object({ id: z.string() }), `${base}/issue/${encodeURIComponent(key)}/comment`, {
    method: 'POST',
    body: JSON.stringify({ body: textToAdf(text) }),
  });
}

export async function listTransitions(key: string): Promise<JiraTransition[]> {
  return (await requestJson(transitionsSchema, `${base}/issue/${encodeURIComponent(key)}/transitions`))
    .transitions;
}

export async function transitionIssue(key: string, transitionId: string): Promise<void> {
  await requestJson(z.unknown(), `${base}/issue/${encodeURIComponent(key)}/transitions`, {
    method: 'POST',
    body: JSON.stringify({ transition: { id: transitionId } }),
  });
}

/** POST /issue/{key}/attachments: multipart field "file" plus X-Atlassian-Token: no-check. */
export async function addAttachment(key: string, file: File): Promise<void> {
  const form = new FormData();
  form.append('file', file, file.name);
  await requestJson(
    z.array(z.object({ id: z.string() })),
    `${base}/issue/${encodeURIComponent(key)}/attachments`,
    {
      method: 'POST',
      headers: { 'X-Atlassian-Token': 'no-check' },
      body: form,
    },
  );
}
