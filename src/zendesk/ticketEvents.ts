/**
 * The comments in a page of the Incremental Ticket Event Export read with the `comment_events`
 * side-load (docs/contracts/zendesk-api.md § Ticket event export): each ticket update is one
 * event, and every comment the update added is one of its child events, the comment itself.
 *
 * Only what can be read for certain is reported as a comment. A child event of type `Comment`
 * that does not parse as a comment, or a child event of another comment-like type (voice,
 * social, chat transcripts: the audit events reference lists several, and "events may be added
 * at any time"), marks its ticket unreadable here: its comments are then read from the comment
 * listing instead.
 */
import { commentSchema, type ZendeskComment, type ZendeskTicketEvent } from './schemas';

/** What one event page says about one ticket's comments. */
export interface TicketComments {
  /** The comments the updates added, by id (boundary duplicates collapse). */
  comments: Map<number, ZendeskComment>;
  /** Unix seconds of each of those updates, by comment id. */
  seconds: Map<number, number>;
  /** A child event looked like a comment but could not be read as one. */
  unreadable: boolean;
}

/** Child event types that are not comments although their names mention one. */
const NOT_COMMENTS = new Set(['CommentPrivacyChange', 'CommentRedactionEvent', 'AttachmentRedactionEvent']);
const COMMENT_LIKE = /comment|chat|voice|tweet|facebook|transcript|message/i;

function childType(child: Record<string, unknown>): string {
  const t = child.type ?? child.event_type;
  return typeof t === 'string' ? t : '';
}

/** Unix seconds of an event: its `timestamp`, else its `created_at`. */
export function eventSeconds(event: ZendeskTicketEvent): number | null {
  if (typeof event.timestamp === 'number') return event.timestamp;
  const ms = Date.parse(event.created_at);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** Adds the comments of `events` to `into`, by ticket id. */
export function collectComments(
  events: readonly ZendeskTicketEvent[],
  into: Map<number, TicketComments>,
): void {
  for (const event of events) {
    const seconds = eventSeconds(event);
    let entry = into.get(event.ticket_id);
    for (const child of event.child_events) {
      const type = childType(child);
      if (type !== 'Comment' && (NOT_COMMENTS.has(type) || !COMMENT_LIKE.test(type))) continue;
      if (!entry) {
        entry = { comments: new Map(), seconds: new Map(), unreadable: false };
        into.set(event.ticket_id, entry);
      }
      const parsed = type === 'Comment' ? commentSchema.safeParse(child) : null;
      // Without the side-load a comment is only `comment_present`: no body to copy.
      if (
        !parsed?.success ||
        seconds === null ||
        (parsed.data.body == null && parsed.data.html_body == null)
      ) {
        entry.unreadable = true;
        continue;
      }
      entry.comments.set(parsed.data.id, parsed.data);
      entry.seconds.set(parsed.data.id, seconds);
    }
  }
}
