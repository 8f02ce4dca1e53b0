/**
 * Ticket collection endpoints: list (with `external_id` lookup), tags, update_many, create_many
 * and job statuses. Registered before routes/tickets.ts so `tickets/update_many` is not taken for
 * a ticket id.
 *
 * - List Tickets (spec ListTickets, doc https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets):
 *   agents; offset paging by default (`sort_by` id|created_at|updated_at|status|subject,
 *   `sort_order`), cursor paging with `page[size]` (`sort` id|updated_at|created_at|status, `-` for
 *   descending); deleted tickets are left out; `external_id=` lists the tickets with that
 *   external id (several tickets may share one).
 * - Tags (spec ListResourceTags/SetTagsTicket/PutTagsTicket/DeleteTagsTicket): GET lists; POST
 *   replaces (201), PUT adds (200), DELETE removes (204). Each write is a ticket update with the
 *   same rules and audit as PUT tickets/{id} (a closed ticket → 422), honouring `safe_update` +
 *   `updated_stamp`.
 * - update_many (spec TicketsUpdateMany): `?ids=` with `{ticket: {...}}` (same change for every
 *   ticket) or `{tickets: [{id, ...}]}`; create_many (spec TicketsCreateMany): `{tickets: [...]}`.
 *   At most 100 tickets a request ("up to 100", both doc pages); more → 400 [unverified body].
 *   Both answer 200 `{job_status}` at once; the work runs in the background (jobs.ts).
 */
import { z } from 'zod';
import type { SimContext } from '../context';
import { NotFoundError, RecordInvalidError, recordNotFound, simpleError } from '../errors';
import { idList, parseJsonBody, positiveInt, type SimRequest, type SimResponse } from '../http';
import type { JobResult } from '../jobs';
import { cursorPage, offsetPage, wantsCursor } from '../pagination';
import type { Router } from '../router';
import { ticketJson, ticketSideloads } from '../serialize';
import { createTicket, UpdateConflictError, updateTicket } from '../ticketsDomain';
import type { TicketRecord } from '../types';
import { apiActor, requireUser, ticketInputSchema, toChanges } from './tickets';

export const BULK_MAX = 100;

const tagsBodySchema = z.looseObject({
  tags: z.array(z.string()),
  safe_update: z.boolean().optional(),
  updated_stamp: z.string().optional(),
});
const updateManySchema = z.union([
  z.object({ ticket: ticketInputSchema }),
  z.object({ tickets: z.array(ticketInputSchema.extend({ id: z.number().int().positive() })) }),
]);
const createManySchema = z.object({ tickets: z.array(ticketInputSchema) });

type SortKey = 'id' | 'created_at' | 'updated_at' | 'status' | 'subject';
const SORTS: Record<SortKey, (t: TicketRecord) => number | string> = {
  id: (t) => t.id,
  created_at: (t) => t.createdAt,
  updated_at: (t) => t.updatedAt,
  status: (t) => t.status,
  subject: (t) => t.subject.toLowerCase(),
};

function sorted(tickets: TicketRecord[], key: string, descending: boolean): TicketRecord[] | undefined {
  const by = SORTS[key as SortKey] as ((t: TicketRecord) => number | string) | undefined;
  if (!by) return undefined;
  const out = [...tickets].sort((a, b) => {
    const x = by(a);
    const y = by(b);
    return (x < y ? -1 : x > y ? 1 : 0) || a.id - b.id;
  });
  return descending ? out.reverse() : out;
}

function tooMany(): SimResponse {
  return simpleError(400, 'TooManyValues', `You can pass up to ${BULK_MAX} tickets`); // [unverified text]
}

/** A failed step of a bulk job: the refusal the single-ticket endpoint would have given. */
function failure(index: number, id: number | undefined, e: unknown): JobResult {
  if (e instanceof RecordInvalidError)
    return { index, id, success: false, error: 'TicketUpdateFailed', details: e.message };
  if (e instanceof NotFoundError)
    return { index, id, success: false, error: 'TicketNotFound', details: 'Not found' };
  if (e instanceof UpdateConflictError)
    return { index, id, success: false, error: 'UpdateConflict', details: e.message };
  throw e;
}

