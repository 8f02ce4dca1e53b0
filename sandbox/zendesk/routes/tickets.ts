/**
 * Tickets and comments: show, show_many, create (with Idempotency-Key), update, comment list,
 * comment redaction and attachment metadata. Rules live in ticketsDomain.ts.
 */
import { z } from 'zod';
import { isoSeconds } from '../clock';
import type { SimContext } from '../context';
import { recordNotFound, tooManyRequests } from '../errors';
import { currentUser, idList, parseJsonBody, positiveInt, type SimRequest, type SimResponse } from '../http';
import { cursorPage, offsetPage, wantsCursor } from '../pagination';
import { ticketUpdateHeaders } from '../rateLimit';
import type { Router } from '../router';
import {
  attachmentJson,
  commentJson,
  ticketJson,
  ticketSideloads,
  userJson,
  wantsCommentCount,
} from '../serialize';
import {
  API_VIA,
  auditJson,
  createTicket,
  redactComment,
  updateTicket,
  type Actor,
  type TicketCreateInput,
} from '../ticketsDomain';
import type { CommentRecord, UserRecord } from '../types';

/** Zendesk ids arrive as numbers, but numeric strings are accepted too. */
const id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);

const commentSchema = z.looseObject({
  body: z.string().optional(),
  html_body: z.string().optional(),
  public: z.boolean().optional(),
  author_id: id.optional(),
  uploads: z.array(z.string()).optional(),
});

export const ticketInputSchema = z.looseObject({
  subject: z.string().optional(),
  status: z.string().optional(),
  priority: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  assignee_id: id.nullable().optional(),
  group_id: id.nullable().optional(),
  organization_id: id.nullable().optional(),
  requester_id: id.optional(),
  requester: z.looseObject({ name: z.string().optional(), email: z.string().email() }).optional(),
  tags: z.array(z.string()).optional(),
  custom_fields: z.array(z.looseObject({ id, value: z.unknown() })).optional(),
  external_id: z.string().nullable().optional(),
  due_at: z.string().nullable().optional(),
  comment: commentSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  safe_update: z.boolean().optional(),
  updated_stamp: z.string().optional(),
  via_followup_source_id: id.optional(),
});

const ticketBodySchema = z.object({ ticket: ticketInputSchema });
const redactSchema = z.object({ text: z.string() });

export type TicketInput = z.infer<typeof ticketInputSchema>;

export function toChanges(input: TicketInput): TicketCreateInput {
  return {
    subject: input.subject,
    status: input.status,
    priority: input.priority,
    type: input.type,
    assigneeId: input.assignee_id,
    groupId: input.group_id,
    organizationId: input.organization_id,
    requesterId: input.requester_id,
    requester: input.requester ? { name: input.requester.name, email: input.requester.email } : undefined,
    tags: input.tags,
    customFields: input.custom_fields?.map((f) => ({ id: f.id, value: f.value })),
    externalId: input.external_id,
    dueAt: input.due_at,
    comment: input.comment
      ? {
          body: input.comment.body,
          htmlBody: input.comment.html_body,
          public: input.comment.public,
          authorId: input.comment.author_id,
          uploads: input.comment.uploads,
        }
      : undefined,
    metadata: input.metadata,
    safeUpdate: input.safe_update,
    updatedStamp: input.updated_stamp,
    viaFollowupSourceId: input.via_followup_source_id,
  };
}

export function apiActor(req: SimRequest, user: UserRecord): Actor {
  const ua = req.headers['user-agent'];
  return { user, via: API_VIA, client: typeof ua === 'string' ? ua : 'Zendesk API client' };
}

export function requireUser(req: SimRequest): UserRecord {
  const user = currentUser(req);
  // The router only calls these handlers for authenticated users.
  if (!user) throw new Error('route reached without an authenticated user');
  return user;
}

