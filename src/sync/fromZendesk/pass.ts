/**
 * The Zendesk → Jira pass (docs/sync-model.md): the entry points the scheduler, the queue
 * consumer, the drain and the panel import. The pass for one link is linkPass.ts; its writer
 * (lease, durable work, failures) writer.ts; one changed ticket across its links ticketPass.ts.
 */
export { RunStop, TicketFailed } from '../core/passErrors';
export {
  syncLinkFromZendesk,
  type LinkPass,
  type LinkPassOptions,
  type LinkPassResult,
  type PrefetchedIssue,
} from './linkPass';
export { syncTicketFromZendesk, type TicketResult } from './ticketPass';
export { deferLinkPass, leasedLinkPass, passUnderLease, recordLinkFailure, ticketWorkSource } from './writer';
