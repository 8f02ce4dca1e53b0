/**
 * Audits for seeded data. A seed stores tickets at their final state and their comments; each
 * comment was added by one update, so each becomes one audit holding its Comment event, and a
 * ticket's first comment's audit also carries the Create events of its subject and status. Later
 * field changes of seeded tickets have no audits (the seed gives the final values directly).
 */
import { commentEvent } from './auditEvents';
import type { SeedData } from './state';
import type { AuditRecord } from './types';

export function seedAudits(seed: Pick<SeedData, 'tickets' | 'comments'>): AuditRecord[] {
  const firstComment = new Map<number, number>();
  for (const t of seed.tickets) {
    const first = t.commentIds[0];
    if (first !== undefined) firstComment.set(first, t.id);
  }
  const subjects = new Map(seed.tickets.map((t) => [t.id, t.subject]));
  let eventId = 0;
  const audits = seed.comments.map((c): AuditRecord => {
    const events = [commentEvent(c)];
    if (firstComment.has(c.id)) {
      // Seeded event ids only need to be unique within the stream; they sit below the live range.
      events.push(
        { id: ++eventId, type: 'Create', field_name: 'subject', value: subjects.get(c.ticketId) ?? '' },
        { id: ++eventId, type: 'Create', field_name: 'status', value: 'new' },
      );
    }
    return {
      id: c.auditId,
      ticketId: c.ticketId,
      authorId: c.authorId,
      createdAt: c.createdAt,
      events,
      metadata: { system: c.metadata.system, custom: c.metadata.custom },
      via: c.via,
    };
  });
  return audits.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
}
