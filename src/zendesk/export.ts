/**
 * The incremental exports the scheduled pass reads Zendesk's changes from: the cursor ticket
 * export (a start time, or the cursor the last page handed back;
 * docs/contracts/zendesk-api.md § Incremental export) and the ticket event export with its
 * comment events (§ Ticket event export).
 *
 * The client remembers what its ticket exports returned (export provenance): which answer
 * returned each ticket object, the newest change among them, and the people they side-loaded.
 * A ticket an export returned changed at least a minute before that answer, which the comment
 * feed builds on.
 */
import {
  exportPageSchema,
  ticketEventsPageSchema,
  type ZendeskTicket,
  type ZendeskTicketEvent,
  type ZendeskUser,
} from './schemas';
import { COMMENT_COUNT } from './tickets';
import type { QueryValue, ZendeskTransport } from './transport';

export interface ExportPage {
  tickets: ZendeskTicket[];
  afterCursor: string | null;
  endOfStream: boolean;
}

export interface TicketEventsPage {
  events: ZendeskTicketEvent[];
  /** The page's `end_time` (unix s): the next page's `start_time`; null when Zendesk sent none. */
  endTime: number | null;
  endOfStream: boolean;
}

/** What this client's ticket exports have returned so far (export provenance). */
export interface ExportProgress {
  /** Export answers received. */
  answers: number;
  /** The newest `updated_at` (unix s) among their tickets, a Zendesk time already passed. */
  newestSeconds: number | null;
  /** An answer said `end_of_stream`: every change before about a minute ago has been exported. */
  reachedEnd: boolean;
}

export interface ZendeskExportCalls {
  exportTickets(
    from: { startTime: number } | { cursor: string },
    options?: { perPage?: number },
  ): Promise<ExportPage>;
  /**
   * One page of the Incremental Ticket Event Export from `startTime` (unix s) with the
   * `comment_events` side-load (docs/contracts/zendesk-api.md § Ticket event export).
   */
  exportTicketEvents(startTime: number, options?: { perPage?: number }): Promise<TicketEventsPage>;
  /** Which export answer of this client (1, 2, …) returned this very ticket object; undefined for other reads. */
  exportedIn(ticket: ZendeskTicket): number | undefined;
  exportProgress(): ExportProgress;
  /** A user an export side-loaded (the tickets' people), when this client has seen one. */
  sideloadedUser(id: number): ZendeskUser | undefined;
}

export function exportCalls(t: ZendeskTransport): ZendeskExportCalls {
  const exported = new WeakMap<ZendeskTicket, number>();
  const progress: ExportProgress = { answers: 0, newestSeconds: null, reachedEnd: false };
  const sideloaded = new Map<number, ZendeskUser>();

  return {
    async exportTickets(from, opts = {}) {
      const query: Record<string, QueryValue> =
        'cursor' in from ? { cursor: from.cursor } : { start_time: Math.floor(from.startTime) };
      // The tickets' people come along (no extra request): comment authors are mostly among them.
      query.include = `${COMMENT_COUNT},users`;
      if (opts.perPage !== undefined) query.per_page = opts.perPage;
      const page = await t.get('/api/v2/incremental/tickets/cursor.json', exportPageSchema, query);
      for (const u of page.users ?? []) sideloaded.set(u.id, u);
      progress.answers += 1;
      for (const ticket of page.tickets) {
        exported.set(ticket, progress.answers);
        const seconds = Math.floor(Date.parse(ticket.updated_at) / 1000);
        if (Number.isFinite(seconds))
          progress.newestSeconds = Math.max(progress.newestSeconds ?? seconds, seconds);
      }
      if (page.end_of_stream) progress.reachedEnd = true;
      return {
        tickets: page.tickets,
        afterCursor: page.after_cursor ?? null,
        endOfStream: page.end_of_stream,
      };
    },

    async exportTicketEvents(startTime, opts = {}) {
      const page = await t.get('/api/v2/incremental/ticket_events.json', ticketEventsPageSchema, {
        start_time: Math.floor(startTime),
        include: 'comment_events',
        per_page: opts.perPage,
      });
      return { events: page.ticket_events, endTime: page.end_time ?? null, endOfStream: page.end_of_stream };
    },

    exportedIn(ticket) {
      return exported.get(ticket);
    },

    exportProgress() {
      return { ...progress };
    },

    sideloadedUser(id) {
      return sideloaded.get(id);
    },
  };
}
