/**
 * Mapped-field conversion, Zendesk value → Jira value, chosen by the Jira field's schema
 * type (docs/contracts/jira-api.md § Create metadata; docs/sync-model.md § Fields). Every conversion also
 * yields a "comparable": the normalized form the scheduler compares with Jira's current value, so a
 * field is written only when it differs.
 */
import type { JiraFieldKind } from '../../domain/fieldCompatibility';
import { isNumericFieldId } from '../../domain/ids';
import type { JiraField } from '../../jira/schemas';
import type { ZendeskTicket } from '../../zendesk/schemas';

export type ZendeskFieldValue = string | number | boolean | null | string[];
export type Comparable = string | number | boolean | null | string[];

/** Standard ticket attributes by the ids the admin page stores (attribute names) and by Zendesk field types. */
const STANDARD_ATTRIBUTES: Record<string, keyof ZendeskTicket> = {
  id: 'id',
  subject: 'subject',
  description: 'description',
  priority: 'priority',
  status: 'status',
  type: 'type',
  tickettype: 'type',
  tags: 'tags',
  due_at: 'due_at',
  external_id: 'external_id',
  assignee: 'assignee_id',
  assignee_id: 'assignee_id',
  group: 'group_id',
  group_id: 'group_id',
  requester: 'requester_id',
  requester_id: 'requester_id',
  organization: 'organization_id',
  organization_id: 'organization_id',
  created_at: 'created_at',
  updated_at: 'updated_at',
};

function toFieldValue(raw: unknown): ZendeskFieldValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw))
    return raw
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
      .map(String);
  return null;
}

export type ReadResult = { found: true; value: ZendeskFieldValue } | { found: false };

/**
 * The ticket's value for a mapped Zendesk field. Custom fields are numeric ids found in
 * `custom_fields`; standard fields are attribute names, or numeric ids of system fields
 * resolved through `systemTypes` (ticket_fields id → type, e.g. "subject").
 */
export function readTicketField(
  ticket: ZendeskTicket,
  zendeskFieldId: string,
  systemTypes?: ReadonlyMap<string, string>,
): ReadResult {
  const attribute = STANDARD_ATTRIBUTES[zendeskFieldId];
  if (attribute !== undefined) return { found: true, value: toFieldValue(ticket[attribute]) };
  if (isNumericFieldId(zendeskFieldId)) {
    const custom = ticket.custom_fields.find((f) => String(f.id) === zendeskFieldId);
    if (custom) return { found: true, value: toFieldValue(custom.value) };
    const systemType = systemTypes?.get(zendeskFieldId);
    const viaType = systemType !== undefined ? STANDARD_ATTRIBUTES[systemType] : undefined;
    if (viaType !== undefined) return { found: true, value: toFieldValue(ticket[viaType]) };
  }
  return { found: false };
}

/** True when reading the field may need the ticket-field catalog (numeric id not in custom_fields). */
export function needsSystemTypes(ticket: ZendeskTicket, zendeskFieldId: string): boolean {
  if (STANDARD_ATTRIBUTES[zendeskFieldId] !== undefined || !isNumericFieldId(zendeskFieldId)) return false;
  return !ticket.custom_fields.some((f) => String(f.id) === zendeskFieldId);
}

// ---------- Jira field kinds ----------

export type { JiraFieldKind };

const RICH_SYSTEM = new Set(['description', 'environment']);

/** The conversion a Jira field needs, from its schema (GET /rest/api/3/field). */
export function jiraFieldKind(field: Pick<JiraField, 'id' | 'schema'>): JiraFieldKind {
  const schema = field.schema;
  if (field.id === 'summary' || schema?.system === 'summary') return 'summary';
  if (!schema) return 'unsupported';
  switch (schema.type) {
    case 'string':
      if ((schema.system !== undefined && RICH_SYSTEM.has(schema.system)) || RICH_SYSTEM.has(field.id))
        return 'rich';
      if (schema.custom?.endsWith(':textarea')) return 'rich';
      return 'text';
    case 'priority':
      return 'priority';
    case 'option':
      return 'option';
    case 'array':
      if (schema.items === 'option') return 'options';
      if (schema.items === 'string') return 'labels';
      return 'unsupported';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'number':
      return 'number';
    default:
      return 'unsupported';
  }
}

// ---------- value conversion ----------

export const SUMMARY_MAX = 255;
export const TEXT_MAX = 255;

