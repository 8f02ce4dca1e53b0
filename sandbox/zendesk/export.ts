/**
 * Incremental ticket export, cursor based: GET /api/v2/incremental/tickets/cursor.json
 * (spec IncrementalTicketExportCursor; doc
 * https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api).
 *
 * - Admins only. First call takes `start_time` (unix seconds), later calls only `cursor`.
 * - `start_time` must be at least one minute old and nothing from the last minute is returned.
 *   A too recent start_time is refused with 422 {"error":"InvalidValue","description":"Too recent
 *   start_time. Use a start_time older than …"} [3p: treasure-data/embulk-input-zendesk and other
 *   clients match on "Too recent start_time" with status 422; they quote "5 minutes" from the old
 *   limit, the current docs say one minute].
 * - Tickets come in order of their last change (generated_timestamp, then id), so a ticket
 *   changed after it was exported appears again later; each appears at its latest state.
 * - Page size 1000 by default; `per_page` is accepted [unverified]
 *   (docs/contracts/zendesk-api.md § Incremental export).
 * - Response keys after_cursor/after_url/before_cursor/before_url/end_of_stream (spec
 *   CursorBasedExportIncrementalTicketsResponse). The cursor is base64 of "{seconds}.0||{id}|",
 *   the form of the spec example "MTU3NjYxMzUzOS4wfHw0Njd8".
 * - `exclude_deleted=true` leaves out deleted tickets; otherwise they appear with status "deleted".
 * - `include=users,groups,organizations` side-loads related records (not `last_audits`, per the spec);
 *   `include=comment_count` puts each ticket's comment count on the ticket object.
 */
import type { SimClock } from './clock';
import { simpleError } from './errors';
import type { SimResponse } from './http';
import { ticketJson, ticketSideloads, wantsCommentCount } from './serialize';
import type { ZendeskState } from './state';
import { isTimePage, startTime, timePage } from './timeExport';
import type { TicketRecord } from './types';

export const EXPORT_PATH = '/api/v2/incremental/tickets/cursor';
export const DEFAULT_EXPORT_PAGE = 1000;

interface Position {
  seconds: number;
  id: number;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(`${p.seconds}.0||${p.id}|`, 'utf8').toString('base64');
}

export function decodeCursor(cursor: string): Position | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const m = /^(\d+)\.0\|\|(\d+)\|$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  return { seconds: Number(m[1]), id: Number(m[2]) };
}

function after(t: TicketRecord, p: Position): boolean {
  const s = Math.floor(t.generatedAt / 1000);
  return s > p.seconds || (s === p.seconds && t.id > p.id);
}

export function exportTickets(state: ZendeskState, clock: SimClock, query: URLSearchParams): SimResponse {
  const nowSeconds = Math.floor(clock.now() / 1000);
  const cutoff = nowSeconds - 60;
  const cursorParam = query.get('cursor');
  let position: Position;
  if (cursorParam) {
    const decoded = decodeCursor(cursorParam);
    if (!decoded) return simpleError(422, 'InvalidValue', 'Invalid cursor'); // [unverified text]
    position = decoded;
  } else {
    const start = startTime(query, clock);
    if (typeof start !== 'number') return start;
    // Position just before `start`, so tickets changed at exactly start_time are included.
    position = { seconds: start - 1, id: Number.MAX_SAFE_INTEGER };
  }
  const perPageRaw = query.get('per_page');
  const perPage =
    perPageRaw && /^\d+$/.test(perPageRaw)
      ? Math.min(Math.max(Number(perPageRaw), 1), 1000)
      : DEFAULT_EXPORT_PAGE;
  const excludeDeleted = query.get('exclude_deleted') === 'true';

  const ordered = state.ticketsInExportOrder();
  // Binary search for the first ticket after the cursor; the list is sorted by (second, id).
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = ordered[mid];
    if (t && !after(t, position)) lo = mid + 1;
    else hi = mid;
  }
  const page: TicketRecord[] = [];
  let more = false;
  for (let i = lo; i < ordered.length; i++) {
    const t = ordered[i];
    if (!t || Math.floor(t.generatedAt / 1000) > cutoff) break;
    if (excludeDeleted && t.deleted) continue;
    if (page.length === perPage) {
      more = true;
      break;
    }
    page.push(t);
  }
  const last = page[page.length - 1];
  const first = page[0];
  const afterPosition = last ? { seconds: Math.floor(last.generatedAt / 1000), id: last.id } : position;
  const afterCursor = encodeCursor(afterPosition);
  const beforeCursor = first
    ? encodeCursor({ seconds: Math.floor(first.generatedAt / 1000), id: first.id })
    : null;
  const url = (c: string) => `${state.apiBase}${EXPORT_PATH}.json?cursor=${encodeURIComponent(c)}`;
  return {
    status: 200,
    body: {
      tickets: page.map((t) =>
        ticketJson(state, t, { exported: true, commentCount: wantsCommentCount(query.get('include')) }),
      ),
      ...ticketSideloads(state, page, query.get('include')),
      after_url: url(afterCursor),
      after_cursor: afterCursor,
      before_url: beforeCursor ? url(beforeCursor) : null,
      before_cursor: beforeCursor,
      end_of_stream: !more,
    },
  };
}

export const TIME_EXPORT_PATH = '/api/v2/incremental/tickets';

/**
 * Incremental Ticket Export, Time Based: GET /api/v2/incremental/tickets?start_time= (spec
 * IncrementalTicketExportTime, response TimeBasedExportIncrementalTicketsResponse). Same order
 * and ticket JSON as the cursor export; paging by time (timeExport.ts).
 */
export function exportTicketsByTime(
  state: ZendeskState,
  clock: SimClock,
  query: URLSearchParams,
): SimResponse {
  const excludeDeleted = query.get('exclude_deleted') === 'true';
  const page = timePage(
    state.ticketsInExportOrder(),
    (t) => Math.floor(t.generatedAt / 1000),
    clock,
    query,
    `${state.apiBase}${TIME_EXPORT_PATH}.json`,
  );
  if (!isTimePage(page)) return page;
  const tickets = excludeDeleted ? page.items.filter((t) => !t.deleted) : page.items;
  return {
    status: 200,
    body: {
      tickets: tickets.map((t) => ticketJson(state, t, { exported: true })),
      ...ticketSideloads(state, tickets, query.get('include')),
      next_page: page.nextPage,
      count: tickets.length,
      end_of_stream: page.endOfStream,
      end_time: page.endTime,
    },
  };
}
