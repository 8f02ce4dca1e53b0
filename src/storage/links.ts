/**
 * Links between a Jira issue and a Zendesk record, per Smart Connected Item:
 *
 *   link:{itemId}:{issueId}   LinkRecord (at most one per issue and item)
 *   ticket:{ticketId}         [{itemId, issueId}] of the ticket's links (tickets only),
 *                             written in the same kvs.transact() as the link
 *   problems:links            [{itemId, issueId}] of links whose `problems` is non-empty,
 *                             kept in the same transaction, for the admin activity view
 *
 * KVS transactions have no conditions on plain keys, so two writers racing on the same
 * ticket index can still lose an entry; the scheduler runs under a lease and panel writes
 * are per issue, which keeps that window small. Readers treat index entries whose link is
 * gone as stale and skip them.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { type LinkRecord, linkRecordSchema } from '../domain/types';
import { AppError } from '../util/errors';
import { slices } from './batch';
import {
  LINK_PREFIX,
  PROBLEM_INDEX_KEY,
  itemLinksPrefix,
  keyComponent,
  linkKey,
  ticketIndexKey,
} from './keys';
import { queryAll, type CorruptRecord } from './query';
import { parseStored } from './records';

export interface LinkRef {
  itemId: string;
  issueId: string;
}

const linkRefSchema = z.object({ itemId: z.string().min(1), issueId: z.string().min(1) });
const linkRefsSchema = z.array(linkRefSchema);

/** Far above any real fan-out; keeps the index value well under the 240 KiB KVS limit. */
export const MAX_TICKET_INDEX_ENTRIES = 1_000;
export const MAX_PROBLEM_INDEX_ENTRIES = 2_000;

const sameRef = (a: LinkRef, b: LinkRef): boolean => a.itemId === b.itemId && a.issueId === b.issueId;

async function readRefs(key: string): Promise<LinkRef[]> {
  const raw = await kvs.get<unknown>(key);
  if (raw === undefined) return [];
  return parseStored(linkRefsSchema, key, raw);
}

