/**
 * A stored record of window comments: what a scheduled run's ticket event window saw on tickets
 * it did not pass, kept for the invocation that will (a queue batch: handoff.ts; a later run:
 * carry.ts). Both use the same proof, carried in the record: for a link whose
 * `commentsBefore` is at least `from`, a ticket's entry holds every comment the link may lack
 * that was created before `end`.
 */
import { z } from 'zod';
import { commentSchema, userSchema, type ZendeskComment, type ZendeskUser } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';

/**
 * A record's size at most (UTF-8 bytes): Forge KVS values are at most 240 KiB, and a comment
 * in another script takes up to three bytes a character.
 */
export const RECORD_MAX_BYTES = 200_000;
/** One ticket's comments at most: a ticket whose comments do not fit lists. */
export const TICKET_MAX_BYTES = 50_000;

export const windowRecordSchema = z.object({
  v: z.literal(1),
  /** The Zendesk account of the ticket ids. */
  subdomain: z.string(),
  /** The least `commentsBefore` of a link for which the entry holds every comment it may lack. */
  from: z.number().int(),
  /** Every comment created before this second (unix s) that a link may lack is in the entries. */
  end: z.number().int(),
  /** Ticket id → its window comments, oldest first (empty: none in the window). */
  tickets: z.record(z.string(), z.array(commentSchema)),
  /** The authors the export side-loaded, so the reader looks none up. */
  users: z.array(userSchema),
});
export type WindowRecord = z.infer<typeof windowRecordSchema>;

export const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The users a record may name without a lookup: those the export side-loaded or the cache keeps. */
export function knownUser(ctx: SyncContext): (id: number) => ZendeskUser | undefined {
  return (id) => ctx.caches.users.get(id) ?? ctx.zendesk.sideloadedUser(id);
}

/** A record's authors join the invocation's user cache (ones already there are kept). */
export function rememberUsers(ctx: SyncContext, users: readonly ZendeskUser[]): void {
  for (const u of users) if (!ctx.caches.users.has(u.id)) ctx.caches.users.set(u.id, u);
}

/** The known authors of `comments` not in `have`. */
function authorsOf(
  comments: readonly ZendeskComment[],
  have: ReadonlyMap<number, ZendeskUser>,
  userOf: (id: number) => ZendeskUser | undefined,
): ZendeskUser[] {
  const out = new Map<number, ZendeskUser>();
  for (const c of comments) {
    if (typeof c.author_id !== 'number' || have.has(c.author_id) || out.has(c.author_id)) continue;
    const user = userOf(c.author_id);
    if (user) out.set(user.id, user);
  }
  return [...out.values()];
}

/**
 * `entries` packed into at most `maxRecords` records of at most RECORD_MAX_BYTES, in order;
 * `left` names the tickets that did not fit (too large alone, or no room left).
 */
export function packRecords(
  head: Pick<WindowRecord, 'subdomain' | 'from' | 'end'>,
  entries: Iterable<readonly [string, readonly ZendeskComment[]]>,
  maxRecords: number,
  userOf: (id: number) => ZendeskUser | undefined,
): { records: WindowRecord[]; left: string[] } {
  const packed: { record: WindowRecord; users: Map<number, ZendeskUser>; bytes: number }[] = [];
  const left: string[] = [];
  for (const [id, comments] of entries) {
    const own = bytesOf(comments);
    if (own > TICKET_MAX_BYTES) {
      left.push(id);
      continue;
    }
    const costIn = (users: ReadonlyMap<number, ZendeskUser>) => {
      const authors = authorsOf(comments, users, userOf);
      return { authors, cost: own + bytesOf(authors) + bytesOf(id) + 2 };
    };
    let into = packed[packed.length - 1];
    let { authors, cost } = into ? costIn(into.users) : { authors: [], cost: Infinity };
    if (!into || into.bytes + cost > RECORD_MAX_BYTES) {
      if (packed.length === maxRecords) {
        left.push(id);
        continue;
      }
      const record: WindowRecord = { v: 1, ...head, tickets: {}, users: [] };
      into = { record, users: new Map(), bytes: bytesOf(record) };
      packed.push(into);
      ({ authors, cost } = costIn(into.users));
    }
    into.record.tickets[id] = [...comments];
    for (const u of authors) into.users.set(u.id, u);
    into.bytes += cost;
  }
  for (const p of packed) p.record.users = [...p.users.values()];
  return { records: packed.map((p) => p.record), left };
}
