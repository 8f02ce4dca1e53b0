/**
 * Reading comments out of ticket event pages (src/zendesk/ticketEvents.ts): what is a comment,
 * what makes a ticket's comments unreadable there (so its pass lists them instead), and how a
 * comment repeated on the next page collapses.
 */
import { describe, expect, it } from 'vitest';
import type { ZendeskTicketEvent } from '../../src/zendesk/schemas';
import { collectComments, type TicketComments } from '../../src/zendesk/ticketEvents';

const comment = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'Comment',
  event_type: 'Comment',
  author_id: 7,
  body: `Comment ${id}`,
  html_body: `<p>Comment ${id}</p>`,
  public: true,
  attachments: [],
  audit_id: 900 + id,
  created_at: '2026-12-01T10:00:00Z',
  ...extra,
});

const event = (
  ticketId: number,
  timestamp: number,
  children: Record<string, unknown>[],
): ZendeskTicketEvent => ({
  id: ticketId * 1000 + timestamp,
  ticket_id: ticketId,
  timestamp,
  created_at: new Date(timestamp * 1000).toISOString(),
  child_events: children,
});

function collect(...pages: ZendeskTicketEvent[][]): Map<number, TicketComments> {
  const out = new Map<number, TicketComments>();
  for (const page of pages) collectComments(page, out);
  return out;
}

describe('comments in ticket event pages', () => {
  it('collects each comment once with its second, whatever page repeats it', () => {
    const boundary = event(1, 100, [comment(11)]);
    const out = collect([event(1, 99, [comment(10)]), boundary], [boundary, event(1, 101, [comment(12)])]);
    const one = out.get(1);
    expect([...(one?.comments.keys() ?? [])]).toEqual([10, 11, 12]);
    expect(one?.seconds.get(11)).toBe(100);
    expect(one?.unreadable).toBe(false);
  });

  it('ignores field changes and comment privacy or redaction events', () => {
    const out = collect([
      event(2, 100, [
        { id: 1, event_type: 'Change', field_name: 'status', value: 'open' },
        { id: 2, type: 'CommentPrivacyChange', comment_id: 5 },
        { id: 3, type: 'CommentRedactionEvent', comment_id: 5 },
      ]),
    ]);
    expect(out.has(2)).toBe(false);
  });

  it('marks a ticket unreadable for a comment without the side-load, or a comment type it cannot read', () => {
    const out = collect([
      event(3, 100, [{ id: 30, event_type: 'Comment', comment_present: true, comment_public: true }]),
      event(4, 100, [{ id: 40, type: 'VoiceComment', data: {} }]),
      event(5, 100, [comment(50, { public: 'yes' })]),
      event(6, 100, [comment(60)]),
    ]);
    expect(out.get(3)?.unreadable).toBe(true);
    expect(out.get(4)?.unreadable).toBe(true);
    expect(out.get(5)?.unreadable).toBe(true);
    expect(out.get(6)?.unreadable).toBe(false);
  });
});
