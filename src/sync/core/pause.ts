/**
 * Pausing a Smart Connected Item (docs/sync-model.md § Pause): while paused, no sync path
 * writes to Jira or Zendesk for it, and nothing it would have done is lost —
 *
 * - Zendesk → Jira passes over a linked ticket become the link's durable work (a `toJira`
 *   mark, src/storage/work.ts); a ticket it would have auto-created an issue for is held;
 * - Jira events are recorded as `toZendesk` marks as always, and not delivered;
 * - the drain leaves the item's marks alone.
 *
 * Resume (src/sync/run/resume.ts) releases all of it.
 */
import type { SmartItem } from '../../domain/types';

export { holdTicketForItem as holdTicket } from '../../storage/heldTickets';

export function isPaused(item: Pick<SmartItem, 'paused'>): boolean {
  return item.paused !== undefined;
}
