/**
 * A reasonable subset of Zendesk search syntax (Zendesk Support search reference,
 * https://support.zendesk.com/hc/en-us/articles/4408886879258):
 * - Terms are case-insensitive and match a whole word or the *start* of a word: "top" matches
 *   "Top Ten" and "Toppings" but not "Desktop". A trailing `*` is an explicit prefix wildcard.
 * - "Double quoted" text matches the exact phrase. Terms with punctuation ("example.com",
 *   "jane.doe@example.com") match as phrases of their words.
 * - `-term` negates. All terms must match (AND).
 * - `property:value`, `property<value`, `property>value`; `type:ticket|user|organization|group`.
 *   Ticket properties: status, priority, ticket_type, subject, description, comment, tags/tag,
 *   requester, assignee, submitter, organization, group, created, updated, solved? no; custom_field_{id}.
 *   User properties: name, email, role, organization, tags, created, updated, external_id.
 *   Organization properties: name, tags, created, updated, external_id, details, notes.
 * - A bare number also matches the ticket with that id.
 */
import type { ZendeskState } from './state';
import {
  TICKET_STATUS_RANK,
  type GroupRecord,
  type OrganizationRecord,
  type TicketRecord,
  type TicketStatus,
  type UserRecord,
} from './types';

export type ResultType = 'ticket' | 'user' | 'organization' | 'group';

interface Term {
  key: string | null;
  op: ':' | '<' | '>';
  value: string;
  phrase: boolean;
  negate: boolean;
}

export interface ParsedQuery {
  types: ResultType[];
  terms: Term[];
}

export class SearchSyntaxError extends Error {}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function parseQuery(query: string): ParsedQuery {
  const terms: Term[] = [];
  const types: ResultType[] = [];
  const re = /(-)?(?:([a-z_][a-z0-9_]*)(:|<|>))?(?:"([^"]*)"|(\S+))/giy;
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i] ?? '')) {
      i++;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(query);
    if (!m) throw new SearchSyntaxError(`Cannot parse query near "${query.slice(i, i + 20)}"`);
    i = re.lastIndex;
    const key = m[2]?.toLowerCase() ?? null;
    const op = (m[3] ?? ':') as Term['op'];
    const phrase = m[4] !== undefined;
    const value = phrase ? (m[4] ?? '') : (m[5] ?? '');
    if (key === 'type' && op === ':') {
      const t = value.toLowerCase();
      if (t === 'ticket' || t === 'user' || t === 'organization' || t === 'group') types.push(t);
      else throw new SearchSyntaxError(`Unknown type: ${value}`);
      continue;
    }
    terms.push({ key, op, value, phrase, negate: m[1] === '-' });
  }
  return { types, terms };
}

/** Does the word list contain the term (word or word prefix, or a contiguous phrase)? */
export function textMatches(words: readonly string[], value: string, phrase: boolean): boolean {
  const wildcard = !phrase && value.endsWith('*');
  const needle = tokenize(wildcard ? value.slice(0, -1) : value);
  if (needle.length === 0) return false;
  const lastIsPrefix = !phrase || wildcard;
  outer: for (let i = 0; i + needle.length <= words.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      const w = words[i + j] ?? '';
      const n = needle[j] ?? '';
      const isLast = j === needle.length - 1;
      // Single-word terms match word prefixes; inside phrases earlier words must match whole.
      const ok = isLast && lastIsPrefix ? w.startsWith(n) : w === n;
      if (!ok) continue outer;
    }
    return true;
  }
  return false;
}

const STATUS_RANK: Record<TicketStatus | 'deleted', number> = { ...TICKET_STATUS_RANK, deleted: 6 };
const PRIORITY_RANK: Record<string, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

function compare(op: Term['op'], actual: number | null, wanted: number): boolean {
  if (actual === null) return false;
  return op === '<' ? actual < wanted : op === '>' ? actual > wanted : actual === wanted;
}

