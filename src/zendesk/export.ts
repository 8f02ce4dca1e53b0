/**
 * The incremental ticket export the scheduled pass reads Zendesk's changes from: a start time
 * or the cursor the last page handed back (docs/contracts/zendesk-api.md § Incremental export).
 */
import { exportPageSchema, type ZendeskTicket } from './schemas';
import { COMMENT_COUNT } from './tickets';
import type { QueryValue, ZendeskTransport } from './transport';

export interface ExportPage {
  tickets: ZendeskTicket[];
  afterCursor: string | null;
  endOfStream: boolean;
}

export interface ZendeskExportCalls {
  exportTickets(
    from: { startTime: number } | { cursor: string },
    options?: { perPage?: number },
  ): Promise<ExportPage>;
}

export function exportCalls(t: ZendeskTransport): ZendeskExportCalls {
  return {
    async exportTickets(from, opts = {}) {
      const query: Record<string, QueryValue> =
        'cursor' in from ? { cursor: from.cursor } : { start_time: Math.floor(from.startTime) };
      query.include = COMMENT_COUNT;
      if (opts.perPage !== undefined) query.per_page = opts.perPage;
      const page = await t.get('/api/v2/incremental/tickets/cursor.json', exportPageSchema, query);
      return {
        tickets: page.tickets,
        afterCursor: page.after_cursor ?? null,
        endOfStream: page.end_of_stream,
      };
    },
  };
}
