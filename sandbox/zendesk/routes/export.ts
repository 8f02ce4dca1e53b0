/**
 * The incremental export routes (tickets by cursor and by time, ticket events): admins only, with
 * their shared 10-per-minute budget on top of the account limit ("Incremental exports … 10
 * requests per minute", https://developer.zendesk.com/api-reference/introduction/rate-limits/).
 * Over budget → 429 with Retry-After.
 */
import type { SimContext } from '../context';
import { tooManyRequests } from '../errors';
import { EXPORT_PATH, TIME_EXPORT_PATH, exportTickets, exportTicketsByTime } from '../export';
import type { SimResponse } from '../http';
import { exportHeaders } from '../rateLimit';
import type { Router } from '../router';
import { TICKET_EVENTS_PATH, exportTicketEvents } from '../ticketEvents';

export function registerExportRoutes(router: Router, ctx: SimContext): void {
  const limited = (run: (query: URLSearchParams) => SimResponse) => (req: { query: URLSearchParams }) => {
    const decision = ctx.exportLimiter.take();
    if (!decision.allowed) return tooManyRequests(decision.resetSeconds, exportHeaders(decision));
    const response = run(req.query);
    return { ...response, headers: { ...response.headers, ...exportHeaders(decision) } };
  };
  router.add(
    'GET',
    EXPORT_PATH,
    'admin',
    limited((q) => exportTickets(ctx.state, ctx.clock, q)),
  );
  router.add(
    'GET',
    TIME_EXPORT_PATH,
    'admin',
    limited((q) => exportTicketsByTime(ctx.state, ctx.clock, q)),
  );
  router.add(
    'GET',
    TICKET_EVENTS_PATH,
    'admin',
    limited((q) => exportTicketEvents(ctx.state, ctx.clock, q)),
  );
}
