/**
 * Which Zendesk field may feed which Jira field: a table of Zendesk field types × Jira field
 * kinds, shared by the item editor (it only offers compatible targets), the server (it refuses
 * anything else) and the coverage check. docs/admin-guide.md § Field compatibility shows it.
 *
 * Zendesk field types: the `type` of ticket, user and organization fields
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/ — text, textarea,
 * checkbox, date, integer, decimal, regexp, partialcreditcard, multiselect, tagger, lookup; system
 * fields subject, description, status, tickettype, priority, group, assignee, custom_status;
 * https://developer.zendesk.com/api-reference/ticketing/users/user_fields/ adds dropdown), plus the
 * ticket attributes the editor offers directly (tags, ids, timestamps).
 *
 * Jira field kinds: what the connector can write, read from the field's `schema` in
 * GET /rest/api/3/field (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/):
 * string (single line), string with a textarea or description schema (rich text, ADF), number,
 * date, datetime, priority, option, array of option, array of string (labels). Other schemas
 * (user, version, component, cascading select, …) are never offered.
 */

export const JIRA_FIELD_KINDS = [
  'summary',
  'text',
  'rich',
  'priority',
  'option',
  'options',
  'labels',
  'date',
  'datetime',
  'number',
  'unsupported',
] as const;
export type JiraFieldKind = (typeof JIRA_FIELD_KINDS)[number];

/** How the admin page names each Jira kind. */
export const JIRA_KIND_LABELS: Record<JiraFieldKind, string> = {
  summary: 'Summary',
  text: 'Single-line text',
  rich: 'Rich text',
  priority: 'Priority',
  option: 'Single select',
  options: 'Multi select',
  labels: 'Labels',
  date: 'Date',
  datetime: 'Date-time',
  number: 'Number',
  unsupported: 'Not supported',
};

const TEXTUAL: readonly JiraFieldKind[] = ['summary', 'text', 'rich'];

/**
 * Zendesk field type → the Jira kinds it may be written to. A pair that is not listed would lose
 * or misread the value (text into a number, several values into a single select, …).
 */
export const COMPATIBILITY: Readonly<Record<string, readonly JiraFieldKind[]>> = {
  subject: TEXTUAL,
  text: TEXTUAL,
  regexp: TEXTUAL,
  partialcreditcard: ['text'],
  description: ['rich'],
  textarea: ['rich'],
  integer: ['number', 'text'],
  decimal: ['number', 'text'],
  checkbox: ['text'],
  date: ['date', 'datetime', 'text'],
  datetime: ['datetime', 'date', 'text'],
  tagger: ['option', 'text', 'labels'],
  dropdown: ['option', 'text', 'labels'],
  tickettype: ['option', 'text', 'labels'],
  priority: ['priority', 'option', 'text'],
  multiselect: ['options', 'labels'],
  tags: ['labels'],
  status: ['text'],
  custom_status: ['text'],
  group: ['number', 'text'],
  assignee: ['number', 'text'],
  lookup: ['number', 'text'],
};

/** Jira kinds a Zendesk field type may be mapped to (none for an unknown type). */
export function compatibleKinds(zendeskType: string): readonly JiraFieldKind[] {
  return COMPATIBILITY[zendeskType] ?? [];
}

export function isCompatible(zendeskType: string, kind: JiraFieldKind): boolean {
  return compatibleKinds(zendeskType).includes(kind);
}

/** Jira kinds whose values must match a list: a mapping to them carries a value table. */
export function takesValueMap(kind: JiraFieldKind): boolean {
  return kind === 'priority' || kind === 'option' || kind === 'options';
}

/** Why a pair is refused, in words for the admin. */
export function incompatibilityReason(
  zendesk: { label: string; type: string },
  jira: { name: string; kind: JiraFieldKind },
): string {
  const allowed = compatibleKinds(zendesk.type).map((k) => JIRA_KIND_LABELS[k].toLowerCase());
  const can =
    allowed.length > 0
      ? `it can go to ${allowed.join(', ')} fields`
      : 'the connector cannot write this Zendesk field type to Jira';
  return `"${zendesk.label}" (Zendesk ${zendesk.type}) cannot be written to "${jira.name}" (Jira ${JIRA_KIND_LABELS[jira.kind].toLowerCase()}): ${can}.`;
}
