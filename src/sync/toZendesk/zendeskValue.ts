/**
 * Mapped-field conversion Jira value → Zendesk value, the reverse of src/sync/core/fields.ts
 * (docs/sync-model.md § Jira → Zendesk). Two steps:
 *
 *  1. jiraValue.ts readJiraValue: the raw value in a small neutral form;
 *  2. toZendeskWrite (here): that form into what the mapped Zendesk field accepts
 *     (zendeskTarget.ts; docs/contracts/zendesk-api.md § Ticket fields): standard ticket
 *     attributes by name, custom fields by their type (text, tagger option tag, …).
 *
 * Combinations Zendesk cannot take (a read-only attribute, no matching option, a value that
 * would clear a field Zendesk never lets go) come back as `{ok: false, reason}` so the caller
 * records a limitation instead of sending something Zendesk would refuse or misread. The
 * ticket-side helpers below compare a planned write with the ticket and build the update body.
 */
import type { ZendeskTicketUpdate } from '../../zendesk/client';
import type { ZendeskTicket, ZendeskTicketField } from '../../zendesk/schemas';
import { normalizeText } from '../core/fields';
import type { JiraValue } from './jiraValue';
import { zendeskPriorityFromText, type ZendeskPriority } from './priority';
import type { WritableAttribute, ZendeskTarget } from './zendeskTarget';

export type ZendeskWrite =
  { attribute: WritableAttribute; value: unknown } | { customFieldId: number; value: unknown };

export type WriteResult = { ok: true; write: ZendeskWrite } | { ok: false; reason: string };

export interface WriteHelpers {
  /** Jira priority → Zendesk priority through the site's catalog (priority.ts). */
  priority: (p: { id?: string | undefined; name?: string | undefined }) => ZendeskPriority | null;
  /** Tags on the ticket that belong to its custom fields (drop-down values, checkboxes); kept when tags are written. */
  ownedTags: readonly string[];
}

/** Plain text of a value, for text-like Zendesk fields. */
function asText(value: JiraValue): string | null {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'option':
      return value.value;
    case 'list':
      return value.values.length > 0 ? value.values.join(', ') : null;
    case 'priority':
      return value.priority?.name ?? null;
    case 'date':
      return value.date;
    case 'datetime':
      return value.ms === null ? null : new Date(value.ms).toISOString();
    case 'number':
      return value.value === null ? null : String(value.value);
    case 'unsupported':
      return null;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function looseKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/** Zendesk tags: lower case, no spaces (Zendesk splits "a b" into two tags). */
function toTags(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values)
    for (const t of v.toLowerCase().split(/[\s,]+/)) if (t !== '' && !out.includes(t)) out.push(t);
  return out;
}

function matchOption(text: string, options: readonly { name: string; value: string }[]): string | null {
  const exact = options.find((o) => o.value === text || o.name === text);
  if (exact) return exact.value;
  const loose = options.find(
    (o) => looseKey(o.name) === looseKey(text) || looseKey(o.value) === looseKey(text),
  );
  return loose ? loose.value : null;
}

function isoDate(value: JiraValue): string | null | undefined {
  if (value.kind === 'date') return value.date;
  if (value.kind === 'datetime')
    return value.ms === null ? null : new Date(value.ms).toISOString().slice(0, 10);
  if (value.kind === 'text' && value.text !== null) {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(value.text.trim());
    return m ? (m[1] as string) : undefined;
  }
  return value.kind === 'text' ? null : undefined;
}

const TICKET_TYPES = ['problem', 'incident', 'question', 'task'];
const TRUE_TEXT = new Set(['true', 'yes', 'y', '1', 'on', 'checked']);
const FALSE_TEXT = new Set(['false', 'no', 'n', '0', 'off', 'unchecked']);

function listOf(value: JiraValue): string[] {
  if (value.kind === 'list') return value.values;
  const text = asText(value);
  return text === null
    ? []
    : value.kind === 'text'
      ? text
          .split(/[\n,]+/)
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [text];
}

