/**
 * Search index lag. Zendesk's search reads an index that is filled after a write commits:
 * "It can take up to a few minutes for new tickets, users, and other resources to be indexed
 * for search" [doc https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/].
 * With a lag set, search sees each ticket as it was `lagMs` of simulated time ago: a newer
 * ticket not at all, a changed one with its old values. Users and comment text are not lagged.
 * Off (0) by default so tests that do not study the lag stay simple.
 */
import type { TicketRecord } from './types';

interface Version {
  at: number;
  ticket: TicketRecord;
}

export class TicketSearchLag {
  private lag = 0;
  private readonly versions = new Map<number, Version[]>();

  get lagMs(): number {
    return this.lag;
  }

  /**
   * Sets the lag. Tickets that exist now are indexed as they are (a baseline version older
   * than any cutoff); 0 turns the lag off and forgets every version.
   */
  setLag(ms: number, tickets: Iterable<TicketRecord>): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`search lag must be ≥ 0 ms, got ${ms}`);
    this.lag = ms;
    this.rebase(tickets);
  }

  /** After a reseed: the seeded tickets are already indexed. */
  rebase(tickets: Iterable<TicketRecord>): void {
    this.versions.clear();
    if (this.lag === 0) return;
    for (const ticket of tickets) {
      this.versions.set(ticket.id, [{ at: Number.NEGATIVE_INFINITY, ticket: structuredClone(ticket) }]);
    }
  }

  /** Called after every write to a ticket (creation included), with the ticket as it now is. */
  record(ticket: TicketRecord, at: number): void {
    if (this.lag === 0) return;
    const list = this.versions.get(ticket.id) ?? [];
    list.push({ at, ticket: structuredClone(ticket) });
    this.versions.set(ticket.id, list);
  }

  /** The ticket as the index shows it at `now`; undefined while its creation is not indexed. */
  indexed(ticket: TicketRecord, now: number): TicketRecord | undefined {
    const list = this.versions.get(ticket.id);
    if (list === undefined) return ticket;
    const cutoff = now - this.lag;
    let newest = -1;
    for (const [i, version] of list.entries()) {
      if (version.at > cutoff) break;
      newest = i;
    }
    if (newest < 0) return undefined;
    // Versions older than the one in view can never be seen again.
    list.splice(0, newest);
    return list[0]?.ticket;
  }
}
