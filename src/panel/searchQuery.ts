/**
 * Turns what a Jira user typed into the Link dialog into Zendesk lookups
 * (docs/contracts/connector-rules.md § Link dialog search): tickets by id and partial subject; customers by
 * id, partial name and partial email; organizations by id and partial name.
 *
 * - Ids: plain digits, `#123`, or a pasted Zendesk agent/API URL of the same object type are
 *   looked up directly (show_many), because search is index-based and lags writes
 *   (docs/contracts/zendesk-api.md § Search).
 * - Text: Zendesk search syntax (https://support.zendesk.com/hc/en-us/articles/4408886879258):
 *   every word becomes a prefix term `word*` (the documented wildcard), all words must match.
 *   Syntax characters the user typed (quotes, `:`, leading `-`, parentheses) are removed, so
 *   input cannot add property filters or negations, or escape the `type:` restriction the
 *   client puts in front.
 * - Customers are end users: the text search carries `role:end-user` (a documented user
 *   property in the search reference above) and id lookups drop agents and admins.
 * - "Partial id": Zendesk search has no prefix match on record ids (ids are not a text
 *   property; only a complete ticket id matches as a bare number). A complete id is looked up
 *   directly; the digits are also searched as a word prefix, which finds records whose
 *   searchable text (external id, phone, name, subject) has a word starting with them. A
 *   fragment of an id alone finds nothing, and the dialog says that ids must be complete.
 */
import type { ZendeskObject } from '../domain/types';
import { ZENDESK_ID_PATTERN } from '../domain/ids';

export interface SearchPlan {
  /** Record ids to fetch directly. */
  ids: string[];
  /** Zendesk search text (without `type:`), or null when there is nothing to search for. */
  text: string | null;
}

export const MAX_QUERY_LENGTH = 200;
/** Words beyond this add nothing useful and make the Zendesk query heavy. */
const MAX_TERMS = 8;

const URL_SECTIONS: Record<ZendeskObject, string[]> = {
  ticket: ['tickets'],
  user: ['users'],
  organization: ['organizations'],
};

/** An id pasted as `#123` or inside a Zendesk URL for this object type. */
export function idFromInput(object: ZendeskObject, input: string): string | null {
  const trimmed = input.trim();
  const hash = /^#\s*(\d+)$/.exec(trimmed);
  if (hash?.[1] && ZENDESK_ID_PATTERN.test(hash[1])) return hash[1];
  if (ZENDESK_ID_PATTERN.test(trimmed)) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const parts = url.pathname.split('/').filter(Boolean);
  for (let i = 0; i + 1 < parts.length; i++) {
    if (!URL_SECTIONS[object].includes(parts[i] ?? '')) continue;
    const candidate = (parts[i + 1] ?? '').replace(/\.json$/, '');
    if (ZENDESK_ID_PATTERN.test(candidate)) return candidate;
  }
  return null;
}

/** One search word, reduced to characters that carry no search syntax. */
function cleanWord(word: string): string {
  // Letters, digits and the punctuation found in names and e-mail addresses.
  const kept = word.normalize('NFKC').replace(/[^\p{L}\p{N}@._+'-]/gu, '');
  // A leading "-" would negate the term; trailing dots/dashes add nothing.
  return kept.replace(/^[-.'_+]+/, '').replace(/[-.'+]+$/, '');
}

export function searchTerms(input: string): string[] {
  const words = input
    .slice(0, MAX_QUERY_LENGTH)
    .split(/[\s:"()<>=,;]+/)
    .map(cleanWord)
    .filter((w) => w !== '');
  return [...new Set(words.map((w) => w.toLowerCase()))].slice(0, MAX_TERMS);
}

/** The search filter every customer query carries: agents and admins are not customers. */
export const CUSTOMER_FILTER = 'role:end-user';

/**
 * Zendesk search text for the words: `subject:word*` for tickets, `role:end-user word*` for
 * customers, bare `word*` for organizations.
 */
export function searchText(object: ZendeskObject, terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  // Ticket words are matched against the subject only ("partial subject"), so a word that
  // appears in some comment does not flood the list; customers and organizations match on
  // name, e-mail, and domain through the default fields.
  const prefix = object === 'ticket' ? 'subject:' : '';
  const words = terms.map((t) => `${prefix}${t}*`).join(' ');
  return object === 'user' ? `${CUSTOMER_FILTER} ${words}` : words;
}

export function planSearch(object: ZendeskObject, input: string): SearchPlan {
  const trimmed = input.trim().slice(0, MAX_QUERY_LENGTH);
  if (trimmed === '') return { ids: [], text: null };
  const id = idFromInput(object, trimmed);
  if (id !== null && !ZENDESK_ID_PATTERN.test(trimmed)) {
    // "#123" or a URL names exactly one record.
    return { ids: [id], text: null };
  }
  const terms = searchTerms(trimmed);
  // Digits are both a possible id and a possible part of a subject, name, or reference.
  return { ids: id !== null ? [id] : [], text: searchText(object, terms) };
}