export function registerTicketRoutes(router: Router, ctx: SimContext): void {
  const { state } = ctx;
  const auditOut = (a: Parameters<typeof auditJson>[1]) =>
    auditJson(state, a, isoSeconds, (att) => attachmentJson(state, att));

  router.add('GET', '/api/v2/tickets/show_many', 'agent', (req) => {
    const records = idList(req.query.get('ids'))
      .slice(0, 100)
      .map((i) => state.liveTicket(i))
      .filter((t) => t !== undefined);
    const commentCount = wantsCommentCount(req.query.get('include'));
    const tickets = records.map((t) => ticketJson(state, t, { commentCount }));
    return {
      status: 200,
      body: {
        tickets,
        ...ticketSideloads(state, records, req.query.get('include')),
        next_page: null,
        previous_page: null,
        count: tickets.length,
      },
    };
  });

  router.add('POST', '/api/v2/tickets', 'agent', async (req) => {
    const user = requireUser(req);
    const run = (): SimResponse => {
      const { ticket } = parseJsonBody(req, ticketBodySchema);
      const { ticket: created, audit } = createTicket(ctx, toChanges(ticket), apiActor(req, user));
      return {
        status: 201,
        headers: { location: `${state.apiBase}/api/v2/tickets/${created.id}.json` },
        body: { ticket: ticketJson(state, created), audit: auditOut(audit) },
      };
    };
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && key !== '') return ctx.idempotency.run(user.id, key, req.body, run);
    return run();
  });

  router.add('GET', '/api/v2/tickets/:id', 'agent', (req) => {
    const ticket = state.liveTicket(positiveInt(req.params.id) ?? 0);
    if (!ticket) return recordNotFound();
    return {
      status: 200,
      body: {
        ticket: ticketJson(state, ticket, { commentCount: wantsCommentCount(req.query.get('include')) }),
        ...ticketSideloads(state, [ticket], req.query.get('include')),
      },
    };
  });

  // Idempotency-Key is deliberately ignored here: Zendesk documents it for ticket creation only.
  router.add('PUT', '/api/v2/tickets/:id', 'agent', (req) => {
    const user = requireUser(req);
    const ticketId = positiveInt(req.params.id);
    if (ticketId === undefined || !state.liveTicket(ticketId)) return recordNotFound();
    const retryAfter = ctx.ticketUpdates.take(user.id, ticketId);
    const headers = ticketUpdateHeaders(ctx.ticketUpdates.perMinute.peek());
    if (retryAfter !== null) return tooManyRequests(retryAfter, headers);
    const { ticket: input } = parseJsonBody(req, ticketBodySchema);
    const { ticket, audit } = updateTicket(ctx, ticketId, toChanges(input), apiActor(req, user));
    return { status: 200, headers, body: { ticket: ticketJson(state, ticket), audit: auditOut(audit) } };
  });

  router.add('GET', '/api/v2/tickets/:id/comments', 'agent', (req) => {
    const ticket = state.liveTicket(positiveInt(req.params.id) ?? 0);
    if (!ticket) return recordNotFound();
    const includeInline = req.query.get('include_inline_images') === 'true';
    let comments = ticket.commentIds
      .map((cid) => state.comments.get(cid))
      .filter((c): c is CommentRecord => c !== undefined);
    const baseUrl = `${state.apiBase}/api/v2/tickets/${ticket.id}/comments.json`;
    const cursor = wantsCursor(req.query);
    const descending = cursor
      ? req.query.get('sort') === '-created_at'
      : req.query.get('sort_order') === 'desc';
    if (descending) comments = [...comments].reverse();
    const page = cursor
      ? cursorPage(comments, (c) => String(c.id), req.query, baseUrl)
      : offsetPage(comments, req.query, baseUrl);
    if (!page.ok) return page.response;
    const body: Record<string, unknown> = {
      comments: page.items.map((c) => commentJson(state, c, { includeInline })),
      ...page.extra,
    };
    if ((req.query.get('include') ?? '').split(',').includes('users')) {
      const ids = [...new Set(page.items.map((c) => c.authorId))];
      body.users = ids
        .map((uid) => state.users.get(uid))
        .filter((u) => u !== undefined)
        .map((u) => userJson(state, u));
    }
    return { status: 200, body };
  });

  router.add('PUT', '/api/v2/tickets/:ticket_id/comments/:id/redact', 'agent', (req) => {
    const { text } = parseJsonBody(req, redactSchema);
    const comment = redactComment(
      ctx,
      positiveInt(req.params.ticket_id) ?? 0,
      positiveInt(req.params.id) ?? 0,
      text,
    );
    return { status: 200, body: { comment: commentJson(state, comment) } };
  });

  router.add('GET', '/api/v2/attachments/:id', 'agent', (req) => {
    const att = state.attachments.get(positiveInt(req.params.id) ?? 0);
    return att ? { status: 200, body: { attachment: attachmentJson(state, att) } } : recordNotFound();
  });
}
