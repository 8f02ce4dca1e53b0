/**
 * The Zendesk side of the sandbox, through the host's /zendesk proxy: reads use the Zendesk
 * REST API as the simulator's agent (search, ticket fields, users), changes use the
 * simulator's control API (/__sim/...), which applies them as an agent or the requester
 * would in Zendesk's own interface. JSON shapes: Zendesk Support API v2.
 */
import { z } from 'zod';
import { requestJson } from './http';

const customFieldValueSchema = z.object({ id: z.number(), value: z.unknown() });

export const ticketSchema = z.object({
  id: z.number(),
  subject: z.string().nullable(),
  description: z.string().nullable().optional(),
  status: z.string(),
  priority: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  requester_id: z.number().nullable().optional(),
  assignee_id: z.number().nullable().optional(),
  custom_fields: z.array(customFieldValueSchema).optional(),
  tags: z.array(z.string()).optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type ZendeskTicket = z.infer<typeof ticketSchema>;

const attachmentSchema = z.object({
  id: z.number(),
  file_name: z.string(),
  content_url: z.string().optional(),
  content_type: z.string().optional(),
  size: z.number().optional(),
});

export const commentSchema = z.object({
  id: z.number(),
  author_id: z.number().nullable().optional(),
  body: z.string().optional(),
  plain_body: z.string().optional(),
  public: z.boolean(),
  attachments: z.array(attachmentSchema).optional(),
  created_at: z.string().optional(),
});
export type ZendeskComment = z.infer<typeof commentSchema>;

const fieldOptionSchema = z.object({ name: z.string(), value: z.string() });
export const ticketFieldSchema = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string(),
  active: z.boolean().optional(),
  removable: z.boolean().optional(),
  custom_field_options: z.array(fieldOptionSchema).nullable().optional(),
});
export type ZendeskTicketField = z.infer<typeof ticketFieldSchema>;

export const jiraLinkSchema = z.object({
  id: z.number(),
  ticket_id: z.union([z.number(), z.string()]),
  issue_id: z.union([z.number(), z.string()]),
  issue_key: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type ZendeskJiraLink = z.infer<typeof jiraLinkSchema>;

const userSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable().optional(),
  role: z.string().optional(),
});
export type ZendeskUser = z.infer<typeof userSchema>;

const base = '/proxy/zendesk';

/** All tickets, most recently updated first (Zendesk search; the simulator indexes at once). */
export async function listTickets(): Promise<ZendeskTicket[]> {
  const schema = z.object({ results: z.array(ticketSchema.extend({ result_type: z.string() })) });
  const query = new URLSearchParams({
    query: 'type:ticket',
    sort_by: 'updated_at',
    sort_order: 'desc',
    per_page: '100',
  });
  return (await requestJson(schema, `${base}/api/v2/search.json?${query.toString()}`)).results;
}

export async function listTicketFields(): Promise<ZendeskTicketField[]> {
  return (
    await requestJson(
      z.object({ ticket_fields: z.array(ticketFieldSchema) }),
      `${base}/api/v2/ticket_fields.json`,
    )
  ).ticket_fields;
}

export async function showUsers(ids: number[]): Promise<ZendeskUser[]> {
  if (ids.length === 0) return [];
  const url = `${base}/api/v2/users/show_many.json?ids=${[...new Set(ids)].join(',')}`;
  return (await requestJson(z.object({ users: z.array(userSchema) }), url)).users;
}

export async function getTicket(id: number): Promise<{ ticket: ZendeskTicket; comments: ZendeskComment[] }> {
  return requestJson(
    z.object({ ticket: ticketSchema, comments: z.array(commentSchema) }),
    `${base}/__sim/tickets/${id}`,
  );
}

export interface NewTicket {
  subject: string;
  body: string;
  priority?: string;
  status?: string;
}

export async function createTicket(input: NewTicket): Promise<ZendeskTicket> {
  const body = {
    subject: input.subject,
    body: input.body || input.subject,
    priority: input.priority,
    status: input.status,
  };
  return (
    await requestJson(z.object({ ticket: ticketSchema }), `${base}/__sim/tickets`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
  ).ticket;
}

export interface TicketEdit {
  subject?: string;
  status?: string;
  priority?: string | null;
  customFields?: Record<string, unknown>;
}

export async function editTicket(id: number, edit: TicketEdit): Promise<ZendeskTicket> {
  return (
    await requestJson(z.object({ ticket: ticketSchema }), `${base}/__sim/tickets/${id}`, {
      method: 'PUT',
      body: JSON.stringify(edit),
    })
  ).ticket;
}

export interface CommentFile {
  fileName: string;
  contentType: string;
  base64: string;
}

export async function fileToUpload(file: File): Promise<CommentFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, contentType: file.type || 'application/octet-stream', base64: btoa(binary) };
}

export interface NewComment {
  body: string;
  public: boolean;
  as: 'agent' | 'requester';
  attachments: CommentFile[];
}

export async function addComment(id: number, input: NewComment): Promise<ZendeskComment> {
  return (
    await requestJson(z.object({ comment: commentSchema }), `${base}/__sim/tickets/${id}/comments`, {
      method: 'POST',
      body: JSON.stringify(input),
    })
  ).comment;
}

export async function listJiraLinks(): Promise<ZendeskJiraLink[]> {
  return (await requestJson(z.object({ links: z.array(jiraLinkSchema) }), `${base}/__sim/jira-links`)).links;
}