function attributeWrite(attribute: WritableAttribute, value: JiraValue, helpers: WriteHelpers): WriteResult {
  switch (attribute) {
    case 'subject': {
      const text = asText(value);
      if (text === null || oneLine(text) === '')
        return { ok: false, reason: 'a Zendesk subject cannot be blank' };
      return { ok: true, write: { attribute, value: oneLine(text) } };
    }
    case 'priority': {
      let p: ZendeskPriority | null;
      if (value.kind === 'priority') {
        if (value.priority === null)
          return { ok: false, reason: 'a Zendesk priority cannot be cleared once set' };
        p = helpers.priority(value.priority);
      } else {
        const text = asText(value);
        if (text === null) return { ok: false, reason: 'a Zendesk priority cannot be cleared once set' };
        p = zendeskPriorityFromText(text);
      }
      if (p === null)
        return {
          ok: false,
          reason: 'the Jira value matches no Zendesk priority (low, normal, high, urgent)',
        };
      return { ok: true, write: { attribute, value: p } };
    }
    case 'type': {
      const text = asText(value);
      if (text === null) return { ok: true, write: { attribute, value: null } };
      const t = text.trim().toLowerCase();
      if (!TICKET_TYPES.includes(t))
        return {
          ok: false,
          reason: `"${text}" is not a Zendesk ticket type (problem, incident, question, task)`,
        };
      return { ok: true, write: { attribute, value: t } };
    }
    case 'tags': {
      const tags = toTags(listOf(value));
      for (const owned of helpers.ownedTags) if (!tags.includes(owned)) tags.push(owned);
      return { ok: true, write: { attribute, value: tags } };
    }
    case 'due_at': {
      if (value.kind === 'datetime')
        return {
          ok: true,
          write: { attribute, value: value.ms === null ? null : new Date(value.ms).toISOString() },
        };
      const d = isoDate(value);
      if (d === undefined) return { ok: false, reason: 'the Jira value is not a date' };
      return { ok: true, write: { attribute, value: d === null ? null : `${d}T00:00:00Z` } };
    }
    case 'external_id': {
      const text = asText(value);
      return { ok: true, write: { attribute, value: text === null ? null : oneLine(text) } };
    }
  }
}

function customWrite(target: Extract<ZendeskTarget, { kind: 'custom' }>, value: JiraValue): WriteResult {
  const id = target.id;
  const text = asText(value);
  switch (target.type) {
    case 'text':
    case 'regexp':
    case 'partialcreditcard':
      return { ok: true, write: { customFieldId: id, value: text === null ? null : oneLine(text) } };
    case 'textarea':
      return { ok: true, write: { customFieldId: id, value: text } };
    case 'integer': {
      const n = value.kind === 'number' ? value.value : text === null ? null : Number(text);
      if (n === null) return { ok: true, write: { customFieldId: id, value: null } };
      if (!Number.isInteger(n)) return { ok: false, reason: `"${text ?? ''}" is not a whole number` };
      return { ok: true, write: { customFieldId: id, value: n } };
    }
    case 'decimal': {
      const n = value.kind === 'number' ? value.value : text === null ? null : Number(text);
      if (n === null) return { ok: true, write: { customFieldId: id, value: null } };
      if (!Number.isFinite(n)) return { ok: false, reason: `"${text ?? ''}" is not a number` };
      return { ok: true, write: { customFieldId: id, value: n } };
    }
    case 'date': {
      const d = isoDate(value);
      if (d === undefined) return { ok: false, reason: 'the Jira value is not a date' };
      return { ok: true, write: { customFieldId: id, value: d } };
    }
    case 'checkbox': {
      if (text === null) return { ok: true, write: { customFieldId: id, value: false } };
      const t = text.trim().toLowerCase();
      if (TRUE_TEXT.has(t)) return { ok: true, write: { customFieldId: id, value: true } };
      if (FALSE_TEXT.has(t)) return { ok: true, write: { customFieldId: id, value: false } };
      return { ok: false, reason: `"${text}" is neither yes nor no` };
    }
    case 'tagger': {
      const one = value.kind === 'list' ? (value.values[0] ?? null) : text;
      if (one === null) return { ok: true, write: { customFieldId: id, value: null } };
      const tag = matchOption(one, target.options);
      if (tag === null) return { ok: false, reason: `no option of the Zendesk drop-down matches "${one}"` };
      return { ok: true, write: { customFieldId: id, value: tag } };
    }
    case 'multiselect': {
      const tags: string[] = [];
      for (const v of listOf(value)) {
        const tag = matchOption(v, target.options);
        if (tag === null)
          return { ok: false, reason: `no option of the Zendesk multi-select matches "${v}"` };
        if (!tags.includes(tag)) tags.push(tag);
      }
      return { ok: true, write: { customFieldId: id, value: tags } };
    }
    default:
      return { ok: false, reason: `Zendesk fields of type ${target.type} cannot be written from Jira` };
  }
}

