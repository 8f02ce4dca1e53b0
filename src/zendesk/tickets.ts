/**
 * Zendesk tickets: read one or many (with the `comment_count` sideload) and update one.
 * Setting fields to given values may be repeated safely, adding a comment may not, so only
 * comment-free updates (or ones with an Idempotency-Key) are retried.
 */
import {
  ticketResponseSchema,
  ticketsResponseSchema,
  updateTicketResponseSchema,
  type ZendeskTicket,
} from './schemas';
import { showMany } from './paging';
import type { RequestSpec, ZendeskTransport } from './transport';
import { idSegment } from './urls';

/**
 * Ticket reads ask for the `comment_count` sideload (no extra request): with updated_at it
 * tells a ticket the app itself last wrote from one that also got a comment in the same second.
 */
export const COMMENT_COUNT = 'comment_count';

export interface ZendeskTicketUpdate {
  subject?: string;
  status?: string;
  priority?: string | null;
  type?: string | null;
  assignee_id?: number | null;
  group_id?: number | null;
  due_at?: string | null;
  tags?: string[];
  custom_fields?: { id: number; value: unknown }[];
  external_id?: string | null;
  safe_update?: boolean;
  updated_stamp?: string;
  comment?: { body?: string; html_body?: string; public?: boolean; uploads?: string[]; author_id?: number };
}

export interface ZendeskTicketCalls {
  getTicket(id: number | string): Promise<ZendeskTicket>;
  getTickets(ids: readonly (number | string)[]): Promise<ZendeskTicket[]>;
  updateTicket(
    id: number | string,
    ticket: ZendeskTicketUpdate,
    options?: { idempotencyKey?: string },
  ): Promise<ZendeskTicket>;
  /**
   * For a paced client: seconds until a ticket update may be sent (pacing.ts), null when it may
   * go now. Nothing is spent; a work unit checks before it starts.
   */
  updateHold(): number | null;
}

export function ticketCalls(t: ZendeskTransport): ZendeskTicketCalls {
  return {
    async getTicket(id) {
      const path = `/api/v2/tickets/${idSegment(id, 'ticket')}.json`;
      return (await t.get(path, ticketResponseSchema, { include: COMMENT_COUNT })).ticket;
    },

    async getTickets(ids) {
      return showMany(ids, 'ticket', async (idsParam) => {
        const query = { ids: idsParam, include: COMMENT_COUNT };
        return (await t.get('/api/v2/tickets/show_many.json', ticketsResponseSchema, query)).tickets;
      });
    },

    async updateTicket(id, ticket, opts = {}) {
      const spec: RequestSpec = {
        method: 'PUT',
        path: `/api/v2/tickets/${idSegment(id, 'ticket')}.json`,
        json: { ticket },
        // Setting fields to given values can be repeated safely; adding a comment cannot.
        idempotent: ticket.comment === undefined,
      };
      if (opts.idempotencyKey !== undefined) spec.idempotencyKey = opts.idempotencyKey;
      return (await t.request(spec, updateTicketResponseSchema)).ticket;
    },

    updateHold() {
      return t.paced ? t.gauge.holdSeconds(['account', 'ticketUpdates'], Date.now(), false) : null;
    },
  };
}
