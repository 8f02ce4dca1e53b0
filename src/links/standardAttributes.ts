/**
 * How each standard Zendesk attribute of a ticket, user or organization is read and shown in a
 * preview (the connector guide's "Preview-value normalization"): the attribute behind each id the
 * admin page stores, its kind, and the labels of fixed Zendesk values. Data only.
 */
import type { ZendeskObject } from '../domain/types';

/** How a value is shown. */
export type Kind =
  | 'text'
  | 'status'
  | 'priority'
  | 'ticketType'
  | 'role'
  | 'user'
  | 'organization'
  | 'group'
  | 'list'
  | 'datetime'
  | 'boolean';

export interface Standard {
  attribute: string;
  kind: Kind;
}

// Standard attributes by the ids the admin page stores (attribute names) and common aliases.
export const TICKET_STANDARD: Record<string, Standard> = {
  id: { attribute: 'id', kind: 'text' },
  subject: { attribute: 'subject', kind: 'text' },
  description: { attribute: 'description', kind: 'text' },
  status: { attribute: 'status', kind: 'status' },
  priority: { attribute: 'priority', kind: 'priority' },
  type: { attribute: 'type', kind: 'ticketType' },
  tickettype: { attribute: 'type', kind: 'ticketType' },
  ticket_type: { attribute: 'type', kind: 'ticketType' },
  requester: { attribute: 'requester_id', kind: 'user' },
  requester_id: { attribute: 'requester_id', kind: 'user' },
  submitter: { attribute: 'submitter_id', kind: 'user' },
  submitter_id: { attribute: 'submitter_id', kind: 'user' },
  assignee: { attribute: 'assignee_id', kind: 'user' },
  assignee_id: { attribute: 'assignee_id', kind: 'user' },
  organization: { attribute: 'organization_id', kind: 'organization' },
  organization_id: { attribute: 'organization_id', kind: 'organization' },
  group: { attribute: 'group_id', kind: 'group' },
  group_id: { attribute: 'group_id', kind: 'group' },
  tags: { attribute: 'tags', kind: 'list' },
  external_id: { attribute: 'external_id', kind: 'text' },
  due_at: { attribute: 'due_at', kind: 'datetime' },
  created_at: { attribute: 'created_at', kind: 'datetime' },
  updated_at: { attribute: 'updated_at', kind: 'datetime' },
};

const USER_STANDARD: Record<string, Standard> = {
  id: { attribute: 'id', kind: 'text' },
  name: { attribute: 'name', kind: 'text' },
  email: { attribute: 'email', kind: 'text' },
  phone: { attribute: 'phone', kind: 'text' },
  role: { attribute: 'role', kind: 'role' },
  organization: { attribute: 'organization_id', kind: 'organization' },
  organization_id: { attribute: 'organization_id', kind: 'organization' },
  external_id: { attribute: 'external_id', kind: 'text' },
  time_zone: { attribute: 'time_zone', kind: 'text' },
  locale: { attribute: 'locale', kind: 'text' },
  tags: { attribute: 'tags', kind: 'list' },
  active: { attribute: 'active', kind: 'boolean' },
  suspended: { attribute: 'suspended', kind: 'boolean' },
  created_at: { attribute: 'created_at', kind: 'datetime' },
  updated_at: { attribute: 'updated_at', kind: 'datetime' },
};

const ORGANIZATION_STANDARD: Record<string, Standard> = {
  id: { attribute: 'id', kind: 'text' },
  name: { attribute: 'name', kind: 'text' },
  domain_names: { attribute: 'domain_names', kind: 'list' },
  domains: { attribute: 'domain_names', kind: 'list' },
  details: { attribute: 'details', kind: 'text' },
  notes: { attribute: 'notes', kind: 'text' },
  external_id: { attribute: 'external_id', kind: 'text' },
  group: { attribute: 'group_id', kind: 'group' },
  group_id: { attribute: 'group_id', kind: 'group' },
  tags: { attribute: 'tags', kind: 'list' },
  shared_tickets: { attribute: 'shared_tickets', kind: 'boolean' },
  shared_comments: { attribute: 'shared_comments', kind: 'boolean' },
  created_at: { attribute: 'created_at', kind: 'datetime' },
  updated_at: { attribute: 'updated_at', kind: 'datetime' },
};

/**
 * System ticket field types (ticket_fields `type`, docs/contracts/zendesk-api.md § Ticket fields) → the
 * attribute they show.
 */
export const TICKET_SYSTEM_TYPES: Record<string, string> = {
  subject: 'subject',
  description: 'description',
  status: 'status',
  custom_status: 'status',
  tickettype: 'tickettype',
  priority: 'priority',
  group: 'group',
  assignee: 'assignee',
  requester: 'requester',
};

/**
 * Zendesk's own labels for the enumerations (docs/contracts/zendesk-api.md § Enumerations), used when the
 * field catalog is not at hand.
 */
export const STATUS_LABELS: Record<string, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  hold: 'On-hold',
  solved: 'Solved',
  closed: 'Closed',
  deleted: 'Deleted',
};
export const PRIORITY_LABELS: Record<string, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};
export const TYPE_LABELS: Record<string, string> = {
  question: 'Question',
  incident: 'Incident',
  problem: 'Problem',
  task: 'Task',
};
export const ROLE_LABELS: Record<string, string> = { 'end-user': 'End user', agent: 'Agent', admin: 'Admin' };

export function standardTable(object: ZendeskObject): Record<string, Standard> {
  return object === 'ticket' ? TICKET_STANDARD : object === 'user' ? USER_STANDARD : ORGANIZATION_STANDARD;
}

export function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