function dateValue(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function compareDate(op: Term['op'], actualMs: number, value: string): boolean {
  const wanted = dateValue(value);
  if (wanted === undefined) return false;
  // `created:2024-01-02` means that day; `<`/`>` compare with its start.
  if (op === ':' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return actualMs >= wanted && actualMs < wanted + 86_400_000;
  return compare(op, actualMs, wanted);
}

class Matcher {
  private cache = new Map<string, { version: number; words: string[] }>();

  constructor(private readonly state: ZendeskState) {}

  ticketWords(t: TicketRecord): string[] {
    const key = `t${t.id}`;
    const hit = this.cache.get(key);
    if (hit && hit.version === t.version) return hit.words;
    const parts = [t.subject, t.description, t.tags.join(' ')];
    for (const id of t.commentIds) parts.push(this.state.comments.get(id)?.plainBody ?? '');
    const words = tokenize(parts.join(' '));
    this.cache.set(key, { version: t.version, words });
    return words;
  }

  userMatches(u: UserRecord | undefined, value: string, phrase: boolean): boolean {
    if (!u) return value.toLowerCase() === 'none';
    if (/^\d+$/.test(value)) return u.id === Number(value);
    if (value.toLowerCase() === 'me') return false;
    return (
      u.email.toLowerCase() === value.toLowerCase() ||
      textMatches(tokenize(`${u.name} ${u.email}`), value, phrase)
    );
  }

  orgMatches(id: number | null, value: string, phrase: boolean): boolean {
    if (id === null) return value.toLowerCase() === 'none';
    if (/^\d+$/.test(value)) return id === Number(value);
    const org = this.state.organizations.get(id);
    return org !== undefined && textMatches(tokenize(org.name), value, phrase);
  }

  ticket(t: TicketRecord, term: Term): boolean {
    const { key, op, value, phrase } = term;
    const v = value.toLowerCase();
    switch (key) {
      case null:
        if (/^\d+$/.test(value) && t.id === Number(value)) return true;
        return textMatches(this.ticketWords(t), value, phrase);
      case 'status':
        return (
          STATUS_RANK[v as TicketStatus] !== undefined &&
          compare(op, STATUS_RANK[t.status], STATUS_RANK[v as TicketStatus])
        );
      case 'priority':
        if (v === 'none') return t.priority === null;
        return (
          PRIORITY_RANK[v] !== undefined &&
          compare(op, t.priority ? (PRIORITY_RANK[t.priority] ?? null) : null, PRIORITY_RANK[v] ?? 0)
        );
      case 'ticket_type':
        return v === 'none' ? t.type === null : t.type === v;
      case 'subject':
        return textMatches(tokenize(t.subject), value, phrase);
      case 'description':
        return textMatches(tokenize(t.description), value, phrase);
      case 'comment':
        return t.commentIds.some((id) =>
          textMatches(tokenize(this.state.comments.get(id)?.plainBody ?? ''), value, phrase),
        );
      case 'tags':
      case 'tag':
        return v === 'none' ? t.tags.length === 0 : t.tags.includes(v);
      case 'requester':
        return this.userMatches(this.state.users.get(t.requesterId), value, phrase);
      case 'submitter':
        return this.userMatches(this.state.users.get(t.submitterId), value, phrase);
      case 'assignee':
        return this.userMatches(
          t.assigneeId === null ? undefined : this.state.users.get(t.assigneeId),
          value,
          phrase,
        );
      case 'organization':
        return this.orgMatches(t.organizationId, value, phrase);
      case 'group': {
        if (t.groupId === null) return v === 'none';
        const g = this.state.groups.get(t.groupId);
        return /^\d+$/.test(value)
          ? t.groupId === Number(value)
          : g !== undefined && textMatches(tokenize(g.name), value, phrase);
      }
      case 'created':
        return compareDate(op, t.createdAt, value);
      case 'updated':
        return compareDate(op, t.updatedAt, value);
      default: {
        const m = /^custom_field_(\d+)$/.exec(key);
        if (!m) return false;
        const stored = t.customFields.get(Number(m[1]));
        if (Array.isArray(stored)) return stored.some((s) => s.toLowerCase() === v);
        if (stored === null || stored === undefined) return v === 'none';
        return String(stored).toLowerCase() === v || textMatches(tokenize(String(stored)), value, phrase);
      }
    }
  }

  user(u: UserRecord, term: Term): boolean {
    const { key, op, value, phrase } = term;
    const v = value.toLowerCase();
    switch (key) {
      case null:
        if (/^\d+$/.test(value) && u.id === Number(value)) return true;
        if (u.email.toLowerCase() === v) return true;
        return textMatches(tokenize(`${u.name} ${u.email} ${u.tags.join(' ')} ${u.notes}`), value, phrase);
      case 'name':
        return textMatches(tokenize(u.name), value, phrase);
      case 'email':
        return u.email.toLowerCase() === v || textMatches(tokenize(u.email), value, phrase);
      case 'role':
        return u.role === v || (v === 'end-user' && u.role === 'end-user');
      case 'organization':
        return this.orgMatches(u.organizationId, value, phrase);
      case 'tags':
      case 'tag':
        return u.tags.includes(v);
      case 'external_id':
        return u.externalId === value;
      case 'created':
        return compareDate(op, u.createdAt, value);
      case 'updated':
        return compareDate(op, u.updatedAt, value);
      default: {
        const stored = u.userFields[key];
        return stored !== undefined && stored !== null && String(stored).toLowerCase() === v;
      }
    }
  }

  organization(o: OrganizationRecord, term: Term): boolean {
    const { key, op, value, phrase } = term;
    const v = value.toLowerCase();
    switch (key) {
      case null:
        if (/^\d+$/.test(value) && o.id === Number(value)) return true;
        return textMatches(
          tokenize(`${o.name} ${o.domainNames.join(' ')} ${o.tags.join(' ')} ${o.details}`),
          value,
          phrase,
        );
      case 'name':
        return textMatches(tokenize(o.name), value, phrase);
      case 'tags':
      case 'tag':
        return o.tags.includes(v);
      case 'external_id':
        return o.externalId === value;
      case 'details':
        return textMatches(tokenize(o.details), value, phrase);
      case 'notes':
        return textMatches(tokenize(o.notes), value, phrase);
      case 'created':
        return compareDate(op, o.createdAt, value);
      case 'updated':
        return compareDate(op, o.updatedAt, value);
      default: {
        const stored = o.organizationFields[key];
        return stored !== undefined && stored !== null && String(stored).toLowerCase() === v;
      }
    }
  }

  group(g: GroupRecord, term: Term): boolean {
    if (term.key === null || term.key === 'name')
      return textMatches(tokenize(g.name), term.value, term.phrase);
    return false;
  }
}

export type SearchHit =
  | { type: 'ticket'; record: TicketRecord; score: number }
  | { type: 'user'; record: UserRecord; score: number }
  | { type: 'organization'; record: OrganizationRecord; score: number }
  | { type: 'group'; record: GroupRecord; score: number };

function allMatch(terms: Term[], test: (t: Term) => boolean): boolean {
  return terms.every((term) => test(term) !== term.negate);
}

/** Rough relevance: terms found in the title-like field count double. */
function scoreOf(title: string, terms: Term[]): number {
  const words = tokenize(title);
  return terms.filter((t) => !t.negate && t.key === null && textMatches(words, t.value, t.phrase)).length;
}

export class SearchEngine {
  private matcher: Matcher;

  constructor(private readonly state: ZendeskState) {
    this.matcher = new Matcher(state);
  }

  /**
   * Every record of the requested types matching all terms (no type: all types). Tickets are
   * matched and returned as the index holds them at `now` (see searchLag.ts).
   */
  run(parsed: ParsedQuery, now: number, restrictTo?: ResultType): SearchHit[] {
    const types: ResultType[] = restrictTo
      ? [restrictTo]
      : parsed.types.length > 0
        ? parsed.types
        : ['ticket', 'user', 'organization', 'group'];
    const hits: SearchHit[] = [];
    const { terms } = parsed;
    if (types.includes('ticket')) {
      for (const live of this.state.tickets.values()) {
        const t = this.state.searchLag.indexed(live, now);
        if (t !== undefined && !t.deleted && allMatch(terms, (term) => this.matcher.ticket(t, term))) {
          hits.push({ type: 'ticket', record: t, score: scoreOf(t.subject, terms) });
        }
      }
    }
    if (types.includes('user')) {
      for (const u of this.state.users.values()) {
        if (u.active && allMatch(terms, (term) => this.matcher.user(u, term))) {
          hits.push({ type: 'user', record: u, score: scoreOf(u.name, terms) });
        }
      }
    }
    if (types.includes('organization')) {
      for (const o of this.state.organizations.values()) {
        if (allMatch(terms, (term) => this.matcher.organization(o, term))) {
          hits.push({ type: 'organization', record: o, score: scoreOf(o.name, terms) });
        }
      }
    }
    if (types.includes('group')) {
      for (const g of this.state.groups.values()) {
        if (allMatch(terms, (term) => this.matcher.group(g, term)))
          hits.push({ type: 'group', record: g, score: scoreOf(g.name, terms) });
      }
    }
    return hits;
  }
}

export const SORTABLE = ['updated_at', 'created_at', 'priority', 'status', 'ticket_type'] as const;
export type SortBy = (typeof SORTABLE)[number];

function sortKey(hit: SearchHit, by: SortBy): number | string {
  const r = hit.record;
  switch (by) {
    case 'updated_at':
      return r.updatedAt;
    case 'created_at':
      return r.createdAt;
    case 'priority':
      return hit.type === 'ticket' && hit.record.priority ? (PRIORITY_RANK[hit.record.priority] ?? 0) : 0;
    case 'status':
      return hit.type === 'ticket' ? STATUS_RANK[hit.record.status] : -1;
    case 'ticket_type':
      return hit.type === 'ticket' ? (hit.record.type ?? '') : '';
  }
}

export function sortHits(hits: SearchHit[], by: SortBy | undefined, order: 'asc' | 'desc'): SearchHit[] {
  const dir = order === 'asc' ? 1 : -1;
  return hits.sort((a, b) => {
    if (by) {
      const ka = sortKey(a, by);
      const kb = sortKey(b, by);
      if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
    } else if (a.score !== b.score) {
      return b.score - a.score;
    }
    // Equal sort keys (records created in the same second) fall back to id order in the
    // requested direction, so sorted pages are stable across runs.
    if (by) return (a.record.id - b.record.id) * dir;
    return b.record.updatedAt - a.record.updatedAt || a.record.id - b.record.id;
  });
}
