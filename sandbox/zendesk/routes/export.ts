/**
 * The incremental export route: admins only, with its own 10-per-minute budget on top of the
 * account limit (docs/contracts/zendesk-api.md § Rate limits). Over budget → 429 with Retry-After.
 */
import type { SimContext } from '../context';
import { tooManyRequests } from '../errors';
import { EXPORT_PATH, exportTickets } from '../export';
import { exportHeaders } from '../ratelimit';
import type { Router } from '../router';

export function registerExportRoutes(router: Router, ctx: SimContext): void {
  router.add('GET', EXPORT_PATH, 'admin', (req) => {
    const decision = ctx.exportLimiter.take();
    if (!decision.allowed) return tooManyRequests(decision.resetSeconds, exportHeaders(decision));
    const response = exportTickets(ctx.state, ctx.clock, req.query);
    return { ...response, headers: { ...response.headers, ...exportHeaders(decision) } };
  });
}
