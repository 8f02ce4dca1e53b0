/**
 * Carried comments (docs/sync-model.md § Carried comments). A scheduled run's window also holds
 * comments of tickets the run did not pass: a backlog run reads it past its last export page,
 * and a ticket may change between the export and the window. Moving the mark past such a
 * ticket's comments without handling them used to make it outstanding (one comment listing at
 * its next pass). Instead, for linked tickets, the run stores those comments in records
 * (`sync:carry:{n}`, the shape of windowRecord.ts) and lists the tickets in the feed state
 * (`carried`): the run that passes one takes its carried entry together with its own window.
 *
 * The proof: for a link with `commentsBefore` ≥ `since`, every comment of a carried ticket
 * created before the mark is handled or in its entry. A carried ticket whose entry cannot be
 * read (absent, of another account or feed, unreadable) lists, and the next settlement makes
 * it outstanding. A part is used only when its `end` reaches the stored mark: a part older than
 * the cursor that lists it (the run died before storing it) proves nothing.
 */
import { deleteCarryParts, readCarryValues, writeCarryValues } from '../../storage/carry';
import { CARRY_MAX_PARTS, type CommentFeedState } from '../../storage/cursor';
import { getTicketIndexes } from '../../storage/links';
import { describeError } from '../../util/errors';
import type { ZendeskComment } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { decodeIds, encodeIds } from './idList';
import { knownUser, packRecords, rememberUsers, windowRecordSchema } from './windowRecord';

/** The ticket ids the stored feed state carries. */
export function carriedIds(state: CommentFeedState | null): Set<string> {
  return new Set((state?.carried ?? []).flatMap(decodeIds));
}

/**
 * The carried entries of `state` (ticket id → comments, oldest first), in one batch read. A part
 * that is absent, unreadable, of another Zendesk account, of another feed (`from` ≠ `since`) or
 * older than the mark gives nothing: its tickets list. The authors it names join the user cache.
 */
export async function loadCarry(
  ctx: SyncContext,
  state: CommentFeedState,
): Promise<Map<string, ZendeskComment[]>> {
  const lists = state.carried ?? [];
  const out = new Map<string, ZendeskComment[]>();
  if (lists.length === 0) return out;
  let values: unknown[];
  try {
    values = await readCarryValues(lists.length);
  } catch (error) {
    console.warn(
      `Sync run ${ctx.runId}: carried comments unreadable, their tickets list: ${describeError(error)}`,
    );
    return out;
  }
  values.forEach((raw, part) => {
    const parsed = windowRecordSchema.safeParse(raw);
    if (!parsed.success) return;
    const r = parsed.data;
    if (r.subdomain !== ctx.connection.subdomain || r.from !== state.since || r.end < state.through) return;
    const listed = new Set(decodeIds(lists[part] ?? ''));
    for (const [id, comments] of Object.entries(r.tickets)) if (listed.has(id)) out.set(id, comments);
    rememberUsers(ctx, r.users);
  });
  return out;
}

/** A carry decided at a settlement, to store once the cursor that lists it is stored. */
export interface CarryPlan {
  /** Per part, the tickets it carries (the cursor's `carried`). */
  carried: string[];
  /** Tickets not carried (unlinked, or no room): the caller makes them outstanding. */
  left: string[];
  /** Stores the parts. */
  store(): Promise<void>;
}

/**
 * The carry of `entries` (ticket id → every comment a link may lack before `end`), replacing
 * `oldParts` parts. Only linked tickets are carried; the others are `left` with those that do
 * not fit. Never throws: an unreadable index carries nothing.
 *
 * The parts are stored after the cursor that lists them, and parts it will not list are deleted
 * before: a run that dies in between leaves a cursor whose parts are absent or older than its
 * mark (its carried tickets list), never a part no cursor lists, left behind with its comments.
 */
export async function planCarry(
  ctx: SyncContext,
  bounds: { from: number; end: number },
  entries: ReadonlyMap<string, readonly ZendeskComment[]>,
  oldParts: number,
): Promise<CarryPlan> {
  const left: string[] = [];
  let linked: [string, readonly ZendeskComment[]][] = [];
  try {
    const indexes = entries.size > 0 ? await getTicketIndexes([...entries.keys()]) : new Map();
    for (const [id, comments] of entries) {
      if ((indexes.get(id)?.length ?? 0) > 0) linked.push([id, comments]);
      else left.push(id);
    }
  } catch (error) {
    console.warn(
      `Sync run ${ctx.runId}: could not read the ticket index to carry comments: ${describeError(error)}`,
    );
    linked = [];
    left.push(...entries.keys());
  }
  const head = { subdomain: ctx.connection.subdomain, ...bounds };
  const { records, left: unfit } = packRecords(head, linked, CARRY_MAX_PARTS, knownUser(ctx));
  left.push(...unfit);
  const values = records.map((r) => windowRecordSchema.parse(r));
  // Parts past the new count will not be listed: deleted now, before the cursor stops listing
  // them, so none is left behind (the stored cursor's tickets in them list meanwhile).
  await deleteCarryParts(values.length, oldParts).catch(() => undefined);
  return {
    carried: records.map((r) => encodeIds(Object.keys(r.tickets))),
    left,
    // A failure leaves the cursor listing parts that are not there: their tickets list.
    store: () => writeCarryValues(values),
  };
}
