/**
 * The Jira values an item's field mappings ask for, for one ticket: reads each mapped Zendesk
 * value and converts it for its Jira field (fields.ts), loading the catalogs a conversion
 * needs through the run caches. Shared by auto-create (the create body) and the update pass
 * (compare and edit), so both write exactly the same values.
 */
import type { FieldMapping, SmartItem, SyncProblem } from '../../domain/types';
import { defaultPriorityMap } from '../../domain/valueMaps';
import { adfToText, textToAdf } from '../../jira/adf';
import type { JiraField } from '../../jira/schemas';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from './context';
import {
  convertToJira,
  jiraFieldKind,
  needsSystemTypes,
  readTicketField,
  type Comparable,
  type ConversionHelpers,
  type JiraFieldKind,
} from './fields';
import { problem } from './problems';

export interface DesiredField {
  mapping: FieldMapping & { jiraFieldId: string };
  field: JiraField;
  kind: JiraFieldKind;
  /** Value for the Jira API (create/edit `fields`). */
  value: unknown;
  comparable: Comparable;
}

/** A mapped field no value is written for, with the reason in plain words (the panel's link preview). */
export interface LeftField {
  mapping: FieldMapping & { jiraFieldId: string };
  /** The Jira field's name (the mapping's when the field is gone). */
  fieldName: string;
  reason: string;
}

export interface DesiredResult {
  desired: DesiredField[];
  problems: SyncProblem[];
  left: LeftField[];
}

/** Plain words for a conversion that produced no value (no field ids: agents read them). */
const LEFT_REASON: Record<'UNSUPPORTED_FIELD_TYPE' | 'NO_MATCHING_OPTION' | 'BAD_VALUE', string> = {
  UNSUPPORTED_FIELD_TYPE: 'the connector cannot write this kind of Jira field',
  NO_MATCHING_OPTION: 'no Jira value is chosen for the Zendesk value',
  BAD_VALUE: 'the Zendesk value does not fit this Jira field',
};

function optionValues(allowed: readonly unknown[] | undefined): string[] | undefined {
  if (!allowed) return undefined;
  const out: string[] = [];
  for (const a of allowed) {
    if (a && typeof a === 'object' && 'value' in a && typeof (a as { value: unknown }).value === 'string')
      out.push((a as { value: string }).value);
  }
  return out;
}

export function mappedToJira(item: SmartItem): (FieldMapping & { jiraFieldId: string })[] {
  return item.fields.filter(
    (f): f is FieldMapping & { jiraFieldId: string } =>
      typeof f.jiraFieldId === 'string' && f.jiraFieldId !== '',
  );
}

export interface FieldTarget {
  projectId: string;
  issueTypeId: string | undefined;
}

/**
 * `target` is the issue's project and issue type: option fields are matched against the
 * allowed values Jira lists for it (create metadata). A function is called only when an
 * option field needs it (the memory pass then reads the issue; others never do).
 */
export async function desiredFields(
  ticket: ZendeskTicket,
  item: SmartItem,
  ctx: SyncContext,
  targetOf: FieldTarget | (() => Promise<FieldTarget>),
): Promise<DesiredResult> {
  const mappings = mappedToJira(item);
  const problems: SyncProblem[] = [];
  const desired: DesiredField[] = [];
  const left: LeftField[] = [];
  if (mappings.length === 0) return { desired, problems, left };
  const catalog = await ctx.caches.jiraFieldMap();

  let systemTypes: Map<string, string> | undefined;
  if (mappings.some((m) => needsSystemTypes(ticket, m.zendeskFieldId))) {
    const zf = await ctx.caches.zendeskTicketFields();
    systemTypes = new Map(
      [...zf.values()].filter((f) => f.removable === false).map((f) => [String(f.id), f.type]),
    );
  }

  for (const mapping of mappings) {
    const field = catalog.get(mapping.jiraFieldId);
    if (!field) {
      left.push({
        mapping,
        fieldName: mapping.jiraFieldName ?? mapping.jiraFieldId,
        reason: 'the Jira field no longer exists',
      });
      problems.push(
        problem(
          'limitation',
          'FIELD_MISSING',
          `Jira field ${mapping.jiraFieldName ?? mapping.jiraFieldId} no longer exists; "${mapping.zendeskFieldLabel}" is not synchronized`,
        ),
      );
      continue;
    }
    const read = readTicketField(ticket, mapping.zendeskFieldId, systemTypes);
    if (!read.found) {
      left.push({ mapping, fieldName: field.name, reason: 'the ticket has no such Zendesk field' });
      problems.push(
        problem(
          'limitation',
          'FIELD_MISSING',
          `Zendesk field "${mapping.zendeskFieldLabel}" is not on ticket ${ticket.id}`,
        ),
      );
      continue;
    }
    const kind = jiraFieldKind(field);
    const helpers: ConversionHelpers = { textToAdf, adfToText };
    if (mapping.valueMap) helpers.valueMap = mapping.valueMap;
    else if (kind === 'priority') helpers.valueMap = defaultPriorityMap(await ctx.caches.priorities());
    if (kind === 'option' || kind === 'options') {
      const zf = await ctx.caches.zendeskTicketFields();
      const options = zf.get(mapping.zendeskFieldId)?.custom_field_options ?? [];
      helpers.zendeskOptionName = (tag) => options.find((o) => o.value === tag)?.name;
      const target = typeof targetOf === 'function' ? await targetOf() : targetOf;
      if (target.issueTypeId !== undefined) {
        const meta = await ctx.caches.createMetaFor(target.projectId, target.issueTypeId);
        const allowed = optionValues(meta.get(field.id)?.allowedValues);
        if (allowed) helpers.jiraOptionValues = allowed;
      }
    }
    const conv = convertToJira(read.value, field, helpers);
    if (!conv.ok) {
      left.push({ mapping, fieldName: field.name, reason: conv.skip ? conv.reason : LEFT_REASON[conv.code] });
      if (conv.skip) continue;
      const code =
        conv.code === 'UNSUPPORTED_FIELD_TYPE'
          ? 'FIELD_UNSUPPORTED'
          : conv.code === 'NO_MATCHING_OPTION'
            ? 'FIELD_NO_OPTION'
            : 'FIELD_NOT_APPLIED';
      problems.push(
        problem('limitation', code, `"${mapping.zendeskFieldLabel}" → ${field.name}: ${conv.message}`),
      );
      continue;
    }
    desired.push({ mapping, field, kind, value: conv.value, comparable: conv.comparable });
  }
  return { desired, problems, left };
}
