/**
 * Every Jira → Zendesk ticket write goes through here: a `safe_update` against the newest
 * ticket state the link's memory knows, so the handlers need not read the ticket first
 * (docs/sync-model.md § Jira → Zendesk, Writes without reading).
 *
 * Zendesk applies an update with `"safe_update": true, "updated_stamp": <updated_at>` only when
 * the ticket's updated_at still is that stamp, and answers 409 Conflict otherwise
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#safe-update,
 * "Protecting against ticket update collisions" in the Tickets API). A 409 is the one case in
 * which a handler reads the ticket. A successful write is remembered as the app's own
 * (core/ownWrite.ts), so the next scheduled pass does not re-read it.
 */
import { ZendeskApiError } from '../../zendesk/errors';
import type { ZendeskTicketUpdate } from '../../zendesk/client';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { knownTicket, recordOwnWrite, type KnownTicket } from '../core/ownWrite';
import type { LinkState } from '../core/state';
import type { EventEnv } from './env';

/** Zendesk's answer when the ticket changed since the stamp the write carried. */
export function isUpdateConflict(error: unknown): error is ZendeskApiError {
  return error instanceof ZendeskApiError && error.status === 409;
}

/** The base a write is made against: the ticket just read, or the newest state the memory knows. */
export function writeBase(state: LinkState, fresh: ZendeskTicket | null): KnownTicket | null {
  if (!fresh) return knownTicket(state.record);
  return {
    updatedAt: fresh.updated_at,
    commentCount: fresh.comment_count ?? null,
    status: fresh.status,
    // A ticket a handler just read may still change within its second (core/ownWrite.ts).
    settled: false,
  };
}

/**
 * One ticket update against `base` (no stamp when nothing is known: a plain update). Throws the
 * 409 as is (isUpdateConflict); on success records the write in the link memory (saved by the
 * caller's next state save).
 */
export async function updateAgainst(
  env: EventEnv,
  state: LinkState,
  write: {
    ticketId: string;
    update: ZendeskTicketUpdate;
    base: KnownTicket | null;
    /** Comments the update adds (0 for a field or status write). */
    comments?: number;
  },
): Promise<ZendeskTicket> {
  const { ticketId, update, base, comments = 0 } = write;
  const body: ZendeskTicketUpdate = base
    ? { ...update, safe_update: true, updated_stamp: base.updatedAt }
    : update;
  const ticket = await env.ctx.zendesk.updateTicket(ticketId, body);
  recordOwnWrite(state.record, base, ticket, comments);
  return ticket;
}

/**
 * A comment (or a note with files) added against the known state. A 409 only says someone else
 * changed the ticket meanwhile; a comment cannot clobber anything, so it is sent again without
 * a stamp — and the write is then not the app's own echo (the next pass looks at the ticket).
 */
export async function addComment(
  env: EventEnv,
  state: LinkState,
  add: { ticketId: string; comment: NonNullable<ZendeskTicketUpdate['comment']> },
): Promise<ZendeskTicket> {
  const write = { ticketId: add.ticketId, update: { comment: add.comment }, comments: 1 };
  try {
    return await updateAgainst(env, state, { ...write, base: writeBase(state, null) });
  } catch (error) {
    if (!isUpdateConflict(error)) throw error;
    return updateAgainst(env, state, { ...write, base: null });
  }
}
