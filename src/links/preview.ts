/**
 * Preview values for a linked Zendesk record (docs/contracts/connector-rules.md § Preview values):
 * one entry per preview field of the item, keyed by the Zendesk field **id** so two custom
 * fields with the same title never hide each other; readable labels for options, statuses,
 * priorities, people and organizations; empty values left out; content as plain text.
 *
 * Pure: the caller fetches the record and the catalogs (see previewNeeds / referencedIds).
 */
import type { FieldMapping, PreviewValue, ZendeskObject } from '../domain/types';
import type {
  ZendeskObjectField,
  ZendeskOrganization,
  ZendeskTicket,
  ZendeskTicketField,
  ZendeskUser,
} from '../zendesk/schemas';
import { displayText } from './text';
import {
  type Kind,
  own,
  PRIORITY_LABELS,
  ROLE_LABELS,
  standardTable,
  STATUS_LABELS,
  TICKET_STANDARD,
  TICKET_SYSTEM_TYPES,
  TYPE_LABELS,
} from './standardAttributes';
import { isNumericFieldId, ZENDESK_ID_PATTERN } from '../domain/ids';

/** A Zendesk record as read; for tickets, a time at or before the read (see updateIsSettled). */
export type ZendeskRecord =
  | { kind: 'ticket'; ticket: ZendeskTicket; observedAtMs: number }
  | { kind: 'user'; user: ZendeskUser }
  | { kind: 'organization'; organization: ZendeskOrganization };

export interface PreviewCatalog {
  /** Ticket field definitions by id (as a string); needed for custom and numeric system fields. */
  ticketFields?: ReadonlyMap<string, ZendeskTicketField>;
  userFields?: readonly ZendeskObjectField[];
  organizationFields?: readonly ZendeskObjectField[];
  /** Zendesk user id → display name (requester, assignee, submitter). */
  userNames?: ReadonlyMap<number, string>;
  /** Zendesk organization id → name. */
  organizationNames?: ReadonlyMap<number, string>;
}

/** Which catalogs buildPreview needs for these preview fields. */
export function previewNeeds(
  object: ZendeskObject,
  fields: readonly FieldMapping[],
): {
  ticketFields: boolean;
  userFields: boolean;
  organizationFields: boolean;
} {
  const table = standardTable(object);
  // Custom fields need their definitions: option labels, types, and user/org field keys.
  const custom = previewFields(fields).some((f) => own(table, f.zendeskFieldId) === undefined);
  return {
    ticketFields: object === 'ticket' && custom,
    userFields: object === 'user' && custom,
    organizationFields: object === 'organization' && custom,
  };
}

export function previewFields(fields: readonly FieldMapping[]): FieldMapping[] {
  const seen = new Set<string>();
  const out: FieldMapping[] = [];
  for (const f of fields) {
    if (!f.preview || seen.has(f.zendeskFieldId)) continue;
    seen.add(f.zendeskFieldId);
    out.push(f);
  }
  return out;
}

function asId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string' && ZENDESK_ID_PATTERN.test(value)) return Number(value);
  return null;
}

/** User and organization ids whose names the preview shows (fetch them with show_many). */
export function referencedIds(
  record: ZendeskRecord,
  fields: readonly FieldMapping[],
  catalog: Pick<PreviewCatalog, 'ticketFields'> = {},
): { users: number[]; organizations: number[] } {
  const users = new Set<number>();
  const organizations = new Set<number>();
  for (const field of previewFields(fields)) {
    const resolved = resolveField(record, field, catalog);
    if (!resolved) continue;
    const id = asId(resolved.raw);
    if (id === null) continue;
    if (resolved.kind === 'user') users.add(id);
    if (resolved.kind === 'organization') organizations.add(id);
  }
  return { users: [...users], organizations: [...organizations] };
}

interface Resolved {
  raw: unknown;
  kind: Kind;
  /** Options of custom dropdown / multiselect fields: value (tag) → label. */
  options?: ReadonlyMap<string, string>;
  /** Labels from a system ticket field's options (status, priority, type). */
  systemOptions?: ReadonlyMap<string, string>;
  customType?: string;
  catalogTitle?: string;
}

function optionMap(
  options: readonly { name: string; value: string }[] | null | undefined,
): Map<string, string> | undefined {
  if (!options || options.length === 0) return undefined;
  return new Map(options.map((o) => [o.value, o.name]));
}

function customKind(type: string): Kind {
  if (type === 'checkbox') return 'boolean';
  if (type === 'multiselect') return 'list';
  if (type === 'date') return 'datetime';
  return 'text';
}

function readAttribute(record: ZendeskRecord, attribute: string): unknown {
  const source: Record<string, unknown> =
    record.kind === 'ticket' ? record.ticket : record.kind === 'user' ? record.user : record.organization;
  return Object.prototype.hasOwnProperty.call(source, attribute) ? source[attribute] : undefined;
}