export function registerTicketBulkRoutes(router: Router, ctx: SimContext): void {
  const { state } = ctx;

  router.add('GET', '/api/v2/tickets', 'agent', (req) => {
    const externalId = req.query.get('external_id');
    const live = [...state.tickets.values()].filter(
      (t) => !t.deleted && (externalId === null || t.externalId === externalId),
    );
    const url = `${state.apiBase}/api/v2/tickets.json`;
    const cursor = wantsCursor(req.query);
    const sortRaw = cursor ? (req.query.get('sort') ?? 'id') : (req.query.get('sort_by') ?? 'id');
    const descending = cursor ? sortRaw.startsWith('-') : req.query.get('sort_order') === 'desc';
    const list = sorted(live, sortRaw.replace(/^-/, ''), descending);
    if (!list) return simpleError(400, 'InvalidValue', `Invalid sort: ${sortRaw}`); // [unverified text]
    const page = cursor
      ? cursorPage(list, (t) => String(t.id), req.query, url)
      : offsetPage(list, req.query, url);
    if (!page.ok) return page.response;
    return {
      status: 200,
      body: {
        tickets: page.items.map((t) => ticketJson(state, t)),
        ...ticketSideloads(state, page.items, req.query.get('include')),
        ...page.extra,
      },
    };
  });

  const tagWrite = (req: SimRequest, change: (current: string[], given: string[]) => string[]) => {
    const user = requireUser(req);
    const ticket = state.liveTicket(positiveInt(req.params.id) ?? 0);
    if (!ticket) throw new NotFoundError(`ticket ${req.params.id}`);
    const body = parseJsonBody(req, tagsBodySchema);
    const { ticket: updated } = updateTicket(
      ctx,
      ticket.id,
      {
        tags: change(ticket.tags, body.tags),
        safeUpdate: body.safe_update,
        updatedStamp: body.updated_stamp,
      },
      apiActor(req, user),
    );
    return [...updated.tags];
  };

  router.add('GET', '/api/v2/tickets/:id/tags', 'agent', (req) => {
    const ticket = state.liveTicket(positiveInt(req.params.id) ?? 0);
    return ticket ? { status: 200, body: { tags: [...ticket.tags] } } : recordNotFound();
  });
  router.add('POST', '/api/v2/tickets/:id/tags', 'agent', (req) => ({
    status: 201,
    body: { tags: tagWrite(req, (_, given) => given) },
  }));
  router.add('PUT', '/api/v2/tickets/:id/tags', 'agent', (req) => ({
    status: 200,
    body: { tags: tagWrite(req, (current, given) => [...current, ...given]) },
  }));
  router.add('DELETE', '/api/v2/tickets/:id/tags', 'agent', (req) => {
    tagWrite(req, (current, given) => current.filter((t) => !given.includes(t)));
    return { status: 204 };
  });

  router.add('PUT', '/api/v2/tickets/update_many', 'agent', (req) => {
    const user = requireUser(req);
    const body = parseJsonBody(req, updateManySchema);
    const items =
      'ticket' in body
        ? idList(req.query.get('ids')).map((id) => ({ id, input: body.ticket }))
        : body.tickets.map(({ id, ...input }) => ({ id, input }));
    if (items.length === 0) return simpleError(400, 'InvalidValue', 'No tickets to update'); // [unverified text]
    if (items.length > BULK_MAX) return tooMany();
    const actor = apiActor(req, user);
    const steps = items.map(({ id, input }, index) => (): JobResult => {
      try {
        updateTicket(ctx, id, toChanges(input), actor);
        return { id, action: 'update', success: true, status: 'Updated' };
      } catch (e) {
        return failure(index, id, e);
      }
    });
    return { status: 200, body: { job_status: ctx.jobs.enqueue('bulk_update', steps) } };
  });

  router.add('POST', '/api/v2/tickets/create_many', 'agent', (req) => {
    const user = requireUser(req);
    const { tickets } = parseJsonBody(req, createManySchema);
    if (tickets.length === 0) return simpleError(400, 'InvalidValue', 'No tickets to create'); // [unverified text]
    if (tickets.length > BULK_MAX) return tooMany();
    const actor = apiActor(req, user);
    const steps = tickets.map((input, index) => (): JobResult => {
      try {
        return { index, id: createTicket(ctx, toChanges(input), actor).ticket.id };
      } catch (e) {
        return failure(index, undefined, e);
      }
    });
    return { status: 200, body: { job_status: ctx.jobs.enqueue('bulk_create', steps) } };
  });

  router.add('GET', '/api/v2/job_statuses/:id', 'agent', (req) => {
    const job = ctx.jobs.find(req.params.id ?? '');
    return job ? { status: 200, body: { job_status: job } } : recordNotFound();
  });
}
