/**
 * The fields every linked card shows whatever the admin mapped: a ticket's subject, status
 * and requester; a customer's name and e-mail; an organization's name. They are added to the
 * preview (ahead of the admin's preview fields) so the card never shows only "Ticket #8".
 *
 * Pure and type-only imports: the panel frontend reads HEADLINE_IDS to lay the card out.
 */
import type { FieldMapping, PreviewValue, ZendeskObject } from '../domain/types';

export interface HeadlineField {
  /** The role on the card. */
  role: 'subject' | 'status' | 'requester' | 'name' | 'email';
  /** Field id added when the admin previews none of `ids`. */
  fieldId: string;
  label: string;
  /** Every standard id the admin page may store for this field (src/links/preview.ts aliases). */
  ids: readonly string[];
}

const headline = (role: HeadlineField['role'], label: string, ...ids: string[]): HeadlineField => ({
  role,
  fieldId: ids[0] ?? role,
  label,
  ids,
});

export const HEADLINE_FIELDS: Readonly<Record<ZendeskObject, readonly HeadlineField[]>> = {
  ticket: [
    headline('subject', 'Subject', 'subject'),
    headline('status', 'Status', 'status'),
    headline('requester', 'Requester', 'requester', 'requester_id'),
  ],
  user: [headline('name', 'Name', 'name'), headline('email', 'Email', 'email')],
  organization: [headline('name', 'Name', 'name')],
};

/** The item's fields with the headline fields the admin did not preview put in front. */
export function withHeadline(object: ZendeskObject, fields: readonly FieldMapping[]): FieldMapping[] {
  const previewed = new Set(fields.filter((f) => f.preview).map((f) => f.zendeskFieldId));
  const missing: FieldMapping[] = HEADLINE_FIELDS[object]
    .filter((h) => !h.ids.some((id) => previewed.has(id)))
    .map((h) => ({ zendeskFieldId: h.fieldId, zendeskFieldLabel: h.label, preview: true }));
  return [...missing, ...fields];
}

export interface SplitPreview {
  /** Headline values by role (subject, status, requester / name, email). */
  headline: ReadonlyMap<HeadlineField['role'], string>;
  /** Everything else, in the stored order. */
  rest: PreviewValue[];
}

/** Separates the headline values from the preview table's rows. */
export function splitPreview(object: ZendeskObject, preview: readonly PreviewValue[]): SplitPreview {
  const roleOf = new Map(HEADLINE_FIELDS[object].flatMap((h) => h.ids.map((id) => [id, h.role] as const)));
  const found = new Map<HeadlineField['role'], string>();
  const rest: PreviewValue[] = [];
  for (const value of preview) {
    const role = roleOf.get(value.fieldId);
    if (role !== undefined && !found.has(role)) found.set(role, value.value);
    else rest.push(value);
  }
  return { headline: found, rest };
}