export interface ConversionHelpers {
  /** Display name of a Zendesk drop-down option (tagger / multiselect) by its tag value. */
  zendeskOptionName?: (tag: string) => string | undefined;
  /** Allowed option values of the Jira field when known (create/edit metadata). */
  jiraOptionValues?: readonly string[];
  /**
   * The mapping's value table, Zendesk value → Jira option value or priority name. Priority
   * always has one (the item's, or the default from the site's catalog): a Jira priority name
   * is never guessed.
   */
  valueMap?: Readonly<Record<string, string>>;
  /** Plain text → ADF document (src/jira/adf/). */
  textToAdf: (text: string) => unknown;
  /** ADF document → plain text (src/jira/adf/). */
  adfToText: (doc: unknown) => string;
}

export type Conversion =
  | { ok: true; kind: JiraFieldKind; value: unknown; comparable: Comparable }
  /** Nothing to write: the Zendesk value has no Jira counterpart that may be set (e.g. empty summary). */
  | { ok: false; skip: true; reason: string }
  | {
      ok: false;
      skip: false;
      code: 'UNSUPPORTED_FIELD_TYPE' | 'NO_MATCHING_OPTION' | 'BAD_VALUE';
      message: string;
    };

function asText(value: ZendeskFieldValue): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Whitespace-insensitive text form used to compare rich text with Jira's ADF. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function looseKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

function matchOption(tag: string, helpers: ConversionHelpers): string | null {
  const chosen = helpers.valueMap?.[tag];
  if (chosen !== undefined && chosen !== '') return chosen;
  const name = helpers.zendeskOptionName?.(tag);
  const candidates = [name, tag].filter((c): c is string => typeof c === 'string' && c !== '');
  const allowed = helpers.jiraOptionValues;
  if (!allowed) return candidates[0] ?? null;
  for (const c of candidates) {
    const exact = allowed.find((a) => a === c);
    if (exact !== undefined) return exact;
  }
  for (const c of candidates) {
    const loose = allowed.find((a) => looseKey(a) === looseKey(c));
    if (loose !== undefined) return loose;
  }
  return null;
}

function isoDate(value: string): string | null {
  const direct = /^(\d{4}-\d{2}-\d{2})$/.exec(value.trim());
  if (direct) return direct[1] as string;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString().slice(0, 10);
}