function resolveField(record: ZendeskRecord, field: FieldMapping, catalog: PreviewCatalog): Resolved | null {
  const id = field.zendeskFieldId;
  const table = standardTable(record.kind);
  const standard = own(table, id);
  if (standard) {
    const resolved: Resolved = { raw: readAttribute(record, standard.attribute), kind: standard.kind };
    if (record.kind === 'ticket' && catalog.ticketFields) {
      const systemType =
        standard.kind === 'status'
          ? 'status'
          : standard.kind === 'priority'
            ? 'priority'
            : standard.kind === 'ticketType'
              ? 'tickettype'
              : null;
      if (systemType !== null) {
        for (const def of catalog.ticketFields.values()) {
          if (def.type === systemType && def.system_field_options) {
            const map = optionMap(def.system_field_options);
            if (map) resolved.systemOptions = map;
            break;
          }
        }
      }
    }
    return resolved;
  }

  if (record.kind === 'ticket') {
    if (!isNumericFieldId(id)) return null;
    const def = catalog.ticketFields?.get(id);
    const custom = record.ticket.custom_fields.find((f) => String(f.id) === id);
    if (def && def.removable === false) {
      // A system field chosen by its numeric id: show the attribute it stands for.
      const alias = own(TICKET_SYSTEM_TYPES, def.type);
      const viaType = alias !== undefined ? own(TICKET_STANDARD, alias) : undefined;
      if (viaType) {
        const resolved: Resolved = {
          raw: readAttribute(record, viaType.attribute),
          kind: viaType.kind,
          catalogTitle: def.title,
        };
        const map = optionMap(def.system_field_options);
        if (map) resolved.systemOptions = map;
        return resolved;
      }
    }
    if (!custom) return null;
    const type = def?.type ?? 'text';
    const resolved: Resolved = { raw: custom.value, kind: customKind(type), customType: type };
    const map = optionMap(def?.custom_field_options);
    if (map) resolved.options = map;
    if (def) resolved.catalogTitle = def.title;
    return resolved;
  }

  // Custom user / organization fields live under user_fields{} / organization_fields{} by key.
  const defs = record.kind === 'user' ? catalog.userFields : catalog.organizationFields;
  const def = defs?.find(
    (d) =>
      String(d.id) === id ||
      d.key === id ||
      (field.zendeskFieldKey !== undefined && d.key === field.zendeskFieldKey),
  );
  const key = field.zendeskFieldKey ?? def?.key ?? (isNumericFieldId(id) ? undefined : id);
  if (key === undefined) return null;
  const bag = record.kind === 'user' ? record.user.user_fields : record.organization.organization_fields;
  if (!Object.prototype.hasOwnProperty.call(bag, key)) return null;
  const type = def?.type ?? 'text';
  const resolved: Resolved = { raw: bag[key], kind: customKind(type), customType: type };
  const map = optionMap(def?.custom_field_options);
  if (map) resolved.options = map;
  if (def) resolved.catalogTitle = def.title;
  return resolved;
}

/** `2026-03-01T10:05:00Z` → `2026-03-01 10:05 UTC`; a plain date stays a date. */
export function formatDateTime(value: string): string {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) return trimmed;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return null;
}

function labelled(
  value: unknown,
  ...maps: (ReadonlyMap<string, string> | Record<string, string> | undefined)[]
): string | null {
  const text = scalarText(value);
  if (text === null || text === '') return null;
  for (const map of maps) {
    if (!map) continue;
    const hit = map instanceof Map ? map.get(text) : own(map as Record<string, string>, text);
    if (hit !== undefined) return hit;
  }
  return text;
}

/** The readable text of one resolved value; null or '' when there is nothing to show. */
function formatValue(resolved: Resolved, catalog: PreviewCatalog): string | null {
  const { raw, kind } = resolved;
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'status':
      return labelled(raw, resolved.systemOptions, STATUS_LABELS);
    case 'priority':
      return labelled(raw, resolved.systemOptions, PRIORITY_LABELS);
    case 'ticketType':
      return labelled(raw, resolved.systemOptions, TYPE_LABELS);
    case 'role':
      return labelled(raw, ROLE_LABELS);
    case 'user': {
      const id = asId(raw);
      if (id === null) return scalarText(raw);
      return catalog.userNames?.get(id) ?? `User ${id}`;
    }
    case 'organization': {
      const id = asId(raw);
      if (id === null) return scalarText(raw);
      return catalog.organizationNames?.get(id) ?? `Organization ${id}`;
    }
    case 'group': {
      const id = asId(raw);
      return id === null ? scalarText(raw) : `Group ${id}`;
    }
    case 'datetime': {
      const text = scalarText(raw);
      return text === null || text === '' ? null : formatDateTime(text);
    }
    case 'boolean':
      return typeof raw === 'boolean' ? (raw ? 'Yes' : 'No') : scalarText(raw);
    case 'list': {
      const items = Array.isArray(raw)
        ? raw
        : typeof raw === 'string' && resolved.customType === 'multiselect'
          ? [raw]
          : null;
      if (items === null) return scalarText(raw);
      const labels = items
        .map((v) => labelled(v, resolved.options))
        .filter((v): v is string => v !== null && v.trim() !== '');
      return labels.join(', ');
    }
    case 'text': {
      if (Array.isArray(raw)) {
        return raw
          .map((v) => labelled(v, resolved.options))
          .filter((v): v is string => v !== null && v.trim() !== '')
          .join(', ');
      }
      return labelled(raw, resolved.options);
    }
  }
}

/**
 * The preview table for a record: one entry per preview field (in the item's order), labelled
 * with the admin's label (falling back to Zendesk's title, then the id). Fields without a
 * value, or that the record does not have, are left out.
 */
export function buildPreview(
  record: ZendeskRecord,
  fields: readonly FieldMapping[],
  catalog: PreviewCatalog = {},
): PreviewValue[] {
  const out: PreviewValue[] = [];
  for (const field of previewFields(fields)) {
    const resolved = resolveField(record, field, catalog);
    if (!resolved) continue;
    const formatted = formatValue(resolved, catalog);
    if (formatted === null) continue;
    const value = displayText(formatted);
    if (value === '') continue;
    const label = field.zendeskFieldLabel.trim() || resolved.catalogTitle?.trim() || field.zendeskFieldId;
    out.push({ fieldId: field.zendeskFieldId, label: displayText(label, 200), value });
  }
  return out;
}
