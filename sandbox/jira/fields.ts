/**
 * Field values: validating what a client sends (`fields` and `update` forms of
 * create/edit), rendering stored values into REST shapes, and describing a change
 * as a changelog item (`ChangeDetails`: from/to carry ids, *String carry text).
 */
import { adfToText, checkAdf, overTextLimit } from './adfValidate.js';
import { MESSAGES } from './errors.js';
import { optionBean, priorityRef, userById } from './render.js';
import type { JiraState } from './state.js';
import type { AdfDoc, ChangeItem, FieldDef, ProjectDef } from './types.js';

export type FieldResult =
  | { ok: true; value: unknown }
  /** `topLevel` problems go to `errorMessages` rather than `errors.{fieldId}`. */
  | { ok: false; message: string; topLevel?: boolean };

const ok = (value: unknown): FieldResult => ({ ok: true, value });
const fail = (message: string): FieldResult => ({ ok: false, message });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function parseLabel(raw: unknown): string | FieldResult {
  if (typeof raw !== 'string' || raw.length === 0) return fail('Operation value must be a string');
  if (/\s/.test(raw)) return fail(`The label '${raw}' contains spaces which is invalid.`);
  if (raw.length > 255) return fail('The label exceeds the maximum length of 255 characters.');
  return raw;
}

/** Validates a value given with the `set` operation (or in `fields`). */
export function parseFieldValue(
  state: JiraState,
  field: FieldDef,
  raw: unknown,
  project: ProjectDef,
): FieldResult {
  switch (field.kind) {
    case 'summary': {
      if (typeof raw !== 'string' || raw.trim().length === 0)
        return fail('You must specify a summary of the issue.');
      if (raw.length > 255) return fail('Summary must be less than 255 characters.');
      if (/[\r\n]/.test(raw)) return fail('The summary is invalid because it contains newline characters.');
      return ok(raw);
    }
    case 'adf': {
      if (raw === null) return ok(null);
      const check = checkAdf(raw);
      if (check.ok) return overTextLimit(check.doc) ? fail(MESSAGES.textTooLong) : ok(check.doc);
      if (check.reason === 'not-doc') return fail(MESSAGES.notAdf);
      return { ok: false, message: MESSAGES.invalidInput, topLevel: true };
    }
    case 'text': {
      if (raw === null) return ok(null);
      if (typeof raw !== 'string') return fail('Operation value must be a string');
      if (raw.length > 255)
        return fail('The entered text is too long. It exceeds the allowed limit of 255 characters.');
      return ok(raw.length === 0 ? null : raw);
    }
    case 'priority': {
      if (!isRecord(raw)) return fail('Specify the Priority (id or name) in the string format');
      const byId = typeof raw.id === 'string' ? state.priorities.find((p) => p.id === raw.id) : undefined;
      const byName =
        typeof raw.name === 'string' ? state.priorities.find((p) => p.name === raw.name) : undefined;
      const priority = byId ?? byName;
      if (priority === undefined) {
        const given = typeof raw.id === 'string' ? raw.id : String(raw.name);
        return fail(`Specify a valid priority. '${given}' does not exist.`);
      }
      return ok(priority.id);
    }
    case 'user': {
      if (raw === null) return ok(null);
      if (!isRecord(raw)) return fail(`Specify a valid value for ${field.id}`);
      const accountId =
        typeof raw.accountId === 'string' ? raw.accountId : typeof raw.id === 'string' ? raw.id : null;
      if (accountId === null)
        return raw.accountId === null ? ok(null) : fail(`Specify a valid value for ${field.id}`);
      if (state.account(accountId) === undefined) return fail(`Specify a valid value for ${field.id}`);
      // Jira checks the Assignable User permission in the project.
      if (field.id === 'assignee' && !state.can(accountId, project, 'ASSIGNABLE_USER')) {
        return fail(`User '${accountId}' cannot be assigned issues.`);
      }
      return ok(accountId);
    }
    case 'labels': {
      if (raw === null) return ok([]);
      if (!Array.isArray(raw)) return fail('Operation value must be an array of strings');
      const labels: string[] = [];
      for (const item of raw) {
        const label = parseLabel(item);
        if (typeof label !== 'string') return label;
        if (!labels.includes(label)) labels.push(label);
      }
      return ok(labels);
    }
    case 'date': {
      if (raw === null) return ok(null);
      if (typeof raw !== 'string' || !validDate(raw))
        return fail(`Error parsing date string: ${String(raw)}`);
      return ok(raw);
    }
    case 'option': {
      if (raw === null) return ok(null);
      if (!isRecord(raw)) return fail('Operation value must be an object with an id or a value');
      const options = field.options ?? [];
      if (typeof raw.id === 'string') {
        const option = options.find((o) => o.id === raw.id);
        return option === undefined ? fail(`Option id '${raw.id}' is not valid`) : ok(option.id);
      }
      if (typeof raw.value === 'string') {
        const option = options.find((o) => o.value === raw.value);
        return option === undefined ? fail(`Option value '${raw.value}' is not valid`) : ok(option.id);
      }
      return fail('Operation value must be an object with an id or a value');
    }
    case 'number': {
      if (raw === null) return ok(null);
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail('Operation value must be a number');
      return ok(raw);
    }
    case 'readonly':
      return fail(MESSAGES.notOnScreen(field.id));
  }
}