/** Jira's datetime format (docs/contracts/jira-api.md § Create issue): 2026-11-25T12:00:00.000+0000. */
function jiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Labels may not contain spaces (Jira rejects them), so whitespace becomes an underscore. */
function toLabel(s: string): string {
  return s.trim().replace(/\s+/g, '_');
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

export function convertToJira(
  value: ZendeskFieldValue,
  field: Pick<JiraField, 'id' | 'schema'>,
  helpers: ConversionHelpers,
): Conversion {
  const kind = jiraFieldKind(field);
  switch (kind) {
    case 'summary': {
      const text = asText(value);
      if (text === null || text.trim() === '')
        return { ok: false, skip: true, reason: 'An empty Zendesk value cannot clear the summary' };
      const v = oneLine(text, SUMMARY_MAX);
      return { ok: true, kind, value: v, comparable: v };
    }
    case 'text': {
      const text = asText(value);
      if (text === null || text.trim() === '') return { ok: true, kind, value: null, comparable: null };
      const v = oneLine(text, TEXT_MAX);
      return { ok: true, kind, value: v, comparable: v };
    }
    case 'rich': {
      const text = asText(value);
      if (text === null || text.trim() === '') return { ok: true, kind, value: null, comparable: null };
      const doc = helpers.textToAdf(text);
      // Compared through the same ADF reader as Jira's value, so list markers and link
      // rendering cannot make equal texts look different.
      return { ok: true, kind, value: doc, comparable: normalizeText(helpers.adfToText(doc)) };
    }
    case 'priority': {
      const text = asText(value);
      if (text === null || text === '')
        return { ok: false, skip: true, reason: 'Jira priorities cannot be cleared' };
      const name = helpers.valueMap?.[text.toLowerCase()] ?? helpers.valueMap?.[text];
      if (name === undefined || name === '') {
        return {
          ok: false,
          skip: false,
          code: 'NO_MATCHING_OPTION',
          message: `No Jira priority is chosen for the Zendesk value "${text}" in the item's priority table`,
        };
      }
      return { ok: true, kind, value: { name }, comparable: name };
    }
    case 'option': {
      const text = Array.isArray(value) ? (value[0] ?? null) : asText(value);
      if (text === null || text === '') return { ok: true, kind, value: null, comparable: null };
      const match = matchOption(text, helpers);
      if (match === null) {
        return {
          ok: false,
          skip: false,
          code: 'NO_MATCHING_OPTION',
          message: `No option of Jira field ${field.id} matches the Zendesk value "${text}"`,
        };
      }
      return { ok: true, kind, value: { value: match }, comparable: match };
    }
    case 'options': {
      const tags = value === null ? [] : Array.isArray(value) ? value : [String(value)];
      const matched: string[] = [];
      for (const tag of tags) {
        const m = matchOption(tag, helpers);
        if (m === null) {
          return {
            ok: false,
            skip: false,
            code: 'NO_MATCHING_OPTION',
            message: `No option of Jira field ${field.id} matches the Zendesk value "${tag}"`,
          };
        }
        matched.push(m);
      }
      const unique = sortedUnique(matched);
      return { ok: true, kind, value: unique.map((v) => ({ value: v })), comparable: unique };
    }
    case 'labels': {
      const items = value === null ? [] : Array.isArray(value) ? value : String(value).split(/[\s,]+/);
      const labels = sortedUnique(items.map(toLabel).filter((l) => l !== ''));
      return { ok: true, kind, value: labels, comparable: labels };
    }
    case 'date': {
      const text = asText(value);
      if (text === null || text === '') return { ok: true, kind, value: null, comparable: null };
      const d = isoDate(text);
      if (d === null)
        return { ok: false, skip: false, code: 'BAD_VALUE', message: `"${text}" is not a date` };
      return { ok: true, kind, value: d, comparable: d };
    }
    case 'datetime': {
      const text = asText(value);
      if (text === null || text === '') return { ok: true, kind, value: null, comparable: null };
      const ms = Date.parse(text);
      if (Number.isNaN(ms))
        return { ok: false, skip: false, code: 'BAD_VALUE', message: `"${text}" is not a date-time` };
      return { ok: true, kind, value: jiraDateTime(ms), comparable: ms };
    }
    case 'number': {
      if (value === null || value === '') return { ok: true, kind, value: null, comparable: null };
      const n = typeof value === 'number' ? value : Number(Array.isArray(value) ? value[0] : value);
      if (!Number.isFinite(n))
        return { ok: false, skip: false, code: 'BAD_VALUE', message: `"${String(value)}" is not a number` };
      return { ok: true, kind, value: n, comparable: n };
    }
    case 'unsupported':
      return {
        ok: false,
        skip: false,
        code: 'UNSUPPORTED_FIELD_TYPE',
        message: `Jira field ${field.id} (type ${field.schema?.type ?? 'unknown'}${field.schema?.items ? ` of ${field.schema.items}` : ''}) cannot receive Zendesk values`,
      };
  }
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Jira's current value in the same normalized form convertToJira produces, so equal means
 * "nothing to write". `adfToText` is src/jira/adf/'s reader.
 */
export function comparableFromJira(
  current: unknown,
  field: Pick<JiraField, 'id' | 'schema'>,
  adfToText: (doc: unknown) => string,
): Comparable {
  const kind = jiraFieldKind(field);
  if (current === null || current === undefined) {
    return kind === 'labels' || kind === 'options' ? [] : null;
  }
  switch (kind) {
    case 'summary':
    case 'text':
      return typeof current === 'string' ? (current.trim() === '' ? null : current) : null;
    case 'rich': {
      const text = typeof current === 'string' ? current : adfToText(current);
      const norm = normalizeText(text);
      return norm === '' ? null : norm;
    }
    case 'priority': {
      const name = record(current)?.name;
      return typeof name === 'string' ? name : null;
    }
    case 'option': {
      const v = record(current)?.value;
      return typeof v === 'string' ? v : null;
    }
    case 'options':
      return Array.isArray(current)
        ? sortedUnique(current.map((o) => record(o)?.value).filter((v): v is string => typeof v === 'string'))
        : [];
    case 'labels':
      return Array.isArray(current)
        ? sortedUnique(current.filter((v): v is string => typeof v === 'string'))
        : [];
    case 'date':
      return typeof current === 'string' ? isoDate(current) : null;
    case 'datetime': {
      if (typeof current !== 'string') return null;
      const ms = Date.parse(current.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      return Number.isNaN(ms) ? null : ms;
    }
    case 'number':
      return typeof current === 'number' ? current : null;
    case 'unsupported':
      return null;
  }
}

export function sameComparable(a: Comparable, b: Comparable): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => v === b[i]);
  }
  return a === b;
}
