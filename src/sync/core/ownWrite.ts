/**
 * The app's own Zendesk writes, remembered so the Zendesk → Jira pass does not re-read a ticket
 * that changed only because the Jira → Zendesk handlers wrote to it (docs/sync-model.md
 * § Own writes).
 *
 * Zendesk's `updated_at` has whole seconds, so "updated_at equals the app's write" alone cannot
 * tell the app's write from a customer comment or an agent's edit in the same second. A ticket
 * is the app's echo only when, read after that second ended, it still has exactly the content
 * and the comment count the write left:
 *
 * - the write was a safe_update against a ticket state the pass had seen in full and settled
 *   (`fromZendesk.ticketUpdatedAt`, with its `comment_count` and status), so nothing happened
 *   between that state and the write — Zendesk answers 409 otherwise
 *   (https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#safe-update);
 * - the expected comment count is that state's count plus the comments the write added;
 *   anything written after it moves the count (a comment) or the content print (a field).
 *
 * A write against anything less (no settled state, an unknown count, a state the app itself
 * wrote) clears the memory, and the next pass compares in full as before.
 */
import type { ZendeskTicket } from '../../zendesk/schemas';
import { fingerprint, type LinkStateRecord } from './state';

/**
 * Zendesk's updated_at has whole seconds: a ticket read during the second of its last update
 * may change again without updated_at moving. Only a read made after that second ended proves
 * "same updated_at = nothing new". `observedAtMs` undefined: a read of the incremental export,
 * which never returns a ticket updated in the last minute.
 */
export function updateIsSettled(updatedAt: string, observedAtMs: number | undefined): boolean {
  if (observedAtMs === undefined) return true;
  const updated = Date.parse(updatedAt);
  return Number.isFinite(updated) && updated + 1000 <= observedAtMs;
}

/** The ticket's content as the sync reads it, without what every write or read moves. */
export function ticketPrint(ticket: ZendeskTicket): string {
  const { updated_at: _updated, comment_count: _count, url: _url, ...content } = ticket;
  return fingerprint(content);
}

/** The newest state of a link's ticket the sync knows, and whether it is a base for own writes. */
export interface KnownTicket {
  updatedAt: string;
  /** Null when the read that saw it carried no comment count. */
  commentCount: number | null;
  /** Null when the pass that saw it did not record the status. */
  status: string | null;
  /** Seen in full by a settled read: a write against it can be recognised as the app's own. */
  settled: boolean;
}

export function knownTicket(record: LinkStateRecord): KnownTicket | null {
  const from = record.fromZendesk;
  const own = record.toZendesk?.ownWrite;
  const last = record.toZendesk?.lastWrite;
  const seen = from.ticketUpdatedAt;
  const newer = (at: string): boolean => seen === undefined || Date.parse(at) > Date.parse(seen);
  if (own && newer(own.updatedAt)) {
    return { updatedAt: own.updatedAt, commentCount: own.commentCount, status: own.status, settled: false };
  }
  // A later write the app cannot call its echo still dates the ticket: the next write's stamp.
  if (last && newer(last.updatedAt)) {
    return { updatedAt: last.updatedAt, commentCount: null, status: last.status, settled: false };
  }
  if (seen === undefined) return null;
  return {
    updatedAt: seen,
    commentCount: from.commentCount ?? null,
    status: from.ticketStatus ?? null,
    settled: true,
  };
}

/** A ticket read `settled` (see updateIsSettled) that is exactly what the app's last write left. */
export function isOwnEcho(record: LinkStateRecord, ticket: ZendeskTicket, settled: boolean): boolean {
  const own = record.toZendesk?.ownWrite;
  return (
    settled &&
    own !== undefined &&
    own.updatedAt === ticket.updated_at &&
    ticket.comment_count === own.commentCount &&
    own.print === ticketPrint(ticket)
  );
}

/**
 * After a successful write made with safe_update against `base` that added `comments`
 * comments: remembered as the app's own when `base` allows it, otherwise forgotten; its
 * updated_at and status are kept either way as the next write's stamp (`lastWrite`).
 */
export function recordOwnWrite(
  record: LinkStateRecord,
  base: KnownTicket | null,
  ticket: ZendeskTicket,
  comments: number,
): void {
  const memory = (record.toZendesk ??= {});
  memory.lastWrite = { updatedAt: ticket.updated_at, status: ticket.status };
  if (base?.settled && base.commentCount !== null) {
    memory.ownWrite = {
      updatedAt: ticket.updated_at,
      commentCount: base.commentCount + comments,
      status: ticket.status,
      print: ticketPrint(ticket),
    };
  } else {
    delete memory.ownWrite;
  }
}

/** The pass saw the ticket in full at a settled `updated_at`: the base for later own writes. */
export function recordSeen(record: LinkStateRecord, ticket: ZendeskTicket): void {
  const from = record.fromZendesk;
  from.ticketUpdatedAt = ticket.updated_at;
  from.ticketStatus = ticket.status;
  if (ticket.comment_count === undefined) delete from.commentCount;
  else from.commentCount = ticket.comment_count;
}