export function toZendeskWrite(value: JiraValue, target: ZendeskTarget, helpers: WriteHelpers): WriteResult {
  if (target.kind === 'readonly') return { ok: false, reason: target.reason };
  if (value.kind === 'unsupported')
    return { ok: false, reason: `Jira fields of type ${value.type} cannot be converted for Zendesk` };
  return target.kind === 'attribute'
    ? attributeWrite(target.attribute, value, helpers)
    : customWrite(target, value);
}

// ---------- the ticket ----------

/**
 * Tags the ticket's custom fields own: the selected drop-down options and checked checkboxes
 * (docs/contracts/zendesk-api.md § Ticket fields).
 */
export function fieldOwnedTags(
  ticket: ZendeskTicket,
  ticketFields: ReadonlyMap<string, ZendeskTicketField> | null,
): string[] {
  if (!ticketFields) return [];
  const out: string[] = [];
  for (const cf of ticket.custom_fields) {
    const field = ticketFields.get(String(cf.id));
    if (!field) continue;
    const v = cf.value;
    if (field.type === 'tagger' && typeof v === 'string' && v !== '') {
      out.push(v);
    } else if (field.type === 'multiselect' && Array.isArray(v)) {
      for (const t of v) if (typeof t === 'string') out.push(t);
    } else if (field.type === 'checkbox' && v === true && field.tag) {
      out.push(field.tag);
    }
  }
  return [...new Set(out)];
}

function comparable(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'null';
  if (Array.isArray(value)) return JSON.stringify(value.map((v) => String(v)).sort());
  if (typeof value === 'string') return JSON.stringify(normalizeText(value));
  return JSON.stringify(String(value));
}

function ticketValue(ticket: ZendeskTicket, write: ZendeskWrite): unknown {
  if ('customFieldId' in write) return ticket.custom_fields.find((f) => f.id === write.customFieldId)?.value;
  if (write.attribute === 'due_at') {
    const ms = ticket.due_at ? Date.parse(ticket.due_at) : NaN;
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return ticket[write.attribute];
}

/** True when the ticket already holds what the write would set (nothing to send). */
export function ticketHas(ticket: ZendeskTicket, write: ZendeskWrite): boolean {
  let want = write.value;
  if ('attribute' in write && write.attribute === 'due_at' && typeof want === 'string')
    want = new Date(Date.parse(want)).toISOString();
  if ('customFieldId' in write && want === false) {
    const current = ticketValue(ticket, write);
    return current === false || current === null || current === undefined;
  }
  return comparable(ticketValue(ticket, write)) === comparable(want);
}

/** Adds a write to a ticket update body. */
export function addWrite(update: ZendeskTicketUpdate, write: ZendeskWrite): void {
  if ('customFieldId' in write) {
    const list = (update.custom_fields ??= []);
    const existing = list.findIndex((f) => f.id === write.customFieldId);
    if (existing >= 0) list.splice(existing, 1);
    list.push({ id: write.customFieldId, value: write.value });
    return;
  }
  const target = update as Record<WritableAttribute, unknown>;
  target[write.attribute] = write.value;
}
