/**
 * The Zendesk side of a mapped field (docs/sync-model.md § Jira → Zendesk, Fields): what the
 * mapping's Zendesk field id names — a writable ticket attribute, a custom field of the
 * ticket-field catalog with its type and options, or something the connector must not write
 * (with the reason shown to the admin). Standard fields are stored by attribute name; numeric
 * ids are looked up in the catalog (system fields by their type:
 * docs/contracts/zendesk-api.md § Ticket fields).
 */
import type { ZendeskTicketField } from '../../zendesk/schemas';
import { isNumericFieldId } from '../../domain/ids';

export type WritableAttribute = 'subject' | 'priority' | 'type' | 'tags' | 'due_at' | 'external_id';

export type ZendeskTarget =
  | { kind: 'attribute'; attribute: WritableAttribute }
  | { kind: 'custom'; id: number; type: string; options: readonly { name: string; value: string }[] }
  | { kind: 'readonly'; reason: string };

const ATTRIBUTES: Record<string, WritableAttribute> = {
  subject: 'subject',
  priority: 'priority',
  type: 'type',
  tickettype: 'type',
  tags: 'tags',
  due_at: 'due_at',
  external_id: 'external_id',
};

const READ_ONLY: Record<string, string> = {
  description: 'a Zendesk ticket description is its first comment and cannot be changed',
  status: 'the ticket status follows the Jira status through status sync, not a field mapping',
  custom_status: 'the ticket status follows the Jira status through status sync, not a field mapping',
  assignee: 'Jira users cannot be matched to Zendesk agents',
  assignee_id: 'Jira users cannot be matched to Zendesk agents',
  group: 'Jira has no counterpart of Zendesk groups',
  group_id: 'Jira has no counterpart of Zendesk groups',
  requester: 'Jira users cannot be matched to Zendesk requesters',
  requester_id: 'Jira users cannot be matched to Zendesk requesters',
  organization: 'Jira has no counterpart of Zendesk organizations',
  organization_id: 'Jira has no counterpart of Zendesk organizations',
  id: 'the ticket id is read-only',
  created_at: 'the creation time is read-only',
  updated_at: 'the update time is read-only',
};

/**
 * What the mapped Zendesk field is. Standard fields are stored by attribute name; numeric ids
 * are looked up in the ticket-field catalog (system fields by their type:
 * docs/contracts/zendesk-api.md § Ticket fields).
 */
export function resolveZendeskTarget(
  zendeskFieldId: string,
  ticketFields: ReadonlyMap<string, ZendeskTicketField> | null,
): ZendeskTarget {
  const attribute = ATTRIBUTES[zendeskFieldId];
  if (attribute) return { kind: 'attribute', attribute };
  const readOnly = READ_ONLY[zendeskFieldId];
  if (readOnly) return { kind: 'readonly', reason: readOnly };
  if (!isNumericFieldId(zendeskFieldId))
    return { kind: 'readonly', reason: 'it is not a ticket field Zendesk lets the connector write' };
  const field = ticketFields?.get(zendeskFieldId);
  if (!field) return { kind: 'readonly', reason: 'the Zendesk field no longer exists' };
  if (field.removable === false) {
    const systemAttribute = ATTRIBUTES[field.type];
    if (systemAttribute) return { kind: 'attribute', attribute: systemAttribute };
    return {
      kind: 'readonly',
      reason: READ_ONLY[field.type] ?? `Zendesk system field "${field.title}" cannot be written`,
    };
  }
  if (field.active === false) return { kind: 'readonly', reason: 'the Zendesk field is inactive' };
  return {
    kind: 'custom',
    id: field.id,
    type: field.type,
    options: (field.custom_field_options ?? []).map((o) => ({ name: o.name, value: o.value })),
  };
}