function validLink(link: LinkRecord): LinkRecord {
  const parsed = linkRecordSchema.safeParse(link);
  if (!parsed.success) {
    throw new AppError(
      'INTERNAL',
      `Refusing to store an invalid link: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return parsed.data;
}

export async function getLink(itemId: string, issueId: string): Promise<LinkRecord | null> {
  const key = linkKey(itemId, issueId);
  const raw = await kvs.get<unknown>(key);
  if (raw === undefined) return null;
  return parseStored(linkRecordSchema, key, raw);
}

/** Reads many link keys with batch gets (one per 25 keys). Missing keys are skipped. */
async function batchGetLinks(keys: string[]): Promise<{ links: LinkRecord[]; corrupt: CorruptRecord[] }> {
  const unique = [...new Set(keys)];
  const links: LinkRecord[] = [];
  const corrupt: CorruptRecord[] = [];
  for (const part of slices(unique)) {
    const res = await kvs.batchGet<unknown>(part.map((key) => ({ key })));
    const failed = res.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed)
      throw new AppError('STORAGE', `Reading links failed: ${failed.error.code} ${failed.error.message}`);
    const byKey = new Map(res.successfulKeys.map((s) => [s.key, s.value]));
    for (const key of part) {
      if (!byKey.has(key)) continue;
      const parsed = linkRecordSchema.safeParse(byKey.get(key));
      if (parsed.success) links.push(parsed.data);
      else corrupt.push({ key, message: parsed.error.issues[0]?.message ?? 'invalid record' });
    }
  }
  return { links, corrupt };
}

/** The issue's links for the given items, with one batch get per 25 items. */
export async function getLinksForIssue(
  issueId: string,
  itemIds: readonly string[],
): Promise<{ links: LinkRecord[]; corrupt: CorruptRecord[] }> {
  keyComponent(issueId, 'issue id');
  return batchGetLinks(itemIds.map((itemId) => linkKey(itemId, issueId)));
}

export async function getTicketIndex(ticketId: string): Promise<LinkRef[]> {
  return readRefs(ticketIndexKey(ticketId));
}

/** Several tickets' index entries in batch reads (25 keys a request); a ticket without links has []. */
export async function getTicketIndexes(ticketIds: readonly string[]): Promise<Map<string, LinkRef[]>> {
  const ids = [...new Set(ticketIds)];
  const out = new Map<string, LinkRef[]>(ids.map((id) => [id, []]));
  for (const part of slices(ids)) {
    const res = await kvs.batchGet<unknown>(part.map((id) => ({ key: ticketIndexKey(id) })));
    const byKey = new Map(res.successfulKeys.map((k) => [k.key, k.value]));
    for (const id of part) {
      const key = ticketIndexKey(id);
      if (byKey.has(key)) out.set(id, parseStored(linkRefsSchema, key, byKey.get(key)));
    }
  }
  return out;
}

/** The ticket's links found through the `ticket:{id}` index (never by scanning). */
export async function getLinksForTicket(
  ticketId: string,
): Promise<{ links: LinkRecord[]; corrupt: CorruptRecord[] }> {
  const refs = await getTicketIndex(ticketId);
  if (refs.length === 0) return { links: [], corrupt: [] };
  const res = await batchGetLinks(refs.map((r) => linkKey(r.itemId, r.issueId)));
  // An index entry can outlive a link written by an older version; only matching links count.
  return {
    links: res.links.filter((l) => l.zendeskObject === 'ticket' && l.recordId === ticketId),
    corrupt: res.corrupt,
  };
}

/** Every link, optionally of one item (a prefix query: for maintenance, not hot paths). */
export async function listLinks(itemId?: string): Promise<{ links: LinkRecord[]; corrupt: CorruptRecord[] }> {
  const { records, corrupt } = await queryAll(
    itemId === undefined ? LINK_PREFIX : itemLinksPrefix(itemId),
    linkRecordSchema,
  );
  return { links: records.map((r) => r.value), corrupt };
}

interface IndexChange {
  key: string;
  next: LinkRef[];
}

function withRef(refs: LinkRef[], ref: LinkRef, max: number, what: string): LinkRef[] {
  if (refs.some((r) => sameRef(r, ref))) return refs;
  if (refs.length >= max) throw new AppError('LIMIT', `Too many links in the ${what} (at most ${max})`);
  // Only the identity goes into an index, never the whole link.
  return [...refs, { itemId: ref.itemId, issueId: ref.issueId }];
}

function withoutRef(refs: LinkRef[], ref: LinkRef): LinkRef[] {
  return refs.filter((r) => !sameRef(r, ref));
}

/**
 * Index edits needed to move from `previous` to `next` (either may be null). `inTicketIndex`:
 * the caller has just found `previous` through its ticket's index, so when the ticket stays
 * the same that index needs no read (a link and its index entry are written and deleted in
 * one transaction).
 */
async function indexChanges(
  previous: LinkRecord | null,
  next: LinkRecord | null,
  inTicketIndex = false,
): Promise<IndexChange[]> {
  const changes = new Map<string, LinkRef[]>();
  const load = async (key: string): Promise<LinkRef[]> => changes.get(key) ?? (await readRefs(key));

  const ticketOf = (l: LinkRecord | null): string | null =>
    l && l.zendeskObject === 'ticket' ? l.recordId : null;
  const prevTicket = ticketOf(previous);
  const nextTicket = ticketOf(next);
  if (prevTicket !== null && prevTicket !== nextTicket && previous) {
    const key = ticketIndexKey(prevTicket);
    changes.set(key, withoutRef(await load(key), previous));
  }
  if (nextTicket !== null && next && !(inTicketIndex && previous && prevTicket === nextTicket)) {
    const key = ticketIndexKey(nextTicket);
    const current = await load(key);
    const updated = withRef(current, next, MAX_TICKET_INDEX_ENTRIES, `index of ticket ${nextTicket}`);
    if (updated !== current) changes.set(key, updated);
  }

  const hadProblems = (previous?.problems.length ?? 0) > 0;
  const hasProblems = (next?.problems.length ?? 0) > 0;
  if (hadProblems !== hasProblems) {
    const current = await load(PROBLEM_INDEX_KEY);
    let updated = current;
    if (previous && hadProblems) updated = withoutRef(updated, previous);
    if (next && hasProblems) {
      // The problem index is a convenience: when full, the oldest entries make room.
      const trimmed =
        updated.length >= MAX_PROBLEM_INDEX_ENTRIES
          ? updated.slice(updated.length - MAX_PROBLEM_INDEX_ENTRIES + 1)
          : updated;
      updated = withRef(trimmed, next, MAX_PROBLEM_INDEX_ENTRIES, 'problem index');
    }
    changes.set(PROBLEM_INDEX_KEY, updated);
  }
  return [...changes.entries()].map(([key, refs]) => ({ key, next: refs }));
}

async function commit(
  sets: { key: string; value: unknown }[],
  deletes: string[],
  index: IndexChange[],
): Promise<void> {
  const tx = kvs.transact();
  for (const s of sets) tx.set(s.key, s.value);
  for (const key of deletes) tx.delete(key);
  for (const change of index) {
    if (change.next.length === 0) tx.delete(change.key);
    else tx.set(change.key, change.next);
  }
  await tx.execute();
}

/**
 * Creates or replaces the link for (itemId, issueId), updating the ticket index (and the
 * problem index) in the same transaction.
 */
export async function saveLink(link: LinkRecord): Promise<LinkRecord> {
  const next = validLink(link);
  const key = linkKey(next.itemId, next.issueId);
  if (next.zendeskObject === 'ticket') keyComponent(next.recordId, 'ticket id');
  const previous = await getLinkTolerant(key);
  const index = await indexChanges(previous, next);
  await commit([{ key, value: next }], [], index);
  return next;
}

/** Reads the current link, treating an unreadable record as absent so it can be replaced. */
async function getLinkTolerant(key: string): Promise<LinkRecord | null> {
  const raw = await kvs.get<unknown>(key);
  if (raw === undefined) return null;
  const parsed = linkRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Applies `change` to the stored link; null when there is no link. */
export async function updateLink(
  itemId: string,
  issueId: string,
  change: (link: LinkRecord) => LinkRecord,
  options: { foundInTicketIndex?: boolean } = {},
): Promise<LinkRecord | null> {
  const current = await getLink(itemId, issueId);
  if (!current) return null;
  const next = validLink(change(structuredClone(current)));
  if (next.itemId !== itemId || next.issueId !== issueId)
    throw new AppError('INTERNAL', 'A link update cannot change its item or issue');
  const index = await indexChanges(current, next, options.foundInTicketIndex === true);
  await commit([{ key: linkKey(itemId, issueId), value: next }], [], index);
  return next;
}

/**
 * Corrects the display key after the issue moved (the id is the identity:
 * docs/contracts/jira-api.md § Get issue).
 */
export async function updateIssueKey(
  itemId: string,
  issueId: string,
  issueKey: string,
): Promise<LinkRecord | null> {
  return updateLink(itemId, issueId, (l) =>
    l.issueKey === issueKey ? l : { ...l, issueKey, updatedAt: new Date().toISOString() },
  );
}

/** Deletes the link and its index entries in one transaction; returns what was deleted. */
export async function deleteLink(itemId: string, issueId: string): Promise<LinkRecord | null> {
  const key = linkKey(itemId, issueId);
  const previous = await getLinkTolerant(key);
  const raw = previous ? null : await kvs.get<unknown>(key);
  if (!previous && raw === undefined) return null;
  const index = await indexChanges(previous, null);
  await commit([], [key], index);
  return previous;
}

/** Links that currently carry problems, through the problem index. */
export async function getLinksWithProblems(): Promise<{ links: LinkRecord[]; corrupt: CorruptRecord[] }> {
  const refs = await readRefs(PROBLEM_INDEX_KEY);
  if (refs.length === 0) return { links: [], corrupt: [] };
  const res = await batchGetLinks(refs.map((r) => linkKey(r.itemId, r.issueId)));
  return { links: res.links.filter((l) => l.problems.length > 0), corrupt: res.corrupt };
}

/** Whether any link of the item exists (one query of one result). */
export async function itemHasLinks(itemId: string): Promise<boolean> {
  const res = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(itemLinksPrefix(itemId)))
    .limit(1)
    .getMany<unknown>();
  return res.results.length > 0;
}

/**
 * How many links an item has, reading at most `maxPages` query pages (20 links each): the
 * admin console's count, which says "more than" instead of reading a huge item to the end.
 */
export async function countItemLinks(
  itemId: string,
  maxPages: number,
): Promise<{ count: number; complete: boolean }> {
  const { records, corrupt, complete } = await queryAll(itemLinksPrefix(itemId), z.unknown(), { maxPages });
  return { count: records.length + corrupt.length, complete };
}
