/** What route handlers share: the account data, time, search, idempotency and export budget. */
import type { SimClock } from './clock';
import type { IdempotencyStore } from './idempotency';
import type { JobQueue } from './jobs';
import type { MinuteLimiter, TicketUpdateLimiter } from './rateLimit';
import type { SearchEngine } from './search';
import type { ZendeskState } from './state';

export interface SimContext {
  state: ZendeskState;
  clock: SimClock;
  search: SearchEngine;
  idempotency: IdempotencyStore;
  exportLimiter: MinuteLimiter;
  ticketUpdates: TicketUpdateLimiter;
  jobs: JobQueue;
}
