/**
 * HTTP face of the control API under /__sim (not a Zendesk endpoint). It never asks for Zendesk
 * credentials and is only served to direct loopback calls (no x-forwarded-host), so the app under
 * test, whose traffic arrives through the Forge emulator's egress, can never reach it.
 */
import { z } from 'zod';
import type { ControlAttachment, SimControl } from '../control';
import { parseJsonBody, positiveInt, type SimRequest } from '../http';
import type { Router } from '../router';
import type { ZendeskState } from '../state';

const attachment = z.object({
  fileName: z.string().min(1),
  contentType: z.string().optional(),
  /** File bytes as base64. */
  base64: z.string().optional(),
  /** File content as UTF-8 text. */
  text: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  inline: z.boolean().optional(),
});
const fieldValues = z.union([
  z.record(z.string(), z.unknown()),
  z.array(z.object({ id: z.number().int(), value: z.unknown() })),
]);
const nullableText = z.string().nullable().optional();

const createSchema = z.object({
  subject: z.string().min(1),
  body: z.string().optional(),
  htmlBody: z.string().optional(),
  requesterId: z.number().int().optional(),
  agentId: z.number().int().optional(),
  public: z.boolean().optional(),
  status: z.string().optional(),
  priority: nullableText,
  type: nullableText,
  assigneeId: z.number().int().nullable().optional(),
  tags: z.array(z.string()).optional(),
  customFields: fieldValues.optional(),
  attachments: z.array(attachment).optional(),
});
const editSchema = z.object({
  subject: z.string().optional(),
  status: z.string().optional(),
  priority: nullableText,
  type: nullableText,
  assigneeId: z.number().int().nullable().optional(),
  tags: z.array(z.string()).optional(),
  customFields: fieldValues.optional(),
  actorId: z.number().int().optional(),
});
const commentSchema = z.object({
  body: z.string().optional(),
  htmlBody: z.string().optional(),
  public: z.boolean().optional(),
  as: z.enum(['requester', 'agent']).optional(),
  authorId: z.number().int().optional(),
  attachments: z.array(attachment).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
const redactSchema = z.object({ text: z.string() });
const msBodySchema = z.object({ ms: z.number().nonnegative() });

function files(list: z.infer<typeof attachment>[] | undefined): ControlAttachment[] | undefined {
  return list?.map((a) => ({
    fileName: a.fileName,
    contentType: a.contentType,
    data: a.base64 !== undefined ? Buffer.from(a.base64, 'base64') : a.text,
    size: a.size,
    inline: a.inline,
  }));
}

function ticketParam(req: SimRequest): number {
  return positiveInt(req.params.id) ?? 0;
}

export function registerControlRoutes(router: Router, control: SimControl, state: ZendeskState): void {
  router.add('GET', '/__sim/credentials', 'anyone', () => ({
    status: 200,
    body: {
      subdomain: state.subdomain,
      apiBase: state.apiBase,
      attachmentBase: state.attachmentBase,
      credentials: state.credentials,
    },
  }));
  router.add('POST', '/__sim/tickets', 'anyone', (req) => {
    const input = parseJsonBody(req, createSchema);
    return {
      status: 201,
      body: { ticket: control.createTicket({ ...input, attachments: files(input.attachments) }) },
    };
  });
  router.add('GET', '/__sim/tickets/:id', 'anyone', (req) => {
    const ticket = control.ticket(ticketParam(req));
    return ticket
      ? { status: 200, body: { ticket, comments: control.comments(ticketParam(req)) } }
      : { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
  });
  router.add('PUT', '/__sim/tickets/:id', 'anyone', (req) => ({
    status: 200,
    body: { ticket: control.editTicket(ticketParam(req), parseJsonBody(req, editSchema)) },
  }));
  router.add('DELETE', '/__sim/tickets/:id', 'anyone', (req) => {
    control.deleteTicket(ticketParam(req));
    return { status: 204 };
  });
  router.add('POST', '/__sim/tickets/:id/comments', 'anyone', (req) => {
    const input = parseJsonBody(req, commentSchema);
    return {
      status: 201,
      body: {
        comment: control.addComment(ticketParam(req), { ...input, attachments: files(input.attachments) }),
      },
    };
  });
  router.add('PUT', '/__sim/tickets/:id/comments/:comment_id/redact', 'anyone', (req) => ({
    status: 200,
    body: {
      comment: control.redactComment(
        ticketParam(req),
        positiveInt(req.params.comment_id) ?? 0,
        parseJsonBody(req, redactSchema).text,
      ),
    },
  }));
  router.add('POST', '/__sim/clock/advance', 'anyone', (req) => ({
    status: 200,
    body: control.advanceClock(parseJsonBody(req, msBodySchema).ms),
  }));
  router.add('POST', '/__sim/search-lag', 'anyone', (req) => ({
    status: 200,
    body: control.setSearchLag(parseJsonBody(req, msBodySchema).ms),
  }));
  router.add('GET', '/__sim/jira-links', 'anyone', () => ({
    status: 200,
    body: { links: control.listJiraLinks() },
  }));
  router.add('POST', '/__sim/reset', 'anyone', () => {
    control.reset();
    return { status: 204 };
  });
}
