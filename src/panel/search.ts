/**
 * Link-dialog search against Zendesk: direct id lookups (show_many) plus search.json for the
 * words, merged with id hits first, de-duplicated, at most MAX_RESULTS.
 */
import type { SearchResult } from '../domain/rpc';
import type { ZendeskObject } from '../domain/types';
import type { ZendeskClient } from '../zendesk/client';
import type { ZendeskOrganization, ZendeskTicket, ZendeskUser } from '../zendesk/schemas';
import { STATUS_LABELS } from '../links/standardAttributes';
import { planSearch } from './searchQuery';
import { displayText } from '../links/text';

export const MAX_RESULTS = 25;

export function ticketResult(t: ZendeskTicket): SearchResult {
  const subject = displayText(t.subject ?? t.raw_subject ?? '', 200);
  return { id: String(t.id), title: subject || '(no subject)', detail: STATUS_LABELS[t.status] ?? t.status };
}

export function userResult(u: ZendeskUser): SearchResult {
  return {
    id: String(u.id),
    title: displayText(u.name, 200) || '(no name)',
    detail: displayText(u.email ?? '', 200),
  };
}

export function organizationResult(o: ZendeskOrganization): SearchResult {
  return {
    id: String(o.id),
    title: displayText(o.name, 200) || '(no name)',
    detail: displayText(o.domain_names.join(', '), 200),
  };
}

/** Customers are end users; an agent's or admin's id is not a customer to link. */
export function isCustomer(user: Pick<ZendeskUser, 'role'>): boolean {
  return user.role === 'end-user';
}

async function byIds(zendesk: ZendeskClient, object: ZendeskObject, ids: string[]): Promise<SearchResult[]> {
  if (ids.length === 0) return [];
  // show_many answers 200 with only the records that exist, so an unknown id is just no hit.
  if (object === 'ticket') return (await zendesk.getTickets(ids)).map(ticketResult);
  if (object === 'user') return (await zendesk.getUsers(ids)).filter(isCustomer).map(userResult);
  return (await zendesk.getOrganizations(ids)).map(organizationResult);
}

async function byText(
  zendesk: ZendeskClient,
  object: ZendeskObject,
  text: string | null,
): Promise<SearchResult[]> {
  if (text === null) return [];
  const options = { perPage: MAX_RESULTS };
  if (object === 'ticket') return (await zendesk.search('ticket', text, options)).results.map(ticketResult);
  if (object === 'user') {
    // role:end-user is in the query; the filter here also holds if an index answer drifts.
    return (await zendesk.search('user', text, options)).results.filter(isCustomer).map(userResult);
  }
  return (await zendesk.search('organization', text, options)).results.map(organizationResult);
}

export function mergeResults(...lists: SearchResult[][]): SearchResult[] {
  const seen = new Set<string>();
  const out: SearchResult[] = [];
  for (const list of lists) {
    for (const r of list) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
      if (out.length >= MAX_RESULTS) return out;
    }
  }
  return out;
}

export async function searchZendesk(
  zendesk: ZendeskClient,
  object: ZendeskObject,
  query: string,
): Promise<SearchResult[]> {
  const plan = planSearch(object, query);
  const [exact, found] = await Promise.all([
    byIds(zendesk, object, plan.ids),
    byText(zendesk, object, plan.text),
  ]);
  return mergeResults(exact, found);
}
