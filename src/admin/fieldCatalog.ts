/**
 * Field catalogs the admin page offers when mapping fields. Zendesk fields are identified by
 * id first (FieldMapping in src/domain/types.ts): standard attributes by their attribute
 * name (the names src/sync/core/fields.ts reads), custom fields by their numeric id as a string,
 * with the `key` under user_fields / organization_fields for users and organizations.
 */
import type { JiraFieldInfo, ZendeskFieldInfo, ZendeskFieldOption } from '../domain/rpc';
import type { ZendeskObject } from '../domain/types';
import type { ZendeskClient } from '../zendesk/client';
import type { ZendeskObjectField, ZendeskTicketField } from '../zendesk/schemas';

interface Standard {
  id: string;
  label: string;
  type: string;
  options?: ZendeskFieldOption[];
}

/**
 * ticket_fields system `type` → the ticket attribute it edits
 * (docs/contracts/zendesk-api.md § Ticket fields).
 */
const TICKET_SYSTEM_TYPES: Record<string, string> = {
  subject: 'subject',
  description: 'description',
  status: 'status',
  tickettype: 'type',
  priority: 'priority',
  group: 'group_id',
  assignee: 'assignee_id',
};

/** Ticket attributes that are not in ticket_fields but are worth previewing or mapping. */
const TICKET_EXTRA: Standard[] = [
  { id: 'id', label: 'Ticket ID', type: 'integer' },
  { id: 'tags', label: 'Tags', type: 'tags' },
  { id: 'requester_id', label: 'Requester', type: 'integer' },
  { id: 'organization_id', label: 'Organization', type: 'integer' },
  { id: 'external_id', label: 'External ID', type: 'text' },
  { id: 'due_at', label: 'Due date', type: 'date' },
  { id: 'created_at', label: 'Created', type: 'datetime' },
  { id: 'updated_at', label: 'Updated', type: 'datetime' },
];

/** User attributes (docs/contracts/zendesk-api.md § Users and organizations). */
const USER_STANDARD: Standard[] = [
  { id: 'id', label: 'User ID', type: 'integer' },
  { id: 'name', label: 'Name', type: 'text' },
  { id: 'email', label: 'Email', type: 'text' },
  { id: 'phone', label: 'Phone', type: 'text' },
  {
    id: 'role',
    label: 'Role',
    type: 'dropdown',
    options: [
      { value: 'end-user', label: 'End user' },
      { value: 'agent', label: 'Agent' },
      { value: 'admin', label: 'Admin' },
    ],
  },
  { id: 'organization_id', label: 'Organization', type: 'integer' },
  { id: 'external_id', label: 'External ID', type: 'text' },
  { id: 'time_zone', label: 'Time zone', type: 'text' },
  { id: 'locale', label: 'Language', type: 'text' },
  { id: 'tags', label: 'Tags', type: 'tags' },
  { id: 'created_at', label: 'Created', type: 'datetime' },
  { id: 'updated_at', label: 'Updated', type: 'datetime' },
];

/** Organization attributes (docs/contracts/zendesk-api.md § Users and organizations). */
const ORGANIZATION_STANDARD: Standard[] = [
  { id: 'id', label: 'Organization ID', type: 'integer' },
  { id: 'name', label: 'Name', type: 'text' },
  { id: 'domain_names', label: 'Domains', type: 'tags' },
  { id: 'details', label: 'Details', type: 'textarea' },
  { id: 'notes', label: 'Notes', type: 'textarea' },
  { id: 'external_id', label: 'External ID', type: 'text' },
  { id: 'group_id', label: 'Group', type: 'integer' },
  { id: 'tags', label: 'Tags', type: 'tags' },
  { id: 'created_at', label: 'Created', type: 'datetime' },
  { id: 'updated_at', label: 'Updated', type: 'datetime' },
];

function standardInfo(s: Standard): ZendeskFieldInfo {
  const info: ZendeskFieldInfo = { id: s.id, label: s.label, type: s.type, custom: false };
  if (s.options) info.options = s.options;
  return info;
}

function optionsOf(
  custom: { name: string; value: string }[] | null | undefined,
  system?: { name: string; value: string }[] | null,
): ZendeskFieldOption[] | undefined {
  const source = custom && custom.length > 0 ? custom : system && system.length > 0 ? system : null;
  return source ? source.map((o) => ({ value: o.value, label: o.name })) : undefined;
}

export function ticketFieldCatalog(fields: readonly ZendeskTicketField[]): ZendeskFieldInfo[] {
  const out: ZendeskFieldInfo[] = [];
  const seen = new Set<string>();
  const sorted = [...fields].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id);
  for (const f of sorted) {
    if (f.active === false) continue;
    // removable:false marks the system fields (subject, status, …); everything else is custom.
    const attribute = f.removable === false ? TICKET_SYSTEM_TYPES[f.type] : undefined;
    if (f.removable === false && attribute === undefined) continue;
    const id = attribute ?? String(f.id);
    if (seen.has(id)) continue;
    seen.add(id);
    const info: ZendeskFieldInfo = { id, label: f.title, type: f.type, custom: attribute === undefined };
    const options = optionsOf(f.custom_field_options, f.system_field_options);
    if (options) info.options = options;
    out.push(info);
  }
  for (const extra of TICKET_EXTRA) {
    if (!seen.has(extra.id)) out.push(standardInfo(extra));
  }
  return out;
}

export function objectFieldCatalog(
  object: 'user' | 'organization',
  fields: readonly ZendeskObjectField[],
): ZendeskFieldInfo[] {
  const out = (object === 'user' ? USER_STANDARD : ORGANIZATION_STANDARD).map(standardInfo);
  const sorted = [...fields].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id);
  for (const f of sorted) {
    if (f.active === false) continue;
    const info: ZendeskFieldInfo = {
      id: String(f.id),
      label: f.title,
      key: f.key,
      type: f.type,
      custom: true,
    };
    const options = optionsOf(f.custom_field_options);
    if (options) info.options = options;
    out.push(info);
  }
  return out;
}

/** The catalog for one Zendesk object, read live (errors propagate: never an empty list on failure). */
export async function zendeskFieldCatalog(
  zendesk: ZendeskClient,
  object: ZendeskObject,
): Promise<ZendeskFieldInfo[]> {
  switch (object) {
    case 'ticket':
      return ticketFieldCatalog(await zendesk.ticketFields());
    case 'user':
      return objectFieldCatalog('user', await zendesk.userFields());
    case 'organization':
      return objectFieldCatalog('organization', await zendesk.organizationFields());
  }
}

/** Jira fields in the order the editor lists them: by name, then id. */
export function sortJiraFields(fields: JiraFieldInfo[]): JiraFieldInfo[] {
  return [...fields].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