const OPERATIONS: Record<FieldDef['kind'], string[]> = {
  summary: ['set'],
  adf: ['set'],
  text: ['set'],
  priority: ['set'],
  user: ['set'],
  labels: ['add', 'set', 'remove'],
  date: ['set'],
  option: ['set'],
  number: ['set'],
  readonly: [],
};

export function fieldOperations(field: FieldDef): string[] {
  return OPERATIONS[field.kind];
}

/** Applies `update: {field: [{set|add|remove: v}, …]}` operations in order. */
export function applyUpdateOperations(
  state: JiraState,
  field: FieldDef,
  current: unknown,
  operations: unknown,
  project: ProjectDef,
): FieldResult {
  if (!Array.isArray(operations)) return fail(`Field '${field.id}': update must be an array of operations`);
  let value = current;
  for (const operation of operations) {
    if (!isRecord(operation)) return fail(`Field '${field.id}': an operation must be an object`);
    const entries = Object.entries(operation);
    const entry = entries[0];
    if (entries.length !== 1 || entry === undefined)
      return fail(`Field '${field.id}': one verb per operation`);
    const [verb, operand] = entry;
    if (!fieldOperations(field).includes(verb)) {
      return fail(`Could not find operation '${verb}' for field '${field.id}'.`);
    }
    if (verb === 'set') {
      const result = parseFieldValue(state, field, operand, project);
      if (!result.ok) return result;
      value = result.value;
      continue;
    }
    // add/remove: only array fields (labels) support them.
    const label = parseLabel(operand);
    if (typeof label !== 'string') return label;
    const labels = Array.isArray(value) ? (value as string[]) : [];
    value =
      verb === 'add'
        ? labels.includes(label)
          ? labels
          : [...labels, label]
        : labels.filter((l) => l !== label);
  }
  return ok(value);
}

/** The stored value as the REST API shows it in `fields`. */
export function renderFieldValue(state: JiraState, field: FieldDef, value: unknown): unknown {
  switch (field.kind) {
    case 'labels':
      return Array.isArray(value) ? value : [];
    case 'priority': {
      const priority = state.priorities.find((p) => p.id === value);
      return priority === undefined ? null : priorityRef(state, priority);
    }
    case 'user':
      return typeof value === 'string' ? userById(state, value) : null;
    case 'option': {
      const option = field.options?.find((o) => o.id === value);
      return option === undefined ? null : optionBean(state, option);
    }
    default:
      return value ?? null;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** `[from, fromString]` for one side of a change. */
function describe(state: JiraState, field: FieldDef, value: unknown): [string | null, string | null] {
  if (isEmpty(value)) return [null, null];
  switch (field.kind) {
    case 'priority':
      return [String(value), state.priorities.find((p) => p.id === value)?.name ?? null];
    case 'user':
      return [String(value), state.account(String(value))?.displayName ?? null];
    case 'option':
      return [String(value), field.options?.find((o) => o.id === value)?.value ?? null];
    case 'labels':
      return [null, (value as string[]).join(' ')];
    case 'adf':
      return [null, adfToText(value as AdfDoc)];
    case 'date':
      return [String(value), String(value)];
    default:
      return [null, String(value)];
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function changeItem(
  state: JiraState,
  field: FieldDef,
  before: unknown,
  after: unknown,
): ChangeItem | null {
  if (sameValue(before, after)) return null;
  const [from, fromString] = describe(state, field, before);
  const [to, toString] = describe(state, field, after);
  return {
    field: field.custom ? field.name : field.id,
    fieldtype: field.custom ? 'custom' : 'jira',
    fieldId: field.id,
    from,
    fromString,
    to,
    toString,
  };
}
