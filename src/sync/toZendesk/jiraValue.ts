/**
 * The Jira side of a mapped field (docs/sync-model.md § Jira → Zendesk, Fields): the issue's raw
 * value, by the Jira field's kind (core/fields.ts jiraFieldKind), in a small neutral form (text,
 * option, list, date, …; ADF becomes plain text) that zendeskValue.ts converts for Zendesk.
 */
import type { JiraField } from '../../jira/schemas';
import { jiraFieldKind } from '../core/fields';

export type JiraValue =
  | { kind: 'text'; text: string | null }
  | { kind: 'priority'; priority: { id?: string | undefined; name?: string | undefined } | null }
  | { kind: 'option'; value: string | null }
  | { kind: 'list'; values: string[] }
  | { kind: 'date'; date: string | null }
  | { kind: 'datetime'; ms: number | null }
  | { kind: 'number'; value: number | null }
  | { kind: 'unsupported'; type: string };

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The issue's current value of a mapped Jira field, in neutral form. */
export function readJiraValue(
  raw: unknown,
  field: Pick<JiraField, 'id' | 'schema'>,
  adfToText: (doc: unknown) => string,
): JiraValue {
  const kind = jiraFieldKind(field);
  const empty = raw === null || raw === undefined;
  switch (kind) {
    case 'summary':
    case 'text': {
      const text = typeof raw === 'string' ? raw : '';
      return { kind: 'text', text: text.trim() === '' ? null : text };
    }
    case 'rich': {
      const text = empty ? '' : typeof raw === 'string' ? raw : adfToText(raw);
      return { kind: 'text', text: text.trim() === '' ? null : text.trim() };
    }
    case 'priority': {
      const r = record(raw);
      return { kind: 'priority', priority: r ? { id: str(r.id), name: str(r.name) } : null };
    }
    case 'option': {
      const v = str(record(raw)?.value);
      return { kind: 'option', value: v === undefined || v === '' ? null : v };
    }
    case 'options':
      return {
        kind: 'list',
        values: Array.isArray(raw)
          ? raw.map((o) => str(record(o)?.value)).filter((v): v is string => v !== undefined && v !== '')
          : [],
      };
    case 'labels':
      return {
        kind: 'list',
        values: Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string' && v !== '') : [],
      };
    case 'date': {
      const m = typeof raw === 'string' ? /^(\d{4}-\d{2}-\d{2})/.exec(raw) : null;
      return { kind: 'date', date: m ? (m[1] as string) : null };
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      return { kind: 'datetime', ms: Number.isNaN(ms) ? null : ms };
    }
    case 'number':
      return { kind: 'number', value: typeof raw === 'number' && Number.isFinite(raw) ? raw : null };
    case 'unsupported':
      return {
        kind: 'unsupported',
        type: `${field.schema?.type ?? 'unknown'}${field.schema?.items ? ` of ${field.schema.items}` : ''}`,
      };
  }
}
