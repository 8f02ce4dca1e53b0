/**
 * The account's configuration records that a ticket points at: its brand, its ticket form, the
 * custom ticket statuses and user identities. They are derived from the account's data rather
 * than stored, because the simulated account never changes them. Shapes follow Zendesk's OpenAPI
 * schemas BrandObject, TicketFormObject, CustomStatusObject and UserIdentityObject.
 */
import { isoSeconds } from './clock';
import type { Json } from './serialize';
import type { ZendeskState } from './state';
import type { TicketStatus, UserRecord } from './types';

/** The account's only brand and ticket form; Zendesk always reports one of each. */
export const BRAND_ID = 360_000_000_001;
export const TICKET_FORM_ID = 360_000_000_101;

/** When the account was set up: the oldest record it holds, so every derived record predates use. */
function accountCreatedAt(state: ZendeskState): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const u of state.users.values()) oldest = Math.min(oldest, u.createdAt);
  return Number.isFinite(oldest) ? oldest : 0;
}

export function brandJson(state: ZendeskState): Json {
  const at = isoSeconds(accountCreatedAt(state));
  return {
    url: `${state.apiBase}/api/v2/brands/${BRAND_ID}.json`,
    id: BRAND_ID,
    name: state.subdomain,
    brand_url: state.apiBase,
    subdomain: state.subdomain,
    host_mapping: null,
    has_help_center: false,
    help_center_state: 'disabled',
    active: true,
    default: true,
    is_deleted: false,
    logo: null,
    ticket_form_ids: [TICKET_FORM_ID],
    signature_template: '{{agent.signature}}',
    created_at: at,
    updated_at: at,
  };
}

export function ticketFormJson(state: ZendeskState): Json {
  const at = isoSeconds(accountCreatedAt(state));
  return {
    url: `${state.apiBase}/api/v2/ticket_forms/${TICKET_FORM_ID}.json`,
    id: TICKET_FORM_ID,
    name: 'Default Ticket Form',
    raw_name: 'Default Ticket Form',
    display_name: 'Default Ticket Form',
    raw_display_name: 'Default Ticket Form',
    end_user_visible: true,
    position: 0,
    ticket_field_ids: state.ticketFields
      .filter((f) => f.active)
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((f) => f.id),
    active: true,
    default: true,
    in_all_brands: true,
    restricted_brand_ids: [],
    agent_conditions: [],
    end_user_conditions: [],
    created_at: at,
    updated_at: at,
  };
}

/**
 * One system custom status per status category; `closed` is not a category (it shares solved's),
 * as in an account that never added custom statuses
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/custom_ticket_statuses/).
 */
export const CUSTOM_STATUS_CATEGORIES = ['new', 'open', 'pending', 'hold', 'solved'] as const;
const CUSTOM_STATUS_BASE = 1_900_000_000_001;
const LABELS: Record<(typeof CUSTOM_STATUS_CATEGORIES)[number], [string, string, string]> = {
  new: ['New', 'Open', 'Ticket is awaiting assignment to an agent'],
  open: ['Open', 'Open', 'Staff is working on the ticket'],
  pending: ['Pending', 'Awaiting your reply', 'Staff is waiting for the requester to reply'],
  hold: ['On-hold', 'Open', 'Staff is waiting for a third party'],
  solved: ['Solved', 'Solved', 'The ticket has been solved'],
};

export function customStatusIdOf(status: TicketStatus): number {
  const category = status === 'closed' ? 'solved' : status;
  return CUSTOM_STATUS_BASE + CUSTOM_STATUS_CATEGORIES.indexOf(category);
}

export function customStatuses(state: ZendeskState): Json[] {
  const at = isoSeconds(accountCreatedAt(state));
  return CUSTOM_STATUS_CATEGORIES.map((category, i) => {
    const [agent, endUser, description] = LABELS[category];
    return {
      id: CUSTOM_STATUS_BASE + i,
      status_category: category,
      agent_label: agent,
      raw_agent_label: agent,
      end_user_label: endUser,
      raw_end_user_label: endUser,
      description,
      raw_description: description,
      end_user_description: '',
      raw_end_user_description: '',
      active: true,
      default: true,
      created_at: at,
      updated_at: at,
    };
  });
}

/** Identity ids: the user's id moved into their own range, so each user has one stable email identity. */
const IDENTITY_OFFSET = 1_000_000_000_000;

export function identitiesOf(state: ZendeskState, u: UserRecord): Json[] {
  const base = {
    user_id: u.id,
    created_at: isoSeconds(u.createdAt),
    updated_at: isoSeconds(u.updatedAt),
    undeliverable_count: 0,
  };
  const email = {
    url: `${state.apiBase}/api/v2/users/${u.id}/identities/${u.id + IDENTITY_OFFSET}.json`,
    id: u.id + IDENTITY_OFFSET,
    type: 'email',
    value: u.email,
    verified: u.verified,
    primary: true,
    deliverable_state: 'deliverable',
    ...base,
  };
  if (!u.phone) return [email];
  const phoneId = u.id + 2 * IDENTITY_OFFSET;
  return [
    email,
    {
      url: `${state.apiBase}/api/v2/users/${u.id}/identities/${phoneId}.json`,
      id: phoneId,
      type: 'phone_number',
      value: u.phone,
      verified: u.verified,
      primary: true,
      deliverable_state: 'deliverable',
      ...base,
    },
  ];
}
